import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse

from devdata import synthetic
from events import exports
from events.models import Event, EventActor, EventDispute, EventType
from events.timeline import selectors
from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

CSV_URL = reverse("events:export-csv")
JSON_URL = reverse("events:export-json")
JSONL_URL = reverse("events:export-plover")
TIMELINE_URL = reverse("events:export-timelinejs")
ICS_URL = reverse("events:export-ics")
ATOM_URL = reverse("events:export-atom")
ALL_URLS = [CSV_URL, JSON_URL, JSONL_URL, TIMELINE_URL, ICS_URL, ATOM_URL]
JSON_URLS = {JSON_URL, JSONL_URL, TIMELINE_URL}
ATOM = "{http://www.w3.org/2005/Atom}"


def body(response) -> str:
    raw = response.getvalue() if response.streaming else response.content
    return raw.decode()


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def jsonl_records(response) -> list[dict]:
    return [json.loads(line) for line in body(response).splitlines()]


def ics_lines(response) -> list[str]:
    """The content lines, unfolded."""
    return body(response).replace("\r\n ", "").split("\r\n")


def atom_entries(response) -> list[ET.Element]:
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


# CSV


def test_csv_lists_exactly_the_filtered_events_under_a_header(client):
    make_event(slug="call", event_type="CONSULT")
    make_event(slug="deal", event_type="AGREE")
    make_event(slug="pact", event_type="AGREE", date_edtf="2019-09")
    make_event(slug="draft", event_type="AGREE", review_status="proposed")

    response = client.get(CSV_URL, {"type": "AGREE"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response)
    assert text.splitlines()[0] == ",".join(exports.CSV_COLUMNS)
    assert [row["slug"] for row in csv_rows(text)] == ["pact", "deal"]


def test_csv_row_carries_dates_actors_contexts_counts_and_an_absolute_url(client):
    modi = make_actor(name="Narendra Modi")
    putin = make_actor(name="Vladimir Putin")
    event = make_event(
        slug="call",
        title="Modi and Putin speak",
        contexts=["diplomatic", "health"],
        date_edtf="2021-04-28/2021-12-31",
        location="New Delhi",
        actors=[(modi, "initiator"), (putin, "recipient")],
    )
    readout, report = make_source(), make_source()
    make_claim(source=readout, event=event)
    make_claim(source=readout, quote="They agreed", event=event)
    make_claim(source=report, event=event)

    [row] = csv_rows(body(client.get(CSV_URL)))

    assert row == {
        "slug": "call",
        "title": "Modi and Putin speak",
        "event_type": "CONSULT",
        "mode": "phone",
        "contexts": "diplomatic;health",
        "status": "occurred",
        "review_status": "verified",
        "date_edtf": "2021-04-28/2021-12-31",
        "date_lower": "2021-04-28",
        "date_upper": "2021-12-31",
        "date_display": "later in 2021",
        "location": "New Delhi",
        "actors": "Narendra Modi (initiator); Vladimir Putin (recipient)",
        "sources_count": "2",
        "claims_count": "3",
        "url": "http://testserver/events/call/",
    }


def test_csv_neutralises_spreadsheet_formulas(client):
    make_event(title="=cmd|' /C calc'!A0", location="+44 street", date_edtf="2021-04-28")
    make_event(title="@SUM(A1)", location="-1", date_edtf="2021-04-29")
    make_event(title="\tTabbed", location="Moscow = capital", date_edtf="2021-04-30")

    rows = csv_rows(body(client.get(CSV_URL)))

    assert [row["title"] for row in rows] == ["'=cmd|' /C calc'!A0", "'@SUM(A1)", "'\tTabbed"]
    assert [row["location"] for row in rows] == ["'+44 street", "'-1", "Moscow = capital"]


def test_csv_is_streamed_as_an_attachment(client):
    make_event()
    response = client.get(CSV_URL)
    assert response.streaming is True
    assert response["Content-Disposition"] == 'attachment; filename="diplo-events.csv"'


# JSON


def test_json_gives_every_field_of_the_schema(client):
    modi = make_actor(name="Narendra Modi", slug="narendra-modi")
    source = make_source(
        title="The readout", slug="readout", origin="pmo.txt", published_on="2021-04-28"
    )
    event = make_event(
        slug="call",
        title="Modi and Putin speak",
        summary="They spoke by phone.",
        contexts=["diplomatic"],
        date_edtf="2021-04-28",
        location="New Delhi",
        actors=[(modi, "initiator")],
    )
    claim = make_claim(source=source, event=event)

    response = client.get(JSON_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "count": 1,
        "next": None,
        "results": [
            {
                "slug": "call",
                "title": "Modi and Putin speak",
                "summary": "They spoke by phone.",
                "event_type": "CONSULT",
                "mode": "phone",
                "contexts": ["diplomatic"],
                "status": "occurred",
                "review_status": "verified",
                "date": {
                    "edtf": "2021-04-28",
                    "lower": "2021-04-28",
                    "upper": "2021-04-28",
                    "display": "28 Apr 2021",
                },
                "location": "New Delhi",
                "actors": [{"slug": "narendra-modi", "name": "Narendra Modi", "role": "initiator"}],
                "sources_count": 1,
                "disputed": False,
                "claims": [
                    {
                        "id": claim.id,
                        "quote": "spoke on Wednesday",
                        "start": claim.start,
                        "end": claim.end,
                        "source": {
                            "slug": "readout",
                            "title": "The readout",
                            "published_on": "2021-04-28",
                            "origin": "pmo.txt",
                        },
                        "url": f"http://testserver/sources/readout/#claim-{claim.id}",
                    }
                ],
            }
        ],
    }


def test_json_open_date_ends_are_null(client):
    make_event(date_edtf="../2021-04-28")
    [event] = client.get(JSON_URL).json()["results"]
    assert event["date"] == {
        "edtf": "../2021-04-28",
        "lower": None,
        "upper": "2021-04-28",
        "display": "by 28 Apr 2021",
    }


def test_json_lists_only_the_events_of_the_filtered_actor(client):
    modi = make_actor(slug="narendra-modi")
    make_event(slug="with-modi", actors=[(modi, "participant")])
    make_event(slug="without-modi", actors=[(make_actor(), "participant")])

    data = client.get(JSON_URL, {"actor": "narendra-modi"}).json()

    assert data["count"] == 1
    assert [event["slug"] for event in data["results"]] == ["with-modi"]


def test_json_next_page_link_keeps_the_filters(client, monkeypatch):
    monkeypatch.setattr(exports, "JSON_PAGE_SIZE", 2)
    for day in (1, 2, 3):
        make_event(slug=f"deal-{day}", event_type="AGREE", date_edtf=f"2021-05-0{day}")
    make_event(slug="call", event_type="CONSULT", date_edtf="2021-05-01")

    first = client.get(JSON_URL, {"type": "AGREE", "from": "2021"}).json()

    assert first["count"] == 3
    assert [event["slug"] for event in first["results"]] == ["deal-1", "deal-2"]
    assert first["next"] == "http://testserver/events.json?type=AGREE&from=2021&page=2"
    second = client.get(first["next"]).json()
    assert [event["slug"] for event in second["results"]] == ["deal-3"]
    assert second["next"] is None


@pytest.mark.parametrize("page", ["abc", "0", "9"])
def test_json_bad_page_is_a_400_naming_the_page(client, page):
    make_event()
    response = client.get(JSON_URL, {"page": page})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page"]


# PLOVER JSON Lines


def test_jsonl_gives_one_plover_record_per_filtered_event(client):
    modi = make_actor(name="Narendra Modi", slug="narendra-modi", country="IN")
    putin = make_actor(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    jaishankar = make_actor(name="S Jaishankar", slug="s-jaishankar", country="IN")
    call = make_event(
        slug="call",
        date_edtf="2021-04-28",
        actors=[(modi, "initiator"), (putin, "recipient"), (jaishankar, "participant")],
    )
    source = make_source(slug="readout")
    make_claim(source=source, event=call)
    make_claim(source=source, quote="They agreed", event=call)
    make_event(slug="aid", event_type="AID", date_edtf="2021-05")
    make_event(slug="deal", event_type="AGREE")

    response = client.get(JSONL_URL, {"type": ["CONSULT", "AID"]})

    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    records = jsonl_records(response)
    assert [record["id"] for record in records] == ["call", "aid"]
    assert records[0] == {
        "id": "call",
        "event_type": "CONSULT",
        "mode": "phone",
        "contexts": ["diplomatic"],
        "status": "occurred",
        "review_status": "verified",
        "date": {"edtf": "2021-04-28", "lower": "2021-04-28", "upper": "2021-04-28"},
        "actor": [
            {
                "name": "Narendra Modi",
                "slug": "narendra-modi",
                "country": "IN",
                "role": "initiator",
            },
            {
                "name": "S Jaishankar",
                "slug": "s-jaishankar",
                "country": "IN",
                "role": "participant",
            },
        ],
        "recipient": [
            {
                "name": "Vladimir Putin",
                "slug": "vladimir-putin",
                "country": "RU",
                "role": "recipient",
            }
        ],
        "location": "",
        "sources": ["readout"],
        "claims_count": 2,
        "url": "http://testserver/events/call/",
    }


# TimelineJS


def test_timelinejs_dates_keep_the_edtf_precision(client):
    for slug, edtf in [
        ("day", "2021-04-28"),
        ("month", "2019-09"),
        ("year", "2020"),
        ("interval", "2021-04-28/2021-12-31"),
        ("months", "2019-09/2020"),
        ("by", "../2018-10-05"),
        ("since", "2022-05/.."),
        ("season", "2017-21"),
    ]:
        make_event(slug=slug, date_edtf=edtf)

    response = client.get(TIMELINE_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    slides = {slide["unique_id"]: slide for slide in response.json()["events"]}
    dates = {slug: (slide["start_date"], slide.get("end_date")) for slug, slide in slides.items()}
    assert dates == {
        "day": ({"year": 2021, "month": 4, "day": 28}, None),
        "month": ({"year": 2019, "month": 9}, None),
        "year": ({"year": 2020}, None),
        "interval": ({"year": 2021, "month": 4, "day": 28}, {"year": 2021, "month": 12, "day": 31}),
        "months": ({"year": 2019, "month": 9}, {"year": 2020}),
        "by": ({"year": 2018, "month": 10, "day": 5}, None),
        "since": ({"year": 2022, "month": 5}, None),
        "season": ({"year": 2017, "month": 3, "day": 1}, {"year": 2017, "month": 5, "day": 31}),
    }
    assert slides["interval"]["display_date"] == "later in 2021"
    assert slides["by"]["display_date"] == "by 5 Oct 2018"


def test_timelinejs_slides_have_text_group_and_escaped_html(client):
    make_event(
        slug="call",
        title="<script>alert(1)</script> call",
        summary="Spoke & agreed",
        event_type="CONSULT",
    )
    make_event(slug="deal", event_type="AGREE")
    make_event(slug="unknown", event_type="CONSULT", date_edtf="../..")

    data = client.get(TIMELINE_URL, {"type": "CONSULT"}).json()

    assert data["title"]["text"]["headline"] == "Diplo: diplomatic events"
    [slide] = data["events"]  # the undated event cannot be placed
    assert slide["unique_id"] == "call"
    assert slide["group"] == "consult"
    assert slide["text"] == {
        "headline": "&lt;script&gt;alert(1)&lt;/script&gt; call",
        "text": "Spoke &amp; agreed",
    }


# iCalendar


def test_ics_holds_only_the_planned_matching_events(client):
    make_event(slug="held", status="occurred")
    make_event(slug="visit", status="planned", event_type="CONSULT")
    make_event(slug="deal", status="planned", event_type="AGREE")
    make_event(slug="dropped", status="cancelled")

    response = client.get(ICS_URL, {"type": "CONSULT"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = ics_lines(response)
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{exports.ICS_PRODID}"]
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert [line for line in lines if line.startswith("UID:")] == ["UID:visit@diplo"]


def test_ics_event_spans_its_days_with_escaped_text(client):
    visit = make_event(
        slug="visit",
        title="Putin to visit India; talks, then a summit",
        summary="Agreed on the call.\nDetails\\later",
        status="planned",
        location="New Delhi, India",
        date_edtf="2021-04-28/2021-12-31",
    )

    lines = ics_lines(client.get(ICS_URL))

    assert "DTSTART;VALUE=DATE:20210428" in lines
    assert "DTEND;VALUE=DATE:20220101" in lines  # exclusive: the day after the last
    assert "SUMMARY:Putin to visit India\\; talks\\, then a summit" in lines
    assert "DESCRIPTION:Agreed on the call.\\nDetails\\\\later\\ndate: later in 2021" in lines
    assert "LOCATION:New Delhi\\, India" in lines
    assert "URL:http://testserver/events/visit/" in lines
    assert "CATEGORIES:consult" in lines
    assert f"DTSTAMP:{visit.updated_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in lines


def test_ics_open_end_gives_the_known_day_only(client):
    make_event(slug="from", status="planned", date_edtf="2022-05-01/..")
    make_event(slug="unknown", status="planned", date_edtf="../..")

    lines = ics_lines(client.get(ICS_URL))

    assert [line for line in lines if line.startswith("UID:")] == ["UID:from@diplo"]
    assert "DTSTART;VALUE=DATE:20220501" in lines
    assert not any(line.startswith("DTEND") for line in lines)


def test_ics_uses_crlf_and_folds_long_lines_between_characters(client):
    title = "Visite d’État à Moscou, " * 8
    make_event(slug="visit", title=title, status="planned")

    raw = client.get(ICS_URL).content

    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    physical = raw.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)
    for line in physical:
        line.decode()  # no character was split across a fold
    summary = next(line for line in ics_lines_from(raw) if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:" + title.replace(",", "\\,")


def ics_lines_from(raw: bytes) -> list[str]:
    return raw.decode().replace("\r\n ", "").split("\r\n")


# Atom


def test_atom_lists_the_newest_matching_events_with_escaped_text(client, monkeypatch):
    monkeypatch.setattr(exports, "FEED_SIZE", 2)
    make_event(slug="oldest", event_type="AGREE")
    make_event(
        slug="newer",
        event_type="AGREE",
        title="<script>alert(1)</script>",
        summary="<b>bold</b> claim",
    )
    make_event(slug="newest", event_type="AGREE", date_edtf="2019-09")
    make_event(slug="call", event_type="CONSULT")

    response = client.get(ATOM_URL, {"type": "AGREE"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    text = body(response)
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    entries = atom_entries(response)
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert links == ["http://testserver/events/newest/", "http://testserver/events/newer/"]
    newer = entries[1]
    assert newer.findtext(f"{ATOM}title") == "<script>alert(1)</script>"
    summary = newer.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "<p>28 Apr 2021</p><p>&lt;b&gt;bold&lt;/b&gt; claim</p>"
    assert newer.findtext(f"{ATOM}published") is not None
    assert newer.findtext(f"{ATOM}updated") is not None


def test_atom_feed_links_keep_the_filters(client):
    make_event()
    feed = ET.fromstring(client.get(ATOM_URL, {"type": "AGREE", "page": "3"}).content)
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "http://testserver/?type=AGREE",
        "self": "http://testserver/events.atom?type=AGREE",
    }


# Shared behaviour


@pytest.mark.parametrize("url", ALL_URLS)
def test_every_export_leaves_out_unverified_events_unless_staff_ask(staff_client, url):
    make_event(slug="checked", status="planned")
    make_event(slug="unchecked", status="planned", review_status="proposed")

    default = body(staff_client.get(url))
    asked = body(staff_client.get(url, {"review": "proposed"}))

    assert "checked" in default
    assert "unchecked" not in default
    assert "unchecked" in asked


@pytest.fixture
def unverified():
    """A verified planned event (planned: the calendar lists it) and two that are not."""
    make_event(slug="checked", status="planned")
    make_event(slug="unchecked", status="planned", review_status="proposed")
    make_event(slug="turned-down", status="planned", review_status="rejected")


def unverified_in(text: str) -> set[str]:
    return {slug for slug in ("unchecked", "turned-down") if slug in text}


@pytest.mark.parametrize("url", ALL_URLS)
@pytest.mark.parametrize("review", [["proposed"], ["rejected"], ["verified", "proposed"]])
def test_no_export_gives_the_public_unverified_events_but_a_400_naming_review(
    client, unverified, url, review
):
    response = client.get(url, {"review": review})
    assert response.status_code == 400
    if url in JSON_URLS:
        assert list(response.json()["errors"]) == ["review"]
    else:
        assert body(response).startswith("review: Filtering by review status is for signed-in")
    assert not unverified_in(body(response))
    assert not unverified_in(body(client.get(url)))


@pytest.mark.parametrize("url", ALL_URLS)
def test_a_deployment_may_open_unverified_events_in_exports_to_the_public(
    client, unverified, settings, url
):
    everything = {"review": ["verified", "proposed", "rejected"]}
    assert client.get(url, everything).status_code == 400
    settings.DIPLO_PUBLIC_PROPOSALS = True
    assert unverified_in(body(client.get(url, everything))) == {"unchecked", "turned-down"}


@pytest.mark.parametrize("url", ALL_URLS)
@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"from": "2021-13"}, "from"),
        ({"type": "NOPE"}, "type"),
        ({"actor": "nobody"}, "actor"),
        ({"from": "2022", "to": "2021"}, "to"),
    ],
)
def test_every_export_answers_bad_filters_with_a_400_naming_them(client, url, params, parameter):
    make_event()
    response = client.get(url, params)
    assert response.status_code == 400
    if url in JSON_URLS:
        assert list(response.json()["errors"]) == [parameter]
    else:
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert body(response).startswith(f"{parameter}: ")


@pytest.mark.parametrize("url", [url for url in ALL_URLS if url not in JSON_URLS])
def test_a_line_break_in_a_bad_value_cannot_add_a_line_to_a_text_400(client, url):
    response = client.get(url, {"type": "NOPE\r\nSet-Cookie: x=1", "from": "2021-13"})
    assert response.status_code == 400
    lines = body(response).splitlines()
    assert [line.split(":")[0] for line in lines] == ["type", "from"]
    assert "NOPE\\x0d\\x0aSet-Cookie" in lines[0]


@pytest.mark.parametrize("url", ALL_URLS)
def test_every_export_only_answers_get_and_head(client, url):
    make_event()
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


# Query counts: the same for 3 events as for 30.

QUERIES = {
    CSV_URL: 1,  # the events with their stored rows (see events.csv_lines)
    JSONL_URL: 3,
    JSON_URL: 6,  # data version, count, the page's ids, its events, their actors, claims
    TIMELINE_URL: 1,
    ICS_URL: 1,
    ATOM_URL: 1,
}


def populate(count: int) -> None:
    actor = make_actor()
    source = make_source()
    for _ in range(count):
        event = make_event(status="planned", actors=[(actor, "participant")])
        make_claim(source=source, event=event)


def slugs(text: str) -> set[str]:
    return set(re.findall(r"\bevent-\d+", text))


@pytest.mark.parametrize("url", ALL_URLS)
def test_query_count_does_not_grow_with_events(client, django_assert_num_queries, url):
    populate(3)
    with django_assert_num_queries(QUERIES[url]):
        text = body(client.get(url))
    assert len(slugs(text)) == 3
    populate(27)
    with django_assert_num_queries(QUERIES[url]):
        text = body(client.get(url))
    assert len(slugs(text)) == 30


@pytest.mark.parametrize(("url", "per_chunk"), [(CSV_URL, 0), (JSONL_URL, 2)])
def test_streamed_exports_cost_the_same_queries_per_chunk(
    client, django_assert_num_queries, monkeypatch, url, per_chunk
):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 10)
    populate(10)
    # the events once; for JSON Lines, their actors and claims per chunk
    with django_assert_num_queries(1 + per_chunk * 1):
        text = body(client.get(url))
    assert len(slugs(text)) == 10
    populate(20)
    with django_assert_num_queries(1 + per_chunk * 3):
        text = body(client.get(url))
    assert len(slugs(text)) == 30


def test_an_actor_filter_costs_one_query_to_check_the_slug(client, django_assert_num_queries):
    populate(3)
    actor = make_actor(slug="narendra-modi")
    make_event(actors=[(actor, "initiator")])
    with django_assert_num_queries(1 + QUERIES[CSV_URL]):
        rows = csv_rows(body(client.get(CSV_URL, {"actor": "narendra-modi"})))
    assert len(rows) == 1


def test_csv_header_goes_out_before_any_query(client, django_assert_num_queries):
    populate(3)
    response = client.get(CSV_URL)
    chunks = iter(response.streaming_content)
    with django_assert_num_queries(0):
        header = next(chunks)
    assert header.decode() == ",".join(exports.CSV_COLUMNS) + "\r\n"
    assert len(slugs(b"".join(chunks).decode())) == 3


def test_csv_streams_a_chunk_of_rows_per_batch_not_per_row(client, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 10)
    populate(25)
    chunks = list(client.get(CSV_URL).streaming_content)
    assert [len(chunk.decode().splitlines()) for chunk in chunks] == [1, 10, 10, 5]


# Rejected claims are not evidence


def evidenced_event():
    modi = make_actor(name="Narendra Modi")
    event = make_event(slug="call", actors=[(modi, "initiator")])
    readout = make_source(slug="readout")
    rumour = make_source(slug="rumour", published_on=None, date_basis="unknown")
    kept = make_claim(source=readout, event=event)
    make_claim(source=readout, quote="They agreed", event=event, review_status="rejected")
    make_claim(source=rumour, event=event, review_status="rejected")
    return kept


def test_csv_counts_leave_out_rejected_claims(client):
    evidenced_event()
    [row] = csv_rows(body(client.get(CSV_URL)))
    assert (row["claims_count"], row["sources_count"]) == ("1", "1")


def test_jsonl_leaves_out_rejected_claims_and_their_sources(client):
    evidenced_event()
    [record] = jsonl_records(client.get(JSONL_URL))
    assert (record["claims_count"], record["sources"]) == (1, ["readout"])


def test_json_leaves_out_rejected_claims_and_their_sources(client):
    kept = evidenced_event()
    [event] = client.get(JSON_URL).json()["results"]
    assert [claim["id"] for claim in event["claims"]] == [kept.id]
    assert event["sources_count"] == 1


# The exports agree with the model-based rendering of the event pages


def rendered_events(params: dict, *, unverified: bool = True) -> list[Event]:
    """The filtered events with their evidence, as the event pages load them for staff
    (`unverified`) or for anyone else."""
    params = QueryDict(urlencode(params, doseq=True))
    filterset = selectors.filter_events(params, unverified=unverified)
    assert filterset.is_valid()
    events = list(filterset.qs.chronological())
    return selectors.add_evidence(events, unverified=unverified)


def actor_record(item: EventActor) -> dict:
    """An event's actor as the exports give it: an actor the page does not link to (one
    no curator has verified, to the public) by its name and role alone."""
    actor = item.actor
    if item.linked:
        return {"name": actor.name, "slug": actor.slug, "country": actor.country}
    return {"name": actor.name, "slug": None, "country": ""}


def rendered_csv_row(event: Event) -> dict[str, str]:
    row = {
        "slug": event.slug,
        "title": event.title,
        "event_type": event.event_type,
        "mode": event.mode,
        "contexts": ";".join(event.contexts),
        "status": event.status,
        "review_status": event.review_status,
        "date_edtf": event.date_edtf,
        "date_lower": str(event.date_lower or ""),
        "date_upper": str(event.date_upper or ""),
        "date_display": event.date_display,
        "location": event.location,
        "actors": "; ".join(
            f"{item.actor.name} ({item.role})" for item in event.event_actors.all()
        ),
        "sources_count": str(event.sources_count),
        "claims_count": str(len(event.claims.all())),
        "url": f"http://testserver{event.get_absolute_url()}",
    }
    return {name: str(spreadsheet_safe(value)) for name, value in row.items()}


def spreadsheet_safe(value: object) -> object:
    """A cell a spreadsheet would read as a formula, quoted (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return f"'{value}"
    return value


def rendered_plover_record(event: Event) -> dict:
    actors = [actor_record(item) | {"role": item.role} for item in event.event_actors.all()]
    claims = event.claims.all()
    return {
        "id": event.slug,
        "event_type": event.event_type,
        "mode": event.mode,
        "contexts": event.contexts,
        "status": event.status,
        "review_status": event.review_status,
        "date": {
            "edtf": event.date_edtf,
            "lower": event.date_lower and event.date_lower.isoformat(),
            "upper": event.date_upper and event.date_upper.isoformat(),
        },
        "actor": [actor for actor in actors if actor["role"] != "recipient"],
        "recipient": [actor for actor in actors if actor["role"] == "recipient"],
        "location": event.location,
        "sources": list(dict.fromkeys(claim.source.slug for claim in claims)),
        "claims_count": len(claims),
        "url": f"http://testserver{event.get_absolute_url()}",
    }


def rendered_json_event(event: Event) -> dict:
    record = rendered_plover_record(event)
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "event_type": event.event_type,
        "mode": event.mode,
        "contexts": event.contexts,
        "status": event.status,
        "review_status": event.review_status,
        "date": record["date"] | {"display": event.date_display},
        "location": event.location,
        "actors": [
            {"slug": actor_record(item)["slug"], "name": item.actor.name, "role": item.role}
            for item in event.event_actors.all()
        ],
        "sources_count": event.sources_count,
        "disputed": EventDispute.objects.filter(event_id=event.pk).exists(),
        "claims": [
            {
                "id": claim.id,
                "quote": claim.quote,
                "start": claim.start,
                "end": claim.end,
                "source": {
                    "slug": claim.source.slug,
                    "title": claim.source.title,
                    "published_on": claim.source.published_on
                    and claim.source.published_on.isoformat(),
                    "origin": claim.source.origin,
                },
                "url": f"http://testserver{claim.source.get_absolute_url()}#claim-{claim.id}",
            }
            for claim in event.claims.all()
        ],
    }


REVIEWS = [["verified"], ["verified", "proposed", "rejected"]]
# Staff asking for verified events, and for every event; anyone else (verified events).
VISITORS = [("staff_client", REVIEWS[0]), ("staff_client", REVIEWS[1]), ("client", REVIEWS[0])]


@pytest.fixture
def generated():
    """A generated dataset with, besides, rejected and proposed claims on verified events,
    undated sources and a proposed actor in verified events, streamed in several chunks."""
    synthetic.generate_dataset(300, seed=11)
    undated = make_source(published_on=None, date_basis="unknown")
    for event in Event.objects.verified().order_by("pk")[:40:4]:
        make_claim(source=undated, event=event)
        make_claim(source=make_source(), event=event, review_status="rejected")
        make_claim(source=make_source(), event=event, review_status="proposed")
    proposed = make_actor(name="Proposed Person", review_status="proposed")
    for event in Event.objects.verified().order_by("pk")[1:40:5]:
        EventActor.objects.create(event=event, actor=proposed, role="participant")


@pytest.mark.parametrize(("visitor", "review"), VISITORS)
def test_csv_of_a_generated_dataset_matches_the_event_pages(
    request, monkeypatch, generated, visitor, review
):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 64)
    unverified = visitor == "staff_client"
    events = rendered_events({"review": review}, unverified=unverified)
    expected = [rendered_csv_row(event) for event in events]
    assert len(expected) > 200
    client = request.getfixturevalue(visitor)
    assert csv_rows(body(client.get(CSV_URL, {"review": review}))) == expected


# PLOVER's sixteen event types, as its codebook names them.
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


@pytest.mark.parametrize(("visitor", "review"), VISITORS)
def test_jsonl_of_a_generated_dataset_matches_the_event_pages(
    request, monkeypatch, generated, visitor, review
):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 64)
    events = rendered_events({"review": review}, unverified=visitor == "staff_client")
    # PLOVER has no type for a bare public statement: the JSONL leaves those events out.
    assert any(event.event_type == EventType.STATEMENT for event in events)
    expected = [
        rendered_plover_record(event) for event in events if event.event_type != EventType.STATEMENT
    ]
    client = request.getfixturevalue(visitor)
    records = jsonl_records(client.get(JSONL_URL, {"review": review}))
    assert records == expected
    assert {record["event_type"] for record in records} <= set(PLOVER_TYPES)


@pytest.mark.parametrize(
    ("visitor", "params"),
    [(visitor, {"review": review}) for visitor, review in VISITORS]
    + [("staff_client", {"review": REVIEWS[1], "from": "2005", "to": "2022"})],  # few: by id
)
def test_json_pages_of_a_generated_dataset_match_the_event_pages(
    request, monkeypatch, generated, visitor, params
):
    monkeypatch.setattr(exports, "JSON_PAGE_SIZE", 50)
    events = rendered_events(params, unverified=visitor == "staff_client")
    expected = [rendered_json_event(event) for event in events]
    assert len(expected) > 100
    client = request.getfixturevalue(visitor)
    results, url = [], JSON_URL
    while url:
        data = client.get(url, params).json()
        assert data["count"] == len(expected)
        results += data["results"]
        url, params = data["next"], None
    assert results == expected


def test_claims_with_the_same_source_and_start_are_listed_by_id(client):
    """The claim order is total: two quotes from one offset keep their ids' order."""
    event = make_event()
    source = make_source()
    make_claim(source=source, event=event, quote="spoke on Wednesday", pk=1000)
    make_claim(source=source, event=event, quote="spoke", pk=999)
    record = client.get(JSON_URL).json()["results"][0]
    assert [claim["id"] for claim in record["claims"]] == [999, 1000]
    shown = selectors.event_detail(event.slug, unverified=False).claims.all()
    assert [claim.pk for claim in shown] == [999, 1000]


# A verified event's unverified claims and actors (events.visibility)


def test_exports_give_the_public_verified_claims_and_unverified_actors_by_name(
    client, staff_client, unreviewed_evidence
):
    # Staff first: their records are cached, and must not be served to others.
    [staff_row] = csv_rows(body(staff_client.get(CSV_URL)))
    [staff_record] = jsonl_records(staff_client.get(JSONL_URL))
    [staff_event] = staff_client.get(JSON_URL).json()["results"]
    [public_row] = csv_rows(body(client.get(CSV_URL)))
    [public_record] = jsonl_records(client.get(JSONL_URL))
    [public_event] = client.get(JSON_URL).json()["results"]

    assert (staff_row["sources_count"], staff_row["claims_count"]) == ("2", "2")
    assert (public_row["sources_count"], public_row["claims_count"]) == ("1", "1")
    assert public_row["actors"] == "Narendra Modi (initiator); Sergey Lavrov (participant)"
    assert public_row["actors"] == staff_row["actors"]

    assert (staff_record["sources"], staff_record["claims_count"]) == (["readout", "rumour"], 2)
    assert (public_record["sources"], public_record["claims_count"]) == (["readout"], 1)
    lavrov = {"name": "Sergey Lavrov", "role": "participant"}
    assert staff_record["actor"][1] == lavrov | {"slug": "lavrov", "country": "IN"}
    assert public_record["actor"][1] == lavrov | {"slug": None, "country": ""}

    assert [claim["source"]["slug"] for claim in staff_event["claims"]] == ["readout", "rumour"]
    assert [claim["source"]["slug"] for claim in public_event["claims"]] == ["readout"]
    assert public_event["sources_count"] == 1
    assert staff_event["actors"][1] == {"slug": "lavrov"} | lavrov
    assert public_event["actors"][1] == {"slug": None} | lavrov
