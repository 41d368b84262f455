"""The curated India–Russia dataset: verbatim evidence, honest dates, idempotent loading."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db.models import Count

from events.dates import parse_date
from events.ingest.seeds import read_seed
from events.models import Actor, ActorAlias, Claim, Event, EventActor, Source, text_sha256

SEEDS = settings.BASE_DIR / "fixtures" / "seeds"
DATASET_MODELS = [Actor, ActorAlias, Source, Event, EventActor, Claim]


@pytest.fixture
def dataset(db):
    call_command("loaddata", settings.DIPLO_DATASET, verbosity=0)


def snapshot() -> str:
    rows = [obj for model in DATASET_MODELS for obj in model.objects.order_by("pk")]
    return serializers.serialize("json", rows)


def fixture_records(model: str) -> list[dict]:
    records = json.loads(Path(settings.DIPLO_DATASET).read_text(encoding="utf-8"))
    return [record["fields"] for record in records if record["model"] == f"events.{model}"]


def test_every_quote_is_verbatim_at_its_offsets(dataset):
    claims = Claim.objects.select_related("source")
    assert claims.count() > 0
    for claim in claims:
        assert claim.source.text[claim.start : claim.end] == claim.quote, claim.pk
        claim.full_clean()


def test_every_event_has_a_claim_and_every_claim_an_event(dataset):
    assert not Event.objects.filter(claims__isnull=True).exists()
    assert not Claim.objects.filter(event__isnull=True).exists()


def test_every_source_text_is_its_seed_body(dataset):
    sources = {source.origin: source for source in Source.objects.all()}
    seed_files = sorted(SEEDS.glob("*.txt"))
    assert sorted(sources) == [path.name for path in seed_files]
    for path in seed_files:
        document = read_seed(path)
        source = sources[path.name]
        assert source.text == document.body
        assert source.sha256 == text_sha256(document.body)
        if document.published_on:
            assert (source.published_on, source.date_basis) == (document.published_on, "header")
        else:
            assert source.date_basis == "text"
            assert source.published_on.strftime("%B %-d, %Y") in source.text


def test_loading_twice_leaves_the_same_rows(dataset):
    first = snapshot()
    call_command("loaddata", settings.DIPLO_DATASET, verbosity=0)
    assert snapshot() == first


def test_stored_derived_dates_match_the_edtf():
    # loaddata saves raw, bypassing Event.save(): the fixture must carry correct derivations.
    for fields in fixture_records("event"):
        bounds = parse_date(fields["date_edtf"])
        lower = bounds.lower.isoformat() if bounds.lower else None
        upper = bounds.upper.isoformat() if bounds.upper else None
        assert (fields["date_lower"], fields["date_upper"], fields["date_display"]) == (
            lower,
            upper,
            bounds.display,
        ), fields["slug"]


def test_everything_curated_is_verified(dataset):
    assert set(Actor.objects.values_list("review_status", flat=True)) == {"verified"}
    assert set(Event.objects.values_list("review_status", flat=True)) == {"verified"}
    assert set(Claim.objects.values_list("review_status", flat=True)) == {"verified"}


def test_each_date_phrase_is_in_the_claim_it_was_read_from(dataset):
    for event in Event.objects.select_related("date_claim"):
        assert event.date_claim is not None, event.slug
        assert event.date_phrase in event.date_claim.quote, event.slug


def test_every_alias_is_a_form_the_texts_use_or_the_actors_name(dataset):
    texts = " ".join(Source.objects.values_list("text", flat=True)).lower()
    for alias in ActorAlias.objects.select_related("actor"):
        assert alias.text.lower() in texts or alias.text == alias.actor.name, alias.text


def test_mentioned_actors_are_named_in_the_quote(dataset):
    for claim in Claim.objects.prefetch_related("actors__aliases"):
        for actor in claim.actors.all():
            forms = [alias.text for alias in actor.aliases.all()]
            assert any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", claim.quote) for form in forms)


def test_every_event_has_actors_with_roles(dataset):
    assert not Event.objects.filter(event_actors__isnull=True).exists()


def sources_of(slug: str) -> set[str]:
    return set(
        Source.objects.filter(claims__event__slug=slug).values_list("slug", flat=True).distinct()
    )


ALL_THREE = {
    "modi-putin-agree-annual-2plus2-dialogue",
    "india-russia-announce-2plus2-dialogue",
    "modi-putin-call-covid-sputnik-v-2plus2",
}


@pytest.mark.parametrize(
    ("slug", "event_type", "mode", "status", "edtf", "sources"),
    [
        ("modi-putin-phone-call-2021-04-28", "CONSULT", "phone", "occurred", "2021-04-28", 3),
        ("india-russia-agree-2plus2-dialogue", "AGREE", "phone", "occurred", "2021-04-28", 3),
        ("putin-pledges-support-india-covid", "SUPPORT", "phone", "occurred", "2021-04-28", 3),
        ("modi-thanks-russia-for-covid-support", "SUPPORT", "phone", "occurred", "2021-04-28", 3),
        ("russia-emergency-aid-india-2021", "AID", "", "occurred", "2021-04-28/2021-04-30", 2),
        ("india-approves-sputnik-v-emergency-use", "COOPERATE", "", "occurred", "../2021-04-28", 3),
        ("sputnik-v-production-india-2021", "COOPERATE", "", "planned", "2021-05", 3),
        ("sputnik-v-first-batch-arrives-india", "COOPERATE", "", "planned", "2021-04", 1),
        ("gaganyaan-astronaut-training-russia", "COOPERATE", "", "occurred", "../2021-04-28", 3),
        ("vladivostok-summit-2019", "CONSULT", "visit", "occurred", "2019-09", 2),
        ("india-russia-summit-2020-cancelled", "CONSULT", "visit", "cancelled", "2020", 1),
        (
            "putin-visit-india-summit-2021",
            "CONSULT",
            "visit",
            "planned",
            "2021-04-28/2021-12-31",
            3,
        ),
    ],
)
def test_the_events_the_texts_state(dataset, slug, event_type, mode, status, edtf, sources):
    event = Event.objects.get(slug=slug)
    assert (event.event_type, event.mode, event.status, event.date_edtf) == (
        event_type,
        mode,
        status,
        edtf,
    )
    assert len(sources_of(slug)) == sources


def test_things_done_in_the_call_are_its_children(dataset):
    call = Event.objects.get(slug="modi-putin-phone-call-2021-04-28")
    children = set(call.children.values_list("slug", flat=True))
    assert {"india-russia-agree-2plus2-dialogue", "putin-pledges-support-india-covid"} <= children
    assert all(child.date_lower == date(2021, 4, 28) for child in call.children.all())


def test_later_this_year_ends_on_the_last_day_of_2021(dataset):
    visit = Event.objects.get(slug="putin-visit-india-summit-2021")
    assert visit.date_upper == date(2021, 12, 31)
    assert visit.date_display == "later in 2021"
    assert visit.date_claim.source.published_on == date(2021, 4, 28)


def test_the_call_is_corroborated_by_every_source(dataset):
    annotated = Event.objects.annotate(n=Count("claims__source", distinct=True))
    assert annotated.get(slug="modi-putin-phone-call-2021-04-28").n == 3
    assert sources_of("modi-putin-phone-call-2021-04-28") == ALL_THREE
