import re

import pytest

from events.curation import services
from events.models import Actor, Event, EventRedirect
from tests.factories import make_actor, make_claim, make_event, make_source

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


# Found by tests/db/test_fuzz.py: the page's cache key held the whole slug, past memcached's
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


# Unverified events (events.visibility): staff see them; to anyone else they do not exist.


@pytest.mark.parametrize("review", ["proposed", "rejected"])
def test_an_unverified_events_page_is_a_404_to_the_public_and_shown_to_staff(
    client, staff_client, review
):
    make_event(slug="draft", title="Draft from ingest", review_status=review)
    # Staff first: the page they were shown is cached, and must not be served to others.
    staff = staff_client.get("/events/draft/")
    assert staff.status_code == 200
    assert f"{review}, not verified" in staff.content.decode()
    public = client.get("/events/draft/")
    assert public.status_code == 404
    assert "Draft from ingest" not in public.content.decode()


def test_a_signed_in_visitor_who_is_not_staff_gets_the_404_too(client, django_user_model):
    make_event(slug="draft", review_status="proposed")
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get("/events/draft/").status_code == 404


def test_a_deployment_may_open_unverified_event_pages_to_the_public(client, settings):
    make_event(slug="draft", review_status="proposed")
    assert client.get("/events/draft/").status_code == 404
    settings.DIPLO_PUBLIC_PROPOSALS = True
    assert client.get("/events/draft/").status_code == 200


# The events a verified visit links to that are not verified, by slug; their titles
# say what they are.
UNVERIFIED_LINKS = ("call", "plan", "deal", "held")


@pytest.fixture
def linked_to_unverified():
    """A verified visit whose parent, planned event, a child and fulfilment are not."""
    call = make_event(slug="call", title="Proposed call", review_status="proposed")
    plan = make_event(
        slug="plan", title="Rejected plan", status="planned", review_status="rejected"
    )
    visit = make_event(slug="visit", title="Visit", parent=call, fulfils=plan)
    make_event(slug="deal", title="Proposed deal", parent=visit, review_status="proposed")
    make_event(slug="held", title="Rejected holding", fulfils=visit, review_status="rejected")
    make_event(slug="talks", title="Verified talks", parent=visit)


@pytest.mark.parametrize("first", ["staff", "public"])
def test_an_event_page_links_the_public_to_verified_events_only(
    client, staff_client, linked_to_unverified, first
):
    visitors = {"staff": staff_client, "public": client}
    # Either may come first and fill the cache: neither is shown the other's page.
    pages = {
        name: visitors[name].get("/events/visit/").content.decode()
        for name in sorted(visitors, key=lambda name: name != first)
    }
    for slug in UNVERIFIED_LINKS:
        assert f'href="/events/{slug}/"' in pages["staff"]
        assert f"/events/{slug}/" not in pages["public"]
    assert "Proposed" not in pages["public"] and "Rejected" not in pages["public"]
    assert 'href="/events/talks/"' in pages["public"]  # a verified child still is


def test_a_merged_events_address_leads_the_public_to_a_verified_survivor_only(client, staff_client):
    survivor = make_event(slug="survivor", review_status="proposed")
    EventRedirect.objects.create(old_slug="merged", event=survivor)
    staff = staff_client.get("/events/merged/")
    assert (staff.status_code, staff["Location"]) == (301, "/events/survivor/")
    assert client.get("/events/merged/").status_code == 404
    Event.objects.filter(pk=survivor.pk).update(review_status="verified")
    assert client.get("/events/merged/")["Location"] == "/events/survivor/"


# A verified event's unverified claims and actors (events.visibility): staff see them; the
# public is shown its verified claims, and an unverified actor's name without its record.


def pages_for(path: str, visitors: dict, first: str) -> dict[str, str]:
    """The page as each visitor is shown it, `first` asking first (and filling the cache)."""
    return {
        name: visitors[name].get(path).content.decode()
        for name in sorted(visitors, key=lambda name: name != first)
    }


@pytest.mark.parametrize("first", ["staff", "public"])
def test_an_event_page_shows_the_public_its_verified_claims_and_actors_only(
    client, staff_client, unreviewed_evidence, first
):
    pages = pages_for("/events/call/", {"staff": staff_client, "public": client}, first)
    staff, public = pages["staff"], pages["public"]
    assert "Evidence: reported by 2 sources" in staff
    assert "a summit in Kazan on Wednesday" in staff and 'href="/sources/rumour/' in staff
    assert "leaders agreed" not in staff  # rejected: evidence for nobody
    assert "Evidence: reported by 1 source" in public and "spoke on Wednesday" in public
    assert "Kazan" not in public and "rumour" not in public
    # The date's words are the event's own; the claim they were read from is not shown.
    assert "Read from “on Wednesday”." in public
    assert '<a href="/actors/lavrov/">Sergey Lavrov</a>' in staff and "Foreign Minister" in staff
    assert '<li>Sergey Lavrov <span class="role">participant</span></li>' in public
    assert "/actors/lavrov/" not in public and "Foreign Minister" not in public
    assert '<a href="/actors/modi/">Narendra Modi</a>' in public


def test_verifying_an_actor_links_it_on_the_cached_pages_of_its_events(
    client, unreviewed_evidence, django_user_model
):
    linked = '<a href="/actors/lavrov/">Sergey Lavrov</a>'
    assert linked not in client.get("/events/call/").content.decode()
    assert linked not in client.get("/").content.decode()
    # As a review action writes it: the review status alone, in one bulk update.
    curator = django_user_model.objects.create_user("curator")
    services.set_review_status(curator, Actor.objects.filter(slug="lavrov"), "verified")
    # The event's stamp moved: its cached page and entry are rendered again.
    assert linked in client.get("/events/call/").content.decode()
    assert linked in client.get("/").content.decode()
