"""One search document per event: its title, summary and the quotes of its claims a curator
has not rejected, kept by triggers on events and claims (see events.documents, which reads
these definitions). A search is then one full-text lookup that gives event ids, instead of
a lookup of titles joined to one of quotes whose claims must each be read for their event.

SQLite: an FTS5 table whose rowid is the event's id. PostgreSQL: a table of each event's
tsvector, with a GIN index. The index of titles and summaries alone (migration 0008) goes:
nothing searches it any more.

The SQL is written out here, importing no live code, so that this migration does
tomorrow what it does today.
"""

from importlib import import_module

from django.db import migrations

# The index of titles and summaries alone, which the documents replace (frozen as
# migration 0008 made it, so that going back restores it as it was).
_TITLES = import_module("events.migrations.0008_search_and_span_indexes")
_TITLES_SQLITE = next(i for i in _TITLES.SQLITE_INDEXES if i.name == "events_event_search")
_TITLES_POSTGRES_CREATE = _TITLES.POSTGRES_CREATE[0]
_TITLES_POSTGRES_DROP = _TITLES.POSTGRES_DROP[0]

SQLITE_TABLE = "events_event_document"
POSTGRES_TABLE = "events_eventdocument"
# The quotes of the event row {e} that count as its evidence, joined by spaces.
_QUOTES = {
    "sqlite": "(SELECT group_concat(c.quote, ' ') FROM events_claim AS c "
    "WHERE c.event_id = {e}.id AND c.review_status <> 'rejected')",
    "postgresql": "(SELECT string_agg(c.quote, ' ') FROM events_claim AS c "
    "WHERE c.event_id = {e}.id AND c.review_status <> 'rejected')",
}
# The tsvector of the event row {e}: what the search queries match on PostgreSQL.
POSTGRES_DOCUMENT = (
    "to_tsvector('english'::regconfig, COALESCE({e}.title, '') || ' ' || "
    "COALESCE({e}.summary, '') || ' ' || COALESCE(" + _QUOTES["postgresql"] + ", ''))"
)


def refresh_statements(vendor: str, events: str) -> list[str]:
    """Statements writing afresh the documents of the events the SQL query `events` lists
    (an event that is gone keeps none)."""
    if vendor == "sqlite":
        return [
            f"DELETE FROM {SQLITE_TABLE} WHERE rowid IN ({events})",
            f"INSERT INTO {SQLITE_TABLE} (rowid, title, summary, quotes) "
            f"SELECT e.id, e.title, e.summary, {_QUOTES['sqlite'].format(e='e')} "
            f"FROM events_event AS e WHERE e.id IN ({events})",
        ]
    return [
        f"DELETE FROM {POSTGRES_TABLE} WHERE event_id IN ({events})",
        f"INSERT INTO {POSTGRES_TABLE} (event_id, document) "
        f"SELECT e.id, {POSTGRES_DOCUMENT.format(e='e')} "
        f"FROM events_event AS e WHERE e.id IN ({events})",
    ]


def refresh(vendor: str, events: str) -> str:
    return "; ".join(refresh_statements(vendor, events))


# Per table: the columns whose update counts, and the events a row {r} bears on.
WATCHED = {
    "events_event": (("title", "summary"), "SELECT {r}.id"),
    "events_claim": (("quote", "event_id", "review_status"), "SELECT {r}.event_id"),
}


def _bearing(table: str, *rows: str) -> str:
    return " UNION ".join(WATCHED[table][1].replace("{r}", row) for row in rows)


def sqlite_triggers() -> dict[str, str]:
    triggers = {}
    for table, (columns, _) in WATCHED.items():
        name = f"events_document_{table.removeprefix('events_')}"
        triggers[f"{name}_insert"] = (
            f"AFTER INSERT ON {table} BEGIN {refresh('sqlite', _bearing(table, 'new'))}; END"
        )
        triggers[f"{name}_delete"] = (
            f"AFTER DELETE ON {table} BEGIN {refresh('sqlite', _bearing(table, 'old'))}; END"
        )
        triggers[f"{name}_update"] = (
            f"AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"BEGIN {refresh('sqlite', _bearing(table, 'old', 'new'))}; END"
        )
    return triggers


def postgres_statements() -> list[str]:
    statements = []
    for table, (columns, _) in WATCHED.items():
        name = f"events_document_{table.removeprefix('events_')}"
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP = 'INSERT' THEN {refresh('postgresql', _bearing(table, 'new'))}; "
            f"ELSIF TG_OP = 'DELETE' THEN {refresh('postgresql', _bearing(table, 'old'))}; "
            f"ELSE {refresh('postgresql', _bearing(table, 'old', 'new'))}; END IF; "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {', '.join(columns)} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    return statements


def table_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5(title, summary, "
            "quotes, tokenize='porter unicode61 remove_diacritics 2')"
        ]
    return [
        f"CREATE TABLE IF NOT EXISTS {POSTGRES_TABLE} (event_id bigint PRIMARY KEY, "
        "document tsvector NOT NULL)",
        f'CREATE INDEX IF NOT EXISTS "event_document_idx" ON {POSTGRES_TABLE} USING gin (document)',
    ]


def create_statements(vendor: str) -> list[str]:
    """The triggers (none of them there before)."""
    if vendor == "sqlite":
        return [f"CREATE TRIGGER {name} {body}" for name, body in sqlite_triggers().items()]
    return postgres_statements()


def drop_statements(vendor: str) -> list[str]:
    """The triggers dropped (the table stays)."""
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_triggers()]
    return [
        statement
        for table in WATCHED
        for name in [f"events_document_{table.removeprefix('events_')}"]
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"DROP FUNCTION IF EXISTS {name}()",
        )
    ]


def orphans_statement() -> str:
    """Deleting the documents of events that are gone (PostgreSQL)."""
    return (
        f"DELETE FROM {POSTGRES_TABLE} AS d "
        "WHERE NOT EXISTS (SELECT 1 FROM events_event AS e WHERE e.id = d.event_id)"
    )


def rebuild_statements(vendor: str) -> list[str]:
    """Every event's document written afresh."""
    table = SQLITE_TABLE if vendor == "sqlite" else POSTGRES_TABLE
    return [f"DELETE FROM {table}", *refresh_statements(vendor, "SELECT id FROM events_event")]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [*table_statements(vendor), *create_statements(vendor)]
    statements += (
        _TITLES_SQLITE.drop_statements() if vendor == "sqlite" else [_TITLES_POSTGRES_DROP]
    )
    with schema_editor.connection.cursor() as cursor:
        for statement in [*statements, *rebuild_statements(vendor)]:
            cursor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    table = SQLITE_TABLE if vendor == "sqlite" else POSTGRES_TABLE
    statements = [*drop_statements(vendor), f"DROP TABLE IF EXISTS {table}"]
    statements += (
        _TITLES_SQLITE.create_statements() if vendor == "sqlite" else [_TITLES_POSTGRES_CREATE]
    )
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("events", "0013_event_touch")]

    operations = [migrations.RunPython(create, drop)]
