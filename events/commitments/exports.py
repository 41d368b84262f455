"""The commitments page's exports: CSV (streamed, every match) and JSON (paged, as
/events.json is), of exactly the filtered view, as its visitor may see it.

Bad parameters are a 400 naming each one, as on the page; the shared pieces (the 400s,
the streamed download, absolute URLs, formula defusing) are events.exports'.
"""

from collections.abc import Callable, Iterator
from datetime import date

from django.core.paginator import InvalidPage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from events.commitments import selectors
from events.commitments.filters import CommitmentFilter
from events.commitments.selectors import Commitment
from events.exports import (
    csv_cell,
    download,
    iso_date,
    json_bad_request,
    next_page_url,
    slug_urls,
    text_bad_request,
)
from events.models import Claim, Event, ReviewStatus
from events.visibility import private_when_signed_in, sees_unverified

# 50 a page, half /events.json's: each record carries two events' quotes, and describing
# 100 took about 50 ms of a cold request at 100,000 events.
JSON_PAGE_SIZE = 50

CSV_COLUMNS = (
    "slug", "title", "url", "state", "review_status",
    "date_edtf", "date_lower", "date_upper", "date_display", "overdue_days",
    "actors", "attributed_to", "promise_quote", "promise_source", "promise_url",
    "fulfilled_by_slug", "fulfilled_by_title", "fulfilled_by_date", "fulfilled_by_url",
    "fulfilment_quote", "fulfilment_source", "fulfilment_url",
)  # fmt: skip


class _Links:
    """Absolute URLs of events and of quotes in their sources, each reversed once."""

    def __init__(self, request: HttpRequest):
        self.event: Callable[[str], str] = slug_urls(request, "events:event-detail")
        self.source: Callable[[str], str] = slug_urls(request, "events:source-detail")

    def quote(self, claim: Claim | None) -> str | None:
        return None if claim is None else f"{self.source(claim.source.slug)}#claim-{claim.pk}"


def _filters(request: HttpRequest, today: date) -> CommitmentFilter:
    return selectors.filter_commitments(
        request.GET, unverified=sees_unverified(request), today=today
    )


def _errors(filterset: CommitmentFilter) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in filterset.errors.items()}


def _actors(event: Event) -> list[dict]:
    """Its actors; one the visitor may not open by name and role alone (no slug)."""
    return [
        {
            "slug": event_actor.actor.slug if event_actor.linked else None,
            "name": event_actor.actor.name,
            "role": event_actor.role,
        }
        for event_actor in event.event_actors.all()
    ]


def _attributed_to(claim: Claim | None, unverified: bool) -> dict | None:
    """Who the promise's quote is attributed to (a slug only when the visitor may open
    their page)."""
    actor = claim and claim.attributed_to
    if actor is None:
        return None
    shown = unverified or actor.review_status == ReviewStatus.VERIFIED
    return {"slug": actor.slug if shown else None, "name": actor.name}


def _quote(claim: Claim | None, links: _Links) -> dict | None:
    if claim is None:
        return None
    return {
        "id": claim.pk,
        "quote": claim.quote,
        "kind": claim.kind,
        "source": {
            "slug": claim.source.slug,
            "title": claim.source.title,
            "published_on": iso_date(claim.source.published_on),
        },
        "url": links.quote(claim),
    }


def _date(event: Event) -> dict:
    return {
        "edtf": event.date_edtf,
        "lower": iso_date(event.date_lower),
        "upper": iso_date(event.date_upper),
        "display": event.date_display,
    }


def _record(commitment: Commitment, links: _Links, unverified: bool) -> dict:
    event, fulfilment = commitment.event, commitment.fulfilment
    return {
        "slug": event.slug,
        "title": event.title,
        "url": links.event(event.slug),
        "state": commitment.state,
        "status": event.status,
        "review_status": event.review_status,
        "date": _date(event),
        "overdue_days": commitment.overdue_days,
        "actors": _actors(event),
        "attributed_to": _attributed_to(commitment.promise, unverified),
        "promise": _quote(commitment.promise, links),
        "fulfilled_by": None
        if fulfilment is None
        else {
            "slug": fulfilment.slug,
            "title": fulfilment.title,
            "url": links.event(fulfilment.slug),
            "review_status": fulfilment.review_status,
            "date": _date(fulfilment),
            "quote": _quote(fulfilment.best_claim, links),
        },
    }


def _csv_row(record: dict) -> str:
    promise, fulfilled = record["promise"] or {}, record["fulfilled_by"] or {}
    fulfilment_quote = fulfilled.get("quote") or {}
    actors = "; ".join(f"{actor['name']} ({actor['role']})" for actor in record["actors"])
    cells = (
        record["slug"], record["title"], record["url"], record["state"],
        record["review_status"], *record["date"].values(), record["overdue_days"],
        actors, (record["attributed_to"] or {}).get("name"),
        promise.get("quote"), promise.get("source", {}).get("title"), promise.get("url"),
        fulfilled.get("slug"), fulfilled.get("title"),
        fulfilled.get("date", {}).get("display"), fulfilled.get("url"),
        fulfilment_quote.get("quote"), fulfilment_quote.get("source", {}).get("title"),
        fulfilment_quote.get("url"),
    )  # fmt: skip
    return ",".join(csv_cell("" if cell is None else str(cell)) for cell in cells) + "\r\n"


def _csv_chunks(filterset: CommitmentFilter, links: _Links, today: date) -> Iterator[str]:
    """The header (sent before any query runs), then the rows a batch at a time."""
    yield ",".join(CSV_COLUMNS) + "\r\n"
    unverified = filterset.unverified
    for batch in selectors.all_matching(filterset, today=today):
        yield "".join(_csv_row(_record(each, links, unverified)) for each in batch)


@require_safe
@private_when_signed_in
def commitments_csv(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filterset = _filters(request, today)
    if not filterset.is_valid():
        return text_bad_request(_errors(filterset))
    return download(
        _csv_chunks(filterset, _Links(request), today),
        "text/csv; charset=utf-8",
        "diplo-commitments.csv",
    )


@require_safe
@private_when_signed_in
def commitments_json(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filterset = _filters(request, today)
    if not filterset.is_valid():
        return json_bad_request(_errors(filterset))
    counts = selectors.state_counts(filterset, today=today)
    count = selectors.matching_count(filterset, counts)
    try:
        page = selectors.commitment_page(
            filterset,
            count,
            request.GET.get("page"),
            today=today,
            per_page=JSON_PAGE_SIZE,
        )
    except InvalidPage as error:
        return json_bad_request({"page": [str(error)]})
    next_url = next_page_url(request, page)
    links, unverified = _Links(request), filterset.unverified
    return JsonResponse(
        {
            "count": count,
            "counts": counts,
            "next": next_url,
            "results": [_record(each, links, unverified) for each in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )
