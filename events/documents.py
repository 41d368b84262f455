"""Each event's search document: its title, summary and unrejected quotes in one full-text
index entry keyed by the event, in two parts: what anyone may search (a verified event's
title, summary and verified quotes) and the rest, which only a visitor who may see
unverified evidence searches too (see events.visibility). Migration 0018 defines the table
and the triggers that keep it; this module reads the definition to search it, to suspend
the triggers during bulk loads and to restore them after a SQLite table rebuild.

A search is one lookup giving event ids: an event matches when its title, summary and
quotes together hold every searched word (see events.indexes.search_words()), as far as
the visitor may see them.
"""

from contextlib import contextmanager
from importlib import import_module

from django.db import connections
from django.db.models.expressions import RawSQL

from events.indexes import SEARCH_CONFIG, fts5_query
from events.triggers import restore_sqlite_triggers, run

_DEFINITION = import_module("events.migrations.0018_public_search_documents")


def matching_ids(words: list[str], using: str, *, unverified: bool) -> RawSQL:
    """The ids of the events whose document holds every one of `words` (from
    search_words(): at least one); of its verified part alone unless `unverified`."""
    if connections[using].vendor == "postgresql":
        query = "plainto_tsquery(%s::regconfig, %s)"
        params = [SEARCH_CONFIG, " ".join(words)]
        condition = f"{_DEFINITION.VERIFIED_COLUMN} @@ {query}"
        if unverified:
            # The whole document, stored where it holds more than the verified part.
            condition += f" OR document @@ {query}"
            params *= 2
        return RawSQL(
            f"SELECT event_id AS id FROM {_DEFINITION.POSTGRES_TABLE} WHERE {condition}", params
        )
    table = _DEFINITION.SQLITE_TABLE
    query = fts5_query(words)
    if not unverified:
        query = f"{_DEFINITION.VERIFIED_COLUMN} : ({query})"
    return RawSQL(f"SELECT rowid AS id FROM {table} WHERE {table} MATCH %s", [query])


def more_than(words: list[str], limit: int, using: str, *, unverified: bool) -> bool:
    """Whether more than `limit` events' documents hold the words (their verified parts
    unless `unverified`): the index read no further than that."""
    ids = matching_ids(words, using, unverified=unverified)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM ({ids.sql} LIMIT %s) AS found", [*ids.params, limit + 1]
        )
        return cursor.fetchone()[0] > limit


def rebuild(connection) -> None:
    run(connection, _DEFINITION.rebuild_statements(connection.vendor))


def repair(sender, using, **kwargs) -> None:
    """post_migrate (which follows a flush too): on PostgreSQL, drop the documents of
    events gone without a trigger firing (a flush's TRUNCATE); on SQLite, restore triggers
    a table rebuild dropped, and write every document afresh."""
    connection = connections[using]
    tables = connection.introspection.table_names()
    if _DEFINITION.POSTGRES_TABLE in tables:
        run(connection, [_DEFINITION.orphans_statement()])
    if _DEFINITION.SQLITE_TABLE not in tables:
        return  # not migrated this far, or PostgreSQL
    if restore_sqlite_triggers(connection, _DEFINITION):
        rebuild(connection)


@contextmanager
def suspended(connection):
    """For bulk loads, inside a transaction: no document is written per row; all are
    written once at the end. Should the block fail, the rollback restores the triggers."""
    run(connection, _DEFINITION.drop_statements(connection.vendor))
    yield
    run(connection, _DEFINITION.create_statements(connection.vendor))
    rebuild(connection)
