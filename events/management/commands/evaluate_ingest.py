from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.ingest.evaluation import (
    CorpusEvaluation,
    check_corpus_orders,
    evaluate_corpus,
    evaluate_seeds,
)

TARGETS = {"evidence recall": 0.9, "date agreement": 0.85}
# The devset's targets (issue 13), for a corpus of real articles with gold events.
CORPUS_TARGETS = {
    "evidence recall": 0.85,
    "date agreement": 0.85,
    "date agreement, not the publication day": 0.75,
    "actor recall": 0.85,
    "actor precision": 0.80,
}


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]


def _share(pair: tuple[int, int]) -> float:
    found, total = pair
    return found / total if total else 0.0


class Command(BaseCommand):
    help = (
        "Measure ingest. Without --corpus: ingest the seed texts into a fresh database holding "
        "only the curated actors and compare the proposals with the curated dataset. With "
        "--corpus DIR (gold.json + articles/, the devset format): start from the curated "
        "dataset, ingest the articles and score them against the gold events, as the devset's "
        "score.py does. Either way the database is left unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="exit non-zero when a target is missed"
        )
        parser.add_argument(
            "--corpus", type=Path, help="a folder with gold.json and articles/ to score"
        )
        parser.add_argument(
            "--misses", action="store_true", help="with --corpus: list every missed gold event"
        )
        parser.add_argument(
            "--orders",
            action="store_true",
            help="with --corpus: also ingest it in the scorer's order and in reverse, and "
            "report whether the events are the same (each run rolled back)",
        )

    def handle(self, *args, check, corpus, misses, orders, **options):
        if orders and corpus is None:
            raise CommandError("--orders needs --corpus")
        if corpus is not None:
            if not (corpus / "gold.json").is_file():
                raise CommandError(f"{corpus}: no gold.json in that folder")
            missed = self._corpus(evaluate_corpus(corpus), misses)
            if orders:
                missed += self._orders(corpus)
        else:
            missed = self._seeds()
        if check and missed:
            raise CommandError(f"targets missed: {', '.join(missed)}")

    def _corpus(self, evaluation: CorpusEvaluation, misses: bool) -> list[str]:
        rows = [("article", "evidence", "dates", "actors", "found", "proposed")]
        for article in evaluation.articles:
            found = [e for e in article.events if e.evidence]
            rows.append(
                (
                    article.file[:44],
                    f"{len(found)}/{len(article.events)}",
                    f"{sum(e.date_agrees for e in found)}/{len(found)}",
                    f"{len(article.gold_actors) - len(article.missed_actors)}"
                    f"/{len(article.gold_actors)}",
                    str(len(article.found_actors)),
                    f"{article.proposed_events}{' (over 2×)' if article.over_proposed else ''}",
                )
            )
        for line in _table(rows):
            self.stdout.write(line)
        if misses:
            self._misses(evaluation)
        totals = {
            "evidence recall": evaluation.evidence_recall,
            "date agreement": evaluation.date_agreement,
            "date agreement, not the publication day": evaluation.shifted_agreement,
            "actor recall": evaluation.actor_recall,
            "actor precision": evaluation.actor_precision,
        }
        self.stdout.write("")
        for name, pair in totals.items():
            self.stdout.write(
                f"{name}: {_share(pair):.2f} ({pair[0]}/{pair[1]}, target ≥ {CORPUS_TARGETS[name]})"
            )
        over = [a.file for a in evaluation.articles if a.over_proposed]
        self.stdout.write(f"files proposing more than twice their gold events: {len(over)}")
        classes = evaluation.failures()
        self.stdout.write(
            "misses by class: "
            + (", ".join(f"{name} {count}" for name, count in sorted(classes.items())) or "none")
        )
        missed = [name for name, pair in totals.items() if _share(pair) < CORPUS_TARGETS[name]]
        return missed + (["no over-proposing file"] if over else [])

    def _orders(self, corpus: Path) -> list[str]:
        self.stdout.write("")
        result = check_corpus_orders(corpus)
        if result.same:
            self.stdout.write(
                f"ingest order: the same {len(result.first)} events in the scorer's order "
                f"and in reverse ({result.articles} articles)"
            )
            return []
        only_first, only_second = result.differences()
        self.stdout.write(
            f"ingest order: the events differ ({len(only_first)} of {len(result.first)} only "
            f"in the scorer's order, {len(only_second)} only in reverse; "
            f"{result.articles} articles)"
        )
        for mark, events in (("scorer's order", only_first), ("reverse", only_second)):
            for event_type, status, edtf, actors, claims in events:
                spans = ", ".join(f"{origin[:12]}:{a}-{b}" for origin, a, b in claims)
                self.stdout.write(
                    f"  only in {mark}: {event_type} {status} {edtf} "
                    f"[{', '.join(actors)}] claims {spans}"
                )
        return ["the same events whatever the ingest order"]

    def _misses(self, evaluation: CorpusEvaluation) -> None:
        self.stdout.write("")
        for article in evaluation.articles:
            for event in article.events:
                if event.failure:
                    detail = f" [{event.detail}]" if event.detail else ""
                    self.stdout.write(
                        f"{article.file[:28]}  {event.failure:<12} {event.status:<9} "
                        f"{event.date:<10} {event.title[:70]}{detail}"
                    )
            if article.missed_actors or article.extra_actors:
                self.stdout.write(
                    f"{article.file[:28]}  actors       missed: {', '.join(article.missed_actors)}"
                    f" | not gold: {', '.join(article.extra_actors)}"
                )

    def _seeds(self) -> list[str]:
        evaluation = evaluate_seeds()
        rows = [("curated event", "type", "date", "evidence", "date ok", "type ok", "proposed")]
        for v in evaluation.verdicts:
            rows.append(
                (
                    v.slug,
                    v.event_type,
                    v.edtf,
                    "yes" if v.evidence else "NO",
                    "yes" if v.date_agrees else "NO",
                    "yes" if v.type_matches else "NO",
                    f"{v.proposed_events}× {v.proposed}".strip(),
                )
            )
        for line in _table(rows):
            self.stdout.write(line)
        totals = {
            "evidence recall": evaluation.share("evidence"),
            "date agreement": evaluation.share("date_agrees"),
            "type agreement": evaluation.share("type_matches"),
            "event precision": evaluation.precision,
        }
        self.stdout.write("")
        for name, value in totals.items():
            target = f" (target ≥ {TARGETS[name]})" if name in TARGETS else ""
            self.stdout.write(f"{name}: {value:.2f}{target}")
        self.stdout.write(
            f"proposed: {evaluation.proposed_events} events, {evaluation.proposed_claims} claims; "
            f"most proposed events for one curated event: {evaluation.worst_duplication} "
            "(target ≤ 1)"
        )
        self.stdout.write(
            f"text stages: {evaluation.sentences_per_second:,.0f} sentences/s on the seeds; "
            f"end to end: {evaluation.articles / evaluation.seconds:,.1f} articles/s "
            f"({evaluation.articles} seed articles, database writes included)"
        )
        missed = [name for name, target in TARGETS.items() if totals[name] < target]
        if evaluation.worst_duplication > 1:
            missed.append("one proposed event per curated event")
        return missed
