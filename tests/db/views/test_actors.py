import re

import pytest

from events.timeline import selectors
from tests.factories import make_actor, make_claim, make_event

pytestmark = pytest.mark.django_db


def test_actor_page_shows_aliases_and_the_actors_timeline(client):
    modi = make_actor(name="Narendra Modi", slug="modi", aliases=["PM Modi", "Modi"])
    later = make_event(title="Later call", date_edtf="2021-05", actors=[(modi, "initiator")])
    earlier = make_event(title="Earlier summit", date_edtf="2019-09", actors=[(modi, "recipient")])
    make_event(title="Someone else's event")
    make_event(title="Unverified", review_status="proposed", actors=[(modi, "initiator")])
    make_claim(event=later)

    html = client.get("/actors/modi/").content.decode()

    assert (
        '<span class="alias">PM Modi</span>' in html and '<span class="alias">Modi</span>' in html
    )
    titles = re.findall(r'<h3 class="event-title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles == [earlier.title, later.title]
    assert "Timeline: 2 events" in html  # verified only: from the actor's tally
    assert 'href="/?actor=modi"' in html


def test_unknown_actor_is_a_404(client):
    assert client.get("/actors/nobody/").status_code == 404


def test_actor_list_shows_kinds_counts_and_aliases(client, django_assert_num_queries):
    modi = make_actor(name="Narendra Modi", slug="modi", aliases=["PM Modi"])
    make_actor(name="India", slug="india", kind="state")
    make_event(actors=[(modi, "initiator")])
    with django_assert_num_queries(2):  # actors with counts, their aliases
        html = client.get("/actors/").content.decode()
    assert '<a href="/actors/modi/">Narendra Modi</a>' in html
    assert "1 event" in html and "0 events" in html
    assert '<span class="alias">PM Modi</span>' in html


def test_actor_page_query_count_is_the_same_for_5_and_200_events(client, django_assert_num_queries):
    actor = make_actor(slug="busy")

    def add_events(n):
        for _ in range(n):
            make_claim(event=make_event(actors=[(actor, "participant")]))

    add_events(5)
    # data version, actor, aliases, count, latest ids, events, their actors, their claims
    with django_assert_num_queries(8):
        client.get("/actors/busy/")
    add_events(195)
    with django_assert_num_queries(8):
        response = client.get("/actors/busy/")
    assert response.status_code == 200
    # Again: the page's body comes from the cache.
    with django_assert_num_queries(1):
        again = client.get("/actors/busy/").content.decode()
    assert again.count('class="event-title"') == selectors.ACTOR_PAGE_EVENTS
    html = response.content.decode()
    assert html.count('class="event-title"') == selectors.ACTOR_PAGE_EVENTS
    assert "Timeline: 200 events" in html and "see all 200 on the timeline" in html


def test_the_actor_list_counts_for_the_public_only_verified_events(client, staff_client):
    modi = make_actor(name="Narendra Modi", slug="modi")
    make_event(actors=[(modi, "initiator")])
    make_event(review_status="proposed", actors=[(modi, "initiator")])
    make_event(review_status="rejected", actors=[(modi, "recipient")])
    assert "3 events" in staff_client.get("/actors/").content.decode()
    public = client.get("/actors/").content.decode()
    assert "1 event" in public and "3 events" not in public


# Actors ingest proposed (and those a curator rejected) are for staff (events.visibility).


@pytest.mark.parametrize("review", ["proposed", "rejected"])
def test_an_unverified_actors_page_is_a_404_to_the_public_and_shown_to_staff(
    client, staff_client, review
):
    lavrov = make_actor(name="Sergey Lavrov", slug="lavrov", review_status=review)
    make_event(title="Talks", actors=[(lavrov, "participant")])
    # Staff first: the page they were shown is cached, and must not be served to others.
    staff = staff_client.get("/actors/lavrov/")
    assert staff.status_code == 200 and "Timeline: 1 event" in staff.content.decode()
    public = client.get("/actors/lavrov/")
    assert public.status_code == 404
    assert "Sergey Lavrov" not in public.content.decode()


def test_a_deployment_may_open_unverified_actors_to_the_public(client, settings):
    make_actor(slug="lavrov", review_status="proposed")
    assert client.get("/actors/lavrov/").status_code == 404
    settings.DIPLO_PUBLIC_PROPOSALS = True
    assert client.get("/actors/lavrov/").status_code == 200


def test_the_actor_list_leaves_unverified_actors_out_for_the_public(client, staff_client):
    make_actor(name="Narendra Modi", slug="modi")
    make_actor(name="Sergey Lavrov", slug="lavrov", review_status="proposed")
    make_actor(name="Mistaken Name", slug="mistaken", review_status="rejected")
    staff = staff_client.get("/actors/").content.decode()
    assert all(f'href="/actors/{slug}/"' in staff for slug in ("modi", "lavrov", "mistaken"))
    public = client.get("/actors/").content.decode()
    assert 'href="/actors/modi/"' in public
    assert "Lavrov" not in public and "Mistaken" not in public


def test_an_actor_page_lists_its_events_with_their_actors_as_the_public_sees_them(
    client, unreviewed_evidence
):
    html = client.get("/actors/modi/").content.decode()
    assert "Sergey Lavrov <span" in html and "/actors/lavrov/" not in html
    assert "reported by 1 source<" in html and "Kazan" not in html
