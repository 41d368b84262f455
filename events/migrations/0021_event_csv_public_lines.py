"""Each event's CSV row as a visitor who may not see unverified evidence is given it (see
events.visibility), kept beside the row where the two differ: its sources_count and
claims_count over its verified claims, where the row counts every claim a curator has not
rejected. The export reads that one instead for such a visitor, so the public CSV counts
what the event's page shows, still one stored string per event (events.csv_lines): given
the counts and swapping them in Python, 100,000 rows took 55 ms longer on SQLite.

The table of migration 0009 gains the column `public_line`, NULL where the rows are the
same (most events have no proposed claim) and for the events such a visitor is never
given (proposed and rejected ones); its triggers, under the same names, write both. The SQL is written out here, importing no live code, so that this migration
does tomorrow what it does today.
"""

from importlib import import_module

from django.db import migrations

_ROWS = import_module("events.migrations.0009_event_csv_lines")

TABLE = _ROWS.TABLE
EVENT_COLUMNS = _ROWS.EVENT_COLUMNS
WATCHED = _ROWS.WATCHED
line_sql = _ROWS.line_sql
_JOIN = " || ',' || "


def _counts(e: str, claims: str) -> str:
    """The event row `e`'s sources_count and claims_count cells (digits, a comma between)
    over its claims that meet `claims`."""
    return (
        "(SELECT count(DISTINCT c.source_id) || ',' || count(*) FROM events_claim AS c "
        f"WHERE c.event_id = {e}.id AND {claims})"
    )


def _every_cell_but_the_counts(vendor: str, e: str) -> str:
    """Migration 0009's row of the event row `e`, its two counts left off."""
    line = line_sql(vendor, e)
    counts = _JOIN + _counts(e, "c.review_status <> 'rejected'")
    assert line.endswith(counts), "migration 0009's row no longer ends with its counts"
    return line[: -len(counts)]


def public_line_sql(vendor: str, e: str = "e") -> str:
    """The SQL of the event row `e`'s CSV row (without its URL) with its counts over its
    verified claims, for a verified event; NULL when they are the row's own, or for an
    event not verified."""
    shown = _counts(e, "c.review_status <> 'rejected'")
    verified = _counts(e, "c.review_status = 'verified'")
    return (
        f"CASE WHEN {e}.review_status <> 'verified' OR {verified} = {shown} THEN NULL "
        f"ELSE {_every_cell_but_the_counts(vendor, e)}{_JOIN}{verified} END"
    )


def _refresh(vendor: str, events: str) -> str:
    """Statements rewriting the rows of the events the SQL query `events` lists (a row
    whose event is gone is only deleted)."""
    return (
        f"DELETE FROM {TABLE} WHERE event_id IN ({events}); "
        f"INSERT INTO {TABLE} (event_id, line, public_line) SELECT e.id, "
        f"{line_sql(vendor)}, {public_line_sql(vendor)} "
        f"FROM events_event AS e WHERE e.id IN ({events})"
    )


def sqlite_triggers() -> dict[str, str]:
    """Trigger name → definition, for SQLite (migration 0009's names)."""
    triggers = {}
    for watch in WATCHED:
        prefix = f"{TABLE}_{watch.name}"
        triggers[f"{prefix}_insert"] = (
            f"AFTER INSERT ON {watch.table} BEGIN {_refresh('sqlite', watch.bearing('new'))}; END"
        )
        triggers[f"{prefix}_delete"] = (
            f"AFTER DELETE ON {watch.table} BEGIN {_refresh('sqlite', watch.bearing('old'))}; END"
        )
        triggers[f"{prefix}_update"] = (
            f"AFTER UPDATE OF {', '.join(watch.columns)} ON {watch.table} "
            f"BEGIN {_refresh('sqlite', watch.bearing('old', 'new'))}; END"
        )
    return triggers


def postgres_statements() -> list[str]:
    """A trigger function and a row trigger per watched table, for PostgreSQL."""
    statements = []
    for watch in WATCHED:
        function = f"{TABLE}_{watch.name}"
        statements.append(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP = 'INSERT' THEN {_refresh('postgresql', watch.bearing('new'))}; "
            f"ELSIF TG_OP = 'DELETE' THEN {_refresh('postgresql', watch.bearing('old'))}; "
            f"ELSE {_refresh('postgresql', watch.bearing('old', 'new'))}; "
            "END IF; RETURN NULL; END $$"
        )
        statements.append(
            f"CREATE OR REPLACE TRIGGER {function} AFTER INSERT OR DELETE OR UPDATE OF "
            f"{', '.join(watch.columns)} ON {watch.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
    return statements


def triggers_missing(cursor, vendor: str) -> bool:
    """Whether any trigger is missing (a SQLite table rebuild drops a table's)."""
    return _ROWS.triggers_missing(cursor, vendor)  # the same names


def create_statements(vendor: str) -> list[str]:
    """What makes the table and its triggers (any of them may be there already)."""
    key = "bigint" if vendor == "postgresql" else "integer"
    table = (
        f"CREATE TABLE IF NOT EXISTS {TABLE} (event_id {key} PRIMARY KEY, line text NOT NULL, "
        "public_line text)"
    )
    if vendor == "postgresql":
        return [table, *postgres_statements()]
    return [
        table,
        *(
            f"CREATE TRIGGER IF NOT EXISTS {name} {body}"
            for name, body in sqlite_triggers().items()
        ),
    ]


def rebuild_statements(vendor: str) -> list[str]:
    """Every event's row written afresh."""
    return [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} (event_id, line, public_line) SELECT e.id, {line_sql(vendor)}, "
        f"{public_line_sql(vendor)} FROM events_event AS e",
    ]


def drop_trigger_statements(vendor: str) -> list[str]:
    return _ROWS.drop_trigger_statements(vendor)  # the same names


def drop_statements(vendor: str) -> list[str]:
    return [*drop_trigger_statements(vendor), f"DROP TABLE IF EXISTS {TABLE}"]


def _run(schema_editor, statements) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def add_public_lines(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(
        schema_editor,
        [
            *drop_trigger_statements(vendor),
            f"ALTER TABLE {TABLE} ADD COLUMN public_line text",
            *create_statements(vendor),
            *rebuild_statements(vendor),
        ],
    )


def drop_public_lines(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(
        schema_editor,
        [
            *drop_trigger_statements(vendor),
            f"ALTER TABLE {TABLE} DROP COLUMN public_line",
            *_ROWS.create_statements(vendor),
            *_ROWS.rebuild_statements(vendor),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0020_event_touch_on_actor_review")]

    operations = [migrations.RunPython(add_public_lines, drop_public_lines)]
