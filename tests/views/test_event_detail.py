import re

import pytest

from tests.conftest import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db


def test_event_page_shows_date_certainty_actors_links_and_claims_by_source(client):
    modi = make_actor(name="Narendra Modi", slug="modi", title="Prime Minister of India")
    readout = make_source(title="The readout", slug="readout")
    report = make_source(title="The report", slug="report", published_on=None, date_basis="unknown")
    call = make_event(title="Phone call", slug="call", actors=[(modi, "initiator")])
    visit = make_event(
        title="Visit",
        slug="visit",
        status="planned",
        date_edtf="2021-04-28/2021-12-31",
        date_phrase="later this year",
        parent=call,
    )
    make_event(title="Visit held", slug="held", date_edtf="2021-12-06", fulfils=visit)
    dated = make_claim(source=readout, quote="later this year", event=visit)
    visit.date_claim = dated
    visit.save()
    other = make_claim(source=report, quote="agreed to meet", event=visit)

    html = client.get("/events/visit/").content.decode()

    assert "later in 2021" in html
    assert "earliest 28 Apr 2021, latest 31 Dec 2021" in html
    assert f'Read from “later this year” in <a href="/sources/readout/#claim-{dated.pk}">' in html
    assert '<a href="/events/call/">Phone call</a>' in html
    assert '<a href="/events/held/">Visit held</a>' in html
    assert "reported by 2 sources" in html
    columns = re.findall(r'<section class="source-column" aria-labelledby="source-([\w-]+)">', html)
    assert columns == ["readout", "report"]
    assert f'href="/sources/report/#claim-{other.pk}"' in html
    call_html = client.get("/events/call/").content.decode()
    assert '<a href="/events/visit/">Visit</a>' in call_html
    assert (
        '<a href="/actors/modi/">Narendra Modi</a> <span class="role">initiator</span>' in call_html
    )
    held_html = client.get("/events/held/").content.decode()
    assert 'the planned <a href="/events/visit/">Visit</a>' in held_html  # fmt: skip


def test_rejected_claims_are_not_shown_as_evidence(client):
    event = make_event(slug="call")
    make_claim(quote="spoke on Wednesday", event=event)
    make_claim(quote="later this year", event=event, review_status="rejected")
    html = client.get("/events/call/").content.decode()
    assert "spoke on Wednesday" in html
    assert "later this year" not in html
    assert "reported by 1 source" in html


def test_unknown_event_is_a_404(client):
    assert client.get("/events/no-such-event/").status_code == 404


# Found by tests/test_fuzz.py: the page's cache key held the whole slug, past memcached's
# 250 characters.
@pytest.mark.filterwarnings("error::django.core.cache.backends.base.CacheKeyWarning")
@pytest.mark.parametrize("prefix", ["/events/", "/sources/", "/actors/"])
def test_an_address_longer_than_any_slug_is_a_404_any_cache_can_key(client, prefix):
    assert client.get(f"{prefix}{'a' * 203}/").status_code == 404


def test_event_page_query_count_is_the_same_for_5_and_200_claims(client, django_assert_num_queries):
    actor = make_actor()
    parent = make_event(slug="parent")
    event = make_event(slug="event", parent=parent, actors=[(actor, "initiator")])

    def add_claims(n):
        for _ in range(n):
            make_claim(event=event)
            make_event(parent=event)

    add_claims(5)
    # data version; event with parent/fulfils/date claim, actors, claims, children,
    # fulfilled_by
    with django_assert_num_queries(6):
        client.get("/events/event/")
    add_claims(195)
    with django_assert_num_queries(6):
        page = client.get("/events/event/").content.decode()
    # Again, the page's body comes from the cache: only the data version is read.
    with django_assert_num_queries(1):
        again = client.get("/events/event/").content.decode()
    assert again.count("see it in the text") == page.count("see it in the text") == 200


def test_cached_event_page_follows_writes(client):
    event = make_event(slug="event", title="First title")
    assert "First title" in client.get("/events/event/").content.decode()
    event.title = "Second title"
    event.save()
    html = client.get("/events/event/").content.decode()
    assert "<title>Second title · Diplo</title>" in html
    assert "First title" not in html
