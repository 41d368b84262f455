"""The planned-events calendar, read back by icalendar's own parser."""

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from events import exports
from tests.factories import make_event

pytestmark = pytest.mark.django_db

ICS_URL = reverse("events:export-ics")

# Text that only comes back if every TEXT escape (backslash, ";", ",", line breaks) is
# right, with non-ASCII of two to four octets a character to fold between.
HOSTILE = {
    "escapes": "Talks; then, a summit \\ in C:\\News \\n \\\\N",
    "lines": "First line\nsecond line\r\nthird\rfourth",
    "non-ascii": "Visite d’État à Москва — 北京 🇺🇳",
    "long": ("Visite d’État, à Moscou; \\ " * 9)[:200],
}


def read_back(text: str) -> str:
    """What a TEXT value can carry of `text`: every line break as a newline."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_every_event_reads_back_with_the_text_and_days_it_was_given(client):
    stored = {}
    for n, (name, text) in enumerate(HOSTILE.items()):
        stored[name] = make_event(
            slug=name,
            title=text,
            summary=f"{text} (summary)",
            location=text,
            status="planned",
            event_type="AGREE" if n % 2 else "CONSULT",
            date_edtf=f"2021-04-2{n}/2021-12-31" if n % 2 else f"2021-04-2{n}",
        )
    make_event(slug="from", status="planned", date_edtf="2022-05-01/..")
    make_event(slug="held", status="occurred")

    response = client.get(ICS_URL)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == exports.ICS_PRODID
    assert calendar["X-WR-CALNAME"] == "Diplo: planned events"
    vevents = {vevent["UID"].removesuffix("@diplo"): vevent for vevent in calendar.events}
    assert sorted(vevents) == sorted([*HOSTILE, "from"])
    for name, text in HOSTILE.items():
        event, vevent = stored[name], vevents[name]
        assert vevent["SUMMARY"] == read_back(text)
        assert vevent["LOCATION"] == read_back(text)
        assert vevent["DESCRIPTION"] == read_back(f"{text} (summary)\ndate: {event.date_display}")
        assert vevent.categories == [event.get_event_type_display()]
        assert vevent["URL"] == f"http://testserver/events/{name}/"
        assert vevent.decoded("DTSTAMP") == event.updated_at.replace(microsecond=0)
        assert vevent.decoded("DTSTART") == event.date_lower
        assert vevent.decoded("DTEND") == event.date_upper + timedelta(days=1)  # exclusive
    assert "DTEND" not in vevents["from"]


def test_every_physical_line_is_at_most_75_octets_and_ends_in_crlf(client):
    make_event(slug="long", title=HOSTILE["long"], status="planned")
    make_event(
        slug="lines", title=HOSTILE["lines"], summary=HOSTILE["non-ascii"] * 5, status="planned"
    )

    raw = client.get(ICS_URL).content

    *lines, after_last = raw.split(b"\r\n")
    assert after_last == b""
    assert not [line for line in lines if b"\r" in line or b"\n" in line]
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode()  # no character was split across a fold
    unfolded = raw.replace(b"\r\n ", b"").split(b"\r\n")
    summary = next(line for line in unfolded if line.startswith(b"SUMMARY:Visite"))
    assert len(summary) > 3 * 75  # so it was folded, more than once
    summaries = {vevent["UID"]: vevent["SUMMARY"] for vevent in Calendar.from_ical(raw).events}
    assert summaries["long@diplo"] == HOSTILE["long"]


def test_control_characters_are_dropped_and_tabs_kept(client):
    make_event(slug="ctl", title="page\x0cbreak\x01\x1b[31m\x7f\tcolumn", status="planned")

    raw = client.get(ICS_URL).content

    assert Calendar.from_ical(raw).events[0]["SUMMARY"] == "pagebreak[31m\tcolumn"
    assert not [byte for byte in raw if (byte < 0x20 and byte not in b"\t\r\n") or byte == 0x7F]
