"""Exports of exactly the filtered timeline: CSV, JSON, PLOVER JSONL, TimelineJS, iCalendar, Atom.

Every export binds the timeline's filters to the query string; bad parameters are a 400
naming each one, never a 500 or a silently wider list.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from django.contrib.syndication.views import Feed
from django.core.paginator import InvalidPage, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from events import selectors
from events.filters import EventFilter
from events.models import ActorRole, Claim, Event, EventActor, EventStatus, ReviewStatus

# Events fetched per query when streaming; each chunk costs one query per prefetch.
EXPORT_CHUNK_SIZE = 500
JSON_PAGE_SIZE = 100
FEED_SIZE = 50

CSV_COLUMNS = (
    "slug",
    "title",
    "event_type",
    "mode",
    "contexts",
    "status",
    "review_status",
    "date_edtf",
    "date_lower",
    "date_upper",
    "date_display",
    "location",
    "actors",
    "sources_count",
    "claims_count",
    "url",
)
# A spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ICS_PRODID = "-//Diplo//Planned diplomatic events//EN"
# RFC 5545 TEXT allows no control characters but tab (newlines are escaped first).
_ICS_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_ICS_LINE_OCTETS = 75

# One side of an EDTF date at year, month or day precision, perhaps qualified.
_EDTF_POINT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[?~%]?")


# Shared helpers


def _filter_errors(filterset: EventFilter) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in filterset.errors.items()}


def _json_bad_request(errors: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=400)


def _text_bad_request(errors: dict[str, list[str]]) -> HttpResponse:
    lines = [f"{name}: {message}\n" for name, messages in errors.items() for message in messages]
    return HttpResponseBadRequest("".join(lines), content_type="text/plain; charset=utf-8")


def _events_with_evidence(events: QuerySet[Event]) -> Iterator[Event]:
    """Events with actors, claims and sources_count, fetched a chunk at a time.

    iterator() runs the prefetches once per chunk, so memory and the number of
    queries per chunk stay constant however many events match.
    """
    for event in selectors.with_evidence(events).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield from selectors.annotate_evidence([event])


def _event_url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(reverse("events:event-detail", args=[event.slug]))


def _claim_url(request: HttpRequest, claim: Claim) -> str:
    path = reverse("events:source-detail", args=[claim.source.slug])
    return request.build_absolute_uri(f"{path}#claim-{claim.id}")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date_record(event: Event) -> dict[str, str | None]:
    return {
        "edtf": event.date_edtf,
        "lower": _iso(event.date_lower),
        "upper": _iso(event.date_upper),
    }


def _sources(event: Event) -> list[str]:
    """Slugs of the event's sources, in the order its claims are listed."""
    return list(dict.fromkeys(claim.source.slug for claim in event.claims.all()))


# CSV


def _spreadsheet_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return f"'{value}"
    return value


def _csv_row(request: HttpRequest, event: Event) -> list[object]:
    actors = "; ".join(
        f"{event_actor.actor.name} ({event_actor.role})" for event_actor in event.event_actors.all()
    )
    row = [
        event.slug,
        event.title,
        event.event_type,
        event.mode,
        ";".join(event.contexts),
        event.status,
        event.review_status,
        event.date_edtf,
        _iso(event.date_lower) or "",
        _iso(event.date_upper) or "",
        event.date_display,
        event.location,
        actors,
        event.sources_count,
        len(event.claims.all()),
        _event_url(request, event),
    ]
    return [_spreadsheet_safe(value) for value in row]


def _with_header(rows: Iterable[list[object]]) -> Iterator[Iterable[object]]:
    yield CSV_COLUMNS
    yield from rows


def _csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


@require_GET
def events_csv(request: HttpRequest) -> HttpResponse:
    filterset = selectors.filter_events(request.GET)
    if not filterset.is_valid():
        return _text_bad_request(_filter_errors(filterset))
    events = _events_with_evidence(filterset.qs)
    rows = (_csv_row(request, event) for event in events)
    return StreamingHttpResponse(
        _csv_lines(_with_header(rows)),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, "diplo-events.csv")},
    )


# JSON


def _event_json(request: HttpRequest, event: Event) -> dict:
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "event_type": event.event_type,
        "mode": event.mode,
        "contexts": event.contexts,
        "status": event.status,
        "review_status": event.review_status,
        "date": _date_record(event) | {"display": event.date_display},
        "location": event.location,
        "actors": [
            {"slug": item.actor.slug, "name": item.actor.name, "role": item.role}
            for item in event.event_actors.all()
        ],
        "sources_count": event.sources_count,
        "claims": [
            {
                "id": claim.id,
                "quote": claim.quote,
                "start": claim.start,
                "end": claim.end,
                "source": {
                    "slug": claim.source.slug,
                    "title": claim.source.title,
                    "published_on": _iso(claim.source.published_on),
                    "origin": claim.source.origin,
                },
                "url": _claim_url(request, claim),
            }
            for claim in event.claims.all()
        ],
    }


@require_GET
def events_json(request: HttpRequest) -> HttpResponse:
    filterset = selectors.filter_events(request.GET)
    if not filterset.is_valid():
        return _json_bad_request(_filter_errors(filterset))
    paginator = Paginator(selectors.with_evidence(filterset.qs), JSON_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        return _json_bad_request({"page": [str(error)]})
    events = selectors.annotate_evidence(list(page.object_list))
    next_url = None
    if page.has_next():
        params = request.GET.copy()
        params["page"] = page.next_page_number()
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return JsonResponse(
        {
            "count": paginator.count,
            "next": next_url,
            "results": [_event_json(request, event) for event in events],
        },
        json_dumps_params={"ensure_ascii": False},
    )


# PLOVER JSON Lines


def _plover_actor(event_actor: EventActor) -> dict:
    actor = event_actor.actor
    return {
        "name": actor.name,
        "slug": actor.slug,
        "country": actor.country,
        "role": event_actor.role,
    }


def _plover_record(request: HttpRequest, event: Event) -> dict:
    """One event as a PLOVER/POLECAT-style record: actor and recipient lists from roles."""
    event_actors = list(event.event_actors.all())
    return {
        "id": event.slug,
        "event_type": event.event_type,
        "mode": event.mode,
        "contexts": event.contexts,
        "status": event.status,
        "review_status": event.review_status,
        "date": _date_record(event),
        "actor": [_plover_actor(item) for item in event_actors if item.role != ActorRole.RECIPIENT],
        "recipient": [
            _plover_actor(item) for item in event_actors if item.role == ActorRole.RECIPIENT
        ],
        "location": event.location,
        "sources": _sources(event),
        "claims_count": len(event.claims.all()),
        "url": _event_url(request, event),
    }


def _json_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"


@require_GET
def events_plover_jsonl(request: HttpRequest) -> HttpResponse:
    filterset = selectors.filter_events(request.GET)
    if not filterset.is_valid():
        return _json_bad_request(_filter_errors(filterset))
    events = _events_with_evidence(filterset.qs)
    return StreamingHttpResponse(
        (_json_line(_plover_record(request, event)) for event in events),
        content_type="application/x-ndjson; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, "diplo-events.jsonl")},
    )


# TimelineJS


def _timeline_point(edtf: str) -> dict[str, int] | None:
    """A TimelineJS date with only the parts the EDTF date states, or None."""
    match = _EDTF_POINT.fullmatch(edtf)
    if match is None or (match[2] is not None and not 1 <= int(match[2]) <= 12):
        return None  # open (".."), a season, unspecified digits: not expressible as parts
    parts = zip(("year", "month", "day"), match.groups(), strict=True)
    return {name: int(value) for name, value in parts if value is not None}


def _timeline_day(day: date | None) -> dict[str, int] | None:
    return None if day is None else {"year": day.year, "month": day.month, "day": day.day}


def _timeline_dates(event: Event) -> tuple[dict | None, dict | None]:
    """TimelineJS start and end dates at the precision of the event's EDTF date."""
    first, interval, last = event.date_edtf.partition("/")
    start, end = _timeline_point(first), None
    if interval:
        start = start or _timeline_day(event.date_lower)
        end = _timeline_point(last) or _timeline_day(event.date_upper)
    elif start is None:
        # A season or unspecified digits ("2021-21", "202X"): fall back to the day bounds.
        start = _timeline_day(event.date_lower)
        if event.date_upper != event.date_lower:
            end = _timeline_day(event.date_upper)
    if start is None:
        # Open start ("by 28 Apr 2021"): TimelineJS needs a start, so place it at the latest day.
        start, end = end, None
    return start, end


def _timeline_event(event: Event, start: dict, end: dict | None) -> dict:
    # TimelineJS renders headline, text and display_date as HTML.
    text = escape(event.summary)
    if event.review_status != ReviewStatus.VERIFIED:
        text = format_html("<p><em>{}, not verified.</em></p>{}", event.review_status, text)
    slide = {
        "start_date": start,
        "display_date": escape(event.date_display),
        "text": {"headline": escape(event.title), "text": text},
        "group": event.get_event_type_display(),
        "unique_id": event.slug,
    }
    if end is not None:
        slide["end_date"] = end
    return slide


@require_GET
def events_timelinejs(request: HttpRequest) -> HttpResponse:
    filterset = selectors.filter_events(request.GET)
    if not filterset.is_valid():
        return _json_bad_request(_filter_errors(filterset))
    slides = []
    for event in filterset.qs.chronological():
        start, end = _timeline_dates(event)
        if start is not None:  # "date unknown" cannot be placed on a timeline
            slides.append(_timeline_event(event, start, end))
    count = len(slides)
    title = {
        "text": {
            "headline": "Diplo: diplomatic events",
            "text": f"{count} event{'' if count == 1 else 's'}, each backed by source quotes.",
        }
    }
    return JsonResponse(
        {"title": title, "events": slides}, json_dumps_params={"ensure_ascii": False}
    )


# iCalendar


def _ics_text(value: str) -> str:
    """A TEXT value escaped per RFC 5545 §3.3.11."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _ICS_CONTROL.sub("", value)


def _ics_fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never inside a character."""
    pieces, piece, size, limit = [], [], 0, _ICS_LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append("".join(piece))
            # A continuation line starts with a space, which counts towards its octets.
            piece, size, limit = [], 0, _ICS_LINE_OCTETS - 1
        piece.append(char)
        size += width
    pieces.append("".join(piece))
    return "\r\n ".join(pieces)


def _ics_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _vevent(request: HttpRequest, event: Event) -> list[str]:
    """One VEVENT's content lines, or none for an event with no known day at all."""
    first_day = event.date_lower or event.date_upper
    if first_day is None:
        return []  # iCalendar needs a DTSTART; "date unknown" has none to give
    description = [event.summary] if event.summary else []
    description.append(f"date: {event.date_display}")
    if event.review_status != ReviewStatus.VERIFIED:
        description.append(f"review: {event.review_status}, not verified")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.slug}@diplo",
        f"DTSTAMP:{event.updated_at.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{_ics_date(first_day)}",
    ]
    # With both bounds known, the event spans them (DTEND is exclusive). With one open
    # end, DTSTART alone marks the one known day (the start, or the "by" deadline), and
    # the description carries the date as the sources give it.
    if event.date_lower is not None and event.date_upper is not None:
        lines.append(f"DTEND;VALUE=DATE:{_ics_date(event.date_upper + timedelta(days=1))}")
    lines += [
        f"SUMMARY:{_ics_text(event.title)}",
        f"DESCRIPTION:{_ics_text(chr(10).join(description))}",
        f"CATEGORIES:{_ics_text(event.get_event_type_display())}",
        "STATUS:TENTATIVE",
        "TRANSP:TRANSPARENT",
        f"URL:{_event_url(request, event)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{_ics_text(event.location)}")
    lines.append("END:VEVENT")
    return lines


@require_GET
def planned_events_ics(request: HttpRequest) -> HttpResponse:
    filterset = selectors.filter_events(request.GET)
    if not filterset.is_valid():
        return _text_bad_request(_filter_errors(filterset))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ICS_PRODID}",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Diplo: planned events",
    ]
    for event in filterset.qs.filter(status=EventStatus.PLANNED).chronological():
        lines += _vevent(request, event)
    lines.append("END:VCALENDAR")
    body = "".join(f"{_ics_fold(line)}\r\n" for line in lines)
    return HttpResponse(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(False, "diplo-planned.ics")},
    )


# Atom


class EventsAtomFeed(Feed):
    """The newest matching events, by when they were added."""

    feed_type = Atom1Feed
    title = "Diplo: new events"
    subtitle = "Diplomatic events as they are added, each backed by verbatim source quotes."

    @method_decorator(require_GET)
    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filterset = selectors.filter_events(request.GET)
        if not filterset.is_valid():
            return _text_bad_request(_filter_errors(filterset))
        return super().__call__(request, filterset=filterset)

    def get_object(self, request: HttpRequest, filterset: EventFilter) -> EventFilter:
        return filterset

    def link(self, filterset: EventFilter) -> str:
        return _with_query(reverse("events:event-list"), filterset)

    def feed_url(self, filterset: EventFilter) -> str:
        return _with_query(reverse("events:export-atom"), filterset)

    def items(self, filterset: EventFilter) -> QuerySet[Event]:
        return filterset.qs.order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, event: Event) -> str:
        # Atom titles are plain text, escaped once by the XML writer; Django's default
        # double escaping (meant for RSS) would show readers literal "&lt;".
        return event.title

    def item_description(self, event: Event) -> str:
        # Atom summaries are HTML: the event's own text is escaped before it goes in.
        description = format_html("<p>{}</p>", event.date_display)
        if event.review_status != ReviewStatus.VERIFIED:
            description += format_html("<p><em>{}, not verified.</em></p>", event.review_status)
        if event.summary:
            description += format_html("<p>{}</p>", event.summary)
        return description

    def item_link(self, event: Event) -> str:
        return reverse("events:event-detail", args=[event.slug])

    def item_pubdate(self, event: Event) -> datetime:
        return event.created_at

    def item_updateddate(self, event: Event) -> datetime:
        return event.updated_at

    def item_categories(self, event: Event) -> list[str]:
        return [event.get_event_type_display()]


def _with_query(path: str, filterset: EventFilter) -> str:
    params = filterset.data.copy()
    params.pop("page", None)
    query = params.urlencode()
    return f"{path}?{query}" if query else path
