"""A write makes stale only what it changes: an event's cached page and timeline entry
are keyed by its stamp (events.stamps), which moves when anything they show changes.
The dataset's own rows are never rewritten for it."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Actor, EventActor, Source
from events.timeline import selectors
from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_events():
    first = make_event(title="First call", slug="first-call", date_edtf="2021-04-28")
    second = make_event(title="Second call", slug="second-call", date_edtf="2021-05-05")
    make_claim(make_source(title="Outlet one"), event=first)
    make_claim(make_source(title="Outlet two"), event=second)
    return first, second


def page_queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_an_edit_leaves_other_events_pages_cached_and_its_own_correct(client, two_events):
    first, _ = two_events
    page_queries(client, "/events/second-call/")
    first.title = "First call, renamed"
    first.save()
    # The other event's page comes from the cache: its stamp is read, nothing else.
    again = page_queries(client, "/events/second-call/")
    assert len(again) == 1 and "events_eventstamp" in again[0]
    assert "First call, renamed" in client.get("/events/first-call/").content.decode()


def test_an_edit_re_renders_only_the_entries_of_the_events_it_changed(client, two_events):
    first, _ = two_events
    client.get("/")
    first.title = "First call, renamed"
    first.save()
    with mock.patch.object(selectors, "add_evidence", wraps=selectors.add_evidence) as read:
        html = client.get("/").content.decode()
    # The other entry comes from the cache: only the edited event's evidence is read.
    assert [[event.pk for event in call.args[0]] for call in read.call_args_list] == [[first.pk]]
    assert "First call, renamed" in html and "Second call" in html


@pytest.mark.parametrize("change", ["claim", "actor name", "source title", "actor removed"])
def test_what_an_event_shows_moves_its_stamp(client, two_events, change):
    _, second = two_events
    actor = make_actor(name="Old name")
    EventActor.objects.create(event=second, actor=actor, role="initiator")
    page_queries(client, "/events/second-call/")
    before = client.get("/events/second-call/").content.decode()
    if change == "claim":
        make_claim(make_source(title="Outlet three"), event=second)
        expected = "Outlet three"
    elif change == "actor name":
        Actor.objects.filter(pk=actor.pk).update(name="New name")
        expected = "New name"
    elif change == "source title":
        Source.objects.filter(claims__event=second).update(title="Outlet two, retitled")
        expected = "Outlet two, retitled"
    else:
        EventActor.objects.filter(event=second).delete()
        expected = None
    after = client.get("/events/second-call/").content.decode()
    assert after != before
    if expected:
        assert expected in after
    else:
        assert "Old name" not in after
