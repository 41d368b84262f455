"""Migrations hold their own definitions: none imports live code of the events app, so
editing that code never changes what an applied migration does on a fresh database."""

import ast

import pytest
from django.conf import settings

MIGRATIONS = sorted((settings.BASE_DIR / "events" / "migrations").glob("[0-9]*.py"))


def live_imports(source: str) -> list[str]:
    """The modules of the events app that the source imports, anywhere in it (a relative
    import, from inside events/migrations, is one of them)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = ["." * node.level + (node.module or "")]
        else:
            continue
        found += [name for name in names if name.split(".")[0] in ("events", "")]
    return found


def test_the_check_sees_every_way_of_importing_live_code():
    source = (
        "import events.models\nfrom events import csv_lines\nfrom events.indexes import x\n"
        "from .. import tallies\ndef f():\n    from events import stamps\n"
        "import eventsourcing\nfrom django.db import migrations\n"
    )
    assert live_imports(source) == [
        "events.models", "events", "events.indexes", "..", "events"
    ]  # fmt: skip


def test_there_are_migrations_to_check():
    assert len(MIGRATIONS) >= 13


@pytest.mark.parametrize("migration", MIGRATIONS, ids=lambda path: path.stem)
def test_a_migration_imports_no_live_code(migration):
    assert live_imports(migration.read_text()) == []
