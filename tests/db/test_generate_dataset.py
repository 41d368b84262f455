"""generate_dataset: a synthetic dataset that is realistic, true to its sources, repeatable."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext

from devdata import synthetic
from events.dates import date_precision, parse_date
from events.models import (
    Actor,
    ActorAlias,
    ActorRole,
    Claim,
    Context,
    Event,
    EventActor,
    EventStamp,
    EventStatus,
    EventType,
    ReviewStatus,
    Source,
    text_sha256,
)
from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

PREFIX = synthetic.GENERATED_PREFIX


def generated(model):
    return model.objects.filter(slug__startswith=PREFIX)


@pytest.fixture
def large_run() -> synthetic.GeneratedCounts:
    return synthetic.generate_dataset(2000, seed=3)


def test_a_small_run_makes_about_n_over_50_actors_n_over_10_sources_and_3_claims_an_event():
    counts = synthetic.generate_dataset(200, seed=1)

    assert generated(Actor).count() == counts.actors == 4
    assert generated(Source).count() == counts.sources == 20
    assert generated(Event).count() == counts.events == 200
    assert Claim.objects.count() == counts.claims == 600
    per_event = Counter(Claim.objects.values_list("event", flat=True))
    assert set(per_event.values()) == {3}
    assert EventActor.objects.count() == counts.event_actors
    assert Claim.actors.through.objects.count() == counts.claim_mentions > 0


def test_every_claim_quotes_its_source_exactly_and_is_a_whole_sentence():
    synthetic.generate_dataset(200, seed=1)

    claims = list(Claim.objects.select_related("source"))
    assert len(claims) == 600
    for claim in claims:
        text = claim.source.text
        assert claim.quote == text[claim.start : claim.end]
        assert claim.quote.endswith((".", '."'))
        assert text[claim.start - 1] in " \n" or text[claim.start - 2 : claim.start] == "— "
        claim.clean()  # the model's own check agrees


def test_claims_mention_the_actors_they_name_and_quotes_are_attributed():
    synthetic.generate_dataset(200, seed=1)

    mentioned = Claim.objects.filter(actors__isnull=False).distinct()
    assert mentioned.count() > 300
    for claim in Claim.objects.filter(attributed_to__isnull=False)[:50]:
        assert claim.kind != "reported"
        assert claim.attributed_to in claim.actors.all()


def test_every_event_stores_the_dates_its_edtf_gives_and_its_date_claim():
    synthetic.generate_dataset(200, seed=1)

    for event in Event.objects.select_related("date_claim"):
        bounds = parse_date(event.date_edtf)
        assert (event.date_lower, event.date_upper) == (bounds.lower, bounds.upper)
        assert event.date_display == bounds.display
        assert date(2000, 1, 1) <= (event.date_lower or event.date_upper)
        assert (event.date_upper or event.date_lower) <= date(2026, 12, 31)
        assert event.date_claim.event_id == event.pk
        assert event.date_phrase in event.date_claim.quote
        assert event.summary


def test_sources_are_one_to_four_kb_of_text_with_their_hash_and_a_publication_date(large_run):
    for source in generated(Source):
        assert 1000 <= len(source.text) <= 4096
        assert source.sha256 == text_sha256(source.text)
        assert source.published_on is not None and source.date_basis == "header"
    # A source is published after the events it reports as having happened.
    late = Claim.objects.filter(
        event__status=EventStatus.OCCURRED, event__date_upper__gt=F("source__published_on")
    )
    assert not late.exists()


def test_a_large_run_covers_every_type_status_precision_and_review_status(large_run):
    events = generated(Event)

    types = Counter(events.values_list("event_type", flat=True))
    assert set(types) == set(EventType.values)
    assert types.most_common(1)[0][0] == EventType.CONSULT  # skewed, as real data is
    assert types[EventType.CONSULT] > 10 * types[EventType.COERCE]
    assert set(events.values_list("status", flat=True)) == set(EventStatus.values)
    reviews = Counter(events.values_list("review_status", flat=True))
    assert set(reviews) == set(ReviewStatus.values)
    assert reviews[ReviewStatus.VERIFIED] > 0.75 * sum(reviews.values())
    precisions = {
        date_precision(lo, hi) for lo, hi in events.values_list("date_lower", "date_upper")
    }
    assert precisions == {"day", "month", "year", "span", "open"}
    assert events.filter(date_edtf__startswith="../").exists()
    assert events.filter(date_edtf__regex=r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$").exists()
    assert len(set(events.values_list("mode", flat=True))) == 5  # four modes and none
    contexts = {context for row in events.values_list("contexts", flat=True) for context in row}
    assert contexts == set(Context.values)


def test_events_have_one_to_four_actors_with_roles(large_run):
    actors_per_event = Counter(EventActor.objects.values_list("event", flat=True))
    assert len(actors_per_event) == 2000
    assert set(actors_per_event.values()) == {1, 2, 3, 4}
    roles = set(EventActor.objects.values_list("role", flat=True))
    assert roles == set(ActorRole.values)
    kinds = set(generated(Actor).values_list("kind", flat=True))
    assert {"person", "state", "organization", "government-body"} <= kinds
    assert not generated(Actor).filter(country__regex=r"^(?![A-Z]{2}$).+").exists()


def test_some_events_happen_within_others_and_some_carry_out_planned_ones(large_run):
    children = generated(Event).filter(parent__isnull=False).select_related("parent")
    assert children.count() > 200
    for child in children[:100]:
        assert within(child, child.parent)
        assert child.claims.filter(source__in=child.parent.claims.values("source")).exists()

    fulfilments = generated(Event).filter(fulfils__isnull=False).select_related("fulfils")
    assert fulfilments.count() > 20
    for held in fulfilments:
        plan = held.fulfils
        assert plan.status == EventStatus.PLANNED
        assert held.status == EventStatus.OCCURRED
        assert plan.event_type == held.event_type
        assert within(held, plan)
        assert held.date_lower == held.date_upper  # it happened on a known day


def within(event: Event, outer: Event) -> bool:
    """Whether event's possible days lie within outer's (None is an open end)."""
    lower_ok = outer.date_lower is None or (
        event.date_lower is not None and event.date_lower >= outer.date_lower
    )
    upper_ok = outer.date_upper is None or (
        event.date_upper is not None and event.date_upper <= outer.date_upper
    )
    return lower_ok and upper_ok


def snapshot() -> tuple[list[str], list[str]]:
    """Slugs (without the seed's prefix) and quotes, in the order they were made."""
    slugs = [
        slug.split("-", 3)[-1]
        for model in (Actor, Source, Event)
        for slug in generated(model).order_by("pk").values_list("slug", flat=True)
    ]
    return slugs, list(Claim.objects.order_by("pk").values_list("quote", flat=True))


def test_the_same_seed_gives_the_same_rows_and_another_seed_different_ones():
    synthetic.generate_dataset(200, seed=7)
    first = snapshot()
    synthetic.clear_generated()
    synthetic.generate_dataset(200, seed=7)
    assert snapshot() == first

    synthetic.clear_generated()
    synthetic.generate_dataset(200, seed=8)
    other = snapshot()
    assert other[0] != first[0]
    assert other[1] != first[1]


def test_clear_removes_generated_rows_and_keeps_curated_ones():
    # "Gen. Bipin Rawat" slugifies to gen-…: the generated prefix has two dashes.
    general = make_actor(slug="gen-bipin-rawat", aliases=["General Rawat"])
    curated = make_event(slug="gen-rawat-visit", actors=[(general, "initiator")])
    claim = make_claim(make_source(), event=curated)
    call_command("generate_dataset", "--events", "100", stdout=StringIO())
    assert generated(Event).count() == 100

    out = StringIO()
    call_command("generate_dataset", "--events", "50", "--seed", "2", "--clear", stdout=out)

    assert "Cleared" in out.getvalue()
    assert generated(Event).count() == 50
    assert not generated(Event).exclude(slug__startswith=synthetic.seed_prefix(2)).exists()
    call_command("generate_dataset", "--events", "0", "--clear", stdout=StringIO())
    assert not generated(Event).exists()
    assert not generated(Source).exists()
    assert not generated(Actor).exists()
    assert list(Event.objects.all()) == [curated]
    assert list(Actor.objects.all()) == [general]
    assert list(ActorAlias.objects.values_list("text", flat=True)) == ["General Rawat"]
    assert list(Claim.objects.all()) == [claim]
    assert list(curated.event_actors.values_list("actor", flat=True)) == [general.pk]


def test_aliases_are_unique_ignoring_case_and_leave_curated_aliases_alone():
    curated = make_actor(aliases=[name.removeprefix("the ") for _, name, *_ in synthetic.COUNTRIES])
    synthetic.generate_dataset(2000, seed=5)
    synthetic.generate_dataset(500, seed=6)  # a second run adds to the first

    duplicates = (
        ActorAlias.objects.annotate(key=Lower("text"))
        .values("key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()
    per_actor = Counter(ActorAlias.objects.exclude(actor=curated).values_list("actor", flat=True))
    assert len(per_actor) == generated(Actor).count()
    assert max(per_actor.values()) <= 4


def test_generating_a_seed_already_in_the_database_is_refused():
    call_command("generate_dataset", "--events", "20", stdout=StringIO())
    with pytest.raises(CommandError, match="seed 1"):
        call_command("generate_dataset", "--events", "20", stdout=StringIO())
    assert generated(Event).count() == 20


def test_the_command_says_what_it_made_and_how_long_it_took():
    out = StringIO()
    call_command("generate_dataset", "--events", "200", "--seed", "4", stdout=out)

    report = out.getvalue()
    assert "200 events" in report
    assert "600 claims" in report
    assert "20 sources" in report
    assert "seed 4" in report
    assert report.rstrip().endswith(" s.")


def test_queries_do_not_grow_with_the_number_of_events():
    with CaptureQueriesContext(connection) as small:
        synthetic.generate_dataset(100, seed=1)
    with CaptureQueriesContext(connection) as large:
        synthetic.generate_dataset(400, seed=2)

    assert len(large.captured_queries) - len(small.captured_queries) <= 3


def test_a_tiny_run_still_has_a_source_and_three_claims_an_event():
    counts = synthetic.generate_dataset(7, seed=9)

    assert (counts.events, counts.sources, counts.claims) == (7, 1, 21)
    source = generated(Source).get()
    assert len(source.text) >= 1000
    assert all(c.quote == source.text[c.start : c.end] for c in source.claims.all())


def test_the_command_refuses_a_negative_number_of_events():
    with pytest.raises(CommandError, match="--events"):
        call_command("generate_dataset", "--events", "-1", stdout=StringIO())


@pytest.mark.django_db
def test_generating_makes_cached_figures_stale():
    from events import caching

    before = caching.current()
    call_command("generate_dataset", "--events", "20", stdout=StringIO())
    assert caching.current() != before


def test_generated_events_are_stamped_once_and_later_writes_move_their_stamps():
    curated = make_event(title="Curated")
    curated_stamp = EventStamp.objects.get(event=curated).stamp
    synthetic.generate_dataset(50, seed=4)
    stamps = dict(EventStamp.objects.values_list("event_id", "stamp"))
    assert set(Event.objects.values_list("pk", flat=True)) <= set(stamps)
    assert stamps[curated.pk] == curated_stamp  # the load bears on its own events only
    # The triggers are back: an edit moves the edited event's stamp.
    event = generated(Event).first()
    event.save()
    assert EventStamp.objects.get(event=event).stamp != stamps[event.pk]
