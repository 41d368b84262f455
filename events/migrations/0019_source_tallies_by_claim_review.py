"""Source tallies tell apart the verified events a source backs with a verified claim from
those it reports only in claims no curator has verified (still proposed, or rejected).

A public visitor is shown verified claims only (see events.visibility), so the count
beside a source on the public timeline must count the first alone: ingest joins every new
article's claims, proposed, to the verified events it reports, and counting those would
offer the visitor a source whose filter then finds nothing they may see. Such a (source,
event) pair is counted under the review status "unvouched" instead of "verified"; staff,
who see proposed claims, read both. Events and actor tallies are unchanged.

The claim triggers are written anew: a write to claims counts again the (source, event)
pairs it touched, from the pair's claims before and after it. On PostgreSQL they fire once
per statement, over its transition tables: a row trigger there fires after the whole
statement, so deleting two claims of one source and event at once (deleting the event,
say) counted the pair out twice. The triggers for events and actors are those of
migration 0015, but that an event's change of kind counts its sources under their keys.

The SQL is written out here, importing no live code, so that this migration does
tomorrow what it does today.
"""

from importlib import import_module

from django.db import migrations

_BY_YEAR = import_module("events.migrations.0015_tallies_by_year")
SQLITE, POSTGRES = _BY_YEAR.SQLITE, _BY_YEAR.POSTGRES

# The review status a source's tallies count a verified event under when none of the
# source's claims backing it is verified.
UNVOUCHED = "unvouched"

TALLY = "events_sourcetally"
KEY = "source_id, event_type, status, review_status, month"


def _four(pairs: str) -> str:
    """The four tally rows of each (source, event) pair in `pairs` (columns k, t, s, r, m,
    y: source, type, status, review key, month, year): under its kind over all months
    ("*"), among every kind over all months, and among every kind in its month and year."""
    return (
        "SELECT k, CASE WHEN x.n = 1 THEN t ELSE '' END AS t, "
        "CASE WHEN x.n = 1 THEN s ELSE '' END AS s, r, "
        "CASE x.n WHEN 3 THEN m WHEN 4 THEN y ELSE '*' END AS m "
        f"FROM ({pairs}) AS pairs CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 "
        "UNION ALL SELECT 3 UNION ALL SELECT 4) AS x"
    )


def _counted(pairs: str) -> str:
    return (
        f"SELECT k, t, s, r, m, count(*) AS n FROM ({_four(pairs)}) AS tally_rows "
        "WHERE true GROUP BY k, t, s, r, m"
    )


def add(pairs: str) -> str:
    return (
        f"INSERT INTO {TALLY} ({KEY}, events) {_counted(pairs)} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET events = {TALLY}.events + excluded.events"
    )


def remove(pairs: str) -> str:
    return (
        f"UPDATE {TALLY} SET events = {TALLY}.events - d.n FROM ({_counted(pairs)}) AS d "
        f"WHERE {TALLY}.source_id = d.k AND {TALLY}.event_type = d.t AND {TALLY}.status = d.s "
        f"AND {TALLY}.review_status = d.r AND {TALLY}.month = d.m"
    )


def _review_key(review: str, vouched: str) -> str:
    """The pair's review key: the event's review status `review`, but "unvouched" for a
    verified event when not `vouched` (no claim of the source backing it is verified)."""
    return f"CASE WHEN {review} = 'verified' AND NOT ({vouched}) THEN '{UNVOUCHED}' ELSE {review} END"


def event_pairs(d, r: str) -> str:
    """The pairs of the event row `r` (new or old) and each source of its claims."""
    vouched = (
        f"EXISTS (SELECT 1 FROM events_claim v WHERE v.event_id = {r}.id "
        "AND v.source_id = x.source_id AND v.review_status = 'verified')"
    )
    return (
        f"SELECT x.source_id AS k, {r}.event_type AS t, {r}.status AS s, "
        f"{_review_key(f'{r}.review_status', vouched)} AS r, "
        f"{d.month.replace('{r}', r)} AS m, {d.year.replace('{r}', r)} AS y "
        f"FROM (SELECT DISTINCT source_id FROM events_claim WHERE event_id = {r}.id) AS x"
    )


def _by_pair(rows: str) -> str:
    """Claim rows `rows` counted by (source, event) pair: how many, how many verified."""
    return (
        "SELECT event_id, source_id, count(*) AS claims, sum(CASE WHEN review_status = "
        f"'verified' THEN 1 ELSE 0 END) AS verified FROM {rows} AS x "
        "WHERE event_id IS NOT NULL GROUP BY event_id, source_id"
    )


def _pair_states(d, before: str, after: str) -> str:
    """Each (source, event) pair of the claim rows `before` and `after` (the rows a write
    changed, as they were and are; columns id, event_id, source_id, review_status) with
    whether it has claims, and a verified one, now and had before the write.

    Counted, not looked up: the pair's claims now (through its index), less the rows
    written as they are, plus the rows as they were, which are read once each, grouped
    by pair (a transition table has no index to look a pair up in; and given EXISTS
    within an OR, PostgreSQL read every claim into a hash instead). DISTINCT, so that
    SQLite finds each pair's state once, not again for each of its four tally rows."""
    pair = "c.event_id = p.event_id AND c.source_id = p.source_id"
    month, year = d.month.replace("{r}", "e"), d.year.replace("{r}", "e")
    pairs = (
        f"SELECT event_id, source_id FROM {before} AS o WHERE event_id IS NOT NULL "
        f"UNION SELECT event_id, source_id FROM {after} AS n WHERE event_id IS NOT NULL"
    )
    counted = (
        f"SELECT DISTINCT p.source_id AS k, e.event_type AS t, e.status AS s, "
        f"e.review_status AS er, {month} AS m, {year} AS y, "
        f"(SELECT count(*) FROM events_claim c WHERE {pair}) AS now_claims, "
        f"(SELECT count(*) FROM events_claim c WHERE {pair} AND c.review_status = 'verified') "
        "AS now_verified, COALESCE(n.claims, 0) AS n_claims, "
        "COALESCE(n.verified, 0) AS n_verified, COALESCE(o.claims, 0) AS o_claims, "
        "COALESCE(o.verified, 0) AS o_verified "
        f"FROM ({pairs}) AS p JOIN events_event e ON e.id = p.event_id "
        f"LEFT JOIN ({_by_pair(before)}) AS o "
        "ON o.event_id = p.event_id AND o.source_id = p.source_id "
        f"LEFT JOIN ({_by_pair(after)}) AS n "
        "ON n.event_id = p.event_id AND n.source_id = p.source_id"
    )
    return (
        "SELECT k, t, s, er, m, y, now_claims > 0 AS now_any, now_verified > 0 AS "
        "now_verified, now_claims - n_claims + o_claims > 0 AS was_any, "
        f"now_verified - n_verified + o_verified > 0 AS was_verified FROM ({counted}) AS c"
    )


def recount(d, before: str, after: str) -> list[str]:
    """Statements moving the tallies of the pairs a write to claims touched: out of the key
    a pair was counted under, into the one it is counted under now (when they differ)."""
    states = _pair_states(d, before, after)
    same = "(er <> 'verified' OR was_verified = now_verified)"
    gone = (
        f"SELECT k, t, s, {_review_key('er', 'was_verified')} AS r, m, y FROM ({states}) AS p "
        f"WHERE was_any AND NOT (now_any AND {same})"
    )
    come = (
        f"SELECT k, t, s, {_review_key('er', 'now_verified')} AS r, m, y FROM ({states}) AS p "
        f"WHERE now_any AND NOT (was_any AND {same})"
    )
    return [remove(gone), add(come)]


def _row(r: str) -> str:
    return (
        f"(SELECT {r}.id AS id, {r}.event_id AS event_id, {r}.source_id AS source_id, "
        f"{r}.review_status AS review_status)"
    )


_SQLITE_NONE = "(SELECT NULL AS id, NULL AS event_id, NULL AS source_id, NULL AS review_status WHERE 0)"
_POSTGRES_NONE = (
    "(SELECT NULL::bigint AS id, NULL::bigint AS event_id, NULL::bigint AS source_id, "
    "NULL::varchar AS review_status WHERE false)"
)
# The claim columns whose change moves a pair (SQLite's update trigger watches them).
CLAIM_COLUMNS = ("event_id", "source_id", "review_status")


def _moved(d, old: str, new: str) -> str:
    """Whether a claim row's update (from `old` to `new`) may move its pairs: another event
    or source, or verified where it was not (or the reverse); a claim's other columns, and
    a change between proposed and rejected, count for no tally."""
    return (
        f"{d.differs.format(a=f'{old}.event_id', b=f'{new}.event_id')} "
        f"OR {old}.source_id <> {new}.source_id "
        f"OR ({old}.review_status = 'verified') <> ({new}.review_status = 'verified')"
    )


def _kind_update(s: dict, d) -> str:
    """An event's change of kind (or month): its actors' and sources' tallies move."""
    return (
        f"{s['remove_actors'].replace('{r}', 'old')}; {s['add_actors'].replace('{r}', 'new')}; "
        f"{remove(event_pairs(d, 'old'))}; {add(event_pairs(d, 'new'))}"
    )


def sqlite_triggers() -> dict[str, str]:
    """Trigger name → definition, for SQLite."""
    s = _BY_YEAR.statements(SQLITE)
    triggers = {
        name: body
        for name, body in _BY_YEAR.sqlite_triggers().items()
        if not name.startswith("events_tally_claim")
    }
    triggers["events_tally_event_kind_update"] = (
        f"AFTER UPDATE OF {', '.join(_BY_YEAR.KIND_COLUMNS)} ON events_event "
        f"WHEN {s['kind_changed']} BEGIN {_kind_update(s, SQLITE)}; END"
    )
    changes = {
        "insert": (
            "AFTER INSERT ON events_claim WHEN new.event_id IS NOT NULL",
            _SQLITE_NONE,
            _row("new"),
        ),
        "delete": (
            "AFTER DELETE ON events_claim WHEN old.event_id IS NOT NULL",
            _row("old"),
            _SQLITE_NONE,
        ),
        "update": (
            f"AFTER UPDATE OF {', '.join(CLAIM_COLUMNS)} ON events_claim "
            f"WHEN {_moved(SQLITE, 'old', 'new')}",
            _row("old"),
            _row("new"),
        ),
    }
    for change, (event, before, after) in changes.items():
        statements = "; ".join(recount(SQLITE, before, after))
        triggers[f"events_tally_claim_{change}"] = f"{event} BEGIN {statements}; END"
    return triggers


def postgres_functions() -> dict[str, tuple[str, str]]:
    """Row trigger function name → (table, body), for PostgreSQL: events and actors."""
    s = _BY_YEAR.statements(POSTGRES)

    def on(name: str, row: str) -> str:
        return s[name].replace("{r}", row)

    functions = _BY_YEAR.postgres_functions()
    del functions["events_tally_claim"]
    functions["events_tally_event"] = (
        "events_event",
        f"IF TG_OP = 'INSERT' THEN {on('add_event', 'new')}; "
        f"ELSIF TG_OP = 'DELETE' THEN {on('remove_event', 'old')}; "
        f"ELSE IF {s['event_moved']} THEN {on('remove_event', 'old')}; "
        f"{on('add_event', 'new')}; END IF; "
        f"IF {s['kind_changed']} THEN {_kind_update(s, POSTGRES)}; END IF; END IF;",
    )
    return functions


def _updated(side: str) -> str:
    """The rows of an UPDATE's transition table `side` ("o": old_rows, "n": new_rows)
    whose change may move their pairs (see _moved())."""
    return (
        f"(SELECT {side}.id, {side}.event_id, {side}.source_id, {side}.review_status "
        f"FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id "
        f"WHERE {_moved(POSTGRES, 'o', 'n')})"
    )


# Statement trigger function name → (event, transition tables, rows before, rows after).
POSTGRES_CLAIM_TRIGGERS = {
    "events_tally_claim_insert": ("INSERT", "NEW TABLE AS new_rows", _POSTGRES_NONE, "new_rows"),
    "events_tally_claim_delete": ("DELETE", "OLD TABLE AS old_rows", "old_rows", _POSTGRES_NONE),
    "events_tally_claim_update": (
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _updated("o"),
        _updated("n"),
    ),
}


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
    for name, (event, tables, before, after) in POSTGRES_CLAIM_TRIGGERS.items():
        # A statement of one claim (a curator's edit) runs a plan kept from the first such
        # one; others are planned on each call (EXECUTE) for the rows they wrote: a plan
        # kept from a statement of 3,000 claims (hash joins over every event) took 180 ms
        # for each one-claim update after it, where planning costs each statement 3 ms.
        statements = recount(POSTGRES, before, after)
        kept = " ".join(f"{statement};" for statement in statements)
        planned = " ".join(f"EXECUTE $sql$ {statement} $sql$;" for statement in statements)
        written = "old_rows" if event == "DELETE" else "new_rows"
        body = f"IF (SELECT count(*) FROM {written}) = 1 THEN {kept} ELSE {planned} END IF;"
        created += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {body} RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER {event} ON events_claim REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return created


def drop_statements(vendor: str) -> list[str]:
    """Every tally trigger dropped, migration 0015's too (some of theirs have other names):
    whatever restores these never leaves both in place."""
    if vendor == "sqlite":
        names = {*_BY_YEAR.sqlite_triggers(), *sqlite_triggers()}
        return [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(names)]
    tables = {name: table for name, (table, _) in _BY_YEAR.postgres_functions().items()}
    tables |= {name: table for name, (table, _) in postgres_functions().items()}
    tables |= dict.fromkeys(POSTGRES_CLAIM_TRIGGERS, "events_claim")
    return [
        statement
        for name, table in tables.items()
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"DROP FUNCTION IF EXISTS {name}()",
        )
    ]


# The source tallies from the rows as they are: each (source, event) pair once, under its
# review key.
_SOURCE_PAIRS = (
    "SELECT x.source_id AS k, e.event_type AS t, e.status AS s, "
    + _review_key("e.review_status", "max(CASE WHEN x.review_status = 'verified' THEN 1 ELSE 0 END) = 1")
    + " AS r, {month} AS m, {year} AS y FROM events_claim x "
    "JOIN events_event e ON e.id = x.event_id GROUP BY x.source_id, e.id"
)


def fill_statements(vendor: str) -> list[str]:
    """Every tally counted afresh: events' and actors' as migration 0015 counts them."""
    d = SQLITE if vendor == "sqlite" else POSTGRES
    month, year = d.month.replace("{r}", "e"), d.year.replace("{r}", "e")
    statements = _BY_YEAR.fill_statements(vendor)
    kept = [s for s in statements if not s.startswith(("INSERT INTO events_sourcetally", "ANALYZE"))]
    sources = f"INSERT INTO {TALLY} ({KEY}, events) " + _counted(
        _SOURCE_PAIRS.format(month=month, year=year)
    )
    return [*kept, sources, *(s for s in statements if s.startswith("ANALYZE"))]


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def by_claim_review(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, drop_statements(vendor))  # 0015's, and any of these already there
    _run(schema_editor, [*create_statements(vendor), *fill_statements(vendor)])


def by_event_review(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, drop_statements(vendor))
    _run(schema_editor, [*_BY_YEAR.create_statements(vendor), *_BY_YEAR.fill_statements(vendor)])


class Migration(migrations.Migration):
    dependencies = [("events", "0018_public_search_documents")]

    operations = [migrations.RunPython(by_claim_review, by_event_review)]
