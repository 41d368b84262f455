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
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections
from django.db.models import TextField
from django.db.models.expressions import RawSQL

from events.models import ReviewStatus

TABLE = "events_event_csv"

# The event's own columns, in the export's order; its actors and claim counts follow.
EVENT_COLUMNS = (
    "slug",
    "title",
    "event_type",
    "mode",
    "contexts",
    "status",
    "review_status",
    "date_edtf",
    "date_lower",
    "date_upper",
    "date_display",
    "location",
)


@dataclass(frozen=True)
class _Dialect:
    """How one engine spells what a row's SQL needs."""

    needs_quotes: str  # {x} holds a comma, a double quote or a line break
    is_formula: str  # {x} starts like a spreadsheet formula
    day: str  # {x}, a date column, as YYYY-MM-DD text
    contexts: str  # the event {e}'s contexts joined by ";", as `value`
    actor_list: str  # the event {e}'s actors as "Name (role); …" by role then name, as `value`


SQLITE = _Dialect(
    needs_quotes="{x} GLOB '*[,\"' || char(10, 13) || ']*'",
    is_formula="{x} GLOB '[-=+@' || char(9, 13) || ']*'",
    day="{x}",
    contexts="SELECT group_concat(value, ';') AS value FROM json_each({e}.contexts)",
    # Ordered in a subquery: SQLite before 3.44 takes no ORDER BY inside group_concat,
    # and aggregates a subquery's rows in its order.
    actor_list="SELECT group_concat(label, '; ') AS value FROM ("
    "SELECT a.name || ' (' || ea.role || ')' AS label FROM events_eventactor AS ea "
    "JOIN events_actor AS a ON a.id = ea.actor_id "
    "WHERE ea.event_id = {e}.id ORDER BY ea.role, a.name, a.id)",
)
POSTGRES = _Dialect(
    needs_quotes="{x} ~ '[,\"\\n\\r]'",
    is_formula="{x} ~ '^[-=+@\\t\\r]'",
    day="to_char({x}, 'YYYY-MM-DD')",
    contexts="SELECT string_agg(value, ';' ORDER BY n) AS value "
    "FROM jsonb_array_elements_text({e}.contexts) WITH ORDINALITY AS c(value, n)",
    actor_list="SELECT string_agg(a.name || ' (' || ea.role || ')', '; ' "
    "ORDER BY ea.role, a.name, a.id) AS value FROM events_eventactor AS ea "
    "JOIN events_actor AS a ON a.id = ea.actor_id WHERE ea.event_id = {e}.id",
)


def _dialect(connection) -> _Dialect:
    return POSTGRES if connection.vendor == "postgresql" else SQLITE


def _cell(dialect: _Dialect, x: str) -> str:
    """The CSV cell for the SQL text value `x` (NULL: an empty cell), defused and quoted."""
    mark = f"CASE WHEN {dialect.is_formula.format(x=x)} THEN '''' ELSE '' END"
    quoted = f"'\"' || {mark} || replace({x}, '\"', '\"\"') || '\"'"
    return (
        f"COALESCE(CASE WHEN {dialect.needs_quotes.format(x=x)} THEN {quoted} "
        f"ELSE {mark} || {x} END, '')"
    )


def _aggregate_cell(dialect: _Dialect, aggregate: str) -> str:
    """A cell of a one-value subquery, computed once however often the cell names it."""
    return f"(SELECT {_cell(dialect, 'agg.value')} FROM ({aggregate}) AS agg)"


def line_sql(connection, e: str = "e") -> str:
    """The SQL of the CSV row (without its URL) of the event row `e`."""
    dialect = _dialect(connection)
    cells = []
    for column in EVENT_COLUMNS:
        if column == "contexts":
            cells.append(_aggregate_cell(dialect, dialect.contexts.format(e=e)))
        elif column in ("date_lower", "date_upper"):
            cells.append(_cell(dialect, dialect.day.format(x=f"{e}.{column}")))
        else:
            cells.append(_cell(dialect, f"{e}.{column}"))
    cells.append(_aggregate_cell(dialect, dialect.actor_list.format(e=e)))
    # sources_count, claims_count: two cells, digits only.
    cells.append(
        "(SELECT count(DISTINCT c.source_id) || ',' || count(*) FROM events_claim AS c "
        f"WHERE c.event_id = {e}.id AND c.review_status <> '{ReviewStatus.REJECTED.value}')"
    )
    return " || ',' || ".join(cells)


def stored_row() -> RawSQL:
    """An expression: the event's CSV row (without its URL) as stored, or written out
    afresh should the stored one be missing."""
    connection = connections["default"]
    return RawSQL(
        f"COALESCE((SELECT line FROM {TABLE} WHERE event_id = events_event.id), "
        f"{line_sql(connection, 'events_event')})",
        [],
        output_field=TextField(),
    )


def _refresh(connection, events: str) -> str:
    """Statements rewriting the rows of the events the SQL query `events` lists (a row
    whose event is gone is only deleted)."""
    return (
        f"DELETE FROM {TABLE} WHERE event_id IN ({events}); "
        f"INSERT INTO {TABLE} (event_id, line) SELECT e.id, {line_sql(connection)} "
        f"FROM events_event AS e WHERE e.id IN ({events})"
    )


@dataclass(frozen=True)
class _Watch:
    """A table rows draw on: a write to it rewrites the rows of the events it bears on."""

    name: str
    table: str
    columns: tuple[str, ...]  # an update of these counts
    events: str  # SQL listing the events the table's row {row} bears on

    def bearing(self, *rows: str) -> str:
        return " UNION ".join(self.events.format(row=row) for row in rows)


_WATCHED = (
    _Watch("event", "events_event", EVENT_COLUMNS, "SELECT {row}.id"),
    _Watch("event_actor", "events_eventactor", ("event_id", "actor_id", "role"),
           "SELECT {row}.event_id"),
    _Watch("claim", "events_claim", ("event_id", "source_id", "review_status"),
           "SELECT {row}.event_id"),
    _Watch("actor", "events_actor", ("name",),
           "SELECT event_id FROM events_eventactor WHERE actor_id = {row}.id"),
)  # fmt: skip


def _sqlite_triggers(connection) -> dict[str, str]:
    triggers = {}
    for watch in _WATCHED:
        prefix = f"{TABLE}_{watch.name}"
        triggers[f"{prefix}_insert"] = (
            f"AFTER INSERT ON {watch.table} BEGIN {_refresh(connection, watch.bearing('new'))}; END"
        )
        triggers[f"{prefix}_delete"] = (
            f"AFTER DELETE ON {watch.table} BEGIN {_refresh(connection, watch.bearing('old'))}; END"
        )
        triggers[f"{prefix}_update"] = (
            f"AFTER UPDATE OF {', '.join(watch.columns)} ON {watch.table} "
            f"BEGIN {_refresh(connection, watch.bearing('old', 'new'))}; END"
        )
    return triggers


def _postgres_statements(connection) -> list[str]:
    """A trigger function and a row trigger per watched table."""
    statements = []
    for watch in _WATCHED:
        function = f"{TABLE}_{watch.name}"
        statements.append(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP = 'INSERT' THEN {_refresh(connection, watch.bearing('new'))}; "
            f"ELSIF TG_OP = 'DELETE' THEN {_refresh(connection, watch.bearing('old'))}; "
            f"ELSE {_refresh(connection, watch.bearing('old', 'new'))}; "
            "END IF; RETURN NULL; END $$"
        )
        statements.append(
            f"CREATE OR REPLACE TRIGGER {function} AFTER INSERT OR DELETE OR UPDATE OF "
            f"{', '.join(watch.columns)} ON {watch.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
    return statements


def _trigger_names(connection) -> list[str]:
    if connection.vendor == "postgresql":
        return [f"{TABLE}_{watch.name}" for watch in _WATCHED]
    return list(_sqlite_triggers(connection))


def _missing_triggers(connection) -> bool:
    names = _trigger_names(connection)
    catalogue = (
        "SELECT count(*) FROM pg_trigger WHERE tgname = ANY(%s)"
        if connection.vendor == "postgresql"
        else f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
        f"AND name IN ({', '.join(['%s'] * len(names))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(catalogue, [names] if connection.vendor == "postgresql" else names)
        return cursor.fetchone() != (len(names),)


def ensure(connection) -> bool:
    """Create the table and its triggers if any is missing, then write every row afresh;
    returns whether it had to. Idempotent."""
    if not _missing_triggers(connection):
        return False
    key = "bigint" if connection.vendor == "postgresql" else "integer"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (event_id {key} PRIMARY KEY, line text NOT NULL)"
        )
        if connection.vendor == "postgresql":
            for statement in _postgres_statements(connection):
                cursor.execute(statement)
        else:
            for name, body in _sqlite_triggers(connection).items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        rebuild(connection)
    return True


def rebuild(connection) -> None:
    """Write every event's row afresh."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} (event_id, line) "
            f"SELECT e.id, {line_sql(connection)} FROM events_event AS e"
        )


def drop_triggers(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for watch in _WATCHED:
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{watch.name} ON {watch.table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_{watch.name}()")
        else:
            for name in _sqlite_triggers(connection):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def drop(connection) -> None:
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


@contextmanager
def suspended(connection):
    """For bulk loads, inside a transaction: no row is rewritten per write; all are
    written once at the end. Should the block fail, the rollback restores the triggers."""
    drop_triggers(connection)
    yield
    with connection.cursor() as cursor:
        # Planner statistics for the tables just loaded: without them PostgreSQL wrote
        # 100,000 rows in minutes instead of seconds.
        for table in dict.fromkeys(watch.table for watch in _WATCHED):
            cursor.execute(f"ANALYZE {table}")
    ensure(connection)


def repair(sender, using, **kwargs) -> None:
    """post_migrate: restore triggers a SQLite table rebuild dropped, once the table exists."""
    connection = connections[using]
    if connection.vendor == "sqlite" and TABLE in connection.introspection.table_names():
        ensure(connection)
