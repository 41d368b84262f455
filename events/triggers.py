"""What the modules owning derived data kept by database triggers share (events.csv_lines,
events.documents, events.indexes, events.stamps, events.tallies): running a migration's
statements, and telling whether SQLite dropped triggers with a table it rebuilt. Imports
no model."""


def run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def sqlite_triggers_missing(connection, names) -> bool:
    """Whether any of the named triggers is missing (a SQLite table rebuild drops them)."""
    if connection.vendor != "sqlite":
        return False
    names = list(names)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            f"AND name IN ({', '.join(['%s'] * len(names))})",
            names,
        )
        return cursor.fetchone() != (len(names),)


def restore_sqlite_triggers(connection, definition) -> bool:
    """Create again the triggers of a migration module (`definition`: its sqlite_triggers(),
    drop_statements() and create_statements()) when a SQLite table rebuild dropped any;
    return whether it did."""
    if not sqlite_triggers_missing(connection, definition.sqlite_triggers()):
        return False
    run(
        connection, [*definition.drop_statements("sqlite"), *definition.create_statements("sqlite")]
    )
    return True
