"""Each event's row of the CSV export, kept written out in the database.

Building a CSV row costs more than reading one: the event's actors and claim counts are
gathered from three tables and every cell is checked for quoting. So the database keeps
each event's row ready (every column but the URL, which depends on the host asking) in
the table events_event_csv, and triggers on every table a row draws on (events, their
actors, actor names, claims) rewrite it when that changes, however the write is made:
save(), update(), bulk_create() or raw SQL. The full export then reads one short string
per event.

The cells follow Python's csv module exactly (quoted only when they hold a comma, a
double quote or a line break; quotes doubled), after the same formula defusing as every
other cell of the export: a cell starting with =, +, -, @, tab or carriage return gets a
leading apostrophe, so a spreadsheet shows it as text.

Beside a verified event's row the table keeps it as a visitor who may not see unverified
evidence (see events.visibility) is given it, where that differs: its sources_count and
claims_count over the event's verified claims alone (NULL for most events, which have
no other, and for the events such a visitor is never given).

The table, its triggers and the rows' SQL are defined in migrations 0009 and 0021, which
import no live code; this module reads the last definition to write a row afresh when the
stored one is missing, to restore the triggers (a SQLite table rebuild drops a table's
triggers) and to suspend them during bulk loads.
"""

from contextlib import contextmanager
from importlib import import_module

from django.db import connections
from django.db.models import TextField
from django.db.models.expressions import RawSQL

from events.triggers import run

_DEFINITION = import_module("events.migrations.0021_event_csv_public_lines")

TABLE = _DEFINITION.TABLE
# The event's own columns, in the export's order; its actors and claim counts follow.
EVENT_COLUMNS = _DEFINITION.EVENT_COLUMNS


def line_sql(connection, e: str = "e") -> str:
    """The SQL of the CSV row (without its URL) of the event row `e`."""
    return _DEFINITION.line_sql(connection.vendor, e)


def public_line_sql(connection, e: str = "e") -> str:
    """The SQL of a verified event's row as a visitor who may not see unverified evidence
    is given it, or NULL when that is the row itself (or the event is not verified)."""
    return _DEFINITION.public_line_sql(connection.vendor, e)


def stored_row(*, unverified: bool) -> RawSQL:
    """An expression: the event's CSV row (without its URL) as stored, or written out
    afresh should the stored one be missing; unless `unverified`, as a visitor who may not
    see unverified evidence is given it (of a verified event: the only kind they are
    given)."""
    connection = connections["default"]
    stored, afresh = "line", line_sql(connection, "events_event")
    if not unverified:
        stored = "COALESCE(public_line, line)"
        public = public_line_sql(connection, "events_event")
        afresh = f"COALESCE({public}, {afresh})"
    return RawSQL(
        f"COALESCE((SELECT {stored} FROM {TABLE} WHERE event_id = events_event.id), {afresh})",
        [],
        output_field=TextField(),
    )


def ensure(connection) -> bool:
    """Create the table and its triggers if any is missing, then write every row afresh;
    returns whether it had to. Idempotent."""
    with connection.cursor() as cursor:
        if not _DEFINITION.triggers_missing(cursor, connection.vendor):
            return False
    run(connection, _DEFINITION.create_statements(connection.vendor))
    rebuild(connection)
    return True


def rebuild(connection) -> None:
    """Write every event's row afresh."""
    run(connection, _DEFINITION.rebuild_statements(connection.vendor))


def drop_triggers(connection) -> None:
    run(connection, _DEFINITION.drop_trigger_statements(connection.vendor))


def drop(connection) -> None:
    run(connection, _DEFINITION.drop_statements(connection.vendor))


@contextmanager
def suspended(connection):
    """For bulk loads, inside a transaction: no row is rewritten per write; all are
    written once at the end. Should the block fail, the rollback restores the triggers."""
    drop_triggers(connection)
    yield
    # Planner statistics for the tables just loaded: without them PostgreSQL wrote
    # 100,000 rows in minutes instead of seconds.
    tables = dict.fromkeys(watch.table for watch in _DEFINITION.WATCHED)
    run(connection, [f"ANALYZE {table}" for table in tables])
    ensure(connection)


def repair(sender, using, **kwargs) -> None:
    """post_migrate: restore triggers a SQLite table rebuild dropped, once the table exists."""
    connection = connections[using]
    if connection.vendor == "sqlite" and TABLE in connection.introspection.table_names():
        ensure(connection)
