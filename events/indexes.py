"""Full-text search and date windows: what the queries search on, and the indexes that
answer them, which Meta.indexes cannot declare for both engines.

Migration 0008 defines the indexes, importing no live code: on PostgreSQL, a GIN index on
the quotes' full-text documents and a GiST index on each event's span of possible days,
built on the expressions below; on SQLite, FTS5 and R*Tree virtual tables kept in step
with their tables by triggers, so every write is indexed however it is made (save(),
bulk_create(), update(), raw SQL). This module reads that definition to restore the
triggers a SQLite table rebuild drops. (Events are searched through their search
documents, events.documents, which migration 0014 put in place of 0008's index of titles.)

Search: do an event's title, summary and quotes hold every searched word of the query
(word stems, ignoring case and accents)? Searched words leave out stop-words
and words of one or two letters, at most eight of them (search_words()), so no query costs
more than a few index lookups; on SQLite the last word also matches as a prefix, so "summ"
finds "summit" while typing.
"""

import re
from datetime import date
from importlib import import_module

from django.contrib.postgres.fields import DateRangeField
from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import Func, Value
from django.db.models.expressions import RawSQL

from events.triggers import run

_DEFINITION = import_module("events.migrations.0008_search_and_span_indexes")
# The virtual tables still in place on SQLite (0014 dropped the index of event titles).
SQLITE_INDEXES = tuple(
    index for index in _DEFINITION.SQLITE_INDEXES if index.name != "events_event_search"
)

SEARCH_CONFIG = "english"
# How the R*Tree holds an open start and an open end (as migration 0008 wrote them).
OPEN_START, OPEN_END = _DEFINITION._OPEN_START, _DEFINITION._OPEN_END


class DateSpan(Func):
    """PostgreSQL's daterange(lower, upper, '[]'); a NULL bound is open."""

    function = "daterange"
    output_field = DateRangeField()


# What the queries search on PostgreSQL. The indexes of migration 0008 hold these very
# expressions, compiled, which is what lets the planner use them: changing one needs a
# migration that rebuilds its index.
QUOTE_DOCUMENT = SearchVector("quote", config=SEARCH_CONFIG)
EVENT_SPAN = DateSpan("date_lower", "date_upper", Value("[]"))


def ensure_sqlite_indexes(connection) -> list[str]:
    """Create any missing virtual table or trigger and rebuild those indexes; returns
    their names. Idempotent. Django rebuilds a SQLite table to alter it, which drops its
    triggers, so this runs after every migrate."""
    rebuilt = []
    with connection.cursor() as cursor:
        for index in SQLITE_INDEXES:
            if index.in_place(cursor):
                continue
            for statement in index.create_statements():
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
    run(
        connection, [statement for index in SQLITE_INDEXES for statement in index.drop_statements()]
    )


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


def sqlite_begun_before_ids(day: date) -> RawSQL:
    """Ids of the events with a known first day before `day` and a span holding it, and
    of the undated (whose span holds every day): two searches of the R*Tree that leave
    out the open starts, which a search for the spans holding `day` would read too."""
    julian = "CAST(julianday(%s) AS INTEGER)"
    return RawSQL(
        f"SELECT id FROM events_event_span WHERE lo >= 0 AND lo < {julian} AND hi >= {julian} "
        "UNION ALL SELECT id FROM events_event_span WHERE lo <= %s AND hi >= %s",
        [day.isoformat(), day.isoformat(), OPEN_START, OPEN_END],
    )


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
