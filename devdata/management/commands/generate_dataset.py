import time

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries, transaction

from devdata import synthetic
from events import caching


class Command(BaseCommand):
    help = (
        "Add a synthetic dataset for performance work: N events with about N/50 actors, "
        "N/10 sources of news text and 3 claims an event, the same rows for the same N and "
        f"seed. Generated slugs start with {synthetic.GENERATED_PREFIX!r}; --clear first "
        "deletes every generated row (never curated or ingested ones)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True, help="events to add (N)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--clear", action="store_true", help="delete earlier generated rows first"
        )

    def handle(self, *args, events: int, seed: int, clear: bool, verbosity: int, **options):
        if events < 0:
            raise CommandError("--events must be zero or more.")
        if seed < 0:
            raise CommandError("--seed must be zero or more.")
        started = time.perf_counter()
        done = []
        with transaction.atomic():
            if clear:
                done.append(f"Cleared {self._counts(synthetic.clear_generated())}")
            try:
                made = synthetic.generate_dataset(
                    events, seed, progress=lambda saved: self._progress(saved, verbosity)
                )
            except synthetic.AlreadyGenerated as error:
                raise CommandError(str(error)) from None
            caching.bump()  # bulk inserts send no signals: cached figures are stale
        if events or not done:
            done.append(f"Generated {self._counts(made)} (seed {seed})")
        seconds = time.perf_counter() - started
        for line in done[:-1]:
            self.stdout.write(f"{line}.")
        self.stdout.write(f"{done[-1]} in {seconds:.1f} s.", self.style.SUCCESS)

    def _progress(self, events: int, verbosity: int) -> None:
        # With DEBUG on, every INSERT's SQL would stay in memory to the end.
        reset_queries()
        if verbosity > 1:
            self.stdout.write(f"  {events:,} events saved")

    @staticmethod
    def _counts(counts: synthetic.GeneratedCounts) -> str:
        return ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items())
