from django.core.management.base import BaseCommand, CommandError

from events.evaluation import evaluate_seeds

TARGETS = {"evidence recall": 0.9, "date agreement": 0.85}


class Command(BaseCommand):
    help = (
        "Ingest the seed texts into a fresh database holding only the curated actors, "
        "compare the proposals with the curated dataset, and time the pipeline. "
        "The database is left unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="exit non-zero when a target is missed"
        )

    def handle(self, *args, check, **options):
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
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
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
        self._timing(evaluation)
        missed = [name for name, target in TARGETS.items() if totals[name] < target]
        if evaluation.worst_duplication > 1:
            missed.append("one proposed event per curated event")
        if check and missed:
            raise CommandError(f"targets missed: {', '.join(missed)}")

    def _timing(self, evaluation) -> None:
        self.stdout.write(
            f"text stages: {evaluation.sentences_per_second:,.0f} sentences/s on the seeds; "
            f"end to end: {evaluation.articles / evaluation.seconds:,.1f} articles/s "
            f"({evaluation.articles} seed articles, database writes included)"
        )
