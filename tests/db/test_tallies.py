"""The tallies (events.tallies) stay exact through every kind of write, and the timeline's
counts read from them equal the counts over the events themselves."""

from collections import Counter
from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import QueryDict

from devdata import synthetic
from events import tallies
from events.curation import services
from events.ingest import store
from events.ingest.documents import Article
from events.ingest.evaluation import load_curated_actors
from events.models import (
    ActorTally,
    Claim,
    Event,
    EventActor,
    EventTally,
    ReviewStatus,
    SourceTally,
)
from events.timeline import filters, selectors
from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db


def counted_by_python() -> tuple[Counter, Counter, Counter]:
    """The three tallies, counted from the rows in Python (zero counts left out)."""
    events, actors, sources = Counter(), Counter(), Counter()
    kinds = {}
    periods = {}
    for event in Event.objects.all():
        if event.date_lower:
            month, year = f"{event.date_lower:%Y-%m}", f"~{event.date_lower:%Y}"
        elif event.date_upper:  # an open start: the month and year of its last day, marked
            month, year = f"<{event.date_upper:%Y-%m}", f"~<{event.date_upper:%Y}"
        else:  # undated
            month, year = "", "~"
        kind = (event.event_type, event.status, event.review_status)
        kinds[event.pk], periods[event.pk] = kind, [month, year]
        for context in ["", *set(event.contexts)]:
            for period in periods[event.pk]:
                events[(period, *kind, context)] += 1
    # Actors and sources count each event under its kind over all months ("*"), among
    # every kind ("", "") over all months, and among every kind in its month and year.
    pairs = {
        "actors": set(EventActor.objects.values_list("actor_id", "event_id")),
        "sources": set(
            Claim.objects.filter(event__isnull=False).values_list("source_id", "event_id")
        ),
    }
    # A source that backs a verified event with no verified claim counts it "unvouched".
    vouched = set(
        Claim.objects.filter(review_status=ReviewStatus.VERIFIED).values_list(
            "source_id", "event_id"
        )
    )
    for name, counter in (("actors", actors), ("sources", sources)):
        for key, event_id in pairs[name]:
            kind, review = kinds[event_id][:2], kinds[event_id][2]
            if name == "sources" and review == ReviewStatus.VERIFIED:
                review = review if (key, event_id) in vouched else tallies.UNVOUCHED
            counter[(key, *kind, review, "*")] += 1
            counter[(key, "", "", review, "*")] += 1
            for period in periods[event_id]:
                counter[(key, "", "", review, period)] += 1
    return events, actors, sources


def kept_by_database() -> tuple[Counter, Counter, Counter]:
    kind = ("event_type", "status", "review_status")
    return tuple(
        Counter({row[:-1]: row[-1] for row in model.objects.values_list(*key, "events")})
        - Counter()  # drops the rows counted down to zero
        for model, key in (
            (EventTally, ("month", *kind, "context")),
            (ActorTally, ("actor_id", *kind, "month")),
            (SourceTally, ("source_id", *kind, "month")),
        )
    )


def assert_exact() -> None:
    expected = counted_by_python()
    events, actors, sources = kept_by_database()
    assert events == expected[0]
    assert actors == expected[1]
    assert sources == expected[2]
    # A row counted down twice for one event would hide among the rows counted to zero.
    for tally in (EventTally, ActorTally, SourceTally):
        assert not tally.objects.filter(events__lt=0).exists()


def test_every_kind_of_write_keeps_the_tallies_exact():
    india, russia = make_actor(), make_actor(country="RU")
    call = make_event(contexts=["diplomatic", "economic"], actors=[(india, "initiator")])
    visit = make_event(event_type="AGREE", date_edtf="2019-09", contexts=[])
    undated = make_event(date_edtf="2021", status="planned")
    Event.objects.filter(pk=undated.pk).update(date_lower=None, date_upper=None)
    assert_exact()

    EventActor.objects.create(event=call, actor=russia, role="participant")
    EventActor.objects.create(event=visit, actor=russia, role="participant")
    source = make_source()
    first = make_claim(source, event=call)
    make_claim(source, quote="agreed to meet", event=call)  # the same source again
    make_claim(make_source(), event=visit)
    assert_exact()

    # save(), with and without a change the tallies count
    call.review_status = ReviewStatus.PROPOSED
    call.save()
    visit.title = "A visit"
    visit.save()
    undated.date_edtf = "2022-03"
    undated.derive_dates()
    undated.save()
    assert_exact()

    # update() and bulk writes
    Event.objects.filter(pk=visit.pk).update(status="cancelled", contexts=["security"])
    Event.objects.bulk_create(
        [Event(title="Bulk", slug="bulk", event_type="AID", date_edtf="2020", contexts=["health"])]
    )
    Event.objects.filter(slug="bulk").update(date_lower=date(2020, 1, 1))
    assert_exact()

    # a claim moves to another event, then the only other claim of its source goes
    first.event = visit
    first.save()
    assert_exact()
    Claim.objects.filter(source=source).exclude(pk=first.pk).delete()
    EventActor.objects.filter(event=visit, actor=russia).update(actor=india)
    assert_exact()

    # deletions through Django's collector (actors and claims go first)
    Claim.objects.filter(event=call).delete()
    call.delete()
    india.event_roles.all().delete()
    assert_exact()


def test_ingest_and_merge_keep_the_tallies_exact():
    load_curated_actors(settings.DIPLO_DATASET)
    directory = store.ActorDirectory()
    for number, day in enumerate((8, 9)):
        store.ingest_article(
            Article(
                f"report-{number}.txt",
                "Prime Minister Narendra Modi and President Vladimir Putin spoke by phone on "
                f"March {day}, 2024, and agreed to expand trade.",
                date(2024, 3, 10),
                "header",
            ),
            directory,
        )
    assert_exact()
    calls = list(Event.objects.filter(event_type="CONSULT"))
    assert len(calls) == 2
    user = get_user_model().objects.create_user("curator")
    services.merge_events(user, calls[0], calls[1:])
    services.set_review_status(user, Event.objects.all(), ReviewStatus.VERIFIED)
    assert_exact()


def test_source_tallies_follow_claim_reviews_and_writes_of_many_claims_at_once():
    """A verified event a source backs only in unverified claims is counted apart (the
    public does not see it reported by that source); writes of several claims of one
    source and event in one statement (bulk reviews, deleting their event) count once."""
    user = get_user_model().objects.create_user("curator")
    call = make_event()
    later = make_event(event_type="AGREE", date_edtf="2019-09")
    source = make_source()
    first = make_claim(source, event=call, review_status="proposed")
    make_claim(source, quote="agreed to meet", event=call, review_status="proposed")
    make_claim(make_source(), event=call)  # another source, verified
    assert_exact()
    review = services.set_review_status
    review(user, Claim.objects.filter(pk=first.pk), ReviewStatus.VERIFIED)
    assert_exact()
    review(user, Claim.objects.filter(source=source), ReviewStatus.REJECTED)  # one statement
    assert_exact()
    review(user, Claim.objects.filter(source=source), ReviewStatus.VERIFIED)
    assert_exact()
    Claim.objects.filter(source=source).update(event=later)  # moved together
    assert_exact()
    Event.objects.filter(pk=later.pk).update(review_status="proposed")
    Claim.objects.filter(source=source).update(review_status="proposed")
    Event.objects.filter(pk=later.pk).update(review_status="verified")
    assert_exact()
    later.delete()  # its two claims of one source lose their event in one statement
    assert_exact()
    make_claim(source, event=call)
    make_claim(source, quote="agreed to meet", event=call, review_status="rejected")
    assert_exact()
    Claim.objects.filter(source=source, event=call).delete()  # two at once
    assert_exact()


def test_generating_and_clearing_a_dataset_counts_the_tallies_afresh():
    synthetic.generate_dataset(events=300, seed=5)
    assert_exact()
    synthetic.clear_generated()
    assert_exact()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops triggers on rebuilds")
def test_triggers_a_table_rebuild_dropped_are_restored_and_recounted():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER events_tally_event_insert")
    make_event()  # not counted: no trigger
    assert kept_by_database()[0] != counted_by_python()[0]
    tallies.repair(sender=None, using="default")
    assert_exact()


def filtered(query: str, unverified: bool = True) -> tuple:
    # As staff, who may count proposed events too, unless told.
    filterset = selectors.filter_events(QueryDict(query), unverified=unverified)
    assert filterset.is_valid(), filterset.errors
    return filterset


def add_unreviewed(events: list[Event]) -> None:
    """A source backing the events in claims still proposed but for the first's, and a
    proposed actor in them: what the public's counts leave out."""
    rumour = make_source(slug="rumour")
    lavrov = make_actor(slug="lavrov", review_status=ReviewStatus.PROPOSED)
    for n, event in enumerate(events):
        review = ReviewStatus.PROPOSED if n else ReviewStatus.VERIFIED
        make_claim(rumour, quote="agreed to meet", event=event, review_status=review)
        EventActor.objects.create(event=event, actor=lavrov, role="participant")


def assert_public_counts(facets: selectors.Facets, counted_rumour: set[int]) -> None:
    """The public's actor and source counts leave out the proposed actor and the events
    the rumour backs in proposed claims alone."""
    assert "lavrov" not in [row["actor__slug"] for row in facets.actor]
    rumour = [row["count"] for row in facets.source if row["source__slug"] == "rumour"]
    assert rumour == ([len(counted_rumour)] if counted_rumour else [])


# Staff count every event they ask for; anyone else, verified events as they see them.
CHOICES = ["", "type=AGREE", "status=planned&type=CONSULT", "context=economic",
           "context=economic&type=CONSULT"]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "unverified"),
    [(query, True) for query in [*CHOICES, "review=proposed&review=verified"]]
    + [(query, False) for query in CHOICES],
)
def test_the_timelines_counts_from_the_tallies_are_the_counts_over_the_events(query, unverified):
    india, russia = make_actor(), make_actor(country="RU")
    events = []
    for n in range(6):
        event = make_event(
            event_type=("CONSULT", "AGREE")[n % 2],
            status=("occurred", "planned", "cancelled")[n % 3],
            contexts=[["economic"], ["diplomatic", "economic"], []][n % 3],
            date_edtf=f"20{10 + n}-0{1 + n}",
            review_status=(ReviewStatus.VERIFIED, ReviewStatus.PROPOSED)[n // 4],
            actors=[(india, "initiator")] + ([(russia, "participant")] if n % 2 else []),
        )
        make_claim(make_source(), event=event)
        events.append(event)
    add_unreviewed(events[1:])
    filterset = filtered(query, unverified)
    assert tallies.answers(filterset.form.cleaned_data)
    matching = filterset.qs
    assert selectors.timeline_matches(filterset).count == matching.count()
    facets = selectors.facet_counts(filterset)
    # The same filter set counted over the events: narrowed by a window holding them all.
    wide = filtered(f"{query}&from=1900&to=2100", unverified)
    assert not tallies.answers(wide.form.cleaned_data)
    assert facets == selectors.facet_counts(wide)
    if not unverified:
        assert_public_counts(facets, {events[1].pk} & set(matching.values_list("pk", flat=True)))
    months = selectors.months_counted(filterset)
    assert sum(months.values()) == matching.exclude(date_lower=None, date_upper=None).count()


@pytest.mark.parametrize("limit", [20_000, 2])  # named by id; too many to name: as before
@pytest.mark.parametrize(
    "query", ["q=call", "from=2012&to=2014", "actor={actor}&type=AGREE", "q=call&context=economic"]
)
def test_matches_found_once_by_id_count_as_the_filters_do(query, limit, monkeypatch):
    monkeypatch.setattr(filters, "NARROWED_LIMIT", limit)
    india = make_actor()
    for n in range(6):
        make_claim(
            make_source(),
            event=make_event(
                title=f"A call {n}",
                event_type=("CONSULT", "AGREE")[n % 2],
                contexts=[["economic"], []][n % 2],
                date_edtf=f"20{10 + n}",
                actors=[(india, "initiator")],
            ),
        )
    query = query.format(actor=india.slug)
    by_id = selectors.filter_events(QueryDict(query), reread=True)
    direct = selectors.filter_events(QueryDict(query))
    assert by_id.is_valid() and direct.is_valid()
    assert selectors.timeline_matches(by_id) == selectors.timeline_matches(direct)
    assert selectors.timeline_matches(by_id).count > 0
    assert selectors.facet_counts(by_id) == selectors.facet_counts(direct)
    assert (by_id._narrowed_ids() is None) == (limit == 2)


WINDOWS = ["from=2012&to=2013", "from=2011-03&to=2013-02", "from=2013", "to=2012-06",
           "from=2010-03&to=2014-06", "from=2012-01&to=2012-12", "from=2011-07", "to=2013",
           "from=2012&to=2014&type=AGREE", "from=2011&to=2014&context=economic"]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "unverified"),
    [(query, True) for query in [*WINDOWS, "from=2012&to=2013&review=proposed&review=verified"]]
    + [(query, False) for query in WINDOWS],
)
@pytest.mark.parametrize("beyond_limit", [2_000, 0])  # too many beyond: counted directly
def test_a_window_of_whole_months_counts_as_the_events_do(
    query, unverified, beyond_limit, monkeypatch
):
    """Counted from the tallies' months plus the events beyond them (begun before the
    window, or with no first day): the same counts as over the events."""
    monkeypatch.setattr(selectors, "BEYOND_LIMIT", beyond_limit)
    india, russia = make_actor(), make_actor(country="RU")
    spans = ["2011-11/2012-02", "2012-05", "2013-02-10", "2010/2014", "../2012-07",
             "2012-12-31", "2014-01", "2011-06-01/2011-06-30", "2013"]  # fmt: skip
    events = []
    for n, span in enumerate(spans):
        event = make_event(
            event_type=("CONSULT", "AGREE")[n % 2],
            contexts=[["economic"], []][n % 2],
            date_edtf=span,
            review_status=(ReviewStatus.VERIFIED, ReviewStatus.PROPOSED)[n % 3 == 2],
            actors=[(india, "initiator")] + ([(russia, "participant")] if n % 2 else []),
        )
        make_claim(make_source(), event=event)
        events.append(event)
    add_unreviewed(events[3:])  # the first of them (verified) begun before most windows
    filterset = selectors.filter_events(QueryDict(query), reread=True, unverified=unverified)
    assert filterset.is_valid(), filterset.errors
    assert tallies.window(filterset.form.cleaned_data) is not None
    # The same window given to the day is counted over the events.
    cleaned = filterset.form.cleaned_data
    parts = [part for part in query.split("&") if not part.startswith(("from=", "to="))]
    if cleaned.get("from"):
        parts.append(f"from={cleaned['from'].lower}")
    if cleaned.get("to"):
        parts.append(f"to={cleaned['to'].upper}")
    exact = "&".join(parts)
    direct = selectors.filter_events(QueryDict(exact), unverified=unverified)
    assert direct.is_valid()
    assert tallies.window(direct.form.cleaned_data) is None
    facets = selectors.facet_counts(filterset)
    assert facets == selectors.facet_counts(direct)
    if not unverified:
        assert_public_counts(facets, {events[3].pk} & set(direct.qs.values_list("pk", flat=True)))
    assert selectors.timeline_matches(filterset).count > 0
    months = selectors.months_counted(filterset)
    bounds = tallies.window(filterset.form.cleaned_data)
    if selectors._beyond_window(filterset, bounds) is None:  # too many beyond
        assert months is None  # the chart counts the events
        return
    assert sum(months.values()) == direct.qs.exclude(date_lower=None, date_upper=None).count()


@pytest.mark.parametrize("query", ["", "from=2011&to=2016"])
def test_the_most_frequent_actors_are_cut_with_their_ties_as_over_the_events(query, monkeypatch):
    """Read in order only as far as the cut, a tie running past what was read is read to
    its end, and ties are cut by name: the same actors as counted over the events."""
    monkeypatch.setattr(selectors, "FACET_LIMIT", 2)
    actors = [make_actor(name=name) for name in ("Eve", "Dan", "Cy", "Bo", "Al")]
    # Eve in 4 events; Dan, Cy, Bo and Al in 2 each: four tied at the cut of two.
    for n in range(4):
        involved = [actors[0], actors[1 + n % 4], actors[1 + (n + 1) % 4]]
        make_event(date_edtf=f"20{12 + n}", actors=[(actor, "participant") for actor in involved])
    filterset = filtered(query)
    facets = selectors.facet_counts(filterset)
    over_events = selectors.facet_counts(filtered(f"{query}&q=event" if query else "q=event"))
    assert [row["actor__name"] for row in facets.actor] == ["Eve", "Al"]
    assert facets.actor == over_events.actor


def test_an_actor_mostly_in_events_begun_before_a_window_is_ranked_by_all_of_them(monkeypatch):
    """The window's months are ranked by the database and only the first few read; an
    actor the events beyond them name is counted in full, so it can still come first."""
    monkeypatch.setattr(selectors, "FACET_LIMIT", 1)
    first, second, third, late = (make_actor(name=name) for name in ("Ann", "Ben", "Cal", "Dee"))
    within = [first] * 3 + [second] * 2 + [third] * 2 + [late]
    for n, actor in enumerate(within):
        make_event(date_edtf=f"2015-0{1 + n}", actors=[(actor, "participant")])
    for n in range(3):  # begun before the window, still going on in it
        make_event(date_edtf=f"2013-0{1 + n}/2015-12", actors=[(late, "participant")])
    windowed = filtered("from=2015&to=2015")
    assert tallies.window(windowed.form.cleaned_data) is not None
    facets = selectors.facet_counts(windowed)
    assert [(row["actor__name"], row["count"]) for row in facets.actor] == [("Dee", 4)]
    assert facets.actor == selectors.facet_counts(filtered("from=2015-01-01&to=2015-12-31")).actor
