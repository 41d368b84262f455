"""Full-text search indexes: GIN on PostgreSQL, FTS5 tables kept by triggers on SQLite.

Both engines answer the same question: does an event's title and summary, or one of its
quotes, hold every word of the query (word stems, ignoring case and accents)?
PostgreSQL reads the query as websearch syntax; on SQLite each word is a phrase of its
tokens, the last one a prefix, so "summ" finds "summit" while typing.
"""

import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import connections

SEARCH_CONFIG = "english"

# What EventQuerySet.matching() searches on PostgreSQL; the indexes hold these very
# expressions, which is what lets the planner use them.
EVENT_DOCUMENT = SearchVector("title", "summary", config=SEARCH_CONFIG)
QUOTE_DOCUMENT = SearchVector("quote", config=SEARCH_CONFIG)
POSTGRES_INDEXES = {
    "event": GinIndex(EVENT_DOCUMENT, name="event_search_idx"),
    "claim": GinIndex(QUOTE_DOCUMENT, name="claim_search_idx"),
}

# SQLite: an external-content FTS5 table per searched table, with triggers that keep it
# in step with every insert, update and delete, however the row is written.
SQLITE_TABLES = {
    "events_event_search": ("events_event", ("title", "summary")),
    "events_claim_search": ("events_claim", ("quote",)),
}
_TOKENIZER = "porter unicode61 remove_diacritics 2"
_TOKEN = re.compile(r"\w+")
_TRIGGERS = ("insert", "delete", "update")


def _sqlite_statements(search: str, table: str, columns: tuple[str, ...]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    remove = f"INSERT INTO {search}({search}, rowid, {names}) VALUES ('delete', old.id, {old});"
    add = f"INSERT INTO {search}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {search}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {search}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS {search}_update AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {remove} {add} END",
    ]


def ensure_sqlite_search(connection) -> list[str]:
    """Create any missing FTS5 table or trigger and rebuild those indexes; returns their names.

    Idempotent. Django rebuilds a SQLite table to alter it, which drops its triggers, so
    this runs after every migrate as well as in the migration that introduced it.
    """
    rebuilt = []
    with connection.cursor() as cursor:
        for search, (table, columns) in SQLITE_TABLES.items():
            names = [f"{search}_{suffix}" for suffix in _TRIGGERS]
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                "AND name IN (%s, %s, %s)",
                [table, *names],
            )
            if cursor.fetchone() == (len(_TRIGGERS),):
                continue
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {search} USING fts5({', '.join(columns)}, "
                f"content='{table}', content_rowid='id', tokenize='{_TOKENIZER}')"
            )
            for statement in _sqlite_statements(search, table, columns):
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {search}({search}) VALUES ('rebuild')")
            rebuilt.append(search)
    return rebuilt


def repair_sqlite_search(sender, using, **kwargs) -> None:
    """post_migrate: restore triggers a table rebuild dropped, once the indexes exist."""
    connection = connections[using]
    if connection.vendor == "sqlite" and set(SQLITE_TABLES) <= set(
        connection.introspection.table_names()
    ):
        ensure_sqlite_search(connection)


def drop_sqlite_search(connection) -> None:
    with connection.cursor() as cursor:
        for search in SQLITE_TABLES:
            for suffix in _TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {search}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {search}")


def fts5_query(text: str, max_words: int) -> str | None:
    """An FTS5 query needing every word of `text`, or None when it has no word at all.

    Each whitespace-separated word becomes a quoted phrase of its tokens ("nothing-like"
    → "nothing like"), so no user input is read as FTS5 syntax; the last token of each
    phrase matches as a prefix.
    """
    phrases = []
    for word in text.split()[:max_words]:
        tokens = _TOKEN.findall(word)
        if tokens:
            phrases.append('"' + " ".join(tokens) + '"*')
    return " ".join(phrases) or None
