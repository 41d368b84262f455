"""Each event's search document in two parts: what anyone may search, and what only a
visitor who may see unverified evidence searches as well (see events.visibility).

The verified part is a verified event's title, summary and verified quotes; the other
part holds its quotes still proposed, or all of an unverified event (title, summary and
unrejected quotes). A search by staff reads both, as migration 0014's documents did; a
public search reads the verified part alone, so a word found only in a quote no curator
has verified no longer finds its event, and whether a search is too broad to count is
decided on the events the visitor may see, in the same bounded read of the index.

SQLite: the FTS5 table's columns `verified` and `unverified`, a public search limited to
the first by a column filter. PostgreSQL: the tsvector of the verified part (`verified`,
NULL for an event not verified) and, only where it holds more, of the whole document
(`document`, NULL where it is the verified part), each with a GIN index: a public search
reads the first index alone, as a search read the one index before, and staff's reads
both, an event matching in either. (Weighting the verified part within one tsvector
instead made every public search read each found event's stored document to check the
weights: a broad search's 40th page took 180 ms instead of 30 at 100,000 events.)
Rejected claims are in neither part, as before.

The SQL is written out here, importing no live code, so that this migration does
tomorrow what it does today.
"""

from importlib import import_module

from django.db import migrations

_QUOTES_ONLY = import_module("events.migrations.0014_event_documents")

SQLITE_TABLE = _QUOTES_ONLY.SQLITE_TABLE
POSTGRES_TABLE = _QUOTES_ONLY.POSTGRES_TABLE
# The SQLite column, and the PostgreSQL one, a public search is limited to.
VERIFIED_COLUMN = "verified"
# PostgreSQL: the index of the verified parts (migration 0014's holds the whole documents).
POSTGRES_VERIFIED_INDEX = "event_verified_document_idx"

_JOINED = {"sqlite": "group_concat(c.quote, ' ')", "postgresql": "string_agg(c.quote, ' ')"}
# Which claims of an event go in each part.
_VERIFIED_CLAIM = "c.review_status = 'verified'"
_UNVERIFIED_CLAIM = "c.review_status NOT IN ('verified', 'rejected')"
_UNREJECTED_CLAIM = "c.review_status <> 'rejected'"


def _quotes(vendor: str, e: str, which: str) -> str:
    """The quotes of the event row `e`'s claims that meet `which`, joined by spaces."""
    return (
        f"COALESCE((SELECT {_JOINED[vendor]} FROM events_claim AS c "
        f"WHERE c.event_id = {e}.id AND {which}), '')"
    )


def _own_words(e: str) -> str:
    return f"COALESCE({e}.title, '') || ' ' || COALESCE({e}.summary, '')"


def verified_part(vendor: str, e: str) -> str:
    """The text anyone may search: a verified event's title, summary and verified quotes."""
    return (
        f"CASE WHEN {e}.review_status = 'verified' THEN {_own_words(e)} || ' ' || "
        f"{_quotes(vendor, e, _VERIFIED_CLAIM)} ELSE '' END"
    )


def unverified_part(vendor: str, e: str) -> str:
    """The rest: a verified event's proposed quotes, or all of an unverified event."""
    return (
        f"CASE WHEN {e}.review_status = 'verified' THEN {_quotes(vendor, e, _UNVERIFIED_CLAIM)} "
        f"ELSE {_own_words(e)} || ' ' || {_quotes(vendor, e, _UNREJECTED_CLAIM)} END"
    )


def _tsvector(text: str) -> str:
    return f"to_tsvector('english'::regconfig, {text})"


def postgres_verified(e: str) -> str:
    """The event row `e`'s verified part as a tsvector; NULL for an event not verified."""
    return (
        f"CASE WHEN {e}.review_status = 'verified' "
        f"THEN {_tsvector(verified_part('postgresql', e))} END"
    )


def postgres_document(e: str) -> str:
    """The whole document as a tsvector; NULL when it is the verified part (a verified
    event with no proposed claim)."""
    rest = unverified_part("postgresql", e)
    whole = f"{verified_part('postgresql', e)} || ' ' || {rest}"
    return f"CASE WHEN {rest} <> '' THEN {_tsvector(whole)} END"


def refresh_statements(vendor: str, events: str) -> list[str]:
    """Statements writing afresh the documents of the events the SQL query `events` lists
    (an event that is gone keeps none)."""
    if vendor == "sqlite":
        return [
            f"DELETE FROM {SQLITE_TABLE} WHERE rowid IN ({events})",
            f"INSERT INTO {SQLITE_TABLE} (rowid, verified, unverified) "
            f"SELECT e.id, {verified_part('sqlite', 'e')}, {unverified_part('sqlite', 'e')} "
            f"FROM events_event AS e WHERE e.id IN ({events})",
        ]
    return [
        f"DELETE FROM {POSTGRES_TABLE} WHERE event_id IN ({events})",
        f"INSERT INTO {POSTGRES_TABLE} (event_id, verified, document) "
        f"SELECT e.id, {postgres_verified('e')}, {postgres_document('e')} "
        f"FROM events_event AS e WHERE e.id IN ({events})",
    ]


def refresh(vendor: str, events: str) -> str:
    return "; ".join(refresh_statements(vendor, events))


# Per table: the columns whose update counts, and the events a row {r} bears on. An
# event's review status now decides which part its words are in.
WATCHED = {
    "events_event": (("title", "summary", "review_status"), "SELECT {r}.id"),
    "events_claim": (("quote", "event_id", "review_status"), "SELECT {r}.event_id"),
}


def _bearing(table: str, *rows: str) -> str:
    return " UNION ".join(WATCHED[table][1].replace("{r}", row) for row in rows)


def _name(table: str) -> str:
    # The names of migration 0014's triggers, which these replace.
    return f"events_document_{table.removeprefix('events_')}"


def sqlite_triggers() -> dict[str, str]:
    triggers = {}
    for table, (columns, _) in WATCHED.items():
        name = _name(table)
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
        name = _name(table)
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
    """The table as this migration leaves it, made from migration 0014's (or afresh on
    SQLite, whose FTS5 table's columns cannot be altered)."""
    if vendor == "sqlite":
        return [
            f"DROP TABLE IF EXISTS {SQLITE_TABLE}",
            f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(verified, "
            "unverified, tokenize='porter unicode61 remove_diacritics 2')",
        ]
    return [
        f"ALTER TABLE {POSTGRES_TABLE} ADD COLUMN verified tsvector",
        f"ALTER TABLE {POSTGRES_TABLE} ALTER COLUMN document DROP NOT NULL",
        f'CREATE INDEX "{POSTGRES_VERIFIED_INDEX}" ON {POSTGRES_TABLE} USING gin (verified)',
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
        for statement in (
            f"DROP TRIGGER IF EXISTS {_name(table)} ON {table}",
            f"DROP FUNCTION IF EXISTS {_name(table)}()",
        )
    ]


def orphans_statement() -> str:
    """Deleting the documents of events that are gone (PostgreSQL)."""
    return _QUOTES_ONLY.orphans_statement()


def rebuild_statements(vendor: str) -> list[str]:
    """Every event's document written afresh."""
    table = SQLITE_TABLE if vendor == "sqlite" else POSTGRES_TABLE
    return [f"DELETE FROM {table}", *refresh_statements(vendor, "SELECT id FROM events_event")]


def _run(schema_editor, statements) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def split(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [
        *_QUOTES_ONLY.drop_statements(vendor),
        *table_statements(vendor),
        *create_statements(vendor),
        *rebuild_statements(vendor),
    ]
    _run(schema_editor, statements)


def join(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = list(drop_statements(vendor))
    if vendor == "sqlite":
        statements.append(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")
    else:
        statements += [
            f'DROP INDEX IF EXISTS "{POSTGRES_VERIFIED_INDEX}"',
            f"ALTER TABLE {POSTGRES_TABLE} DROP COLUMN verified",
        ]
    statements += [
        *_QUOTES_ONLY.table_statements(vendor),
        *_QUOTES_ONLY.create_statements(vendor),
        *_QUOTES_ONLY.rebuild_statements(vendor),
    ]
    if vendor == "postgresql":
        statements.append(f"ALTER TABLE {POSTGRES_TABLE} ALTER COLUMN document SET NOT NULL")
    _run(schema_editor, statements)


class Migration(migrations.Migration):
    dependencies = [("events", "0017_sign_in_failures")]

    operations = [migrations.RunPython(split, join)]
