"""Exports of exactly the filtered timeline: CSV, JSON, PLOVER JSONL, TimelineJS, iCalendar, Atom.

Every export binds the timeline's filters to the query string; bad parameters are a 400
naming each one, never a 500 or a silently wider list. As on the timeline, only a visitor
who may see unverified events (events.visibility) may ask for them, and only such a
visitor is given unverified claims (in quotes and counts) and the records of unverified
actors (another is given such an actor's name and role, as the event's page shows them).
"""

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import batched
from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.core.paginator import InvalidPage, Page
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
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
from django.views.decorators.http import require_safe

from events import caching, csv_lines
from events.models import (
    ActorRole,
    Claim,
    Event,
    EventActor,
    EventStatus,
    EventType,
    ReviewStatus,
)
from events.timeline import selectors
from events.timeline.filters import EventFilter, ids_in_one_parameter
from events.visibility import private_when_signed_in, sees_unverified

# Events read at a time when streaming; each batch costs one query per kind of evidence.
EXPORT_CHUNK_SIZE = 2000
JSON_PAGE_SIZE = 100
FEED_SIZE = 50

# The event's own columns, as the exports name them, in the CSV's order.
EVENT_FIELDS = csv_lines.EVENT_COLUMNS
CSV_COLUMNS = (*EVENT_FIELDS, "actors", "sources_count", "claims_count", "url")
JSON_EVENT_FIELDS = (*EVENT_FIELDS, "summary")
PLOVER_EVENT_FIELDS = tuple(f for f in EVENT_FIELDS if f not in {"title", "date_display"})
TIMELINE_EVENT_FIELDS = (
    "slug",
    "title",
    "summary",
    "event_type",
    "review_status",
    "date_edtf",
    "date_lower",
    "date_upper",
    "date_display",
)
ICS_EVENT_FIELDS = (
    "slug",
    "title",
    "summary",
    "event_type",
    "review_status",
    "date_lower",
    "date_upper",
    "date_display",
    "location",
    "updated_at",
)
JSON_CLAIM_FIELDS = (
    "id",
    "quote",
    "start",
    "end",
    "source_id",
    "source__slug",
    "source__title",
    "source__published_on",
    "source__origin",
)
# What get_event_type_display() shows, for event rows read as values.
_EVENT_TYPE_LABELS = dict(EventType.choices)
# A spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection).
_FORMULA_FIRST = frozenset("=+-@\t\r")

# Shown as escapes in a text 400, where a line break would start a line of its own.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# XML 1.0 cannot carry these at all: Django's feed writer refuses them (a 500, not a feed).
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

ICS_PRODID = "-//Diplo//Planned diplomatic events//EN"
# RFC 5545 TEXT allows no control characters but tab (newlines are escaped first).
_ICS_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_ICS_LINE_OCTETS = 75

# One side of an EDTF date at year, month or day precision, perhaps qualified.
_EDTF_POINT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[?~%]?")

# Stands in for the slug when a URL is reversed once for all rows; never a real slug.
_SLUG_PLACEHOLDER = "slug-placeholder-"


# Shared helpers


def _filters(request: HttpRequest) -> EventFilter:
    """The timeline's filters bound to the request, as far as its visitor may see."""
    return selectors.filter_events(request.GET, unverified=sees_unverified(request))


def _filter_errors(filterset: EventFilter) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in filterset.errors.items()}


def next_page_url(request: HttpRequest, page: Page) -> str | None:
    """The absolute URL of a paged JSON export's next page, with the request's filters;
    None on the last page."""
    if not page.has_next():
        return None
    params = request.GET.copy()
    params["page"] = page.next_page_number()
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def json_bad_request(errors: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=400)


def text_bad_request(errors: dict[str, list[str]]) -> HttpResponse:
    """One line per bad parameter; a message quoting the value shows its control characters
    as escapes, so a line break in a value cannot start a line of its own."""
    lines = [
        f"{name}: {_CONTROL.sub(_escaped, message)}\n"
        for name, messages in errors.items()
        for message in messages
    ]
    return HttpResponseBadRequest("".join(lines), content_type="text/plain; charset=utf-8")


def _escaped(control: re.Match) -> str:
    return f"\\x{ord(control[0]):02x}"


# Rows for the exports: plain values, a batch of events at a time.
#
# The exports read only a few columns of many events, so they work from values rows
# rather than model instances: no Source.text pulled in for every claim, no objects
# built and thrown away. Event rows are named tuples with the model's field names, read
# as an Event would be. Each batch of events costs one query per kind of evidence.


class _Actor(NamedTuple):
    name: str
    slug: str
    country: str
    role: str


def _event_batches(events: QuerySet[Event], fields: Sequence[str]) -> Iterator[tuple]:
    """The events as rows of id and `fields`, in date order, EXPORT_CHUNK_SIZE at a time.

    One query, read a chunk at a time, so memory stays flat however many events match.
    """
    rows = (
        events.chronological()
        .values_list("id", *fields, named=True)
        .iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    return batched(rows, EXPORT_CHUNK_SIZE)


_ACTOR_ROW = ("event_id", "actor__name", "actor__slug", "actor__country", "role",
              "actor__review_status")  # fmt: skip


def _actors_by_event(event_ids: Sequence[int], *, unverified: bool) -> dict[int, list[_Actor]]:
    """Each event's actors by role, then name, as selectors._actors_prefetch() lists them:
    an actor no curator has verified, to a visitor who may not see unverified records, by
    its name and role alone (no slug: its page is not theirs to open)."""
    actors = defaultdict(list)
    rows = (
        EventActor.objects.filter(
            event_id__in=ids_in_one_parameter(list(event_ids), connection.alias)
        )
        .order_by("role", "actor__name")
        .values_list(*_ACTOR_ROW)
    )
    for event_id, name, slug, country, role, review in rows:
        if unverified or review == ReviewStatus.VERIFIED:
            actors[event_id].append(_Actor(name, slug, country, role))
        else:
            actors[event_id].append(_Actor(name, None, "", role))
    return actors


def _claims_by_event(
    event_ids: Sequence[int], fields: Sequence[str], *, unverified: bool
) -> dict[int, list[tuple]]:
    """Each event's claims as rows of `fields`, as selectors._claims_prefetch() lists them:
    those the visitor is shown (selectors.claims_shown()), the oldest source first
    (undated last), then title and offset."""
    claims = defaultdict(list)
    rows = (
        Claim.objects.filter(
            selectors.claims_shown(unverified),
            event_id__in=ids_in_one_parameter(list(event_ids), connection.alias),
        )
        .order_by(*selectors.CLAIM_ORDER)
        .values_list("event_id", *fields, named=True)
    )
    for claim in rows:
        claims[claim.event_id].append(claim)
    return claims


def _slug_url_parts(request: HttpRequest, view_name: str) -> tuple[str, str]:
    """What comes before and after the slug in the absolute URLs of a view taking one."""
    url = request.build_absolute_uri(reverse(view_name, args=[_SLUG_PLACEHOLDER]))
    head, _, tail = url.rpartition(_SLUG_PLACEHOLDER)
    return head, tail


def slug_urls(request: HttpRequest, view_name: str) -> Callable[[str], str]:
    """Absolute URLs of a view taking one slug, reversed once rather than once a row."""
    head, tail = _slug_url_parts(request, view_name)
    return lambda slug: f"{head}{slug}{tail}"


def iso_date(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date_record(event) -> dict[str, str | None]:
    return {
        "edtf": event.date_edtf,
        "lower": iso_date(event.date_lower),
        "upper": iso_date(event.date_upper),
    }


# CSV


_CSV_QUOTED = re.compile(r'[,"\r\n]')


def csv_cell(text: str) -> str:
    """One cell as Python's csv module writes it, defused as csv_lines defuses the rest."""
    if text[:1] in _FORMULA_FIRST:
        text = "'" + text
    return '"' + text.replace('"', '""') + '"' if _CSV_QUOTED.search(text) else text


def _csv_chunks(
    events: QuerySet[Event], url_parts: tuple[str, str], *, unverified: bool
) -> Iterator[str]:
    """The header (sent before any query runs), then the rows a batch at a time: each
    event's row as the database keeps it (see csv_lines), then its URL."""
    yield ",".join(CSV_COLUMNS) + "\r\n"
    head, tail = url_parts
    plain_ends = csv_cell(head + tail) == head + tail
    stored = csv_lines.stored_row(unverified=unverified)
    rows = events.chronological().values_list(stored, "slug")
    for batch in batched(rows.iterator(chunk_size=EXPORT_CHUNK_SIZE), EXPORT_CHUNK_SIZE):
        # Slugs need no quoting but in data written around the app: checked a batch at once.
        if plain_ends and not _CSV_QUOTED.search("".join([slug for _, slug in batch])):
            yield "".join([f"{row},{head}{slug}{tail}\r\n" for row, slug in batch])
        else:
            yield "".join([f"{row},{csv_cell(head + slug + tail)}\r\n" for row, slug in batch])


@require_safe
@private_when_signed_in
def events_csv(request: HttpRequest) -> HttpResponse:
    filterset = _filters(request)
    if not filterset.is_valid():
        return text_bad_request(_filter_errors(filterset))
    url_parts = _slug_url_parts(request, "events:event-detail")
    return download(
        _csv_chunks(filterset.qs, url_parts, unverified=filterset.unverified),
        "text/csv; charset=utf-8",
        "diplo-events.csv",
    )


def download(chunks: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    """A file streamed a chunk at a time, its first query only once the headers are out."""
    # So connect (and health-check the connection) first: an unreachable database is then
    # the 503 page (diplo.errors), not a 200 with a cut-off file.
    connection.cursor().close()
    return StreamingHttpResponse(
        chunks,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


# JSON


def _json_page(filterset: EventFilter, version: str, key: str, number: str | None) -> Page:
    """One page of event ids, from the matches the timeline keeps per data version; raises
    InvalidPage for a bad page number. A broad search's page is not counted (count None)."""
    matches = caching.matches(filterset, version, key)
    page = selectors.timeline_page(filterset, matches, number, per_page=JSON_PAGE_SIZE)
    page.object_list = selectors.shown(page, list(page.object_list))
    return page


def _encoded_events(
    request: HttpRequest, ids: list[int], version: str, *, unverified: bool
) -> list[str]:
    """Each event's JSON record, encoded, as its visitor may see it; only the events not
    cached are read."""

    def encode(missing: list[int]) -> dict[int, str]:
        rows = Event.objects.filter(pk__in=missing).order_by().with_dispute_flag()
        actors = _actors_by_event(missing, unverified=unverified)
        claims = _claims_by_event(missing, JSON_CLAIM_FIELDS, unverified=unverified)
        source_url = slug_urls(request, "events:source-detail")
        return {
            event.id: json.dumps(
                _event_json(event, actors[event.id], claims[event.id], source_url),
                ensure_ascii=False,
                cls=DjangoJSONEncoder,
            )
            for event in rows.values_list("id", *JSON_EVENT_FIELDS, "is_disputed", named=True)
        }

    origin = request.build_absolute_uri("/")
    return caching.records(version, origin, ids, encode, unverified=unverified)


def _event_json(
    event, actors: list[_Actor], claims: list[tuple], source_url: Callable[[str], str]
) -> dict:
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
            {"slug": actor.slug, "name": actor.name, "role": actor.role} for actor in actors
        ],
        "sources_count": len({claim.source_id for claim in claims}),
        # Whether its sources disagree on its date or status (events.disputes).
        "disputed": event.is_disputed,
        "claims": [
            {
                "id": claim.id,
                "quote": claim.quote,
                "start": claim.start,
                "end": claim.end,
                "source": {
                    "slug": claim.source__slug,
                    "title": claim.source__title,
                    "published_on": iso_date(claim.source__published_on),
                    "origin": claim.source__origin,
                },
                "url": f"{source_url(claim.source__slug)}#claim-{claim.id}",
            }
            for claim in claims
        ],
    }


@require_safe
@private_when_signed_in
def events_json(request: HttpRequest) -> HttpResponse:
    filterset = _filters(request)
    if not filterset.is_valid():
        return json_bad_request(_filter_errors(filterset))
    version = caching.current()
    try:
        page = _json_page(
            filterset,
            version,
            caching.filters_key(
                selectors.filter_params(request.GET), unverified=filterset.unverified
            ),
            request.GET.get("page"),
        )
    except InvalidPage as error:
        return json_bad_request({"page": [str(error)]})
    next_url = next_page_url(request, page)
    # The page's records are spliced in as encoded (and cached), not encoded again.
    head = json.dumps({"count": page.paginator.count, "next": next_url}, ensure_ascii=False)
    encoded = _encoded_events(
        request, list(page.object_list), version, unverified=filterset.unverified
    )
    records = ", ".join(encoded)
    return HttpResponse(f'{head[:-1]}, "results": [{records}]}}', content_type="application/json")


# PLOVER JSON Lines


def _plover_record(
    event, actors: list[_Actor], claims: list[tuple], event_url: Callable[[str], str]
) -> dict:
    """One event as a PLOVER/POLECAT-style record: actor and recipient lists from roles."""
    return {
        "id": event.slug,
        "event_type": event.event_type,
        "mode": event.mode,
        "contexts": event.contexts,
        "status": event.status,
        "review_status": event.review_status,
        "date": _date_record(event),
        "actor": [actor._asdict() for actor in actors if actor.role != ActorRole.RECIPIENT],
        "recipient": [actor._asdict() for actor in actors if actor.role == ActorRole.RECIPIENT],
        "location": event.location,
        # The event's sources, in the order its claims are listed.
        "sources": list(dict.fromkeys(claim.source__slug for claim in claims)),
        "claims_count": len(claims),
        "url": event_url(event.slug),
    }


def _json_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"


def _plover_chunks(
    events: QuerySet[Event], event_url: Callable[[str], str], *, unverified: bool
) -> Iterator[str]:
    # PLOVER has no type for a bare public statement (see EventType): those are left out.
    events = events.exclude(event_type=EventType.STATEMENT)
    for batch in _event_batches(events, PLOVER_EVENT_FIELDS):
        ids = [event.id for event in batch]
        actors = _actors_by_event(ids, unverified=unverified)
        claims = _claims_by_event(ids, ["source__slug"], unverified=unverified)
        yield "".join(
            _json_line(_plover_record(event, actors[event.id], claims[event.id], event_url))
            for event in batch
        )


@require_safe
@private_when_signed_in
def events_plover_jsonl(request: HttpRequest) -> HttpResponse:
    filterset = _filters(request)
    if not filterset.is_valid():
        return json_bad_request(_filter_errors(filterset))
    event_url = slug_urls(request, "events:event-detail")
    return download(
        _plover_chunks(filterset.qs, event_url, unverified=filterset.unverified),
        "application/x-ndjson; charset=utf-8",
        "diplo-events.jsonl",
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


def _timeline_dates(event) -> tuple[dict | None, dict | None]:
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


def _timeline_event(event, start: dict, end: dict | None) -> dict:
    # TimelineJS renders headline, text and display_date as HTML.
    text = escape(event.summary)
    if event.review_status != ReviewStatus.VERIFIED:
        text = format_html("<p><em>{}, not verified.</em></p>{}", event.review_status, text)
    slide = {
        "start_date": start,
        "display_date": escape(event.date_display),
        "text": {"headline": escape(event.title), "text": text},
        "group": _EVENT_TYPE_LABELS.get(event.event_type, event.event_type),
        "unique_id": event.slug,
    }
    if end is not None:
        slide["end_date"] = end
    return slide


@require_safe
@private_when_signed_in
def events_timelinejs(request: HttpRequest) -> HttpResponse:
    filterset = _filters(request)
    if not filterset.is_valid():
        return json_bad_request(_filter_errors(filterset))
    slides = []
    for event in filterset.qs.chronological().values_list(*TIMELINE_EVENT_FIELDS, named=True):
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
#
# Written by hand rather than through the icalendar library, which the tests use to parse
# it back (tests/db/test_ics.py): built through the library, the calendar of 9,200 planned
# events at 100,000 took 5–6 s against 0.8–1.0 s (its folding goes a character at a time
# through several layers), and its escaping needed two fixes of our own (a literal "\N"
# read back as a line break; control characters written out). Escaping and folding are
# the whole of the format's rules here: the two functions below.


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


def _vevent(event, event_url: Callable[[str], str]) -> list[str]:
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
        f"CATEGORIES:{_ics_text(_EVENT_TYPE_LABELS.get(event.event_type, event.event_type))}",
        "STATUS:TENTATIVE",
        "TRANSP:TRANSPARENT",
        f"URL:{event_url(event.slug)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{_ics_text(event.location)}")
    lines.append("END:VEVENT")
    return lines


@require_safe
@private_when_signed_in
def planned_events_ics(request: HttpRequest) -> HttpResponse:
    filterset = _filters(request)
    if not filterset.is_valid():
        return text_bad_request(_filter_errors(filterset))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ICS_PRODID}",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Diplo: planned events",
    ]
    event_url = slug_urls(request, "events:event-detail")
    planned = filterset.qs.filter(status=EventStatus.PLANNED).chronological()
    for event in planned.values_list(*ICS_EVENT_FIELDS, named=True):
        lines += _vevent(event, event_url)
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

    @method_decorator(require_safe)
    @method_decorator(private_when_signed_in)
    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filterset = _filters(request)
        if not filterset.is_valid():
            return text_bad_request(_filter_errors(filterset))
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
        return _XML_INVALID.sub("", event.title)

    def item_description(self, event: Event) -> str:
        # Atom summaries are HTML: the event's own text is escaped before it goes in.
        description = format_html("<p>{}</p>", event.date_display)
        if event.review_status != ReviewStatus.VERIFIED:
            description += format_html("<p><em>{}, not verified.</em></p>", event.review_status)
        if event.summary:
            description += format_html("<p>{}</p>", event.summary)
        return _XML_INVALID.sub("", description)

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
