"""Indexes Meta.indexes cannot declare for both engines: full-text search and date spans.

PostgreSQL gets GIN indexes on the full-text documents and a GiST index on each event's
span of possible days. SQLite gets virtual tables, FTS5 and R*Tree, kept in step with
their tables by triggers, so every write is indexed however it is made (save(),
bulk_create(), update(), raw SQL).

Search: does an event's title and summary, or one of its quotes, hold every searched word
of the query (word stems, ignoring case and accents)? Searched words leave out stop-words
and words of one or two letters, at most eight of them (search_words()), so no query costs
more than a few index lookups; on SQLite the last word also matches as a prefix, so "summ"
finds "summit" while typing.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.fields import DateRangeField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import Func, Value
from django.db.models.expressions import RawSQL

SEARCH_CONFIG = "english"


class DateSpan(Func):
    """PostgreSQL's daterange(lower, upper, '[]'); a NULL bound is open."""

    function = "daterange"
    output_field = DateRangeField()


# What the queries search on PostgreSQL; the indexes hold these very expressions, which
# is what lets the planner use them.
EVENT_DOCUMENT = SearchVector("title", "summary", config=SEARCH_CONFIG)
QUOTE_DOCUMENT = SearchVector("quote", config=SEARCH_CONFIG)
EVENT_SPAN = DateSpan("date_lower", "date_upper", Value("[]"))
POSTGRES_INDEXES = {
    "event": [
        GinIndex(EVENT_DOCUMENT, name="event_search_idx"),
        GistIndex(EVENT_SPAN, name="event_span_idx"),
    ],
    "claim": [GinIndex(QUOTE_DOCUMENT, name="claim_search_idx")],
}


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


def ensure_sqlite_indexes(connection) -> list[str]:
    """Create any missing virtual table or trigger and rebuild those indexes; returns
    their names. Idempotent. Django rebuilds a SQLite table to alter it, which drops its
    triggers, so this runs after every migrate as well as in the migrations."""
    rebuilt = []
    with connection.cursor() as cursor:
        for index in SQLITE_INDEXES:
            triggers = index.triggers()
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                f"AND name IN ({', '.join(['%s'] * len(triggers))})",
                [index.table, *triggers],
            )
            if cursor.fetchone() == (len(triggers),):
                continue
            cursor.execute(index.create)
            for name, body in triggers.items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
            for statement in index.rebuild:
                cursor.execute(statement)
            rebuilt.append(index.name)
    return rebuilt


def repair_sqlite_indexes(sender, using, **kwargs) -> None:
    """post_migrate: restore triggers a table rebuild dropped, once the indexes exist."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    if any(index.name in tables for index in SQLITE_INDEXES):
        ensure_sqlite_indexes(connection)


def drop_sqlite_indexes(connection) -> None:
    with connection.cursor() as cursor:
        for index in SQLITE_INDEXES:
            for trigger in index.triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute(f"DROP TABLE IF EXISTS {index.name}")


def sqlite_span_ids(lower: date | None, upper: date | None) -> RawSQL:
    """Ids of the events whose span of possible days meets [lower, upper] (None: open)."""
    conditions, params = ["1"], []
    if lower is not None:
        conditions.append("hi >= CAST(julianday(%s) AS INTEGER)")
        params.append(lower.isoformat())
    if upper is not None:
        conditions.append("lo <= CAST(julianday(%s) AS INTEGER)")
        params.append(upper.isoformat())
    return RawSQL(f"SELECT id FROM events_event_span WHERE {' AND '.join(conditions)}", params)


def sqlite_matches(index: str, query: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {index} WHERE {index} MATCH %s", [query])


_TOKEN = re.compile(r"\w+")
MAX_SEARCH_WORDS = 8
SHORTEST_WORD = 3
# Words too common to narrow a search of news about diplomacy: every one of them would
# cost a pass over most of the index and change nothing.
STOP_WORDS = frozenset((
    "about", "after", "again", "against", "all", "also", "and", "any", "are", "because", "been",
    "before", "being", "between", "both", "but", "can", "could", "did", "does", "during", "each",
    "for", "from", "had", "has", "have", "her", "here", "hers", "him", "his", "how", "its",
    "into", "more", "most", "not", "now", "off", "once", "only", "other", "our", "out", "over",
    "own", "same", "she", "should", "some", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "too", "under", "until", "very",
    "was", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
    "with", "would", "you", "your",
))  # fmt: skip


def search_words(text: str) -> list[str]:
    """The words a search looks for: lower-cased, each once, in order; stop-words and
    words of one or two letters left out, at most MAX_SEARCH_WORDS. Whatever the text,
    a search costs at most that many index lookups."""
    words = []
    for token in _TOKEN.findall(text.lower()):
        if len(token) >= SHORTEST_WORD and token not in STOP_WORDS and token not in words:
            words.append(token)
    return words[:MAX_SEARCH_WORDS]


def fts5_query(words: list[str]) -> str:
    """An FTS5 query needing every word (from search_words(): letters and digits only, so
    nothing is read as FTS5 syntax); the last one also matches as a prefix, so "summ"
    finds "summit" while typing."""
    return " ".join(f'"{word}"' for word in words[:-1]) + f' "{words[-1]}"*'
