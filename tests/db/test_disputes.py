"""Where sources disagree: the database marks an event disputed (EventDispute, by triggers)
when two of its verified claims from different sources imply dates that do not overlap,
or one reports it occurred and another planned or cancelled; the event page's pairs are
found by the same rule in Python (events.disputes.conflicts)."""

import pytest
from django.db import connection

from events import disputes
from events.models import Claim, EventDispute, ReviewStatus
from tests.factories import make_claim, make_event, make_source

pytestmark = pytest.mark.django_db


def disputed() -> set[int]:
    return set(EventDispute.objects.values_list("event_id", flat=True))


def two_claims(event, first: dict, second: dict) -> tuple[Claim, Claim]:
    return (
        make_claim(event=event, **first),
        make_claim(make_source(), quote="agreed to meet later this year", event=event, **second),
    )


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # dates apart: "in March" against "on 28 April"
        ({"date_edtf": "2021-03"}, {"date_edtf": "2021-04-28"}, True),
        # dates that overlap: a month and a day within it
        ({"date_edtf": "2021-04"}, {"date_edtf": "2021-04-28"}, False),
        # an open start overlaps anything before its end
        ({"date_edtf": "../2021-04-28"}, {"date_edtf": "2019"}, False),
        ({"date_edtf": "2021-05-01/.."}, {"date_edtf": "2021-04-28"}, True),
        # one says it happened, the other that it is still planned, or was cancelled
        ({"status": "occurred"}, {"status": "planned"}, True),
        ({"status": "cancelled"}, {"status": "occurred"}, True),
        # planned, then cancelled: how plans end, not a contradiction
        ({"status": "planned"}, {"status": "cancelled"}, False),
        # a claim that says nothing of the date or status disagrees with nothing
        ({"status": "occurred", "date_edtf": "2021-04"}, {}, False),
        ({"status": "occurred"}, {"status": "occurred"}, False),
    ],
)
def test_an_event_is_disputed_when_two_sources_disagree(first, second, expected):
    event = make_event()
    claims = two_claims(event, first, second)
    assert (event.pk in disputed()) is expected
    assert bool(disputes.conflicts(list(claims))) is expected


def test_two_claims_of_one_source_are_not_a_dispute():
    event = make_event()
    source = make_source()
    make_claim(source, event=event, status="occurred")
    make_claim(source, quote="agreed to meet later this year", event=event, status="planned")
    assert disputed() == set()


def test_only_verified_claims_make_a_dispute_the_public_sees():
    event = make_event()
    _, planned = two_claims(
        event, {"status": "occurred"}, {"status": "planned", "review_status": "proposed"}
    )
    assert disputed() == set()
    planned.review_status = ReviewStatus.VERIFIED
    planned.save()
    assert disputed() == {event.pk}
    Claim.objects.filter(pk=planned.pk).update(review_status=ReviewStatus.REJECTED)
    assert disputed() == set()


def test_correcting_moving_or_deleting_a_claim_ends_the_dispute():
    event, other = make_event(), make_event()
    first, second = two_claims(event, {"date_edtf": "2021-03"}, {"date_edtf": "2021-04-28"})
    assert disputed() == {event.pk}

    first.date_edtf = "2021-04"  # a curator's correction
    first.save()
    assert disputed() == set()

    Claim.objects.filter(pk=first.pk).update(
        date_edtf="2021-03", date_lower="2021-03-01", date_upper="2021-03-31"
    )
    assert disputed() == {event.pk}
    second.event = other  # the claim was about another event
    second.save()
    assert disputed() == set()

    second.event = event
    second.save()
    assert disputed() == {event.pk}
    second.delete()
    assert disputed() == set()


def test_deleting_a_disputed_event_leaves_no_dispute():
    event = make_event()
    two_claims(event, {"status": "occurred"}, {"status": "cancelled"})
    assert disputed() == {event.pk}
    event.delete()
    assert disputed() == set()


def test_a_claims_implied_date_is_read_as_edtf():
    claim = make_claim(event=make_event(), date_edtf="2021-04-28/2021-12-31")
    assert (str(claim.date_lower), str(claim.date_upper)) == ("2021-04-28", "2021-12-31")
    assert claim.implied_date_display
    claim.date_edtf = ""
    claim.save()
    assert (claim.date_lower, claim.date_upper) == (None, None)


def test_a_bulk_load_finds_every_dispute_once_at_the_end():
    event, calm = make_event(), make_event()
    with disputes.suspended(connection):
        two_claims(event, {"status": "occurred"}, {"status": "planned"})
        two_claims(calm, {"status": "occurred"}, {"status": "occurred"})
        assert disputed() == set()  # no trigger ran
    assert disputed() == {event.pk}


def test_the_page_shows_a_status_disagreement_once_with_each_claim_once():
    event = make_event()
    held = make_claim(event=event, status="occurred")
    planned = [
        make_claim(make_source(), quote="agreed to meet later this year", event=event, status=s)
        for s in ("planned", "cancelled")
    ]
    apart = make_claim(make_source(), event=event, date_edtf="2020")
    dated = make_claim(make_source(), event=event, date_edtf="2021-04-28")

    shown = disputes.disagreements([held, *planned, apart, dated])

    assert [(d.on, [claims for _, claims in d.sides]) for d in shown] == [
        ("status", [(held,), tuple(planned)]),
        ("date", [(apart,), (dated,)]),
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers on rebuilds")
def test_triggers_a_table_rebuild_dropped_are_restored():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER events_dispute_claim_insert")
    disputes.repair(sender=None, using="default")
    event = make_event()
    two_claims(event, {"status": "occurred"}, {"status": "planned"})
    assert disputed() == {event.pk}
