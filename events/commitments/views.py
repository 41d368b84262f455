"""The commitments page: one template serving the page and, to htmx, its results."""

from django.core.paginator import InvalidPage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from events.commitments import selectors
from events.commitments.filters import CommitmentFilter, CommitmentState
from events.timeline.filters import also_involving
from events.visibility import private_when_signed_in, sees_unverified

TEMPLATE = "events/commitment_list.html"


def _renders_fragment(request: HttpRequest) -> bool:
    # A history-restore request rebuilds the whole page, so it gets the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


def _invalid(
    request: HttpRequest, filterset: CommitmentFilter, extra: dict[str, list[str]] | None = None
) -> HttpResponse:
    """A 400 page (or fragment) naming each bad parameter and why."""
    errors = {name: list(messages) for name, messages in filterset.errors.items()}
    errors |= extra or {}
    template = f"{TEMPLATE}#results" if _renders_fragment(request) else TEMPLATE
    context = {
        "filterset": filterset,
        "errors": errors,
        "groups": _groups(filterset, None, []),
        "also_involving": also_involving(filterset),
    }
    return render(request, template, context, status=400)


@require_safe
@private_when_signed_in
@vary_on_headers("HX-Request")
def commitment_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filterset = selectors.filter_commitments(
        request.GET, unverified=sees_unverified(request), today=today
    )
    if not filterset.is_valid():
        return _invalid(request, filterset)
    counts = selectors.state_counts(filterset, today=today)
    count = selectors.matching_count(filterset, counts)
    try:
        page = selectors.commitment_page(filterset, count, request.GET.get("page"), today=today)
    except InvalidPage as error:
        return _invalid(request, filterset, {"page": [str(error)]})
    context = {
        "filterset": filterset,
        "page": page,
        "unverified": filterset.unverified,
        "groups": _groups(filterset, counts, selectors.frequent_actors(filterset)),
        "also_involving": also_involving(filterset),
        "filters_query": selectors.filter_params(request.GET).urlencode(),
    }
    # An htmx swap replaces the results and, out of band, the counts beside the filters.
    template = f"{TEMPLATE}#swap" if _renders_fragment(request) else TEMPLATE
    return render(request, template, context)


def _groups(
    filterset: CommitmentFilter, counts: dict[str, int] | None, actors: list[dict]
) -> list[dict]:
    """The checkbox groups beside the results: every state with its count (under the
    other filters), and the actors of the most matching commitments with theirs; a
    selected actor stays offered, checked, whatever its count. Without counts (a 400),
    the choices alone."""
    data = filterset.data
    chosen_states = set(data.getlist("state"))
    chosen_actors = set(data.getlist("actor"))
    states = [
        {"value": value, "label": label, "checked": value in chosen_states}
        | {"count": None if counts is None else counts[value]}
        for value, label in CommitmentState.choices
    ]
    listed = {row["actor__slug"]: row for row in actors}
    options = [
        {"value": slug, "label": row["actor__name"], "checked": slug in chosen_actors}
        | {"count": row["count"]}
        for slug, row in listed.items()
    ]
    options += [
        {"value": slug, "label": slug, "checked": True, "count": None}
        for slug in sorted(chosen_actors - listed.keys())
    ]
    return [
        {"name": "state", "label": "State", "options": states},
        {"name": "actor", "label": "Who committed", "options": options},
    ]
