"""Each event's row of the CSV export, kept written out in the table events_event_csv by
triggers on every table a row draws on (see events.csv_lines, which reads these
definitions). The full export then reads one short string per event: 169,051 rows a
second on SQLite and 125,050 on PostgreSQL at 100,000 events, where rows built in Python
held it to 15,000–20,000 (docs/scaling.md). The cells are what Python's csv module
writes, defused as every other cell of the export (see events.csv_lines).

The SQL is written out here, importing no live code, so that this migration does
tomorrow what it does today.
"""

from dataclasses import dataclass

from django.db import migrations

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
class Dialect:
    """How one engine spells what a row's SQL needs."""

    needs_quotes: str  # {x} holds a comma, a double quote or a line break
    is_formula: str  # {x} starts like a spreadsheet formula
    day: str  # {x}, a date column, as YYYY-MM-DD text
    contexts: str  # the event {e}'s contexts joined by ";", as `value`
    actor_list: str  # the event {e}'s actors as "Name (role); …" by role then name, as `value`


SQLITE = Dialect(
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
POSTGRES = Dialect(
    needs_quotes="{x} ~ '[,\"\\n\\r]'",
    is_formula="{x} ~ '^[-=+@\\t\\r]'",
    day="to_char({x}, 'YYYY-MM-DD')",
    contexts="SELECT string_agg(value, ';' ORDER BY n) AS value "
    "FROM jsonb_array_elements_text({e}.contexts) WITH ORDINALITY AS c(value, n)",
    actor_list="SELECT string_agg(a.name || ' (' || ea.role || ')', '; ' "
    "ORDER BY ea.role, a.name, a.id) AS value FROM events_eventactor AS ea "
    "JOIN events_actor AS a ON a.id = ea.actor_id WHERE ea.event_id = {e}.id",
)


def _cell(dialect: Dialect, x: str) -> str:
    """The CSV cell for the SQL text value `x` (NULL: an empty cell), defused and quoted."""
    mark = f"CASE WHEN {dialect.is_formula.format(x=x)} THEN '''' ELSE '' END"
    quoted = f"'\"' || {mark} || replace({x}, '\"', '\"\"') || '\"'"
    return (
        f"COALESCE(CASE WHEN {dialect.needs_quotes.format(x=x)} THEN {quoted} "
        f"ELSE {mark} || {x} END, '')"
    )


def _aggregate_cell(dialect: Dialect, aggregate: str) -> str:
    """A cell of a one-value subquery, computed once however often the cell names it."""
    return f"(SELECT {_cell(dialect, 'agg.value')} FROM ({aggregate}) AS agg)"


def line_sql(vendor: str, e: str = "e") -> str:
    """The SQL of the CSV row (without its URL) of the event row `e`."""
    dialect = POSTGRES if vendor == "postgresql" else SQLITE
    cells = []
    for column in EVENT_COLUMNS:
        if column == "contexts":
            cells.append(_aggregate_cell(dialect, dialect.contexts.format(e=e)))
        elif column in ("date_lower", "date_upper"):
            cells.append(_cell(dialect, dialect.day.format(x=f"{e}.{column}")))
        else:
            cells.append(_cell(dialect, f"{e}.{column}"))
    cells.append(_aggregate_cell(dialect, dialect.actor_list.format(e=e)))
    # sources_count, claims_count: two cells, digits only; rejected claims do not count.
    cells.append(
        "(SELECT count(DISTINCT c.source_id) || ',' || count(*) FROM events_claim AS c "
        f"WHERE c.event_id = {e}.id AND c.review_status <> 'rejected')"
    )
    return " || ',' || ".join(cells)


def _refresh(vendor: str, events: str) -> str:
    """Statements rewriting the rows of the events the SQL query `events` lists (a row
    whose event is gone is only deleted)."""
    return (
        f"DELETE FROM {TABLE} WHERE event_id IN ({events}); "
        f"INSERT INTO {TABLE} (event_id, line) SELECT e.id, {line_sql(vendor)} "
        f"FROM events_event AS e WHERE e.id IN ({events})"
    )


@dataclass(frozen=True)
class Watch:
    """A table rows draw on: a write to it rewrites the rows of the events it bears on."""

    name: str
    table: str
    columns: tuple[str, ...]  # an update of these counts
    events: str  # SQL listing the events the table's row {row} bears on

    def bearing(self, *rows: str) -> str:
        return " UNION ".join(self.events.format(row=row) for row in rows)


WATCHED = (
    Watch("event", "events_event", EVENT_COLUMNS, "SELECT {row}.id"),
    Watch("event_actor", "events_eventactor", ("event_id", "actor_id", "role"),
          "SELECT {row}.event_id"),
    Watch("claim", "events_claim", ("event_id", "source_id", "review_status"),
          "SELECT {row}.event_id"),
    Watch("actor", "events_actor", ("name",),
          "SELECT event_id FROM events_eventactor WHERE actor_id = {row}.id"),
)  # fmt: skip


def sqlite_triggers() -> dict[str, str]:
    """Trigger name → definition, for SQLite."""
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
    if vendor == "postgresql":
        names = [f"{TABLE}_{watch.name}" for watch in WATCHED]
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = ANY(%s)", [names])
    else:
        names = list(sqlite_triggers())
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            f"AND name IN ({', '.join(['%s'] * len(names))})",
            names,
        )
    return cursor.fetchone() != (len(names),)


def create_statements(vendor: str) -> list[str]:
    """What makes the table and its triggers (any of them may be there already)."""
    key = "bigint" if vendor == "postgresql" else "integer"
    table = f"CREATE TABLE IF NOT EXISTS {TABLE} (event_id {key} PRIMARY KEY, line text NOT NULL)"
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
        f"INSERT INTO {TABLE} (event_id, line) SELECT e.id, {line_sql(vendor)} FROM events_event AS e",
    ]


def drop_trigger_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            statement
            for watch in WATCHED
            for statement in (
                f"DROP TRIGGER IF EXISTS {TABLE}_{watch.name} ON {watch.table}",
                f"DROP FUNCTION IF EXISTS {TABLE}_{watch.name}()",
            )
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_triggers()]


def drop_statements(vendor: str) -> list[str]:
    return [*drop_trigger_statements(vendor), f"DROP TABLE IF EXISTS {TABLE}"]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if triggers_missing(cursor, vendor):
            for statement in [*create_statements(vendor), *rebuild_statements(vendor)]:
                cursor.execute(statement)


def drop(apps, schema_editor):
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("events", "0008_search_and_span_indexes")]

    operations = [migrations.RunPython(create, drop)]
