"""When an event last changed as its pages show it: its EventStamp, which triggers move
whenever it, its claims, actors, their names, its sources, its parent, children or
fulfilment partners change (migration 0013, read here to restore them after a SQLite
table rebuild).

Cached renderings of one event (its timeline entry, its page) are keyed by it, so a write
makes stale only the events it bears on; every other cached entry and page stays valid.
"""

from importlib import import_module

from django.db import connections

from events.models import EventStamp
from events.tallies import sqlite_triggers_missing

_DEFINITION = import_module("events.migrations.0013_event_touch")


def repair(sender, using, **kwargs) -> None:
    """post_migrate: restore triggers a SQLite table rebuild dropped."""
    connection = connections[using]
    if EventStamp._meta.db_table not in connection.introspection.table_names():
        return  # migrated back before the stamps
    if not sqlite_triggers_missing(connection, _DEFINITION.sqlite_triggers()):
        return
    with connection.cursor() as cursor:
        for statement in [
            *_DEFINITION.drop_statements("sqlite"),
            *_DEFINITION.create_statements("sqlite"),
        ]:
            cursor.execute(statement)
