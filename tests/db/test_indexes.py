"""Full-text search and date windows: what they find, kept in step with every write, on
either engine (see events.indexes)."""

from datetime import date

import pytest
from django.db import connection

from events import documents, indexes
from events.models import Claim, Event, ReviewStatus
from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db

URL = "/"


def found(text: str) -> set[str]:
    return set(Event.objects.matching(text).values_list("title", flat=True))


def test_words_are_found_in_titles_summaries_and_quotes_by_stem():
    make_event(title="Summit in Vladivostok")
    make_event(title="Call", summary="The leaders discussed vaccines.")
    quoted = make_event(title="Meeting")
    make_claim(event=quoted, quote="spoke on Wednesday")
    assert found("summits") == {"Summit in Vladivostok"}
    assert found("VACCINE") == {"Call"}
    assert found("wednesday") == {"Meeting"}
    assert found("vladivostok summit") == {"Summit in Vladivostok"}
    assert found("vladivostok vaccine") == set()  # every word, in one event
    # An event's title, summary and quotes are one document: words from each find it.
    assert found("meeting wednesday") == {"Meeting"}


def test_an_event_s_search_document_follows_its_claims():
    event = make_event(title="Meeting")
    claim = make_claim(event=event, quote="spoke on Wednesday")
    assert found("wednesday") == {"Meeting"}
    Claim.objects.filter(pk=claim.pk).update(review_status=ReviewStatus.REJECTED)
    assert found("wednesday") == set()
    Claim.objects.filter(pk=claim.pk).update(review_status=ReviewStatus.VERIFIED)
    other = make_event(title="Other")
    Claim.objects.filter(pk=claim.pk).update(event=other)  # moved to another event
    assert found("wednesday") == {"Other"}
    Event.objects.filter(pk=other.pk).update(title="Renamed")
    assert found("wednesday renamed") == {"Renamed"}


def test_a_rejected_quote_is_not_evidence_for_a_search():
    event = make_event(title="Meeting")
    make_claim(event=event, review_status=ReviewStatus.REJECTED)
    assert found("wednesday") == set()


@pytest.mark.parametrize("update", ["save", "queryset", "raw"])
def test_the_index_follows_every_kind_of_write(update):
    event = make_event(title="Old words")
    if update == "save":
        event.title = "Fresh words"
        event.save()
    elif update == "queryset":
        Event.objects.filter(pk=event.pk).update(title="Fresh words")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE events_event SET title = %s WHERE id = %s", ["Fresh words", event.pk]
            )
    assert found("fresh") == {"Fresh words"}
    assert found("old") == set()
    claim = make_claim(event=event)
    Claim.objects.filter(pk=claim.pk).update(quote="They agreed")
    assert found("wednesday") == set()
    assert found("agreed") == {"Fresh words"}
    Claim.objects.filter(pk=claim.pk).delete()
    Event.objects.filter(pk=event.pk).delete()
    assert found("fresh") == set()


def test_bulk_inserted_rows_are_searchable():
    Event.objects.bulk_create(
        [Event(title=f"Bulk accord {n}", slug=f"bulk-{n}", event_type="AGREE", date_edtf="2020",
               date_display="2020", review_status=ReviewStatus.VERIFIED) for n in range(3)]
    )  # fmt: skip
    assert len(found("accord")) == 3


@pytest.mark.parametrize(
    "query",
    ['"', "'", "AND OR NOT (", "title:x", "*", "NEAR(a b)", "-", "!!!", "é" * 300],
)
def test_search_syntax_in_the_query_is_read_as_text(client, query):
    make_event(title="Summit")
    response = client.get(URL, {"q": query[:200]})
    assert response.status_code == 200
    assert "Summit" not in response.content.decode().split('id="results"')[1]


def test_a_query_of_punctuation_finds_nothing():
    make_event(title="Summit")
    assert found("!!! ...") == set()


def window(lower: str | None, upper: str | None) -> set[str]:
    bounds = [date.fromisoformat(bound) if bound else None for bound in (lower, upper)]
    return set(Event.objects.overlapping(*bounds).values_list("title", flat=True))


def test_a_date_window_finds_every_event_that_may_fall_in_it():
    make_event(title="day", date_edtf="2021-04-28")
    make_event(title="month", date_edtf="2021-05")
    make_event(title="open start", date_edtf="../2021-04-01")
    make_event(title="open end", date_edtf="2021-06-01/..")
    make_event(title="span", date_edtf="2019/2022")
    assert window("2021-04-28", "2021-04-28") == {"day", "span"}
    assert window("2021-04-29", "2021-05-01") == {"month", "span"}
    assert window(None, "2021-04-01") == {"open start", "span"}
    assert window("2021-06-01", None) == {"open end", "span"}
    assert window("1990-01-01", "1990-12-31") == {"open start"}
    assert window("2030-01-01", None) == {"open end"}
    assert window(None, None) == {"day", "month", "open start", "open end", "span"}


def test_events_begun_before_a_day_are_those_still_going_on_then_and_the_undated():
    make_event(title="day", date_edtf="2021-04-28")
    make_event(title="open start", date_edtf="../2021-06-01")
    make_event(title="open end", date_edtf="2021-03-01/..")
    make_event(title="span", date_edtf="2019/2022")
    make_event(title="ended", date_edtf="2019/2020")
    make_event(title="from the day", date_edtf="2021-04-28/2021-05")
    undated = make_event(title="undated")
    Event.objects.filter(pk=undated.pk).update(date_lower=None, date_upper=None)

    def begun_before(day: str) -> set[str]:
        found = Event.objects.begun_before(date.fromisoformat(day))
        return set(found.values_list("title", flat=True))

    assert begun_before("2021-04-28") == {"open end", "span", "undated"}
    assert begun_before("2021-04-29") == {"open end", "span", "from the day", "undated"}
    assert begun_before("2019-01-01") == {"undated"}


def test_the_date_index_follows_every_kind_of_write():
    event = make_event(title="moved", date_edtf="2021-04-28")
    assert window("2021-04-28", "2021-04-28") == {"moved"}
    Event.objects.filter(pk=event.pk).update(date_lower=date(2022, 1, 1), date_upper=None)
    assert window("2021-04-28", "2021-04-28") == set()
    assert window("2030-01-01", None) == {"moved"}
    Event.objects.filter(pk=event.pk).delete()
    assert window(None, None) == set()


def test_the_extra_indexes_are_in_place_and_mend_themselves():
    if connection.vendor == "postgresql":
        expected = {"event_document_idx", "event_span_idx", "claim_search_idx"}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(expected)]
            )
            assert {name for (name,) in cursor.fetchall()} == expected
        return
    # SQLite keeps its virtual tables by triggers, which a table rebuild (by a later
    # migration) drops; migrate puts them back and rebuilds the indexes.
    event = make_event(title="Before", date_edtf="2021")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER events_document_event_update")
        cursor.execute("DROP TRIGGER events_event_span_update")
    Event.objects.filter(pk=event.pk).update(
        title="Altered", date_lower=date(2030, 1, 1), date_upper=None
    )
    assert found("altered") == set()  # the indexes missed this
    assert window("2030-01-01", None) == set()
    indexes.repair_sqlite_indexes(sender=None, using="default")
    documents.repair(sender=None, using="default")
    assert found("altered") == {"Altered"}
    assert found("before") == set()
    assert window("2030-01-01", None) == {"Altered"}
    assert indexes.ensure_sqlite_indexes(connection) == []  # nothing left to repair
    with connection.cursor() as cursor:  # the index of titles alone is gone for good
        assert "events_event_search" not in connection.introspection.table_names(cursor)


def test_a_search_looks_up_a_bounded_number_of_meaningful_words():
    assert indexes.search_words("The talks on a G20 summit, and the summit's end") == [
        "talks", "g20", "summit", "end"
    ]  # fmt: skip
    assert indexes.search_words("a a a a a of to in on") == []
    many = " ".join(f"word{n}" for n in range(50))
    assert indexes.search_words(many) == [f"word{n}" for n in range(indexes.MAX_SEARCH_WORDS)]
    make_event(title="Summit of the leaders")
    assert found("the summit") == {"Summit of the leaders"}
    assert found("a summit of") == {"Summit of the leaders"}
    assert found("a a a a a a") == set()  # nothing to look up: nothing found, at no cost


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's indexes are tables the queries name"
)
def test_postgresql_plans_quote_searches_and_windows_from_the_migrations_indexes():
    """Migration 0008 writes its indexes out as SQL; the planner uses an expression
    index only for the very expression the queries build, so this fails should
    events.indexes and the migration drift apart. (Events are searched through their
    stored documents, tests/db/test_query_plans.py.)"""
    event = make_event(title="Summit", date_lower=date(2020, 1, 1), date_upper=date(2020, 1, 31))
    make_claim(event=event, quote="spoke on Wednesday")
    plans = {}
    with connection.cursor() as cursor:
        # On a table this small any plan is cheap: leave the planner bitmap scans only,
        # which need an index whose condition is the query's.
        for kind in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        for name, queryset in (
            ("quoting", Claim.objects.quoting("wednesday")),
            ("overlapping", Event.objects.overlapping(date(2020, 1, 5), date(2020, 2, 1))),
            ("begun before", Event.objects.begun_before(date(2020, 1, 5))),
        ):
            plans[name] = queryset.order_by().values("pk").explain()
    assert "claim_search_idx" in plans["quoting"]
    assert "event_span_idx" in plans["overlapping"]
    assert "event_known_start_span_idx" in plans["begun before"]  # migration 0016
