import time

from django.core.management.base import BaseCommand
from django.db import transaction

from devdata.articles import generate_articles
from events.ingest import store
from events.ingest.pipeline import analyse


class Command(BaseCommand):
    help = (
        "Benchmark ingest over a generated corpus: sentences per second through the text "
        "stages, and articles per second end to end (in a transaction rolled back at the end)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, seed, **options):
        corpus = generate_articles(articles, seed)
        directory = store.ActorDirectory()

        started = time.perf_counter()
        sentences = sum(
            len(analyse(a.body, a.published_on, directory.matcher).sentences) for a in corpus
        )
        text_seconds = time.perf_counter() - started

        with transaction.atomic():
            started = time.perf_counter()
            claims = 0
            for article in corpus:
                claims += store.ingest_article(article, directory).claims
            end_to_end = time.perf_counter() - started
            transaction.set_rollback(True)

        self.stdout.write(f"corpus: {len(corpus)} articles, {sentences} sentences (seed {seed})")
        self.stdout.write(
            f"text stages: {sentences / text_seconds:,.0f} sentences/s "
            f"({text_seconds:.2f} s, one core)"
        )
        self.stdout.write(
            f"end to end: {len(corpus) / end_to_end:,.1f} articles/s "
            f"({end_to_end:.2f} s, {claims} claims proposed; rolled back)"
        )
