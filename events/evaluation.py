"""How well ingest proposes what curators record: the seeds against the curated dataset."""

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import transaction

from events import services
from events.dates import bounds_overlap, date_precision, parse_date
from events.ingest.documents import read_article
from events.ingest.pipeline import analyse
from events.models import Actor, ActorAlias, Claim, Event, EventActor, Source

SEEDS = settings.BASE_DIR / "fixtures" / "seeds"
ONE_YEAR = 366


@dataclass
class EventVerdict:
    slug: str
    event_type: str
    edtf: str
    evidence: bool = False
    date_agrees: bool = False
    type_matches: bool = False
    proposed_events: int = 0  # proposed events whose evidence is mostly this event's
    proposed: str = ""  # the best proposed event: "TYPE edtf"


@dataclass
class Evaluation:
    verdicts: list[EventVerdict] = field(default_factory=list)
    proposed_events: int = 0
    matched_proposed_events: int = 0
    proposed_claims: int = 0
    articles: int = 0
    seconds: float = 0.0
    sentences_per_second: float = 0.0

    def share(self, attribute: str) -> float:
        return sum(getattr(v, attribute) for v in self.verdicts) / max(len(self.verdicts), 1)

    @property
    def precision(self) -> float:
        return self.matched_proposed_events / max(self.proposed_events, 1)

    @property
    def worst_duplication(self) -> int:
        return max((v.proposed_events for v in self.verdicts), default=0)


def _curated(dataset: Path) -> tuple[list[dict], dict[str, list[tuple[str, int, int]]]]:
    records = json.loads(dataset.read_text(encoding="utf-8"))
    origins = {
        r["fields"]["slug"]: r["fields"]["origin"] for r in records if r["model"] == "events.source"
    }
    events = [r["fields"] for r in records if r["model"] == "events.event"]
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for record in records:
        if record["model"] == "events.claim":
            fields = record["fields"]
            spans.setdefault(fields["event"][0], []).append(
                (origins[fields["source"][0]], fields["start"], fields["end"])
            )
    return events, spans


def load_curated_actors(dataset: Path) -> None:
    """Save the dataset's actors and aliases, and nothing else from it."""
    records = json.loads(dataset.read_text(encoding="utf-8"))
    wanted = [r for r in records if r["model"] in {"events.actor", "events.actoralias"}]
    for item in serializers.deserialize("python", wanted):
        item.save()


def _start_fresh(dataset: Path) -> None:
    """Only the curated actors and aliases: no sources, events or claims."""
    Claim.objects.all().delete()
    Event.objects.all().delete()
    Source.objects.all().delete()
    EventActor.objects.all().delete()
    ActorAlias.objects.all().delete()
    Actor.objects.all().delete()
    load_curated_actors(dataset)


def evaluate_seeds(dataset: Path | None = None) -> Evaluation:
    """Ingest the seed texts into an otherwise empty database and compare with the dataset.

    Runs in a transaction that is rolled back: the database is left as it was.
    """
    dataset = dataset or settings.DIPLO_DATASET
    curated, spans = _curated(dataset)
    evaluation = Evaluation()
    with transaction.atomic():
        _start_fresh(dataset)
        directory = services.ActorDirectory()
        started = time.perf_counter()
        for path in sorted(SEEDS.glob("*.txt")):
            services.ingest_article(read_article(path), directory)
            evaluation.articles += 1
        evaluation.seconds = time.perf_counter() - started
        _compare(evaluation, curated, spans)
        evaluation.sentences_per_second = _text_stage_speed(directory.matcher)
        transaction.set_rollback(True)
    return evaluation


def _text_stage_speed(matcher, rounds: int = 50) -> float:
    """Sentences per second through the text stages alone (no database)."""
    articles = [read_article(path) for path in sorted(SEEDS.glob("*.txt"))]
    sentences = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for article in articles:
            sentences += len(analyse(article.body, article.published_on, matcher).sentences)
    return sentences / (time.perf_counter() - started)


def _overlaps(claim: Claim, spans: list[tuple[str, int, int]]) -> bool:
    return any(
        claim.source.origin == origin and claim.start < end and start < claim.end
        for origin, start, end in spans
    )


def _compare(evaluation: Evaluation, curated: list[dict], spans: dict) -> None:
    """Per curated event: evidence, date and type; and how many proposed events are its.

    Each proposed event is assigned to the curated event of its type whose claims its
    own claims overlap most, when at least half its claims do; two proposed events
    assigned to one curated event are duplicates the pipeline failed to merge.
    """
    claims = list(Claim.objects.select_related("source", "event"))
    evaluation.proposed_claims = len(claims)
    proposed = {claim.event_id: claim.event for claim in claims if claim.event_id}
    evaluation.proposed_events = len(proposed)
    by_event: dict[int, list[Claim]] = {}
    for claim in claims:
        by_event.setdefault(claim.event_id, []).append(claim)
    assigned: dict[str, list[Event]] = {}
    for pk, event in proposed.items():
        votes = {
            fields["slug"]: sum(_overlaps(c, spans.get(fields["slug"], [])) for c in by_event[pk])
            for fields in curated
            if fields["event_type"] == event.event_type
        }
        best = max(votes, key=votes.get, default=None)
        # Its evidence must be mostly that event's: a catch-all is not anyone's duplicate.
        if best is not None and votes[best] and 2 * votes[best] >= len(by_event[pk]):
            assigned.setdefault(best, []).append(event)
    evaluation.matched_proposed_events = sum(len(events) for events in assigned.values())
    for fields in curated:
        verdict = EventVerdict(fields["slug"], fields["event_type"], fields["date_edtf"])
        evaluation.verdicts.append(verdict)
        overlapping = [c for c in claims if _overlaps(c, spans.get(fields["slug"], []))]
        verdict.evidence = bool(overlapping)
        verdict.proposed_events = len(assigned.get(fields["slug"], []))
        events = {c.event_id: c.event for c in overlapping if c.event_id}
        if not events:
            continue
        # The proposal that best answers this event: its type, with the most shared evidence.
        votes = {pk: sum(c.event_id == pk for c in overlapping) for pk in events}
        best = max(
            events.values(), key=lambda e: (e.event_type == fields["event_type"], votes[e.pk])
        )
        verdict.proposed = f"{best.event_type} {best.date_edtf}"
        verdict.type_matches = best.event_type == fields["event_type"]
        verdict.date_agrees = _dates_agree(fields["date_edtf"], best)


def _dates_agree(curated_edtf: str, proposed: Event) -> bool:
    """Overlapping intervals, and no wider than a year where the curators know a day or month."""
    curated = parse_date(curated_edtf)
    lower, upper = proposed.date_lower, proposed.date_upper
    overlaps = bounds_overlap((curated.lower, curated.upper), (lower, upper))
    precise = date_precision(curated.lower, curated.upper) in {"day", "month"}
    too_wide = lower is None or upper is None or (upper - lower).days > ONE_YEAR
    return overlaps and not (precise and too_wide)
