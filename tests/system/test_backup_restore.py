"""Whole-database backups (see docs/operations.md) restore to the same rows and exports.

The restored copy is read by a separate process, as an operator's restored server would be.
"""

import json
import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from devdata.articles import generate_articles
from events.ingest import store
from events.models import Claim, ReviewStatus
from tests.servers import in_fresh_interpreter

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
EVERY_EVENT = {"review": ReviewStatus.values}


def figures() -> dict:
    """What a restore must give back: every table's row count, every claim's words, and
    the CSV export of every event."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            tables[table] = cursor.fetchone()[0]
    quotes = [
        list(row) for row in Claim.objects.values_list("source__slug", "start", "end", "quote")
    ]
    # Proposed and rejected events are exported to staff alone; the setting opens them
    # here without signing in, which would add a session row to the tables counted.
    with override_settings(DIPLO_PUBLIC_PROPOSALS=True):
        response = Client(HTTP_HOST="localhost").get("/events.csv", EVERY_EVENT)
    return {
        "tables": tables,
        "quotes": sorted(quotes),
        "csv status": response.status_code,
        "csv": b"".join(response.streaming_content).decode(),
    }


def figures_of(database_url: str) -> dict:
    """figures() as a fresh process using that database sees them."""
    result = in_fresh_interpreter(
        "import json; from tests.system.test_backup_restore import figures; "
        "print(json.dumps(figures()))",
        os.environ | {"DATABASE_URL": database_url, "DIPLO_DEBUG": "1"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def data():
    """The curated dataset, an ingest's proposals on top, and what only a whole-database
    backup keeps: a curator's account."""
    call_command("loaddata", str(settings.DIPLO_DATASET), verbosity=0)
    curated_claims = Claim.objects.count()
    directory = store.ActorDirectory()
    for article in generate_articles(5, seed=3):
        store.ingest_article(article, directory)
    User.objects.create_user("cora", password="a long enough passphrase", is_staff=True)
    original = figures()
    assert original["tables"]["events_claim"] > curated_claims > 0  # proposals on top
    assert original["tables"]["auth_user"] == 1
    assert original["csv status"] == 200 and original["csv"].count("\n") > 15
    return original


ENGINE = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
sqlite_only = pytest.mark.skipif(
    ENGINE != "sqlite3", reason="a SQLite file's backup; the PostgreSQL run tests pg_dump"
)
postgresql_only = pytest.mark.skipif(
    ENGINE != "postgresql", reason="pg_dump needs PostgreSQL; the SQLite run tests its backups"
)


def vacuum_into(path: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])


def backup_api(path: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    target.close()


@sqlite_only
@pytest.mark.parametrize("back_up", [vacuum_into, backup_api])
def test_a_sqlite_backup_of_the_live_database_restores_the_same_data(data, tmp_path, back_up):
    backup = tmp_path / "backup.sqlite3"
    back_up(backup)
    assert figures_of(f"sqlite:///{backup}") == data


@postgresql_only
def test_pg_dump_and_pg_restore_into_a_fresh_database_give_the_same_data(data, tmp_path):
    database = connection.settings_dict
    login = ["-h", database["HOST"], "-p", str(database["PORT"] or 5432), "-U", database["USER"]]
    dump = tmp_path / "diplo.dump"
    restored = f"diplo_restore_{uuid.uuid4().hex[:12]}"
    subprocess.run(
        ["pg_dump", *login, "-Fc", "-f", str(dump), database["NAME"]], check=True, timeout=120
    )
    subprocess.run(["createdb", *login, restored], check=True, timeout=60)
    try:
        subprocess.run(
            ["pg_restore", *login, "--no-owner", "--exit-on-error", "-d", restored, str(dump)],
            check=True,
            timeout=120,
        )
        url = f"postgres://{database['USER']}@{login[1]}:{login[3]}/{restored}"
        assert figures_of(url) == data
    finally:
        subprocess.run(["dropdb", *login, "--if-exists", "--force", restored], timeout=60)
