"""Who sees unverified events is decided in one place (events.visibility); what a
signed-in visitor is shown is never kept by a shared cache for others."""

import pytest
from django.urls import reverse

from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("events:event-list"),
    reverse("events:event-detail", args=["call"]),
    reverse("events:source-list"),
    reverse("events:source-detail", args=["readout"]),
    reverse("events:actor-list"),
    reverse("events:actor-detail", args=["modi"]),
    reverse("events:export-csv"),
    reverse("events:export-json"),
    reverse("events:export-plover"),
    reverse("events:export-timelinejs"),
    reverse("events:export-ics"),
    reverse("events:export-atom"),
]


@pytest.fixture
def call():
    modi = make_actor(slug="modi")
    event = make_event(slug="call", actors=[(modi, "initiator")])
    make_claim(make_source(slug="readout"), event=event)


@pytest.mark.parametrize("path", PAGES)
def test_what_a_signed_in_visitor_is_shown_is_private(
    client, staff_client, django_user_model, call, path
):
    staff = staff_client.get(path)
    assert staff.status_code == 200
    assert "private" in staff["Cache-Control"]
    client.force_login(django_user_model.objects.create_user("reader"))
    assert "private" in client.get(path)["Cache-Control"]


@pytest.mark.parametrize("path", PAGES)
def test_what_an_anonymous_visitor_is_shown_varies_by_cookie(client, call, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Cookie" in response["Vary"]
    assert "private" not in response.get("Cache-Control", "")


# What the public is shown of a verified event's unverified evidence: nothing of its
# unverified claims, and of an unverified actor the name the event gives it.
UNREVIEWED = ("Kazan", "lavrov", "Foreign Minister")  # a proposed quote, the actor's record


@pytest.mark.parametrize("path", PAGES)
def test_no_page_or_export_shows_the_public_unverified_claims_or_actors(
    client, staff_client, unreviewed_evidence, path
):
    staff_client.get(path)  # staff first: what they were shown is cached, not served
    response = client.get(path)
    assert response.status_code == 200
    body = b"".join(response) if response.streaming else response.content
    shown = body.decode()
    assert [word for word in UNREVIEWED if word in shown] == []
