from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import InvalidPage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from events import caching
from events.timeline import selectors
from events.timeline.chart import overview_chart
from events.timeline.filters import SEARCH_COUNTED, EventFilter, also_involving
from events.visibility import private_when_signed_in, sees_unverified

TIMELINE = "events/event_list.html"
TIMELINE_HEADING = "h4"  # an entry's title, under the year's and the period's


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
    context = {
        "filterset": filterset,
        "errors": errors,
        "groups": [],
        "cache_seconds": 0,
        "also_involving": also_involving(filterset),
    }
    return render(request, template, context, status=400)


@require_safe
@private_when_signed_in
@vary_on_headers("HX-Request")
def event_list(request: HttpRequest) -> HttpResponse:
    unverified = sees_unverified(request)
    filterset = selectors.filter_events(request.GET, reread=True, unverified=unverified)
    if not filterset.is_valid():
        return invalid_filters(request, filterset)
    # The matches (their count, and their ids when few) and, in the template, the counts
    # beside the filters and the chart depend on nothing but the filters, the data and
    # whether the visitor sees unverified events: found once per data version (see
    # events.caching). The template's {% cache %} blocks evaluate the lazy ones on a miss
    # only.
    version = caching.current()
    filters = selectors.filter_params(request.GET)
    key = caching.filters_key(filters, unverified=unverified)
    matches = caching.matches(filterset, version, key)
    # A broad search is neither counted nor charted (see filters.SEARCH_COUNTED).
    counted = matches.count is not None
    try:
        page = selectors.timeline_page(filterset, matches, request.GET.get("page"))
    except InvalidPage as error:
        return invalid_filters(request, filterset, {"page": [str(error)]})
    page.object_list = selectors.listed_events(
        selectors.shown(page, caching.page_ids(version, key, page))
    )
    if not page.object_list and page.number > 1:
        return invalid_filters(request, filterset, {"page": ["That page contains no results"]})
    uncached = caching.uncached_entries(page.object_list, TIMELINE_HEADING, unverified=unverified)
    selectors.add_evidence(uncached, unverified=unverified)
    context = {
        "filterset": filterset,
        "unverified": unverified,
        "also_involving": also_involving(filterset),
        "page": page,
        "page_periods": selectors.group_by_period(page.object_list),
        "heading": TIMELINE_HEADING,
        "counted": counted,
        "groups": SimpleLazyObject(
            lambda: _filter_groups(
                filterset, selectors.facet_counts(filterset) if counted else None
            )
        ),
        "chart": SimpleLazyObject(
            lambda: (
                counted
                and overview_chart(
                    # Read only should the chart need the events themselves.
                    SimpleLazyObject(lambda: filterset.qs),
                    matches.count,
                    filters,
                    lambda: selectors.months_counted(filterset),
                )
            )
        ),
        "search_counted": f"{SEARCH_COUNTED:,}",
        "cache_seconds": caching.CACHE_SECONDS,
        "data_version": version,
        "filters_key": key,
        "filters_query": filters.urlencode(),
    }
    # An htmx swap replaces the results and, out of band, the counts beside the filters.
    template = f"{TIMELINE}#swap" if _renders_fragment(request) else TIMELINE
    return render(request, template, context)


def _filter_groups(filterset: EventFilter, facets: selectors.Facets | None) -> list[dict]:
    """The checkbox groups beside the timeline: options with their counts.

    Options with no matching event are left out unless they are selected. Without counts
    (None: a broad search), every choice is offered, uncounted, and the actors and
    sources selected. Review status is offered only to a visitor who may see unverified
    events: to others it would show how many there are.
    """
    selected = {name: set(filterset.data.getlist(name)) for name in filterset.filters}
    fields = filterset.form.fields
    uncounted = facets is None
    facets = facets or selectors.Facets()

    def options(pairs, counts, name, always=False):
        return [
            {"value": value, "label": label, "checked": value in selected[name]}
            | {"count": None if uncounted else counts.get(value, 0)}
            for value, label in pairs
            if always or uncounted or counts.get(value) or value in selected[name]
        ]

    def listed(rows, name, slug_key, label_key):
        shown = {row[slug_key]: row for row in rows}
        pairs = [(slug, row[label_key]) for slug, row in shown.items()]
        counts = {slug: row["count"] for slug, row in shown.items()}
        # A selected value beyond the most frequent ones stays visible and checked.
        for value in selected[name] - shown.keys():
            pairs.append((value, value))
        return options(pairs, counts, name)

    groups = [
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
    ]  # fmt: skip
    if filterset.unverified:
        groups.append({"name": "review", "label": "Review status", "options": options(
            fields["review"].choices, facets.review, "review", always=True)})  # fmt: skip
    return groups


def _read_or_404(read: Callable[[], object], message: str) -> SimpleLazyObject:
    """read(), when a template first needs it: on a cache miss only. Http404 when what it
    reads is gone (a template would swallow DoesNotExist and render an empty page)."""

    def reading():
        try:
            return read()
        except ObjectDoesNotExist:
            raise Http404(message) from None

    return SimpleLazyObject(reading)


@require_safe
@private_when_signed_in
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # An event the visitor may not see answers as if it did not exist (a 404), so that
    # its existence is not revealed.
    unverified = sees_unverified(request)
    # The page is cached under the event's stamp: a write to another event leaves it cached.
    stamp = selectors.event_stamp(slug, unverified=unverified)
    if stamp is None:
        survivor = selectors.merged_into(slug, unverified=unverified)
        if survivor is None:
            raise Http404("No event has this address.")
        # A merged event's address leads to the event it was merged into.
        return HttpResponsePermanentRedirect(survivor.get_absolute_url())
    event = _read_or_404(
        lambda: selectors.event_detail(slug, unverified=unverified), "No event has this address."
    )
    context = {"slug": slug, "stamp": stamp, "event": event, "unverified": unverified}
    return render(request, "events/event_detail.html", context | _CACHED)


# Detail pages are cached by the template, under their stamp or the data version (and,
# where what they link to depends on it, whether the visitor sees unverified events);
# what they show is read on a miss only (see _read_or_404()).
_CACHED = {"cache_seconds": caching.CACHE_SECONDS}


@require_safe
@private_when_signed_in
def source_list(request: HttpRequest) -> HttpResponse:
    try:
        page = selectors.source_list(request.GET.get("page"), unverified=sees_unverified(request))
    except InvalidPage as error:
        context = {"errors": {"page": [str(error)]}}
        return render(request, "events/source_list.html", context, status=400)
    return render(request, "events/source_list.html", {"page": page})


@require_safe
@private_when_signed_in
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    unverified = sees_unverified(request)
    page = _read_or_404(
        lambda: selectors.source_page(slug, unverified=unverified), "No source has this address."
    )
    context = {
        "slug": slug,
        "data_version": caching.current(),
        "page": page,
        "unverified": unverified,
    }
    return render(request, "events/source_detail.html", context | _CACHED)


@require_safe
@private_when_signed_in
def actor_list(request: HttpRequest) -> HttpResponse:
    actors = selectors.actor_list(unverified=sees_unverified(request))
    return render(request, "events/actor_list.html", {"actors": actors})


ACTOR_HEADING = "h3"


@require_safe
@private_when_signed_in
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # An actor the visitor may not see answers as if it did not exist (a 404).
    unverified = sees_unverified(request)

    def read() -> selectors.ActorPage:
        page = selectors.actor_page(slug, unverified=unverified)
        uncached = caching.uncached_entries(page.events, ACTOR_HEADING, unverified=unverified)
        selectors.add_evidence(uncached, unverified=unverified)
        return page

    page = _read_or_404(read, "No actor has this address.")
    context = {
        "slug": slug,
        "data_version": caching.current(),
        "page": page,
        "heading": ACTOR_HEADING,
        "unverified": unverified,
    }
    return render(request, "events/actor_detail.html", context | _CACHED)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    if selectors.database_answers():
        return HttpResponse("ok\n", content_type="text/plain")
    return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
