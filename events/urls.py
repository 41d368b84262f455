from django.contrib.auth.decorators import login_not_required
from django.urls import path

from events import exports
from events.commitments import exports as commitment_exports
from events.commitments import views as commitment_views
from events.relations import views as relation_views
from events.timeline import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("actors/", views.actor_list, name="actor-list"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor-detail"),
    path("relations/", relation_views.relation_picker, name="relation-picker"),
    path(
        "relations/<slug:first>/<slug:second>/",
        relation_views.relation_detail,
        name="relation-detail",
    ),
    path("commitments/", commitment_views.commitment_list, name="commitment-list"),
    path("commitments.csv", commitment_exports.commitments_csv, name="commitments-csv"),
    path("commitments.json", commitment_exports.commitments_json, name="commitments-json"),
    path("events.csv", exports.events_csv, name="export-csv"),
    path("events.json", exports.events_json, name="export-json"),
    path("events.jsonl", exports.events_plover_jsonl, name="export-plover"),
    path("events.timeline.json", exports.events_timelinejs, name="export-timelinejs"),
    path("events.ics", exports.planned_events_ics, name="export-ics"),
    path("events.atom", exports.EventsAtomFeed(), name="export-atom"),
    # Load balancers and monitors probe it without an account (DIPLO_REQUIRE_LOGIN).
    path("healthz", login_not_required(views.healthz), name="healthz"),
]
