"""Full-text and date-span indexes, which Meta.indexes cannot declare for both engines
(see events.indexes, which reads these definitions): GIN indexes on the full-text
documents and a GiST index on each event's span of possible days on PostgreSQL; FTS5 and
R*Tree virtual tables on SQLite, kept in step with their tables by triggers, so every
write is indexed however it is made (save(), bulk_create(), update(), raw SQL). A search
or a date window is then a few index lookups instead of a pass over every event.

The SQL is written out here, importing no live code, so that this migration does
tomorrow what it does today.
"""

from dataclasses import dataclass

from django.db import migrations

# Each expression is, to the byte, what the queries search on (events.indexes:
# EVENT_DOCUMENT, EVENT_SPAN, QUOTE_DOCUMENT, compiled): the planner uses an expression
# index only for the very expression it holds.
POSTGRES_CREATE = (
    """CREATE INDEX "event_search_idx" ON "events_event" USING gin ((to_tsvector("""
    """'english'::regconfig, COALESCE("title", '') || ' ' || COALESCE("summary", ''))))""",
    """CREATE INDEX "event_span_idx" ON "events_event" USING gist ("""
    """(daterange("date_lower", "date_upper", '[]')))""",
    """CREATE INDEX "claim_search_idx" ON "events_claim" USING gin ((to_tsvector("""
    """'english'::regconfig, COALESCE("quote", ''))))""",
)
POSTGRES_DROP = (
    'DROP INDEX IF EXISTS "event_search_idx"',
    'DROP INDEX IF EXISTS "event_span_idx"',
    'DROP INDEX IF EXISTS "claim_search_idx"',
)


@dataclass(frozen=True)
class SqliteIndex:
    """A virtual table indexing `table`, and the statements that keep it in step."""

    name: str
    table: str
    create: str
    watched: tuple[str, ...]  # columns whose update re-indexes a row
    add: str  # index the row `new`
    remove: str  # unindex the row `old`
    rebuild: tuple[str, ...]  # index every row afresh

    def triggers(self) -> dict[str, str]:
        return {
            f"{self.name}_insert": f"AFTER INSERT ON {self.table} BEGIN {self.add}; END",
            f"{self.name}_delete": f"AFTER DELETE ON {self.table} BEGIN {self.remove}; END",
            f"{self.name}_update": f"AFTER UPDATE OF {', '.join(self.watched)} ON {self.table} "
            f"BEGIN {self.remove}; {self.add}; END",
        }

    def in_place(self, cursor) -> bool:
        """Whether every trigger is there (a SQLite table rebuild drops a table's)."""
        triggers = self.triggers()
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
            f"AND name IN ({', '.join(['%s'] * len(triggers))})",
            [self.table, *triggers],
        )
        return cursor.fetchone() == (len(triggers),)

    def create_statements(self) -> list[str]:
        """What makes the virtual table and its triggers (either may be there already),
        then indexes every row afresh."""
        return [
            self.create,
            *(
                f"CREATE TRIGGER IF NOT EXISTS {name} {body}"
                for name, body in self.triggers().items()
            ),
            *self.rebuild,
        ]

    def drop_statements(self) -> list[str]:
        return [
            *(f"DROP TRIGGER IF EXISTS {trigger}" for trigger in self.triggers()),
            f"DROP TABLE IF EXISTS {self.name}",
        ]


def _full_text(name: str, table: str, columns: tuple[str, ...]) -> SqliteIndex:
    listed = ", ".join(columns)
    return SqliteIndex(
        name=name,
        table=table,
        create=f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({listed}, "
        f"content='{table}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')",
        watched=columns,
        add=f"INSERT INTO {name}(rowid, {listed}) "
        f"VALUES (new.id, {', '.join(f'new.{column}' for column in columns)})",
        remove=f"INSERT INTO {name}({name}, rowid, {listed}) "
        f"VALUES ('delete', old.id, {', '.join(f'old.{column}' for column in columns)})",
        rebuild=(f"INSERT INTO {name}({name}) VALUES ('rebuild')",),
    )


# Days as whole Julian day numbers (32-bit in the R*Tree); open ends as the extremes.
_OPEN_START, _OPEN_END = -1, 2**31 - 1


def _day(column: str, open_end: int) -> str:
    return f"COALESCE(CAST(julianday({column}) AS INTEGER), {open_end})"


def _span_row(row: str) -> str:
    """An R*Tree entry (id, first day, last day) for the event row `row` ("new." or "")."""
    lower, upper = _day(f"{row}date_lower", _OPEN_START), _day(f"{row}date_upper", _OPEN_END)
    return f"{row}id, {lower}, {upper}"


SQLITE_INDEXES = (
    _full_text("events_event_search", "events_event", ("title", "summary")),
    _full_text("events_claim_search", "events_claim", ("quote",)),
    SqliteIndex(
        name="events_event_span",
        table="events_event",
        create="CREATE VIRTUAL TABLE IF NOT EXISTS events_event_span USING rtree_i32(id, lo, hi)",
        watched=("date_lower", "date_upper"),
        add=f"INSERT INTO events_event_span VALUES ({_span_row('new.')})",
        remove="DELETE FROM events_event_span WHERE id = old.id",
        rebuild=(
            "DELETE FROM events_event_span",
            f"INSERT INTO events_event_span SELECT {_span_row('')} FROM events_event",
        ),
    ),
)


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement, params=None)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for index in SQLITE_INDEXES:
                if not index.in_place(cursor):
                    for statement in index.create_statements():
                        cursor.execute(statement)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement, params=None)
    elif connection.vendor == "sqlite":
        for index in SQLITE_INDEXES:
            for statement in index.drop_statements():
                schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("events", "0007_chronological_index")]

    operations = [migrations.RunPython(create, drop)]
