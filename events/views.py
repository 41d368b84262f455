from collections.abc import Callable

from django.core.cache import cache
from django.core.paginator import InvalidPage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from events import selectors, stamps, versioning
from events.chart import overview_chart
from events.filters import EventFilter
from events.models import Actor, Event, EventRedirect, Source

TIMELINE = "events/event_list.html"
ITEM = "events/_event_item.html"


def _renders_fragment(request: HttpRequest) -> bool:
    # A history-restore request rebuilds the whole page, so it gets the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


def invalid_filters(
    request: HttpRequest, filterset: EventFilter, extra: dict[str, list[str]] | None = None
) -> HttpResponse:
    """A 400 page (or fragment) naming each bad parameter and why."""
    errors = {name: list(messages) for name, messages in filterset.errors.items()}
    errors |= extra or {}
    template = f"{TIMELINE}#results" if _renders_fragment(request) else TIMELINE
    # Nothing is cached from a 400 (a zero timeout stores nothing).
    context = {"filterset": filterset, "errors": errors, "groups": [], "cache_seconds": 0}
    return render(request, template, context, status=400)


@require_safe
@vary_on_headers("HX-Request")
def event_list(request: HttpRequest) -> HttpResponse:
    filterset = selectors.filter_events(request.GET, reread=True)
    # Whether the filters are valid, the matches (their count, and their ids when few;
    # else each page's ids), the counts beside the filters and the chart depend on the
    # filters and the data only (actor and source slugs must exist): found (and the last
    # two rendered) once per data version. The template's {% cache %} blocks evaluate the
    # lazy ones on a miss only.
    version = versioning.current()
    key = selectors.filters_key(request.GET)
    filters = selectors.filter_params(request.GET)
    valid = versioning.cache_key(version, f"valid:{key}")
    if not cache.get(valid):
        if not filterset.is_valid():
            return invalid_filters(request, filterset)
        cache.set(valid, True, versioning.CACHE_SECONDS)
    matches = selectors.cached_matches(filterset, version, key)
    try:
        page = selectors.timeline_page(
            filterset,
            matches,
            request.GET.get("page"),
            lambda number, compute: versioning.cached(version, f"page:{key}:{number}", compute),
        )
    except InvalidPage as error:
        return invalid_filters(request, filterset, {"page": [str(error)]})
    _render_items(page.object_list)
    context = {
        "filterset": filterset,
        "page": page,
        "page_periods": selectors.group_by_period(page.object_list),
        "groups": SimpleLazyObject(
            lambda: _filter_groups(filterset, selectors.facet_counts(filterset))
        ),
        "chart": SimpleLazyObject(
            lambda: overview_chart(
                filterset.qs,
                matches.count,
                filters,
                lambda: selectors.months_counted(filterset),
            )
        ),
        "cache_seconds": versioning.CACHE_SECONDS,
        "data_version": version,
        "filters_key": key,
        "filters_query": filters.urlencode(),
    }
    # An htmx swap replaces the results and, out of band, the counts beside the filters.
    template = f"{TIMELINE}#swap" if _renders_fragment(request) else TIMELINE
    return render(request, template, context)


def _render_items(items: list[Event | selectors.Entry], heading: str = "h4") -> None:
    """Set `rendered` on each event (or cached Entry): its timeline entry, cached under
    the event's stamp (see events.stamps).

    An entry depends on the event, its actors, claims and sources only, so it is the same
    in every filtered view and page, and a write to another event leaves it cached;
    events and their evidence are read for the entries not cached.
    """
    keys = {
        versioning.cache_key("entry", f"{heading}:{item.pk}:{item.current}"): item for item in items
    }
    rendered = cache.get_many(keys)
    missing = {key: item for key, item in keys.items() if key not in rendered}
    unread = [item.pk for item in missing.values() if not isinstance(item, Event)]
    read = {event.pk: event for event in selectors.listed_events(unread)} if unread else {}
    events = {
        key: item if isinstance(item, Event) else read[item.pk]
        for key, item in missing.items()
        if isinstance(item, Event) or item.pk in read  # gone since: nothing to show
    }
    selectors.add_evidence(list(events.values()))
    fresh = {
        key: render_to_string(ITEM, {"event": event, "heading": heading})
        for key, event in events.items()
    }
    cache.set_many(fresh, versioning.CACHE_SECONDS)
    rendered |= fresh
    for key, item in keys.items():
        # Our template's output, escaped there.
        item.rendered = mark_safe(rendered.get(key, ""))


def _filter_groups(filterset: EventFilter, facets: selectors.Facets) -> list[dict]:
    """The checkbox groups beside the timeline: options with their counts.

    Options with no matching event are left out unless they are selected.
    """
    selected = {name: set(filterset.data.getlist(name)) for name in filterset.filters}
    fields = filterset.form.fields

    def options(pairs, counts, name, always=False):
        return [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            | {"checked": value in selected[name]}
            for value, label in pairs
            if always or counts.get(value) or value in selected[name]
        ]

    def listed(rows, name, slug_key, label_key):
        shown = {row[slug_key]: row for row in rows}
        pairs = [(slug, row[label_key]) for slug, row in shown.items()]
        counts = {slug: row["count"] for slug, row in shown.items()}
        # A selected value beyond the most frequent ones stays visible and checked.
        for value in selected[name] - shown.keys():
            pairs.append((value, value))
        return options(pairs, counts, name)

    return [
        {"name": "actor", "label": "Actors", "options": listed(
            facets.actor, "actor", "actor__slug", "actor__name")},
        {"name": "type", "label": "Type", "options": options(
            fields["type"].choices, facets.type, "type")},
        {"name": "status", "label": "Status", "options": options(
            fields["status"].choices, facets.status, "status")},
        {"name": "context", "label": "Context", "options": options(
            fields["context"].choices, facets.context, "context")},
        {"name": "source", "label": "Sources", "options": listed(
            facets.source, "source", "source__slug", "source__title")},
        {"name": "review", "label": "Review status", "options": options(
            fields["review"].choices, facets.review, "review", always=True)},
    ]  # fmt: skip


def _detail_page(
    request: HttpRequest, template: str, name: str, build: Callable[[], dict]
) -> HttpResponse:
    """A detail page whose title and body are rendered once per data version."""
    key = versioning.cache_key(versioning.current(), name)
    return _cached_page(request, template, key, build)


def _cached_page(
    request: HttpRequest, template: str, key: str, build: Callable[[], dict]
) -> HttpResponse:
    """A page whose title and body are rendered once under `key`.

    build() returns the body's context, with its "title", and raises DoesNotExist for an
    unknown address; only a page that exists is cached.
    """
    cached = cache.get(key)
    if cached is None:
        context = build()
        cached = (context["title"], render_to_string(f"{template}#body", context))
        cache.set(key, cached, versioning.CACHE_SECONDS)
    title, body = cached
    # The body is our template's output, escaped there.
    return render(request, template, {"title": title, "body": mark_safe(body)})


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> dict:
        event = selectors.event_detail(slug)
        return {"event": event, "title": event.title}

    try:
        # Cached under the event's stamp: a write to another event leaves it cached.
        stamp = stamps.of_event(slug)
        if stamp is None:
            raise Event.DoesNotExist
        key = versioning.cache_key("event", f"{slug}:{stamp}")
        return _cached_page(request, "events/event_detail.html", key, build)
    except Event.DoesNotExist:
        redirect = EventRedirect.objects.filter(old_slug=slug).select_related("event").first()
        if redirect is None:
            raise Http404("No event has this address.") from None
        # A merged event's address leads to the event it was merged into.
        return HttpResponsePermanentRedirect(redirect.event.get_absolute_url())


@require_safe
def source_list(request: HttpRequest) -> HttpResponse:
    return render(request, "events/source_list.html", {"sources": selectors.source_list()})


@require_safe
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> dict:
        source = selectors.source_detail(slug)
        segments = selectors.highlighted_segments(source)
        return {"source": source, "segments": segments, "title": source.title}

    try:
        return _detail_page(request, "events/source_detail.html", f"source:{slug}", build)
    except Source.DoesNotExist:
        raise Http404("No source has this address.") from None


@require_safe
def actor_list(request: HttpRequest) -> HttpResponse:
    return render(request, "events/actor_list.html", {"actors": selectors.actor_list()})


@require_safe
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> dict:
        actor = selectors.actor_detail(slug)
        matches = selectors.actor_events(actor)
        events = selectors.listed_events(matches.ids)
        _render_items(events, heading="h3")
        return {"actor": actor, "events": events, "total": matches.count, "title": actor.name}

    try:
        return _detail_page(request, "events/actor_detail.html", f"actor:{slug}", build)
    except Actor.DoesNotExist:
        raise Http404("No actor has this address.") from None


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    if selectors.database_answers():
        return HttpResponse("ok\n", content_type="text/plain")
    return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
