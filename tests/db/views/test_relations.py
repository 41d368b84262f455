import html
import re
from datetime import date, timedelta

import pytest

from events.models import EventType
from events.relations import selectors
from events.relations.chart import MONTHS_AT_MOST
from tests.factories import make_actor, make_event

pytestmark = pytest.mark.django_db

SEGMENT = re.compile(r'<a href="([^"]+)" class="segment q-([a-z-]+)"><title>([^<]+)</title>')


@pytest.fixture
def pair():
    """India and Russia (states), a person of each, and a third country's minister."""
    india = make_actor(name="India", slug="india", kind="state", country="IN")
    russia = make_actor(name="Russia", slug="russia", kind="state", country="RU")
    modi = make_actor(name="Narendra Modi", slug="modi", country="IN")
    putin = make_actor(name="Vladimir Putin", slug="putin", country="RU")
    make_actor(name="Somebody Else", slug="else", country="FR")
    return india, russia, modi, putin


def both(india, russia, *others):
    return [(india, "initiator"), (russia, "recipient"), *((o, "participant") for o in others)]


def segments(html_text: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(class key, period) → (href, label) of each bar part."""
    found = {}
    for href, key, label in SEGMENT.findall(html_text):
        period = html.unescape(label).split(":")[0]
        found[key, period] = (html.unescape(href), html.unescape(label))
    return found


def test_every_event_type_is_in_exactly_one_class():
    listed = [t for quad in selectors.CLASSES for t in quad.types]
    assert sorted(listed) == sorted(EventType.values)
    assert selectors.CLASS_OF_TYPE["SANCTION"].key == "verbal-conflict"  # as PLOVER's table
    assert selectors.CLASS_OF_TYPE["STATEMENT"] is selectors.STATEMENTS


def test_the_chart_counts_the_pairs_events_by_class_and_month(client, pair):
    india, russia, modi, _ = pair
    make_event(event_type="CONSULT", date_edtf="2021-04-28", actors=both(india, russia))
    make_event(event_type="AGREE", date_edtf="2021-04-10", actors=both(india, russia, modi))
    make_event(event_type="AID", date_edtf="2021-04-03", actors=both(russia, india))
    make_event(event_type="ACCUSE", date_edtf="2021-05", actors=both(india, russia))
    make_event(event_type="SANCTION", date_edtf="2021-05-02", actors=both(india, russia))
    make_event(event_type="STATEMENT", date_edtf="2021-06-01", actors=both(india, russia))
    # Not the pair's: one of them only, another pair, unverified or rejected.
    make_event(event_type="CONSULT", date_edtf="2021-04-28", actors=[(india, "initiator")])
    make_event(event_type="CONSULT", date_edtf="2021-04-28", actors=[(russia, "initiator")])
    make_event(event_type="ASSAULT", review_status="proposed", actors=both(india, russia))
    make_event(event_type="ASSAULT", review_status="rejected", actors=both(india, russia))

    response = client.get("/relations/india/russia/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "6 events involve both" in page
    parts = segments(page)
    assert {key: label.split(": ")[1] for key, (_, label) in parts.items()} == {
        ("verbal-cooperation", "Apr 2021"): "2 events of verbal cooperation",
        ("material-cooperation", "Apr 2021"): "1 event of material cooperation",
        ("verbal-conflict", "May 2021"): "2 events of verbal conflict",
        ("statement", "Jun 2021"): "1 event of public statement",
    }
    href = parts["verbal-cooperation", "Apr 2021"][0]
    assert href == (
        "/?actor=india&with=russia&type=AGREE&type=CONSULT&type=SUPPORT&type=CONCEDE"
        "&from=2021-04&to=2021-04"
    )
    assert "Events per month" in page and "material conflict 0" not in page.replace("\n", "")


def test_following_a_bar_part_gives_the_events_it_counts(client, pair):
    india, russia, *_ = pair
    make_event(
        title="Call", event_type="CONSULT", date_edtf="2021-04-28", actors=both(india, russia)
    )
    make_event(title="Deal", event_type="AGREE", date_edtf="2021-04-10", actors=both(india, russia))
    counted = {"Call", "Deal"}
    make_event(title="Aid", event_type="AID", date_edtf="2021-04-03", actors=both(india, russia))
    make_event(title="India alone", date_edtf="2021-04-28", actors=[(india, "initiator")])
    make_event(title="Later call", date_edtf="2021-05-02", actors=both(india, russia))

    href, _ = segments(client.get("/relations/india/russia/").content.decode())[
        "verbal-cooperation", "Apr 2021"
    ]
    timeline = client.get(href)

    assert timeline.status_code == 200
    titles = re.findall(
        r'class="event-title"><a href="[^"]+">([^<]+)</a>', timeline.content.decode()
    )
    assert set(titles) == counted


def test_a_long_span_is_counted_by_year(client, pair):
    india, russia, *_ = pair
    make_event(event_type="CONSULT", date_edtf="2015-03", actors=both(india, russia))
    make_event(event_type="PROTEST", date_edtf="2021-04-28", actors=both(india, russia))
    make_event(event_type="CONSULT", date_edtf="2021", actors=both(india, russia))

    parts = segments(client.get("/relations/india/russia/").content.decode())

    assert set(parts) == {
        ("verbal-cooperation", "2015"),
        ("verbal-cooperation", "2021"),
        ("material-conflict", "2021"),
    }
    assert parts["material-conflict", "2021"][0].endswith(
        "type=PROTEST&type=MOBILIZE&type=COERCE&type=ASSAULT&from=2021&to=2021"
    )
    assert MONTHS_AT_MOST == 36


def test_staff_are_counted_proposed_events_and_their_links_ask_for_them(client, staff_client, pair):
    india, russia, *_ = pair
    make_event(event_type="CONSULT", date_edtf="2021-04-28", actors=both(india, russia))
    make_event(event_type="ASSAULT", date_edtf="2021-04-02", review_status="proposed",
               actors=both(india, russia))  # fmt: skip
    make_event(event_type="ASSAULT", date_edtf="2021-04-03", review_status="rejected",
               actors=both(india, russia))  # fmt: skip

    public = segments(client.get("/relations/india/russia/").content.decode())
    staff = segments(staff_client.get("/relations/india/russia/").content.decode())

    assert set(public) == {("verbal-cooperation", "Apr 2021")}
    assert set(staff) == {("verbal-cooperation", "Apr 2021"), ("material-conflict", "Apr 2021")}
    href, label = staff["material-conflict", "Apr 2021"]
    assert label == "Apr 2021: 1 event of material conflict"
    assert "review=proposed&review=verified" in href
    assert "review=" not in public["verbal-cooperation", "Apr 2021"][0]


def test_an_unverified_actor_is_a_404_for_the_public_but_not_for_staff(client, staff_client, pair):
    make_actor(
        name="Proposed", slug="proposed", kind="state", country="CN", review_status="proposed"
    )
    assert client.get("/relations/india/proposed/").status_code == 404
    assert staff_client.get("/relations/india/proposed/").status_code == 200
    assert client.get("/relations/india/nobody/").status_code == 404
    assert client.get("/relations/nobody/india/").status_code == 404


def test_the_same_actor_twice_is_a_400_naming_it(client, pair):
    response = client.get("/relations/india/india/")
    assert response.status_code == 400
    assert "<code>actor</code>: Choose two different actors" in response.content.decode()


def test_top_types_people_by_side_and_commitments_by_state(client, pair):
    india, russia, modi, putin = pair
    lavrov = make_actor(name="Sergey Lavrov", slug="lavrov", country="RU")
    other = make_actor(name="Somebody Else", slug="someone", country="FR")
    hidden = make_actor(name="Hidden Person", slug="hidden", country="IN", review_status="proposed")
    for _ in range(3):
        make_event(event_type="CONSULT", actors=both(india, russia, modi, putin))
    make_event(event_type="AGREE", actors=both(india, russia, modi, lavrov, other, hidden))
    make_event(event_type="AID", actors=[(modi, "initiator"), (lavrov, "recipient")])  # not theirs
    today = date.today()
    kept = make_event(event_type="CONSULT", status="planned", date_edtf="2020",
                      actors=both(india, russia))  # fmt: skip
    make_event(event_type="CONSULT", date_edtf="2020-05", fulfils=kept, actors=both(india, russia))
    make_event(event_type="CONSULT", status="planned", date_edtf="2020", actors=both(india, russia))
    soon = (today + timedelta(days=60)).isoformat()
    make_event(event_type="AGREE", status="planned", date_edtf=soon, actors=both(india, russia))
    make_event(event_type="AGREE", status="planned", date_edtf="2019", actors=both(india, russia))
    # A plan carried out only by a rejected event is not kept: overdue.
    unkept = make_event(event_type="AID", status="planned", date_edtf="2018",
                        actors=both(india, russia))  # fmt: skip
    make_event(event_type="AID", date_edtf="2018-05", review_status="rejected", fulfils=unkept,
               actors=both(india, russia))  # fmt: skip
    make_event(
        event_type="CONSULT", status="cancelled", date_edtf="2021", actors=both(india, russia)
    )

    page = client.get("/relations/india/russia/").content.decode()

    types = re.findall(r'<a href="[^"]+">(\w+)</a> <span class="count">(\d+)</span>', page)
    assert types[:3] == [("consult", "7"), ("agree", "3"), ("aid", "1")]
    india_side = page[page.index("India’s side") : page.index("Russia’s side")]
    russia_side = page[page.index("Russia’s side") : page.index("Commitments between")]
    assert re.findall(r'>([^<]+)</a> <span class="count">(\d+) event', india_side) == [
        ("Narendra Modi", "4")
    ]
    assert re.findall(r'>([^<]+)</a> <span class="count">(\d+) event', russia_side) == [
        ("Vladimir Putin", "3"),
        ("Sergey Lavrov", "1"),
    ]
    assert "Somebody Else" not in page and "Hidden Person" not in page
    states = dict(
        (state, int(count))
        for count, state in re.findall(r'<span class="count-figure">(\d+)</span> (\w+)</a>', page)
    )
    assert states == {"kept": 1, "overdue": 3, "pending": 1, "cancelled": 1}
    assert 'href="/commitments/?actor=india&amp;with=russia&amp;state=overdue"' in page


def test_two_actors_of_one_country_make_one_side(client):
    modi = make_actor(name="Narendra Modi", slug="modi", country="IN")
    jaishankar = make_actor(name="S Jaishankar", slug="jaishankar", country="IN")
    make_event(actors=[(modi, "initiator"), (jaishankar, "participant")])
    page = client.get("/relations/modi/jaishankar/").content.decode()
    assert "Both sides" in page and page.count('class="side"') == 1
    assert "S Jaishankar</a>" in page and "Narendra Modi</a> <span" in page


def test_an_actor_without_a_country_is_its_own_side(client, pair):
    india, *_ = pair
    envoy = make_actor(name="A Stateless Envoy", slug="envoy", country="")
    make_event(actors=[(india, "initiator"), (envoy, "recipient")])
    page = client.get("/relations/india/envoy/").content.decode()
    envoy_side = page[page.index("A Stateless Envoy’s side") : page.index("Commitments between")]
    assert 'A Stateless Envoy</a> <span class="count">1 event' in envoy_side


def test_the_picker_redirects_to_the_pairs_page(client, pair):
    response = client.get("/relations/", {"a": "india", "b": "russia"})
    assert response.status_code == 302 and response["Location"] == "/relations/india/russia/"
    # A name is found too, in any case.
    response = client.get("/relations/", {"a": "India", "b": "vladimir putin"})
    assert response["Location"] == "/relations/india/putin/"


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ({"a": "india", "b": "nobody"}, "b", "No actor is called “nobody”."),
        ({"a": "", "b": "russia"}, "a", "Choose an actor."),
        ({"b": "russia"}, "a", "Choose an actor."),
        ({"a": "india", "b": "india"}, "b", "Choose two different actors"),
        ({"a": "india", "b": "proposed"}, "b", "No actor is called “proposed”."),
    ],
)
def test_the_picker_names_the_bad_parameter(client, pair, query, parameter, message):
    make_actor(name="Proposed", slug="proposed", kind="state", review_status="proposed")
    response = client.get("/relations/", query)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert f"<code>{parameter}</code>: {message}" in page


def test_the_actor_list_offers_the_picker(client, django_assert_num_queries, pair):
    make_actor(name="Proposed", slug="proposed", kind="state", review_status="proposed")
    with django_assert_num_queries(2):  # actors with counts, their aliases
        page = client.get("/actors/").content.decode()
    assert 'action="/relations/"' in page and 'method="get"' in page
    assert page.count('<option value="india">India</option>') == 2
    assert 'value="proposed"' not in page
    assert '<optgroup label="Person">' in page and '<optgroup label="State">' in page


def test_the_query_count_is_pinned_and_does_not_grow_with_the_data(
    client, django_assert_num_queries, pair
):
    india, russia, modi, putin = pair

    def add(n, year):
        for i in range(n):
            make_event(event_type=EventType.values[i % 17], date_edtf=f"{year}-0{1 + i % 9}",
                       status=("occurred", "planned", "cancelled")[i % 3],
                       actors=both(india, russia, modi, putin))  # fmt: skip

    add(3, 2020)
    # data version, the two actors (with their tallies), the events by month, type and
    # state, the people by side
    with django_assert_num_queries(4):
        assert client.get("/relations/india/russia/").status_code == 200
    add(60, 2023)
    with django_assert_num_queries(4):
        response = client.get("/relations/india/russia/")
    assert "63 events involve both" in response.content.decode()
    with django_assert_num_queries(1):  # again: from the cache, under the data version
        again = client.get("/relations/india/russia/").content.decode()
    assert "63 events involve both" in again and segments(again) == segments(
        response.content.decode()
    )
