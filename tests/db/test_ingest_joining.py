"""Which event a claim joins: dates that agree, actors the new text names, nothing else."""

import itertools
from datetime import date

import pytest
from django.conf import settings

from events.ingest import joining, store
from events.ingest.documents import Article
from events.ingest.evaluation import load_curated_actors
from events.ingest.pipeline import ActorRef, ProposedClaim
from events.models import Actor, Event, EventActor, ReviewStatus, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    load_curated_actors(settings.DIPLO_DATASET)
    return store.ActorDirectory()


def ingest(directory, origin: str, published: date, body: str) -> Source:
    return store.ingest_article(Article(origin, body, published, "header"), directory).source


def events_of(source: Source, event_type: str) -> set[int]:
    return set(
        source.claims.filter(event__event_type=event_type).values_list("event_id", flat=True)
    )


def test_a_precisely_dated_signing_does_not_join_an_open_ended_curated_event(directory):
    curated = Event.objects.create(
        title="India and Russia have an agreement",
        slug="india-russia-agreement-open",
        event_type="AGREE",
        status="occurred",
        date_edtf="../2021-04-28",
        review_status=ReviewStatus.VERIFIED,
    )
    for slug in ("india", "russia"):
        EventActor.objects.create(event=curated, actor=Actor.objects.get(slug=slug))
    source = ingest(
        directory,
        "recalled.txt",
        date(2021, 5, 3),
        "India and Russia signed an agreement on October 15, 2016.",
    )
    joined = events_of(source, "AGREE")
    assert joined and curated.pk not in joined
    assert Event.objects.get(pk=joined.pop()).date_edtf == "2016-10-15"


def test_an_undated_call_does_not_join_another_reports_call_of_months_before(directory):
    march = ingest(
        directory,
        "march.txt",
        date(2022, 3, 2),
        "Prime Minister Narendra Modi and President Vladimir Putin spoke by phone on Tuesday.",
    )
    june = ingest(
        directory,
        "june.txt",
        date(2022, 6, 1),
        "Prime Minister Narendra Modi and President Vladimir Putin spoke by phone.",
    )
    assert events_of(march, "CONSULT") and events_of(june, "CONSULT")
    assert not events_of(march, "CONSULT") & events_of(june, "CONSULT")


def test_two_reports_of_different_days_make_two_calls(directory):
    first = ingest(
        directory,
        "first.txt",
        date(2022, 6, 3),
        "Prime Minister Narendra Modi and President Vladimir Putin spoke by phone on June 3, 2022.",
    )
    second = ingest(
        directory,
        "second.txt",
        date(2022, 6, 7),
        "Prime Minister Narendra Modi and President Vladimir Putin spoke by phone on June 7, 2022.",
    )
    assert not events_of(first, "CONSULT") & events_of(second, "CONSULT")


def test_a_report_of_the_same_day_joins_the_call(directory):
    first = ingest(
        directory,
        "first.txt",
        date(2022, 6, 3),
        "Prime Minister Narendra Modi and President Vladimir Putin spoke by phone on June 3, 2022.",
    )
    again = ingest(
        directory,
        "again.txt",
        date(2022, 6, 4),
        "President Vladimir Putin and Prime Minister Narendra Modi held a phone call on Friday.",
    )
    assert events_of(first, "CONSULT") == events_of(again, "CONSULT")


def test_joining_never_carries_actors_the_new_text_does_not_name(directory):
    ingest(
        directory,
        "three.txt",
        date(2022, 6, 7),
        "Prime Minister Narendra Modi, President Vladimir Putin and Russian Foreign Minister "
        "Sergey Lavrov held talks in Moscow on Monday.",
    )
    two = ingest(
        directory,
        "two.txt",
        date(2022, 6, 7),
        "Prime Minister Narendra Modi and President Vladimir Putin held talks in Moscow on Monday.",
    )
    named = {"narendra-modi", "vladimir-putin", "india", "russia"}
    actors = set(
        EventActor.objects.filter(event__claims__source=two).values_list("actor__slug", flat=True)
    )
    assert actors and actors <= named


def test_one_article_reporting_a_call_twice_makes_one_event(directory):
    source = ingest(
        directory,
        "twice.txt",
        date(2022, 6, 7),
        "Prime Minister Narendra Modi and President Vladimir Putin spoke by phone on Monday. "
        "During the phone call, Modi and Putin discussed trade and energy.",
    )
    assert source.claims.filter(event__event_type="CONSULT").count() == 2
    assert len(events_of(source, "CONSULT")) == 1


def test_a_joined_event_gains_only_the_actors_the_claims_sentence_names(directory):
    actors = {slug: Actor.objects.get(slug=slug) for slug in ("narendra-modi", "vladimir-putin")}
    event = Event(event_type="CONSULT", status="occurred", date_edtf="2022-06-06")
    event.derive_dates()
    candidate = joining.Candidate(event, {"narendra-modi": "IN"}, True)
    claim = ProposedClaim(
        start=0,
        end=10,
        quote="They spoke",
        event_type="CONSULT",
        family="",
        mode="",
        contexts=[],
        status="occurred",
        status_stated=True,
        edtf="2022-06-06",
        date_phrase="",
        date_start=None,
        kind="reported",
        speaker=None,
        # Putin inherited from an earlier sentence: this one does not name him.
        actors=[ActorRef("narendra-modi", "participant"), ActorRef("vladimir-putin", "recipient")],
        mentioned=["narendra-modi"],
    )
    store._refine(candidate, claim, 0, actors)
    assert candidate.new_roles == []
    assert set(candidate.actors) == {"narendra-modi"}


def test_a_stated_day_replaces_a_stated_month_but_not_the_other_way_round(directory):
    month = Event(event_type="CONSULT", status="planned", date_edtf="2022-12", date_phrase="x")
    month.derive_dates()
    assert joining.narrower((date(2022, 12, 6), date(2022, 12, 6)), "2022-12-06", month)
    day = Event(event_type="CONSULT", status="planned", date_edtf="2022-12-06", date_phrase="x")
    day.derive_dates()
    assert not joining.narrower((date(2022, 12, 1), date(2022, 12, 31)), "2022-12", day)


BOUNDS = [
    (date(2022, 6, 8), date(2022, 6, 8)),
    (date(2022, 6, 1), date(2022, 6, 30)),
    (date(2022, 1, 1), date(2022, 12, 31)),
    (None, date(2022, 6, 10)),
    (date(2022, 6, 10), None),
    (date(2022, 5, 27), date(2022, 6, 10)),
    (None, date(2021, 4, 28)),
]


def test_whether_two_dates_agree_does_not_depend_on_which_came_first():
    for (a, stated_a), (b, stated_b) in itertools.product(
        itertools.product(BOUNDS, (True, False)), repeat=2
    ):
        assert joining.dates_agree(stated_a, a, stated_b, b) == joining.dates_agree(
            stated_b, b, stated_a, a
        ), (a, stated_a, b, stated_b)


def test_a_stated_day_agrees_with_its_month_but_not_with_a_year_or_an_open_span():
    day, month, year = BOUNDS[0], BOUNDS[1], BOUNDS[2]
    assert joining.dates_agree(True, day, True, month)
    assert not joining.dates_agree(True, day, True, year)
    assert not joining.dates_agree(True, day, True, (None, date(2022, 6, 10)))
    # A default window holds a stated day near its publication date, not one far before.
    assert joining.dates_agree(True, day, False, (None, date(2022, 6, 10)))
    assert not joining.dates_agree(True, (date(2022, 3, 1),) * 2, False, (None, date(2022, 6, 10)))


def test_two_speakers_words_on_one_day_are_two_statements(directory):
    modi = ingest(
        directory,
        "pmo.txt",
        date(2022, 5, 4),
        "Narendra Modi said on Tuesday that he had briefed Vladimir Putin.",
    )
    putin = ingest(
        directory,
        "kremlin.txt",
        date(2022, 5, 4),
        "Vladimir Putin said on Tuesday that he had briefed Narendra Modi.",
    )
    assert events_of(putin, "STATEMENT") and events_of(modi, "STATEMENT")
    assert not events_of(putin, "STATEMENT") & events_of(modi, "STATEMENT")
    again = ingest(
        directory,
        "pmo-again.txt",
        date(2022, 5, 5),
        "Narendra Modi said on Tuesday that he had also briefed Vladimir Putin.",
    )
    assert events_of(again, "STATEMENT") == events_of(modi, "STATEMENT")


def test_an_event_of_bodies_alone_is_joined_only_by_a_text_naming_one_of_them(directory):
    for slug, name in (("bank-of-ruritania", "Bank of Ruritania"), ("oil-board", "Oil Board")):
        Actor.objects.create(slug=slug, name=name, kind="organization", country="IN")
    event = Event.objects.create(
        title="The bank and the board meet",
        slug="bank-board-meeting",
        event_type="CONSULT",
        status="occurred",
        date_edtf="2022-05-03",
        date_phrase="Tuesday",
        review_status=ReviewStatus.PROPOSED,
    )
    EventActor.objects.create(event=event, actor=Actor.objects.get(slug="bank-of-ruritania"))
    directory.refresh()
    other = ingest(directory, "india.txt", date(2022, 5, 4), "India held talks on Tuesday.")
    assert events_of(other, "CONSULT") and event.pk not in events_of(other, "CONSULT")


def test_the_search_reads_every_event_a_stated_day_may_join_and_no_other_side(directory):
    modi, putin = Actor.objects.get(slug="narendra-modi"), Actor.objects.get(slug="vladimir-putin")
    wide = {"event_type": "CONSULT", "status": "occurred", "review_status": "proposed"}
    default = Event.objects.create(
        title="a", slug="by-default", date_edtf="2022-01-05/2022-10-31", **wide
    )
    month = Event.objects.create(
        title="b", slug="in-october", date_edtf="2022-10", date_phrase="in October", **wide
    )
    year = Event.objects.create(
        title="c", slug="in-2021", date_edtf="2021", date_phrase="2021", **wide
    )
    for event in (default, month, year):
        EventActor.objects.create(event=event, actor=modi)
    EventActor.objects.create(event=year, actor=putin)
    names = {"narendra-modi", "vladimir-putin"}
    index = joining.EventIndex(
        [_claim("2022-10-20", "on 20 October")],
        names,
        {
            "narendra-modi": modi,
            "vladimir-putin": putin,
        },
    )
    assert {c.event.slug for c in index.candidates} == {"by-default", "in-october"}
    india_only = joining.EventIndex(
        [_claim("2022-10-20", "on 20 October")],
        {"india"},
        {"india": Actor.objects.get(slug="india")},
    )
    assert {c.event.slug for c in india_only.candidates} == {"by-default", "in-october"}
    russia_only = joining.EventIndex(
        [_claim("2022-10-20", "on 20 October")],
        {"russia"},
        {"russia": Actor.objects.get(slug="russia")},
    )
    assert russia_only.candidates == []  # an event with a side the text does not name


def _claim(edtf: str, phrase: str) -> ProposedClaim:
    return ProposedClaim(
        start=0,
        end=10,
        quote="They met",
        event_type="CONSULT",
        family="",
        mode="",
        contexts=[],
        status="occurred",
        status_stated=True,
        edtf=edtf,
        date_phrase=phrase,
        date_start=0,
        kind="reported",
        speaker=None,
        actors=[ActorRef("narendra-modi", "participant")],
        mentioned=["narendra-modi"],
    )


def test_a_proposed_actor_is_looked_for_in_other_texts_only_once_verified(directory):
    ingest(
        directory,
        "titled.txt",
        date(2024, 3, 5),
        "Foreign Minister Elena Varga held talks with Prime Minister Narendra Modi on "
        "March 4, 2024.",
    )
    varga = Actor.objects.get(slug="elena-varga")
    assert varga.review_status == ReviewStatus.PROPOSED
    assert not directory.refresh()  # a proposal leaves what is matched as it was
    bare = "Elena Varga and Narendra Modi spoke by phone on April 2, 2024."
    before = ingest(directory, "bare-before.txt", date(2024, 4, 3), bare)
    assert not before.claims.filter(actors=varga).exists()
    varga.review_status = ReviewStatus.VERIFIED
    varga.save()
    assert directory.refresh()
    after = ingest(directory, "bare-after.txt", date(2024, 4, 4), f"{bare} Officials confirmed.")
    assert after.claims.filter(actors=varga).exists()
