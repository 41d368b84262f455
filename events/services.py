"""Writes: loading the curated dataset."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from events.models import Source


@transaction.atomic
def load_dataset(path: Path | None = None, *, only_if_empty: bool = False) -> bool:
    """Load the curated fixture; return False when skipped because sources exist."""
    if only_if_empty and Source.objects.exists():
        return False
    call_command("loaddata", str(path or settings.DIPLO_DATASET), verbosity=0)
    return True
