"""How well ingest proposes what curators record: the seeds against the curated dataset."""

import json
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

from events.dates import bounds_overlap, date_precision, parse_date
from events.ingest import store
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
        directory = store.ActorDirectory()
        started = time.perf_counter()
        for path in sorted(SEEDS.glob("*.txt")):
            store.ingest_article(read_article(path), directory)
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


# ---------------------------------------------------------------------------------------
# A corpus of real articles with gold events (the devset format: gold.json + articles/)
# ---------------------------------------------------------------------------------------

# How wide a proposed event's interval may be and still agree with a gold date.
_GOLD_WIDTH = {"day": 31, "month": 31, "year": 400, "approximate": 400}


@dataclass
class GoldVerdict:
    """One gold event: found or not, and the failure class of a miss."""

    title: str
    date: str
    status: str
    evidence: bool = False
    date_agrees: bool = False
    shifted: bool = False  # its date is not the publication day
    failure: str = ""  # "", no claim, wrong status, date, actors
    detail: str = ""  # what ingest proposed instead


@dataclass
class ArticleVerdict:
    file: str
    events: list[GoldVerdict] = field(default_factory=list)
    gold_actors: list[str] = field(default_factory=list)
    found_actors: list[str] = field(default_factory=list)  # names among the source's claims
    missed_actors: list[str] = field(default_factory=list)
    extra_actors: list[str] = field(default_factory=list)
    proposed_events: int = 0
    stored: bool = True

    @property
    def over_proposed(self) -> bool:
        return self.proposed_events > 2 * len(self.events)


@dataclass
class CorpusEvaluation:
    articles: list[ArticleVerdict] = field(default_factory=list)
    seconds: float = 0.0

    def _events(self) -> list[GoldVerdict]:
        return [event for article in self.articles for event in article.events]

    @property
    def evidence_recall(self) -> tuple[int, int]:
        events = self._events()
        return sum(e.evidence for e in events), len(events)

    @property
    def date_agreement(self) -> tuple[int, int]:
        found = [e for e in self._events() if e.evidence]
        return sum(e.date_agrees for e in found), len(found)

    @property
    def shifted_agreement(self) -> tuple[int, int]:
        found = [e for e in self._events() if e.evidence and e.shifted]
        return sum(e.date_agrees for e in found), len(found)

    @property
    def actor_recall(self) -> tuple[int, int]:
        return (
            sum(len(a.gold_actors) - len(a.missed_actors) for a in self.articles),
            sum(len(a.gold_actors) for a in self.articles),
        )

    @property
    def actor_precision(self) -> tuple[int, int]:
        return (
            sum(len(a.found_actors) - len(a.extra_actors) for a in self.articles),
            sum(len(a.found_actors) for a in self.articles),
        )

    def failures(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for event in self._events():
            if event.failure:
                counts[event.failure] = counts.get(event.failure, 0) + 1
        return counts


def _normalised_name(name: str) -> str:
    return " ".join(name.lower().replace(".", " ").replace("'s", "").split())


def same_actor(gold: str, found: str) -> bool:
    """Names compared as the devset's scorer does: case and dots aside, a multi-word name
    inside another, or two multi-word names sharing a surname of over three letters."""
    a, b = _normalised_name(gold), _normalised_name(found)
    if not a or not b:
        return False
    a_words, b_words = a.split(), b.split()
    if a == b or (len(a_words) > 1 and a in b) or (len(b_words) > 1 and b in a):
        return True
    return (
        len(a_words) > 1
        and len(b_words) > 1
        and a_words[-1] == b_words[-1]
        and len(a_words[-1]) > 3
    )


def _gold_interval(value: str) -> tuple[date, date]:
    parsed = parse_date(value)
    return parsed.lower, parsed.upper


def evaluate_corpus(corpus: Path, dataset: Path | None = None) -> CorpusEvaluation:
    """Score ingest on a folder holding gold.json and articles/, as the devset's scorer does.

    Starts from the curated dataset alone, ingests every article (those without a date
    get the gold file's `published_hint`), and compares the proposals with the gold
    events. Runs in a transaction that is rolled back: the database is left as it was.
    """
    dataset = dataset or settings.DIPLO_DATASET
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    folder = corpus / "articles" if (corpus / "articles").is_dir() else corpus
    evaluation = CorpusEvaluation()
    with transaction.atomic():
        _start_fresh(dataset)
        call_command("loaddata", str(dataset), verbosity=0)
        events_before = set(Event.objects.values_list("pk", flat=True))
        directory = store.ActorDirectory()
        # The scorer's order: the dated files as one folder, then each undated one.
        dated = sorted((g for g in gold if not g.get("published_hint")), key=lambda g: g["file"])
        undated = [g for g in gold if g.get("published_hint")]
        sources: dict[str, Source] = {}
        started = time.perf_counter()
        for entry in [*dated, *undated]:
            hint = entry.get("published_hint")
            article = read_article(
                folder / entry["file"], date.fromisoformat(hint) if hint else None
            )
            sources[entry["file"]] = store.ingest_article(article, directory).source
        evaluation.seconds = time.perf_counter() - started
        for entry in gold:
            evaluation.articles.append(
                _score_article(entry, sources.get(entry["file"]), events_before)
            )
        transaction.set_rollback(True)
    return evaluation


def _score_article(entry: dict, source: Source | None, events_before: set[int]) -> ArticleVerdict:
    verdict = ArticleVerdict(entry["file"], gold_actors=list(entry["actors"]))
    publication = entry.get("publication_date") or entry.get("published_hint") or "none"
    if source is None:
        verdict.stored = False
        verdict.missed_actors = list(entry["actors"])
        verdict.events = [
            GoldVerdict(g["title"], g["date"], g["status"], failure="no claim")
            for g in entry["events"]
        ]
        return verdict
    claims = list(
        Claim.objects.filter(source=source).select_related("event").prefetch_related("actors")
    )
    verdict.proposed_events = len(
        {c.event_id for c in claims if c.event_id and c.event_id not in events_before}
    )
    event_ids = {c.event_id for c in claims if c.event_id}
    roles: dict[int, set[str]] = {}
    for event_id, name in EventActor.objects.filter(event_id__in=event_ids).values_list(
        "event_id", "actor__name"
    ):
        roles.setdefault(event_id, set()).add(name)
    names = {actor.name for claim in claims for actor in claim.actors.all()}
    names |= {name for found in roles.values() for name in found}
    verdict.found_actors = sorted(names)
    verdict.missed_actors = [a for a in entry["actors"] if not any(same_actor(a, n) for n in names)]
    verdict.extra_actors = [
        n for n in verdict.found_actors if not any(same_actor(a, n) for a in entry["actors"])
    ]
    for gold_event in entry["events"]:
        verdict.events.append(_score_event(gold_event, source, claims, roles, publication))
    return verdict


def _score_event(
    gold: dict, source: Source, claims: list[Claim], roles: dict[int, set[str]], publication: str
) -> GoldVerdict:
    verdict = GoldVerdict(gold["title"], gold["date"], gold["status"])
    verdict.shifted = not gold["date"].startswith(publication)
    at = source.text.find(gold["evidence_quote"])
    if at < 0:
        verdict.failure = "no claim"
        verdict.detail = "the evidence quote is not in the stored text"
        return verdict
    lo, hi = at, at + len(gold["evidence_quote"])
    overlapping = [c for c in claims if c.start < hi and c.end > lo and c.event_id]
    if not overlapping:
        verdict.failure = "no claim"
        return verdict
    candidates = [c for c in overlapping if c.event.status == gold["status"]]
    if not candidates:
        verdict.failure = "wrong status"
        verdict.detail = ", ".join(sorted({c.event.status for c in overlapping}))
        return verdict
    verdict.evidence = True
    glo, ghi = _gold_interval(gold["date"])
    wide = _GOLD_WIDTH.get(gold.get("date_precision", ""), 400)
    for claim in candidates:
        event = claim.event
        elo, ehi = event.date_lower or date.min, event.date_upper or date.max
        if elo <= ghi and ehi >= glo and (ehi - elo).days <= wide:
            verdict.date_agrees = True
            if not all(
                any(same_actor(a, n) for n in roles.get(event.pk, set()) | _names(claim))
                for a in gold["actors"]
            ):
                verdict.failure = "actors"
                verdict.detail = ", ".join(sorted(roles.get(event.pk, set())))
            return verdict
    verdict.failure = "date"
    verdict.detail = ", ".join(sorted({c.event.date_edtf for c in candidates}))
    return verdict


def _names(claim: Claim) -> set[str]:
    return {actor.name for actor in claim.actors.all()}


# ---------------------------------------------------------------------------------------
# Whether the ingest order matters: the same articles in two orders must give the same events
# ---------------------------------------------------------------------------------------

EventDescription = tuple[str, str, str, tuple[str, ...], tuple[tuple[str, int, int], ...]]


def describe_events(sources: list[int]) -> list[EventDescription]:
    """Every event holding a claim of these sources, as what does not depend on ingest
    order: type, status, date, actor slugs, and those claims as (source origin, start, end)."""
    claims: dict[int, set[tuple[str, int, int]]] = {}
    for event_id, origin, start, end in Claim.objects.filter(
        event__isnull=False, source_id__in=sources
    ).values_list("event_id", "source__origin", "start", "end"):
        claims.setdefault(event_id, set()).add((origin, start, end))
    actors: dict[int, set[str]] = {}
    for event_id, slug in EventActor.objects.filter(event_id__in=claims).values_list(
        "event_id", "actor__slug"
    ):
        actors.setdefault(event_id, set()).add(slug)
    return sorted(
        (
            event.event_type,
            event.status,
            event.date_edtf,
            tuple(sorted(actors.get(event.pk, ()))),
            tuple(sorted(claims[event.pk])),
        )
        for event in Event.objects.filter(pk__in=claims)
    )


@dataclass
class OrderCheck:
    articles: int
    first: list[EventDescription]
    second: list[EventDescription]

    @property
    def same(self) -> bool:
        return self.first == self.second

    def differences(self) -> tuple[list[EventDescription], list[EventDescription]]:
        """(events only the first order made, events only the second one made)."""
        first, second = set(self.first), set(self.second)
        return sorted(first - second), sorted(second - first)


def _corpus_articles(corpus: Path) -> list:
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    folder = corpus / "articles" if (corpus / "articles").is_dir() else corpus
    dated = sorted((g for g in gold if not g.get("published_hint")), key=lambda g: g["file"])
    undated = [g for g in gold if g.get("published_hint")]
    return [
        read_article(
            folder / entry["file"],
            date.fromisoformat(entry["published_hint"]) if entry.get("published_hint") else None,
        )
        for entry in [*dated, *undated]
    ]


def ingest_in_order(articles: list, dataset: Path | None = None) -> list[EventDescription]:
    """Ingest articles, in the order given, over the curated dataset; describe the events.

    Runs in a transaction that is rolled back: the database is left as it was.
    """
    dataset = dataset or settings.DIPLO_DATASET
    with transaction.atomic():
        _start_fresh(dataset)
        call_command("loaddata", str(dataset), verbosity=0)
        directory = store.ActorDirectory()
        sources = [store.ingest_article(a, directory).source.pk for a in articles]
        described = describe_events(sources)
        transaction.set_rollback(True)
    return described


def check_corpus_orders(corpus: Path, dataset: Path | None = None) -> OrderCheck:
    """Ingest a corpus in the scorer's order and in reverse: are the events the same?"""
    articles = _corpus_articles(corpus)
    return OrderCheck(
        len(articles),
        ingest_in_order(articles, dataset),
        ingest_in_order(list(reversed(articles)), dataset),
    )
