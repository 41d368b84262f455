from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from events import fixtures


class Command(BaseCommand):
    help = "Load the curated dataset (natural keys: loading it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", type=Path, default=settings.DIPLO_DATASET, help="fixture file"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds sources",
        )

    def handle(self, *args, path: Path, if_empty: bool, **options):
        if fixtures.load_dataset(path, only_if_empty=if_empty):
            self.stdout.write(self.style.SUCCESS(f"Loaded {path}."))
        else:
            self.stdout.write("The database already holds sources; dataset not loaded.")
