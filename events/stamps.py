"""When an event last changed as its pages show it: its EventStamp, which triggers move
whenever it, its claims, actors, their names and review status, its sources, its parent,
children or fulfilment partners change (migrations 0013 and 0020, read here to restore
them after a SQLite table rebuild).

Cached renderings of one event (its timeline entry, its page) are keyed by it, so a write
makes stale only the events it bears on; every other cached entry and page stays valid.
"""

from contextlib import contextmanager
from importlib import import_module

from django.db import connections

from events.models import EventStamp
from events.triggers import restore_sqlite_triggers, run

_DEFINITION = import_module("events.migrations.0020_event_touch_on_actor_review")


def repair(sender, using, **kwargs) -> None:
    """post_migrate: restore triggers a SQLite table rebuild dropped."""
    connection = connections[using]
    if EventStamp._meta.db_table not in connection.introspection.table_names():
        return  # migrated back before the stamps
    restore_sqlite_triggers(connection, _DEFINITION)


@contextmanager
def suspended(connection):
    """For a bulk load of new events and rows that bear on them alone (generate_dataset),
    inside a transaction: no stamp is moved per row, and every event without a stamp gets
    one at the end. Per row, an event's trigger looks for its children, which a load
    without its indexes would find by reading every event. Should the block fail, the
    rollback restores the triggers."""
    run(connection, _DEFINITION.drop_statements(connection.vendor))
    yield
    now = _DEFINITION.SQLITE_NOW if connection.vendor == "sqlite" else _DEFINITION.POSTGRES_NOW
    table = EventStamp._meta.db_table
    run(
        connection,
        [
            *_DEFINITION.create_statements(connection.vendor),
            f"INSERT INTO {table} (event_id, stamp) SELECT e.id, {now} FROM events_event AS e "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS s WHERE s.event_id = e.id)",
        ],
    )
