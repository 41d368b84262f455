import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Actor, Event
from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

URL = reverse("events:event-list")


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<h4 class="event-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def cast():
    """Two actors, two sources and four events spread over time, types and statuses."""
    modi = make_actor(name="Narendra Modi", slug="narendra-modi")
    putin = make_actor(name="Vladimir Putin", slug="vladimir-putin")
    readout = make_source(title="The readout", slug="readout")
    report = make_source(title="The report", slug="report")
    summit = make_event(
        title="Summit in Vladivostok",
        slug="summit",
        date_edtf="2019-09",
        mode="visit",
        actors=[(modi, "initiator"), (putin, "recipient")],
    )
    call = make_event(
        title="Phone call",
        slug="call",
        date_edtf="2021-04-28",
        contexts=["health"],
        actors=[(modi, "participant"), (putin, "participant")],
    )
    deal = make_event(
        title="Dialogue agreed",
        slug="deal",
        event_type="AGREE",
        date_edtf="2021-04-28",
        parent=call,
        summary="A new 2+2 dialogue.",
        actors=[(putin, "participant")],
    )
    visit = make_event(
        title="Visit planned",
        slug="visit",
        status="planned",
        mode="visit",
        date_edtf="2021-04-28/2021-12-31",
        actors=[(putin, "initiator")],
    )
    make_claim(source=readout, quote="spoke on Wednesday", event=call)
    make_claim(source=report, quote="spoke on Wednesday", event=call)
    make_claim(source=report, quote="They agreed to meet", event=deal)
    make_claim(source=readout, quote="later this year", event=visit)
    return {"summit": summit, "call": call, "deal": deal, "visit": visit}  # fmt: skip


def test_events_are_grouped_by_year_then_month_in_date_order(client, cast):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(response) == [
        "Summit in Vladivostok",
        "Phone call",
        "Dialogue agreed",
        "Visit planned",
    ]
    assert (
        html.index('id="year-2019"') < html.index("September 2019") < html.index('id="year-2021"')
    )
    assert html.index("April 2021") < html.index("From April 2021, over several months")


def test_each_event_shows_date_type_status_actors_corroboration_and_best_quote(client, cast):
    html = client.get(URL).content.decode()
    assert '<time class="date date-month" datetime="2019-09">Sep 2019</time>' in html
    assert 'later in 2021</span> <span class="uncertain">uncertain date</span>' in html
    assert 'status-flag-planned">planned</span>' in html
    assert ">CONSULT</span>" in html and ">AGREE</span>" in html
    assert "reported by 2 sources" in html
    assert "<blockquote>spoke on Wednesday</blockquote>" in html
    assert f'href="/sources/readout/#claim-{cast["call"].claims.order_by("pk").first().pk}"' in html
    assert '<a href="/actors/narendra-modi/">Narendra Modi</a>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=narendra-modi", ["Summit in Vladivostok", "Phone call"]),
        (
            "actor=narendra-modi&actor=vladimir-putin",
            ["Summit in Vladivostok", "Phone call", "Dialogue agreed", "Visit planned"],
        ),
        ("type=AGREE", ["Dialogue agreed"]),
        (
            "type=AGREE&type=CONSULT&mode=ignored",
            ["Summit in Vladivostok", "Phone call", "Dialogue agreed", "Visit planned"],
        ),
        ("status=planned", ["Visit planned"]),
        ("context=health", ["Phone call"]),
        ("from=2021", ["Phone call", "Dialogue agreed", "Visit planned"]),
        ("to=2019", ["Summit in Vladivostok"]),
        ("from=2021-06&to=2021-07", ["Visit planned"]),
        ("from=2019-09-30&to=2021-04-27", ["Summit in Vladivostok"]),
        ("from=2021-04-28&to=2021-04-28", ["Phone call", "Dialogue agreed", "Visit planned"]),
        ("source=report", ["Phone call", "Dialogue agreed"]),
        ("q=dialogue", ["Dialogue agreed"]),
        ("q=wednesday", ["Phone call"]),
        ("q=vladivostok summit", ["Summit in Vladivostok"]),
        ("q=nothing-like-this", []),
    ],
)
def test_filters_narrow_the_timeline(client, cast, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_proposed_events_appear_only_when_staff_ask_by_review_status(staff_client, cast):
    make_event(title="Unchecked proposal", review_status="proposed")
    assert "Unchecked proposal" not in titles(staff_client.get(URL))
    response = staff_client.get(URL, {"review": "proposed"})
    assert titles(response) == ["Unchecked proposal"]
    assert "proposed, not verified" in response.content.decode()


CURATORS_ONLY = "Filtering by review status is for signed-in curators"


@pytest.mark.parametrize("review", [["proposed"], ["rejected"], ["verified", "proposed"]])
@pytest.mark.parametrize("htmx", [False, True])
def test_asking_for_unverified_events_without_being_staff_is_a_400_naming_review(
    client, cast, review, htmx
):
    make_event(title="Unchecked proposal", review_status="proposed")
    make_event(title="Turned down", review_status="rejected")
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(URL, {"review": review}, headers=headers)
    html = response.content.decode()
    assert response.status_code == 400
    assert f"<li><code>review</code>: {CURATORS_ONLY}" in html
    assert "Unchecked proposal" not in html and "Turned down" not in html
    # Verified is what they see anyway.
    assert client.get(URL, {"review": "verified"}).status_code == 200


def test_a_signed_in_visitor_who_is_not_staff_may_not_ask_for_proposals(
    client, cast, django_user_model
):
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get(URL, {"review": "proposed"}).status_code == 400


@pytest.mark.parametrize("first", ["staff", "public"])
def test_the_review_status_filter_and_its_counts_are_offered_to_staff_only(
    client, staff_client, cast, first
):
    make_event(title="Unchecked proposal", review_status="proposed")
    visitors = {"staff": staff_client, "public": client}
    # Either may come first and fill the cache: neither is shown the other's counts.
    pages = {
        name: visitors[name].get(URL).content.decode()
        for name in sorted(visitors, key=lambda name: name != first)
    }
    assert option(pages["staff"], "review", "proposed") == (1, False)
    assert 'name="review"' not in pages["public"]
    assert "review</summary>" not in pages["public"]
    assert option(pages["public"], "type", "CONSULT") == option(pages["staff"], "type", "CONSULT")


def test_a_deployment_may_open_proposals_to_the_public(client, cast, settings):
    make_event(title="Unchecked proposal", review_status="proposed")
    assert client.get(URL, {"review": "proposed"}).status_code == 400
    settings.DIPLO_PUBLIC_PROPOSALS = True
    response = client.get(URL, {"review": "proposed"})
    assert titles(response) == ["Unchecked proposal"]
    assert option(response.content.decode(), "review", "proposed") == (1, True)


def option(html: str, name: str, value: str) -> tuple[int, bool]:
    """The count beside a filter option, and whether it is checked."""
    found = re.search(
        rf'<input type="checkbox" name="{name}" value="{value}" id="[^"]+"( checked)?> '
        r'<span class="option-label">[^<]+</span> <span class="count"[^>]*>(\d+)<',
        html,
    )
    assert found, f"no option {name}={value}"
    return int(found.group(2)), bool(found.group(1))


def test_option_counts_follow_the_current_results(client, cast):
    html = client.get(URL, {"actor": "narendra-modi"}).content.decode()
    assert option(html, "type", "CONSULT") == (2, False)
    assert option(html, "actor", "vladimir-putin") == (2, False)
    assert option(html, "actor", "narendra-modi") == (2, True)
    assert 'value="AGREE"' not in html  # nothing to add: options with no events are left out
    picked = client.get(URL, {"type": "AGREE"}).content.decode()
    assert option(picked, "type", "AGREE") == (1, True)
    # Picking AGREE still offers CONSULT, counting what it would add: summit, call, visit.
    assert option(picked, "type", "CONSULT") == (3, False)
    assert option(picked, "status", "occurred") == (1, False)


@pytest.mark.parametrize(
    ("query", "parameter", "reason"),
    [
        ("actor=nobody", "actor", "nobody is not one of the available choices"),
        ("type=NOPE", "type", "NOPE is not one of the available choices"),
        ("status=maybe", "status", "maybe is not one of the available choices"),
        ("context=gossip", "context", "gossip is not one of the available choices"),
        ("source=nowhere", "source", "nowhere is not one of the available choices"),
        ("review=perhaps", "review", "perhaps is not one of the available choices"),
        ("from=2021-13", "from", "“2021-13” is not a real date"),
        # Found by tests/db/test_fuzz.py: year 0 is EDTF but no Python date (it was a 500).
        ("from=0000", "from", "“0000” is not a real date"),
        ("to=0000-04", "to", "“0000-04” is not a real date"),
        ("to=April", "to", "Enter a year (2021), a month (2021-04) or a day (2021-04-28)"),
        ("from=2022&to=2021", "to", "“to” (2021) is before “from” (2022)"),
        ("page=0", "page", "less than 1"),
        ("page=abc", "page", "not an integer"),
        ("page=99", "page", "contains no results"),
    ],
)
def test_invalid_input_is_a_400_naming_the_parameter(client, cast, query, parameter, reason):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert f"<li><code>{parameter}</code>:" in html
    assert reason in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert titles(response) == []


def test_htmx_request_renders_only_the_results_and_the_counts(client, cast):
    response = client.get(URL, {"type": "AGREE"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html and 'id="filter-q"' not in html
    assert 'id="facets" class="facets" data-hx-swap-oob="true"' in html
    assert titles(response) == ["Dialogue agreed"]
    # Cookie: what a signed-in curator sees is not what an anonymous visitor does.
    assert response.headers["Vary"] == "HX-Request, Cookie"


def test_htmx_history_restore_gets_the_whole_page(client, cast):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get(URL, {"type": "AGREE"}, headers=headers).content.decode()
    assert html.startswith("<!doctype html>")


def test_htmx_invalid_input_is_a_400_fragment(client, cast):
    response = client.get(URL, {"from": "2021-13"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 400
    assert html.lstrip().startswith('<section id="results"')
    assert "<li><code>from</code>:" in html


def test_the_form_works_without_javascript(client, cast):
    html = client.get(URL, {"type": "AGREE", "q": "dialogue"}).content.decode()
    form = re.search(r'<form id="filters"[^>]*>', html).group(0)
    assert 'action="/"' in form and 'method="get"' in form
    assert '<button type="submit">Apply filters</button>' in html
    assert 'name="q" value="dialogue"' in html


def test_pagination_keeps_the_filters(client, settings, monkeypatch):
    monkeypatch.setattr("events.timeline.selectors.TIMELINE_PAGE_SIZE", 2)
    for n in range(5):
        make_event(title=f"Call {n}", date_edtf=f"2021-04-0{n + 1}")
    make_event(title="Agreement", event_type="AGREE")
    first = client.get(URL, {"type": "CONSULT"}).content.decode()
    assert 'href="?type=CONSULT&amp;page=2"' in first
    second = client.get(URL, {"type": "CONSULT", "page": "2"})
    assert titles(second) == ["Call 2", "Call 3"]
    assert 'href="?type=CONSULT&amp;page=1"' in second.content.decode()


def test_export_links_carry_the_filters(client, cast):
    html = client.get(URL, {"type": "AGREE", "from": "2021"}).content.decode()
    for name in ["events.csv", "events.json", "events.jsonl", "events.ics", "events.atom"]:
        assert f'href="/{name}?type=AGREE&amp;from=2021"' in html


def test_source_text_and_titles_are_escaped(client):
    source = make_source(title="<b>bold</b>", text="Said <script>alert(1)</script> loudly.")
    event = make_event(title="<img src=x onerror=alert(2)>")
    make_claim(source=source, quote="<script>alert(1)</script>", event=event)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html


def populate(n: int) -> None:
    actor = Actor.objects.get_or_create(
        slug="actor-x", defaults={"name": "X", "kind": "state", "review_status": "verified"}
    )[0]
    source = make_source()
    for i in range(n):
        event = make_event(date_edtf=f"20{10 + i % 12}-0{1 + i % 9}", actors=[(actor, "initiator")])
        make_claim(source=source, event=event)


@pytest.mark.parametrize("query", ["", "actor=actor-x&type=CONSULT", "from=2012&to=2020&q=event"])
def test_query_count_is_the_same_for_5_and_200_events(client, django_assert_num_queries, query):
    populate(5)
    # data version, the matches (count, or ids when a filter with its own index is set),
    # the page's events, their actors, their claims, choice counts, actor counts, source
    # counts, chart; +1 to check given actor slugs; +1 for the page's ids when no filter
    # lists the matches. Counted from the tallies (no filter but the choice groups): the
    # choice counts are 1 query (every group at once), the actor and source counts 2
    # each (counts by id, then names).
    # Narrowed by a filter with an index of its own, the events it selects are found once
    # (+1) and named by id in the rest.
    # A search first asks whether it is broad: a read of at most SEARCH_COUNTED ids.
    lists = "actor=" in query or "q=" in query
    tallied = not any(name in query for name in ("actor=", "q=", "from="))
    expected = 9 + ("actor=" in query) + (not lists) + 2 * tallied + (not tallied)
    expected += "q=" in query
    with django_assert_num_queries(expected):
        assert client.get(f"{URL}?{query}").status_code == 200
    populate(195)
    with django_assert_num_queries(expected):
        assert client.get(f"{URL}?{query}").status_code == 200
    # The same view again: the matches, the page's ids, counts, chart and entries come
    # from the cache, leaving the data version, the page's events by id and the check of
    # given actor slugs.
    with django_assert_num_queries(2 + ("actor=" in query)):
        assert client.get(f"{URL}?{query}").status_code == 200


def test_cached_entries_follow_every_write(client):
    actor = Actor.objects.create(slug="actor-y", name="Old Name", kind="state")
    event = make_event(title="Entry", actors=[(actor, "initiator")])
    assert "Old Name" in client.get(URL).content.decode()
    actor.name = "New Name"
    actor.save()
    html = client.get(URL).content.decode()
    assert "New Name" in html
    assert "Old Name" not in html
    # The entry rendered for one view serves another: no claims or actors fetched again.
    make_claim(source=make_source(), event=event)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert "spoke on Wednesday" in client.get(URL, {"type": event.event_type}).content.decode()
    assert not [q for q in queries if "events_claim" in q["sql"] and "quote" in q["sql"]]


def test_a_deleted_actor_makes_its_cached_filter_invalid(client):
    actor = make_actor(slug="fleeting")
    assert client.get(URL, {"actor": "fleeting"}).status_code == 200
    actor.delete()
    response = client.get(URL, {"actor": "fleeting"})
    assert response.status_code == 400
    assert "fleeting" in response.content.decode()


def test_cached_figures_follow_every_write(client):
    make_event(title="First")
    assert "<strong>1</strong> event" in client.get(URL).content.decode()
    make_event(title="Second")
    assert "<strong>2</strong> events" in client.get(URL).content.decode()
    Event.objects.filter(title="Second").update(review_status="rejected")  # no signal
    from events import caching

    caching.bump()
    assert "<strong>1</strong> event" in client.get(URL).content.decode()


def test_a_content_security_policy_is_sent(client):
    policy = client.get(URL).headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_the_page_only_answers_get_and_head(client):
    assert client.post(URL).status_code == 405
    # Load balancers and monitors probe with HEAD.
    assert client.head(URL).status_code == 200


@pytest.mark.parametrize("few_events", [5, 100])
def test_pages_are_the_same_whether_matches_are_listed_or_walked(client, monkeypatch, few_events):
    """Up to FEW_EVENTS matches are kept as a list of ids; past it pages walk the index."""
    monkeypatch.setattr("events.timeline.selectors.FEW_EVENTS", few_events)
    monkeypatch.setattr("events.timeline.selectors.TIMELINE_PAGE_SIZE", 4)
    populate(30)  # 30 events of actor-x, over 12 years, with ties on the same month
    expected = [
        event.title
        for event in Event.objects.verified().involving(Actor.objects.all()).chronological()
    ]
    seen = []
    for number in range(1, 9):
        html = client.get(URL, {"actor": "actor-x", "page": number}).content.decode()
        seen += re.findall(r'class="event-title"><a href="[^"]+">([^<]+)</a>', html)
    assert seen == expected


def test_an_entry_evicted_after_the_page_looked_is_rendered_whole(client, monkeypatch):
    """Between the view's one lookup of cached entries and the template's own, another
    request may evict an entry: it is rendered from the event, its evidence read then."""
    event = make_event(title="Evicted entry")
    make_claim(source=make_source(title="Outlet"), event=event)
    monkeypatch.setattr("events.caching.uncached_entries", lambda events, heading, **_: [])
    html = client.get(URL).content.decode()
    assert "Evicted entry" in html
    assert "spoke on Wednesday" in html and "reported by 1 source" in html


def test_parameters_the_timeline_does_not_know_make_no_new_cache_entries(
    client, django_assert_num_queries
):
    populate(5)
    assert client.get(f"{URL}?type=CONSULT&status=occurred").status_code == 200
    # Unknown parameters, the same filters in another order, empty ones: the same figures.
    for query in ("status=occurred&type=CONSULT&z=123", "type=CONSULT&status=occurred&q=&x="):
        # The data version and the page's events: nothing counted or walked.
        with django_assert_num_queries(2):
            assert client.get(f"{URL}?{query}").status_code == 200
    with django_assert_num_queries(2):
        assert client.get(f"{URL}?type=CONSULT&status=occurred&page=1&utm=mail").status_code == 200


def test_links_in_cached_parts_carry_only_the_timelines_own_parameters(client):
    populate(5)
    html = client.get(f"{URL}?z=%3Cb%3E&type=CONSULT&utm=mail").content.decode()
    exports = html.split('class="exports"')[1].split("</p>")[0]
    assert "type=CONSULT" in exports
    assert "z=" not in exports and "utm" not in exports
    # the same cached part then serves the plain view unchanged
    assert (
        "z=" not in client.get(f"{URL}?type=CONSULT").content.decode().split('class="exports"')[1]
    )


def test_the_worst_search_anyone_can_write_costs_what_a_plain_one_does(client):
    """However many words, and however short: at most eight words are looked up, so the
    page runs the same statements as for one word (the SQL text bounded too)."""
    populate(5)
    worst = "+".join(["a"] * 50 + [f"w{n}" for n in range(25)])  # within q's 200 characters
    with CaptureQueriesContext(connection) as plain_queries:
        client.get(f"{URL}?q=talks")
    with CaptureQueriesContext(connection) as worst_queries:
        assert client.get(f"{URL}?q={worst}").status_code == 200
    assert len(worst_queries) == len(plain_queries)
    longest = max(len(query["sql"]) for query in worst_queries.captured_queries)
    assert longest < 2 * max(len(query["sql"]) for query in plain_queries.captured_queries)


WINDOW_DATES = [
    "2021-01-15", "2021-02", "2021-03", "2021-03-10", "2021-01",
    "../2021-02",  # an open start ending in the window
    "../2021-09",  # an open start ending after it: it meets the window, and sorts later
    "../2020-06",  # an open start ending before it: left out
    "2019/2022",  # begun before the window
    "2020-11/..",  # begun before, no end
    "../..",  # no date at all: meets every window
    "2021-06", "2020-12",  # outside
]  # fmt: skip


@pytest.mark.parametrize("query", ["from=2021-01&to=2021-03", "from=2021-01&to=2021-03&type=AGREE",
                                   "from=2021-02", "to=2021-02"])  # fmt: skip
def test_a_window_s_pages_walk_the_index_in_the_order_its_events_sort(client, monkeypatch, query):
    """A window of whole months is counted from the tallies and paged by walking the
    chronological index from its first day, after the events begun before it: every page
    is the window's events in date order, as if they had been listed and sorted."""
    monkeypatch.setattr("events.timeline.selectors.TIMELINE_PAGE_SIZE", 2)
    for n, edtf in enumerate(WINDOW_DATES * 2):
        make_event(title=f"E{n:02d}", date_edtf=edtf, event_type=("AGREE", "CONSULT")[n % 2])
    params = QueryDict(query)
    first = params.get("from") and date.fromisoformat(f"{params['from']}-01")
    last = params.get("to") and date(2021, int(params["to"][5:]) + 1, 1) - timedelta(days=1)
    expected = Event.objects.verified().overlapping(first or None, last or None)
    if "type" in params:
        expected = expected.filter(event_type=params["type"])
    expected = [event.title for event in expected.chronological()]
    seen = []
    for number in range(1, len(expected) // 2 + 3):
        response = client.get(f"{URL}?{query}&page={number}")
        if response.status_code == 400:
            break
        html = response.content.decode()
        assert f"<strong>{len(expected)}</strong> events" in html
        seen += re.findall(r'class="event-title"><a href="[^"]+">([^<]+)</a>', html)
    assert seen == expected


@pytest.fixture
def broad(monkeypatch):
    """Searches in more than 3 events are broad; pages of 2."""
    monkeypatch.setattr("events.timeline.filters.SEARCH_COUNTED", 3)
    monkeypatch.setattr("events.timeline.views.SEARCH_COUNTED", 3)
    monkeypatch.setattr("events.timeline.selectors.TIMELINE_PAGE_SIZE", 2)


def test_a_search_is_broad_past_its_limit_in_events():
    for n in range(3):
        make_event(title=f"Summit {n}")
        talks = make_event(title=f"Talks {n}")
        for _ in range(2):  # two quotes holding the word: the event counts once
            make_claim(make_source(), event=talks, quote="spoke on Wednesday")
    assert not Event.objects.search_is_broad("summit", 3)
    assert not Event.objects.search_is_broad("wednesday", 3)
    make_event(title="Summit 4")
    assert Event.objects.search_is_broad("summit", 3)
    make_claim(make_source(), event=make_event(title="Call"), quote="spoke on Wednesday")
    assert Event.objects.search_is_broad("wednesday", 3)
    assert not Event.objects.search_is_broad("the a of", 0)  # no searched words


def test_a_broad_search_lists_its_events_in_date_order_uncounted(client, staff_client, broad):
    for n in range(5):
        make_event(title=f"Summit {n}", date_edtf=f"20{15 - n}")
    make_event(title="Summit unverified", review_status="proposed")
    make_event(title="Call", date_edtf="2016")
    seen, number, html = [], 1, ""
    while True:
        html = client.get(URL, {"q": "summit", "page": number}).content.decode()
        seen += re.findall(r'class="event-title"><a href="[^"]+">([^<]+)</a>', html)
        assert "<strong>Many events</strong>" in html and "more than 3 events" in html
        assert 'class="count"' not in html  # the filters are offered uncounted
        assert "Not counted for so broad a search" in html  # not "none in these results"
        assert 'class="chart' not in html
        if 'rel="next"' not in html:
            break
        number += 1
    assert seen == [f"Summit {n}" for n in (4, 3, 2, 1, 0)]
    assert number == 3 and 'rel="prev"' in html
    response = client.get(URL, {"q": "summit", "page": 4})
    assert response.status_code == 400 and "page" in response.content.decode()
    # Narrowed by other words it is counted again.
    narrowed = staff_client.get(URL, {"q": "summit unverified", "review": "proposed"})
    assert "<strong>1</strong> event" in narrowed.content.decode()


def test_a_broad_search_costs_the_same_statements_however_many_events_it_finds(
    client, broad, django_assert_num_queries
):
    def statements() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"q": "summit"}).status_code == 200
        return len(queries)

    for n in range(5):
        make_event(title=f"Summit {n}")
    few = statements()
    for n in range(40):
        make_event(title=f"Summit more {n}")
    assert statements() == few


def test_events_json_pages_a_broad_search_uncounted(client, broad, monkeypatch):
    monkeypatch.setattr("events.exports.JSON_PAGE_SIZE", 2)
    for n in range(5):
        make_event(title=f"Summit {n}", slug=f"summit-{n}", date_edtf=f"20{15 - n}")
    first = client.get("/events.json", {"q": "summit"}).json()
    assert first["count"] is None
    assert [event["slug"] for event in first["results"]] == ["summit-4", "summit-3"]
    last = client.get("/events.json", {"q": "summit", "page": 3}).json()
    assert [event["slug"] for event in last["results"]] == ["summit-0"]
    assert first["next"].endswith("page=2") and last["next"] is None


# A verified event's unverified claims and actors (events.visibility): staff see them;
# the public is shown, searches and counts its verified claims, and an unverified actor's
# name alone.


@pytest.mark.parametrize("first", ["staff", "public"])
def test_an_entry_shows_the_public_its_verified_claims_and_actors_only(
    client, staff_client, unreviewed_evidence, first
):
    visitors = {"staff": staff_client, "public": client}
    # Either may come first and fill the cache: neither is shown the other's entry.
    pages = {
        name: visitors[name].get(URL).content.decode()
        for name in sorted(visitors, key=lambda name: name != first)
    }
    staff, public = pages["staff"], pages["public"]
    # Staff's best quote is the proposed statement its date was read from.
    assert "<blockquote>a summit in Kazan on Wednesday</blockquote>" in staff
    assert "reported by 2 sources" in staff
    assert '<a href="/actors/lavrov/">Sergey Lavrov</a>' in staff
    assert "<blockquote>spoke on Wednesday</blockquote>" in public
    assert "reported by 1 source<" in public and "Kazan" not in public
    assert "Sergey Lavrov <span" in public and "/actors/lavrov/" not in public


def test_the_public_search_finds_an_event_by_the_words_it_is_shown_only(
    client, staff_client, unreviewed_evidence
):
    for words in ("kazan", "spoke kazan"):  # a word of its proposed quote alone, or with others
        assert titles(client.get(URL, {"q": words})) == []
        assert titles(staff_client.get(URL, {"q": words})) == ["Phone call"]
    assert titles(client.get(URL, {"q": "phone spoke wednesday"})) == ["Phone call"]
    assert titles(staff_client.get(URL, {"q": "leaders"})) == []  # rejected: for nobody


def test_a_search_is_broad_to_the_public_by_the_events_it_may_see(client, staff_client, broad):
    for n in range(2):
        make_event(title=f"Summit {n}", date_edtf=f"20{15 - n}")
    for n in range(2):
        make_event(title=f"Summit proposal {n}", review_status="proposed")
    call = make_event(title="Call")
    rumour = make_source(text="Sources expect a summit soon.")
    make_claim(rumour, quote="a summit soon", event=call, review_status="proposed")
    # Five events' documents hold "summit", past the limit of 3; the public may see two.
    public = client.get(URL, {"q": "summit"}).content.decode()
    assert "<strong>2</strong> events" in public
    assert titles(client.get(URL, {"q": "summit"})) == ["Summit 1", "Summit 0"]
    every = {"q": "summit", "review": ["verified", "proposed"]}
    assert "<strong>Many events</strong>" in staff_client.get(URL, every).content.decode()
    assert Event.objects.search_is_broad("summit", 3)  # the admin's: every document
    assert not Event.objects.search_is_broad("summit", 3, unverified=False)


@pytest.mark.parametrize(
    "query",
    [{}, {"from": "2021", "to": "2021"}, {"q": "phone"}],
    ids=["from the tallies", "a window of whole months", "over the events"],
)
def test_the_public_counts_sources_and_actors_as_it_sees_them(
    client, staff_client, unreviewed_evidence, query
):
    staff = staff_client.get(URL, query).content.decode()
    public = client.get(URL, query).content.decode()
    assert option(staff, "source", "rumour") == (1, False)
    assert option(staff, "actor", "lavrov") == (1, False)
    assert option(public, "source", "readout") == (1, False)
    assert option(public, "actor", "modi") == (1, False)
    assert 'value="rumour"' not in public and 'value="lavrov"' not in public


def test_the_public_filters_by_sources_and_actors_as_it_sees_them(
    client, staff_client, unreviewed_evidence
):
    assert titles(staff_client.get(URL, {"source": "rumour"})) == ["Phone call"]
    assert titles(client.get(URL, {"source": "rumour"})) == []
    assert titles(client.get(URL, {"source": "readout"})) == ["Phone call"]
    assert titles(staff_client.get(URL, {"actor": "lavrov"})) == ["Phone call"]
    # An actor no curator has verified is, to the public, as an actor nobody has.
    unknown = client.get(URL, {"actor": "nobody"})
    proposed = client.get(URL, {"actor": "lavrov"})
    assert proposed.status_code == unknown.status_code == 400
    assert "lavrov is not one of the available choices" in proposed.content.decode()
