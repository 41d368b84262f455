"""The timeline's queries are answered from their indexes, whatever the table's size.

With sequential scans and sorts priced out (PostgreSQL) or by the plan SQLite picks, a
page of the timeline is read in index order (no sort of every matching row) and a
search goes through the full-text indexes.
"""

import re
from datetime import date

import pytest
from django.db import connection, transaction
from django.http import QueryDict

from events.models import Event
from events.timeline import selectors
from tests.factories import make_actor, make_event

pytestmark = pytest.mark.django_db


def plan(params: str, few: bool = False) -> str:
    filterset = selectors.filter_events(QueryDict(params))
    assert filterset.is_valid()
    queryset = filterset.qs.chronological(few=few)[1225:1250]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                if not few:
                    cursor.execute("SET LOCAL enable_sort = off")
        return queryset.explain()


@pytest.fixture(autouse=True)
def events():
    actor = make_actor(slug="someone")
    for n in range(30):
        make_event(title=f"Summit {n}", date_edtf=f"20{10 + n % 12}", actors=[(actor, "initiator")])


@pytest.mark.parametrize("params", ["", "type=CONSULT", "from=2015&to=2018", "status=planned"])
def test_timeline_pages_are_read_in_index_order(params):
    explained = plan(params)
    assert "event_chronological_idx" in explained
    assert "TEMP B-TREE" not in explained  # SQLite's sort
    assert "Sort" not in explained  # PostgreSQL's


def test_search_uses_the_events_search_documents():
    explained = plan("q=summit")
    if connection.vendor == "postgresql":
        # Through the documents' index, or, walking the events in date order, reading each
        # one's stored document by its key.
        assert "events_eventdocument" in explained or "event_document_idx" in explained
    else:
        assert "events_event_document VIRTUAL TABLE" in explained
    assert "events_claim" not in explained  # no claim is read to find its event


def test_few_matches_are_found_through_their_own_index_and_sorted():
    explained = plan("actor=someone", few=True)
    assert "TEMP B-TREE" in explained or "Sort" in explained, explained
    assert re.search(r"actor_id ?=", explained), explained  # looked up by actor


def test_a_date_window_can_use_the_span_index():
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        explained = Event.objects.overlapping(date(2015, 1, 1), date(2016, 12, 31)).explain()
    if connection.vendor == "postgresql":
        assert "event_span_idx" in explained
    else:
        assert "events_event_span VIRTUAL TABLE" in explained
