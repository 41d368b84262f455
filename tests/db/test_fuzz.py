"""Every public URL under random and hostile query strings (issue 7, item 1).

Properties, for every page, export and /healthz: no answer is a 5xx (nor an exception);
a 400 names, with a message, a filter parameter the request sent; an HTML page holds no
unescaped copy of markup a parameter injected; the same request answers the same when its
parts are cached.

A quick run by default (CI); `DIPLO_FUZZ_EXAMPLES=5000` (what `make fuzz` sets) runs that
many examples per URL group, randomised afresh each run.
"""

import json
import os
import re
from datetime import date
from urllib.parse import quote, quote_plus, urlencode

import pytest
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.db import transaction
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import exports
from events.models import Context, EventStatus, EventType, ReviewStatus
from events.timeline import chart, selectors
from events.timeline.filters import EventFilter
from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = [
    pytest.mark.django_db,
    # A key memcached would refuse must not be made, whichever cache a site configures.
    pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning"),
]

LONG_RUN = os.environ.get("DIPLO_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(LONG_RUN) if LONG_RUN else 150,
    # The quick run tries the same examples every time, so CI cannot flake; a long run
    # explores anew. No example database is written into the working tree.
    derandomize=not LONG_RUN,
    database=None,
    deadline=None,
    # The dataset is built once per test function and only read by the examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PARAMETERS = (*EventFilter.base_filters, "page")
ACTORS = ("narendra-modi", "vladimir-putin")
SOURCES = ("readout", "report")
EVENTS = ("call", "deal", "visit", "summit", "proposal", "open-ended")
# What an anonymous visitor may see: every event but the proposal (events.visibility).
PUBLIC_EVENTS = tuple(slug for slug in EVENTS if slug != "proposal")

# Markup a reflected parameter must never carry into a page unescaped.
MARKUP = (
    "<script>alert('fuzz')</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><svg onload=alert(1)>",
    '" autofocus onfocus="alert(1)',
)
HOSTILE = (
    *MARKUP,
    "javascript:alert(1)",
    "' OR '1'='1",
    "1; DROP TABLE events_event; --",
    "%' UNION SELECT slug FROM events_actor --",
    "\\",
    "'",
    '"',
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "{% load static %}{% static '../../etc/passwd' %}",
    "{{ 7|add:7 }}{# x",
    "${7*7}",
    "{{7*'7'}}",
    "\x00",
    "a\x00b",
    "\r\nSet-Cookie: x=1",
    "\u202e2021-04-28",
    "مودي بوتين",
    "💥🇮🇳🇷🇺",
    "ℌ𝔢𝔩𝔩𝔬",
    "\ufeff",
    "\u0000\u0001\u001f\u007f",
    "../../etc/passwd",
    "..",
)
DATES = (
    "2021",
    "2021-04",
    "2021-04-28",
    "2021-13",
    "2021-00",
    "0000",
    "0000-01-01",
    "0001",
    "9999",
    "9999-12-31",
    "2021-02-30",
    "2020-02-29",
    "2021-02-29",
    "2021-21",
    "2021-25",
    "202X",
    "2021?",
    "2021-04~",
    "2021-04-28/2021-12-31",
    "2021-04-28/..",
    "../2021-04-28",
    "../..",
    "-2021",
    "+2021",
    "Y170000002",
    "2021-4-1",
    "21",
    "20210428",
    "2021-04-28T10:00:00",
    "٢٠٢١",
    "٢٠٢١-٠٤",
    "２０２１",
    "1e3",
    "{2021,2022}",
    "[2021..2022]",
)
PAGES = (
    "0",
    "-1",
    "1",
    "2",
    "1e9",
    "1.5",
    "1.0",
    str(10**30),
    "9" * 5000,
    "NaN",
    "inf",
    "٣",
    " 1 ",
)
CHOICES = (
    *EventType.values,
    *EventStatus.values,
    *Context.values,
    *ReviewStatus.values,
    *(value.lower() for value in EventType.values),
)
# Search syntax of FTS5 (SQLite) and websearch_to_tsquery (PostgreSQL), broken or not.
SEARCH = (
    '"unclosed',
    '"a phrase"',
    "NEAR(modi putin, 2)",
    "modi* ^putin",
    "title:call",
    "modi AND OR NOT",
    "or",
    "-",
    "- - -",
    "!call & (visit | deal) <-> x:*",
    "call -",
    " ".join(["word"] * 60),
    "...",
    "'';",
)
# Raw pieces put in the query string as they are: broken percent-encoding among them.
RAW = ("%00", "%ZZ", "%", "%E2%82", "%FF%FE", "%C0%AF", "&&", "=", "==", "a=b=c", ";", "+", "%2B")

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
odd_text = st.text(
    st.characters(categories=("Cc", "Cf", "Co", "Zl", "Zp", "Mn", "So")), min_size=1, max_size=20
)
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(("a", "2021-", "<script>", "ü", "💥", "%", "'")),
    st.integers(10_000, 12_000),
)
# Dates shaped as the filters take them, every digit free: year 0, month 13, 30 February.
date_shaped = st.from_regex(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", fullmatch=True)
dates = st.one_of(st.sampled_from(DATES), st.sampled_from(DATES), date_shaped)

values = st.one_of(
    st.sampled_from(ACTORS + SOURCES + CHOICES),
    st.sampled_from(HOSTILE),
    st.sampled_from(MARKUP),
    dates,
    st.sampled_from(PAGES),
    st.just(""),
    text,
    odd_text,
    long_text,
    st.builds(str, st.integers(-(10**40), 10**40)),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE + DATES), text),
)
# Each filter's own kind of value, good and bad, is what it is sent most often.
OWN_VALUES = {
    "actor": st.sampled_from(ACTORS + SOURCES + ("", "Narendra Modi", "MODI")),
    "with": st.sampled_from(ACTORS + SOURCES + ("", "Narendra Modi", "MODI")),
    "disputed": st.sampled_from(("1", "0", "", "true", "yes", "1 ")),
    "source": st.sampled_from(SOURCES + ACTORS + ("", "READOUT")),
    "from": dates,
    "to": dates,
    "page": st.one_of(st.sampled_from(PAGES), st.builds(str, st.integers(-(10**30), 10**30))),
    "q": st.one_of(text, st.sampled_from(HOSTILE + SEARCH), st.sampled_from(MARKUP)),
} | {name: st.sampled_from(CHOICES) for name in ("type", "status", "context", "review")}
# The dates' parser is the richest: its parameters are drawn twice as often.
known = st.sampled_from((*PARAMETERS, "from", "to")).flatmap(
    lambda name: st.tuples(st.just(name), st.one_of(OWN_VALUES[name], OWN_VALUES[name], values))
)
unknown = st.tuples(
    st.one_of(
        st.sampled_from(("", "from[]", "PAGE", "q ", "actor\x00", "csrfmiddlewaretoken", "format")),
        text,
    ),
    values,
)


@st.composite
def pairs(draw) -> str:
    """One query string piece: name=value encoded one of several ways, or a raw piece."""
    name, value = draw(st.one_of(known, known, unknown))
    how = draw(st.sampled_from(("quote", "quote_plus", "raw", "broken", "bare", "piece")))
    if how == "quote":
        return f"{quote(name, safe='')}={quote(value, safe='')}"
    if how == "quote_plus":
        return f"{quote_plus(name)}={quote_plus(value)}"
    if how == "raw":
        # Only what would end the piece or the URL is escaped; the rest goes as it is.
        escape = str.maketrans({"&": "%26", "#": "%23", "=": "%3D", "%": "%25"})
        return f"{name.translate(escape)}={value.translate(escape)}"
    if how == "broken":
        return f"{quote(name, safe='')}={quote(value, safe='')}{draw(st.sampled_from(RAW))}"
    if how == "bare":
        return quote(name, safe="")  # a parameter without "="
    return draw(st.sampled_from(RAW))


query_strings = st.lists(pairs(), max_size=12).map("&".join)


@pytest.fixture
def dataset(db):
    """A small timeline: both actors, both sources, events of every status and review."""
    modi = make_actor(name="Narendra Modi", slug="narendra-modi", aliases=["Modi"])
    putin = make_actor(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    readout = make_source(title="The readout", slug="readout")
    report = make_source(title="The report", slug="report", published_on=None, date_basis="unknown")
    call = make_event(
        title="Phone call",
        slug="call",
        actors=[(modi, "participant"), (putin, "participant")],
    )
    deal = make_event(
        title="Dialogue agreed", slug="deal", event_type="AGREE", parent=call, date_edtf="2021-04"
    )
    make_event(
        title="Visit planned",
        slug="visit",
        status="planned",
        mode="visit",
        date_edtf="2021-04-28/2021-12-31",
        actors=[(putin, "initiator")],
    )
    make_event(title="Summit", slug="summit", date_edtf="2019-09", contexts=["economic"])
    make_event(title="Proposal", slug="proposal", review_status="proposed", date_edtf="2021?")
    make_event(title="Open-ended", slug="open-ended", status="planned", date_edtf="../2021-04-28")
    make_claim(source=readout, quote="spoke on Wednesday", event=call)
    make_claim(source=report, quote="spoke on Wednesday", event=call)
    make_claim(source=report, quote="They agreed to meet", event=deal)


def _fetch(client, path: str, query: str, headers: dict[str, str]):
    """GET path?query as a WSGI server would pass it on (bytes read as latin-1), with the
    body read even when streamed (a streamed export fails while it is read)."""
    response = client.generic(
        "GET", path, headers=headers, QUERY_STRING=query.encode().decode("latin-1")
    )
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    return response, body


def _named_in_errors(response, body: str) -> dict[str, str]:
    """The parameters a 400 names, with their message, read from its format."""
    content_type = response["Content-Type"]
    if content_type.startswith("application/json"):
        errors = json.loads(body)["errors"]
        return {name: " ".join(messages) for name, messages in errors.items()}
    if content_type.startswith("text/html"):
        return dict(re.findall(r"<li><code>([^<]*)</code>: ([^<]*)</li>", body))
    # Plain text: a line a parameter, "name: message"; a message may quote a value that
    # holds line breaks, so only lines naming a filter parameter count, and the first must.
    lines = [line.partition(": ") for line in body.splitlines()]
    named = {name: message for name, _, message in lines if name in PARAMETERS}
    return named if lines and lines[0][0] in named else {}


def _check(response, body: str, query: str) -> None:
    sent = QueryDict(query.encode().decode("latin-1"))
    assert response.status_code < 500, body[:2000]
    if response.status_code == 400:
        named = _named_in_errors(response, body)
        assert named, f"a 400 without a parameter named in it: {body[:2000]}"
        for name, message in named.items():
            assert name in PARAMETERS and name in sent, (name, sorted(sent))
            assert message.strip(), name
    if response["Content-Type"].startswith("text/html"):
        values = [value for _, values in sent.lists() for value in values]
        reflected = [markup for markup in MARKUP for value in values if markup in value]
        for markup in reflected:
            assert markup not in body
        assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", body, re.I)


OFFERED = {
    "type": set(EventType.values),
    "status": set(EventStatus.values),
    "context": set(Context.values),
    "review": set(ReviewStatus.values),
    "actor": set(ACTORS),
    "source": set(SOURCES),
}


# What the filters offer an anonymous visitor: review status is verified for them.
OFFERED_PUBLICLY = OFFERED | {"review": {ReviewStatus.VERIFIED.value}}


def _bad_on_their_face(sent: QueryDict) -> set[str]:
    """Filter parameters whose values no filter may take: a choice not offered, an actor or
    source that does not exist, a NUL character, a search over 200 characters."""
    bad = {
        name
        for name, offered in OFFERED.items()
        if any(value and value not in offered for value in sent.getlist(name))
    }
    bad |= {name for name in PARAMETERS if "\x00" in sent.get(name, "") and name != "page"}
    if len(sent.get("q", "").strip()) > 200:
        bad.add("q")
    return bad


def _check_filtered(response, body: str, query: str) -> None:
    """_check(), and: a parameter no filter may take is a 400 that names it."""
    _check(response, body, query)
    bad = _bad_on_their_face(QueryDict(query.encode().decode("latin-1")))
    if bad:
        assert response.status_code == 400, bad
        assert bad <= _named_in_errors(response, body).keys()


def _request_twice(client, path: str, query: str, headers=None, check=_check):
    """The request on an empty cache and again with what it cached: both must pass the
    check and agree. Each example's writes (a first data version) are rolled back."""
    cache.clear()
    with transaction.atomic():
        first, first_body = _fetch(client, path, query, headers or {})
        check(first, first_body, query)
        second, second_body = _fetch(client, path, query, headers or {})
        check(second, second_body, query)
        assert second.status_code == first.status_code
        transaction.set_rollback(True)
    return first


HTMX = st.sampled_from(
    (
        {},
        {"HX-Request": "true"},
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
        {"HX-Request": "true", "HX-Current-URL": "javascript:alert(1)", "HX-Target": "\x00"},
        {"HX-Request": "false"},
    )
)


# Limits small enough for the small dataset to take the paths of a large one: matches
# walked in the index rather than listed, several pages, a binned chart, export batches.
SMALL_LIMITS = (
    (selectors, "FEW_EVENTS", 2),
    (selectors, "TIMELINE_PAGE_SIZE", 2),
    (chart, "MARK_LIMIT", 2),
    (exports, "JSON_PAGE_SIZE", 2),
    (exports, "EXPORT_CHUNK_SIZE", 2),
)


@FUZZ
@given(query=query_strings, headers=HTMX, small=st.booleans())
def test_the_timeline_never_fails_on_any_query(client, dataset, monkeypatch, query, headers, small):
    with monkeypatch.context() as patch:
        for module, name, value in SMALL_LIMITS if small else ():
            patch.setattr(module, name, value)
        _request_twice(client, "/", query, headers, check=_check_filtered)


EXPORTS = (
    "/events.csv",
    "/events.json",
    "/events.jsonl",
    "/events.timeline.json",
    "/events.ics",
    "/events.atom",
)


@FUZZ
@given(path=st.sampled_from(EXPORTS), query=query_strings, small=st.booleans())
def test_the_exports_never_fail_on_any_query(client, dataset, monkeypatch, path, query, small):
    with monkeypatch.context() as patch:
        for module, name, value in SMALL_LIMITS if small else ():
            patch.setattr(module, name, value)
        _request_twice(client, path, query, check=_check_filtered)


def _written(day: date):
    """A day as the date filters take it: its year, its month or itself."""
    year, month = f"{day.year:04d}", f"{day.month:02d}"
    return st.sampled_from((year, f"{year}-{month}", f"{year}-{month}-{day.day:02d}"))


@st.composite
def fair_queries(draw) -> str:
    """Filters a link or the form could carry for an anonymous visitor: the choices
    offered to them, existing slugs, empty values, dates in order, a search of any words,
    and parameters no filter reads."""
    params = [
        (name, value)
        for name, offered in OFFERED_PUBLICLY.items()
        for value in draw(st.lists(st.sampled_from([*sorted(offered), ""]), max_size=3))
    ]
    first, last = sorted(draw(st.lists(st.dates(), min_size=2, max_size=2)))
    for name, day in (("from", first), ("to", last)):
        params.append((name, draw(st.one_of(_written(day), st.just("")))))
    params.append(
        (
            "q",
            draw(
                st.text(
                    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
                    max_size=200,
                )
            ),
        )
    )
    ignored = text.filter(lambda name: name not in PARAMETERS)
    params += draw(st.lists(st.tuples(ignored, values), max_size=3))
    return urlencode(draw(st.permutations(params)))


@FUZZ
@given(path=st.sampled_from(("/", *EXPORTS)), query=fair_queries(), small=st.booleans())
def test_filters_a_link_could_carry_are_never_refused(
    client, dataset, monkeypatch, path, query, small
):
    with monkeypatch.context() as patch:
        for module, name, value in SMALL_LIMITS if small else ():
            patch.setattr(module, name, value)
        assert _request_twice(client, path, query, check=_check_filtered).status_code == 200


# What a slug converter admits ([-a-zA-Z0-9_]+), and percent-encoded segments it does not.
slugs = st.one_of(
    st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
    st.builds(
        lambda piece, times: piece * times, st.sampled_from("a-_9"), st.integers(201, 12_000)
    ),
    st.sampled_from(("--", "_", "0", "call-", "-call", "CALL", "call_", "narendra-modi")),
)
segments = st.sampled_from(
    ("%3Cscript%3E", "..%2F..", "%00", "%ZZ", "call%00", "%E2%80%AE", "%FF", ".", "call%20")
)
DETAIL_PAGES = (("/events/", PUBLIC_EVENTS), ("/sources/", SOURCES), ("/actors/", ACTORS))


@FUZZ
@given(
    page=st.sampled_from(DETAIL_PAGES),
    slug=st.one_of(slugs, st.sampled_from(EVENTS + SOURCES + ACTORS)),
    encoded=st.one_of(st.none(), segments),
    query=query_strings,
)
def test_detail_pages_answer_their_slugs_and_404_for_the_rest(
    client, dataset, page, slug, encoded, query
):
    prefix, existing = page
    response = _request_twice(client, f"{prefix}{encoded or slug}/", query)
    # A detail page reads its address only: the query string changes nothing.
    assert response.status_code == (200 if encoded is None and slug in existing else 404)


@FUZZ
@given(path=st.sampled_from(("/actors/", "/healthz")), query=query_strings)
def test_lists_and_healthz_ignore_any_query(client, dataset, path, query):
    assert _request_twice(client, path, query).status_code == 200


@FUZZ
@given(query=query_strings)
def test_the_source_list_reads_its_page_alone(client, dataset, query):
    # The dataset's two sources fill one page: any other page is a 400 naming `page`.
    page = QueryDict(query).get("page")
    try:
        Paginator(SOURCES, selectors.SOURCES_PER_PAGE).page(page or 1)
    except InvalidPage:
        expected = 400
    else:
        expected = 200
    response = _request_twice(client, "/sources/", query)
    assert response.status_code == expected
    if expected == 400:
        assert b"<code>page</code>" in response.content
