"""Tallies by year as well as by month, so that a long date window (or the open starts
after a window's first day, which reach to the last month anyone reported) is read as a
few rows per year instead of twelve.

The month column of every tally gains rows keyed "~YYYY" (the events whose first day is in
that year), "~<YYYY" (an open start whose last day is) and "~" (the undated), beside its
"YYYY-MM", "<YYYY-MM" and "" rows. "~" sorts after every key migration 0012 wrote, so
readers of months are unchanged, and the rows from "~" count every event once, in a
twelfth of the rows (see events.tallies).

The triggers and the fill of migration 0012 are written out again here with those rows
(and replace 0012's, under the same names); going back restores 0012's. The SQL imports
no live code, so that this migration does tomorrow what it does today.
"""

from importlib import import_module

from django.db import migrations, models

_MONTHS_ONLY = import_module("events.migrations.0012_tallies")


class Dialect:
    """How one engine spells what the tallies' SQL needs."""

    def __init__(self, month: str, year: str, elements: str, each: str, differs: str):
        # The month of the event row {r}'s first day; for an open start, "<" and the month
        # of its last day (such events meet every window up to it); "" with no date.
        self.month = month
        # "~" and the year of that day ("~<" for an open start); "~" alone with no date,
        # so that the rows from "~" count every event once.
        self.year = year
        self.elements = elements  # the event row {r}'s contexts, one row each, as `value`
        self.each = each  # the same, as a table joined to {r} (alias c)
        self.differs = differs  # whether {a} and {b} differ, NULLs alike


SQLITE = Dialect(
    month="CASE WHEN {r}.date_lower IS NOT NULL THEN strftime('%Y-%m', {r}.date_lower) "
    "WHEN {r}.date_upper IS NOT NULL THEN '<' || strftime('%Y-%m', {r}.date_upper) "
    "ELSE '' END",
    year="CASE WHEN {r}.date_lower IS NOT NULL THEN '~' || strftime('%Y', {r}.date_lower) "
    "WHEN {r}.date_upper IS NOT NULL THEN '~<' || strftime('%Y', {r}.date_upper) ELSE '~' END",
    elements="SELECT DISTINCT value FROM json_each({r}.contexts)",
    each="json_each({r}.contexts) AS c",
    differs="{a} IS NOT {b}",
)
POSTGRES = Dialect(
    month="CASE WHEN {r}.date_lower IS NOT NULL THEN to_char({r}.date_lower, 'YYYY-MM') "
    "WHEN {r}.date_upper IS NOT NULL THEN '<' || to_char({r}.date_upper, 'YYYY-MM') "
    "ELSE '' END",
    year="CASE WHEN {r}.date_lower IS NOT NULL THEN '~' || to_char({r}.date_lower, 'YYYY') "
    "WHEN {r}.date_upper IS NOT NULL THEN '~<' || to_char({r}.date_upper, 'YYYY') ELSE '~' END",
    elements="SELECT DISTINCT value FROM jsonb_array_elements_text(CASE WHEN "
    "jsonb_typeof({r}.contexts) = 'array' THEN {r}.contexts ELSE '[]'::jsonb END) AS value",
    each="LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof({r}.contexts) = 'array' "
    "THEN {r}.contexts ELSE '[]'::jsonb END) AS c(value)",
    differs="{a} IS DISTINCT FROM {b}",
)
EVENT_COLUMNS = ("date_lower", "date_upper", "event_type", "status", "review_status", "contexts")
KIND_COLUMNS = ("event_type", "status", "review_status", "date_lower", "date_upper")


def statements(d: Dialect) -> dict[str, str]:
    """Each change to a tally, as a statement on the row `new` or `old` ({r})."""

    def changed(columns) -> str:
        return " OR ".join(d.differs.format(a=f"old.{c}", b=f"new.{c}") for c in columns)

    kind = "{r}.event_type, {r}.status, {r}.review_status"
    same_kind = (
        "event_type = {r}.event_type AND status = {r}.status AND review_status = {r}.review_status"
    )

    # An actor's and a source's tallies count each event four times: under its kind
    # (type and status) over all months ("*"), in the row of every kind ("" and "") over
    # all months, which is all the unfiltered timeline reads, and in the rows of every
    # kind in its month ("" when undated) and in its year (none when undated), which a
    # date window reads.
    def add(table: str, key: str, rows: str) -> str:
        # `rows`: (key, type, status, review status, month, year) of the events to count.
        return (
            f"INSERT INTO events_{table}tally ({key}, event_type, status, review_status, "
            f"month, events) SELECT k, t, s, r, m, 1 FROM (SELECT k, t, s, r, '*' AS m FROM "
            f"({rows}) AS kinds UNION ALL SELECT DISTINCT k, '', '', r, '*' FROM ({rows}) AS "
            f"every_kind UNION ALL SELECT DISTINCT k, '', '', r, m FROM ({rows}) AS by_month "
            f"UNION ALL SELECT DISTINCT k, '', '', r, y FROM ({rows}) AS by_year) "
            f"AS counted WHERE true ON CONFLICT ({key}, event_type, "
            f"status, review_status, month) DO UPDATE SET events = events_{table}tally.events + 1"
        )

    def remove(table: str, key: str, keys: str, kind: str) -> str:
        # `keys`: the actors or sources; `kind`: the event's (type, status, review, month).
        return (
            f"UPDATE events_{table}tally SET events = events - 1 WHERE {key} IN ({keys}) AND "
            f"review_status = (SELECT r FROM ({kind}) AS k) AND ((event_type, status, month) = "
            f"(SELECT t, s, '*' FROM ({kind}) AS k) OR (event_type, status, month) = "
            f"('', '', '*') OR (event_type, status, month) = (SELECT '', '', m FROM ({kind}) "
            f"AS k) OR (event_type, status, month) = (SELECT '', '', y FROM ({kind}) AS k))"
        )

    month_of_e, year_of_e = d.month.replace("{r}", "e"), d.year.replace("{r}", "e")
    of_row = (
        "SELECT e.event_type AS t, e.status AS s, e.review_status AS r, "
        f"{month_of_e} AS m, {year_of_e} AS y FROM events_event e WHERE e.id = {{r}}.event_id"
    )
    of_event = (
        "SELECT {r}.event_type AS t, {r}.status AS s, {r}.review_status AS r, "
        f"{d.month} AS m, {d.year} AS y"
    )

    def pair(table: str, key: str, sign: str) -> str:
        # An actor's or source's tally for the event of the row {r} (eventactor or claim).
        if sign == "+":
            rows = (
                f"SELECT {{r}}.{key} AS k, e.event_type AS t, e.status AS s, "
                f"e.review_status AS r, {month_of_e} AS m, {year_of_e} AS y "
                "FROM events_event e WHERE e.id = {r}.event_id"
            )
            return add(table, key, rows)
        return remove(table, key, f"SELECT {{r}}.{key}", of_row)

    return {
        "add_event": (
            "INSERT INTO events_eventtally (month, event_type, status, review_status, context, "
            f"events) SELECT * FROM (SELECT {d.month} AS m, {kind}, '', 1 UNION ALL "
            f"SELECT {d.month}, {kind}, value, 1 FROM ({d.elements}) AS contexts UNION ALL "
            f"SELECT {d.year}, {kind}, '', 1 UNION ALL "
            f"SELECT {d.year}, {kind}, value, 1 FROM ({d.elements}) AS contexts) AS rows "
            "WHERE true ON CONFLICT (month, event_type, status, review_status, "
            "context) DO UPDATE SET events = events_eventtally.events + 1"
        ),
        "remove_event": (
            f"UPDATE events_eventtally SET events = events - 1 WHERE month IN ({d.month}, "
            f"{d.year}) AND {same_kind} AND (context = '' OR context IN ({d.elements}))"
        ),
        "add_actors": add(
            "actor",
            "actor_id",
            "SELECT actor_id AS k, {r}.event_type AS t, {r}.status AS s, "
            f"{{r}}.review_status AS r, {d.month} AS m, {d.year} AS y FROM events_eventactor "
            "WHERE event_id = {r}.id",
        ),
        "remove_actors": remove(
            "actor",
            "actor_id",
            "SELECT actor_id FROM events_eventactor WHERE event_id = {r}.id",
            of_event,
        ),
        "add_sources": add(
            "source",
            "source_id",
            "SELECT DISTINCT source_id AS k, {r}.event_type AS t, {r}.status AS s, "
            f"{{r}}.review_status AS r, {d.month} AS m, {d.year} AS y FROM events_claim "
            "WHERE event_id = {r}.id",
        ),
        "remove_sources": remove(
            "source",
            "source_id",
            "SELECT source_id FROM events_claim WHERE event_id = {r}.id",
            of_event,
        ),
        "add_actor": pair("actor", "actor_id", "+"),
        "remove_actor": pair("actor", "actor_id", "-"),
        "add_source": pair("source", "source_id", "+"),
        "remove_source": pair("source", "source_id", "-"),
        # A source counts an event once, however many of its claims report it.
        "alone": (
            "{r}.event_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events_claim c "
            "WHERE c.event_id = {r}.event_id AND c.source_id = {r}.source_id AND c.id <> {r}.id)"
        ),
        "event_moved": changed(EVENT_COLUMNS),
        "kind_changed": changed(KIND_COLUMNS),  # or its month: what actors and sources count
        "actor_moved": changed(("event_id", "actor_id")),
        "claim_moved": changed(("event_id", "source_id")),
    }


def sqlite_triggers() -> dict[str, str]:
    """Trigger name → definition, for SQLite."""
    s = statements(SQLITE)

    def on(name: str, row: str) -> str:
        return s[name].replace("{r}", row)

    return {
        "events_tally_event_insert": "AFTER INSERT ON events_event BEGIN "
        f"{on('add_event', 'new')}; END",
        "events_tally_event_delete": "AFTER DELETE ON events_event BEGIN "
        f"{on('remove_event', 'old')}; END",
        "events_tally_event_update": f"AFTER UPDATE OF {', '.join(EVENT_COLUMNS)} ON "
        f"events_event WHEN {s['event_moved']} BEGIN {on('remove_event', 'old')}; "
        f"{on('add_event', 'new')}; END",
        "events_tally_event_kind_update": f"AFTER UPDATE OF {', '.join(KIND_COLUMNS)} ON "
        f"events_event WHEN {s['kind_changed']} BEGIN {on('remove_actors', 'old')}; "
        f"{on('add_actors', 'new')}; {on('remove_sources', 'old')}; "
        f"{on('add_sources', 'new')}; END",
        "events_tally_actor_insert": "AFTER INSERT ON events_eventactor BEGIN "
        f"{on('add_actor', 'new')}; END",
        "events_tally_actor_delete": "AFTER DELETE ON events_eventactor BEGIN "
        f"{on('remove_actor', 'old')}; END",
        "events_tally_actor_update": "AFTER UPDATE OF event_id, actor_id ON events_eventactor "
        f"WHEN {s['actor_moved']} BEGIN {on('remove_actor', 'old')}; "
        f"{on('add_actor', 'new')}; END",
        "events_tally_claim_insert": "AFTER INSERT ON events_claim "
        f"WHEN {on('alone', 'new')} BEGIN {on('add_source', 'new')}; END",
        "events_tally_claim_delete": "AFTER DELETE ON events_claim "
        f"WHEN {on('alone', 'old')} BEGIN {on('remove_source', 'old')}; END",
        "events_tally_claim_update_old": "AFTER UPDATE OF event_id, source_id ON events_claim "
        f"WHEN ({s['claim_moved']}) AND {on('alone', 'old')} BEGIN "
        f"{on('remove_source', 'old')}; END",
        "events_tally_claim_update_new": "AFTER UPDATE OF event_id, source_id ON events_claim "
        f"WHEN ({s['claim_moved']}) AND {on('alone', 'new')} BEGIN "
        f"{on('add_source', 'new')}; END",
    }


def postgres_functions() -> dict[str, tuple[str, str]]:
    """Trigger function name → (table, body), for PostgreSQL."""
    s = statements(POSTGRES)

    def on(name: str, row: str) -> str:
        return s[name].replace("{r}", row)

    return {
        "events_tally_event": (
            "events_event",
            f"IF TG_OP = 'INSERT' THEN {on('add_event', 'new')}; "
            f"ELSIF TG_OP = 'DELETE' THEN {on('remove_event', 'old')}; "
            f"ELSE IF {s['event_moved']} THEN {on('remove_event', 'old')}; "
            f"{on('add_event', 'new')}; END IF; "
            f"IF {s['kind_changed']} THEN {on('remove_actors', 'old')}; "
            f"{on('add_actors', 'new')}; {on('remove_sources', 'old')}; "
            f"{on('add_sources', 'new')}; END IF; END IF;",
        ),
        "events_tally_actor": (
            "events_eventactor",
            f"IF TG_OP = 'INSERT' THEN {on('add_actor', 'new')}; "
            f"ELSIF TG_OP = 'DELETE' THEN {on('remove_actor', 'old')}; "
            f"ELSIF {s['actor_moved']} THEN {on('remove_actor', 'old')}; "
            f"{on('add_actor', 'new')}; END IF;",
        ),
        "events_tally_claim": (
            "events_claim",
            f"IF TG_OP IN ('DELETE', 'UPDATE') AND (TG_OP = 'DELETE' OR {s['claim_moved']}) "
            f"AND {on('alone', 'old')} THEN {on('remove_source', 'old')}; END IF; "
            f"IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR {s['claim_moved']}) "
            f"AND {on('alone', 'new')} THEN {on('add_source', 'new')}; END IF;",
        ),
    }


# Every tally from the rows as they are.
FILL = (
    "DELETE FROM events_eventtally",
    "DELETE FROM events_actortally",
    "DELETE FROM events_sourcetally",
    *(
        "INSERT INTO events_eventtally (month, event_type, status, review_status, context, "
        "events) SELECT month, event_type, status, review_status, context, COUNT(DISTINCT id) "
        f"FROM (SELECT e.id, {period} AS month, e.event_type, e.status, e.review_status, '' "
        f"AS context FROM events_event e UNION ALL SELECT e.id, {period}, e.event_type, "
        "e.status, e.review_status, c.value FROM events_event e, {each}) AS rows "
        "GROUP BY month, event_type, status, review_status, context"
        for period in ("{month}", "{year}")
    ),
    *(
        f"INSERT INTO events_{table}tally ({key}, event_type, status, review_status, month, "
        f"events) SELECT x.{key}, {kind}, COUNT(DISTINCT e.id) FROM {rows} "
        f"JOIN events_event e ON e.id = x.event_id GROUP BY x.{key}, {group}"
        for table, key, rows in (
            ("actor", "actor_id", "events_eventactor x"),
            ("source", "source_id", "events_claim x"),
        )
        for kind, group in (
            ("e.event_type, e.status, e.review_status, '*'", "e.event_type, e.status, e.review_status"),
            ("'', '', e.review_status, '*'", "e.review_status"),
            ("'', '', e.review_status, {month}", "e.review_status, {month}"),
            ("'', '', e.review_status, {year}", "e.review_status, {year}"),
        )
    ),
    # Statistics for the planner, which would otherwise guess at tables filled just now.
    "ANALYZE events_eventtally",
    "ANALYZE events_actortally",
    "ANALYZE events_sourcetally",
)


def fill_statements(vendor: str) -> list[str]:
    d = SQLITE if vendor == "sqlite" else POSTGRES
    month, year, each = (part.replace("{r}", "e") for part in (d.month, d.year, d.each))
    return [statement.format(month=month, year=year, each=each) for statement in FILL]


def create_statements(vendor: str) -> list[str]:
    """What makes the triggers (none of them there before)."""
    if vendor == "sqlite":
        return [f"CREATE TRIGGER {name} {body}" for name, body in sqlite_triggers().items()]
    created = []
    for name, (table, body) in postgres_functions().items():
        created += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {body} RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    return created


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_triggers()]
    return [
        statement
        for name, (table, _) in postgres_functions().items()
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"DROP FUNCTION IF EXISTS {name}()",
        )
    ]


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def by_year(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, _MONTHS_ONLY.drop_statements(vendor))
    _run(schema_editor, [*create_statements(vendor), *fill_statements(vendor)])


def by_month_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, drop_statements(vendor))
    _run(
        schema_editor,
        [*_MONTHS_ONLY.create_statements(vendor), *_MONTHS_ONLY.fill_statements(vendor)],
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0014_event_documents")]

    operations = [
        migrations.AddIndex(
            model_name="eventtally",
            index=models.Index(
                fields=["month", "context", "review_status", "event_type", "status", "events"],
                name="event_tally_month_idx",
            ),
        ),
        migrations.RunPython(by_year, by_month_only),
    ]
