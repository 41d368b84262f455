"""Bulk loads without bulk_create()'s work per value.

bulk_create() runs every value of every row through its field's preparation, and on
this project's bulk loads that cost more than the database's own work. These load plain
values: read straight off model instances (adapting only JSON, dates and timestamps, as
the backend would) or given as tuples; with multi-row INSERTs on SQLite and COPY on
PostgreSQL. Like bulk_create(), they call no save() and send no signal; database
triggers still fire."""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    returning: bool = False,
) -> list[int]:
    """INSERT `rows` of values for `columns` into the model's table; with `returning`,
    the new rows' primary keys, in the order of `rows`."""
    if connection.vendor == "postgresql":
        return _copy_rows(model, columns, rows, returning)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    listed = ", ".join(quote(column) for column in columns)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    suffix = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    per_statement = max(1, connection.features.max_query_params // len(columns))
    keys: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({listed}) VALUES "
                f"{', '.join([placeholders] * len(batch))}{suffix}",
                [value for row in batch for value in row],
            )
            if returning:
                keys.extend(key for (key,) in cursor.fetchall())
    return keys


def _copy_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    returning: bool,
) -> list[int]:
    """PostgreSQL's COPY, which loads rows in half the time INSERT takes; the keys, when
    wanted, are drawn from the table's sequence first and copied in with the rows."""
    table, key = model._meta.db_table, model._meta.pk.column
    keys: list[int] = []
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, key, len(rows)],
            )
            keys = [key for (key,) in cursor.fetchall()]
            columns = (key, *columns)
            rows = [(key, *row) for key, row in zip(keys, rows, strict=True)]
        quote = connection.ops.quote_name
        listed = ", ".join(quote(column) for column in columns)
        with cursor.copy(f"COPY {quote(table)} ({listed}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return keys


def _adapter(field: models.Field, now) -> Callable[[object], object] | None:
    """How a value of `field` is passed to the database, where it is not passed as is."""
    if isinstance(field, models.DateTimeField):
        if field.auto_now or field.auto_now_add:
            stamped = connection.ops.adapt_datetimefield_value(now)
            return lambda value: stamped
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        encoder = field.encoder or DjangoJSONEncoder
        return lambda value: connection.ops.adapt_json_value(value, encoder)
    return None


def insert_objects(objects: Sequence[models.Model]) -> None:
    """INSERT unsaved instances of one model with an automatic primary key, and set it."""
    if not objects:
        return
    model = type(objects[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    now = timezone.now()
    adapters = [(n, adapt) for n, f in enumerate(fields) if (adapt := _adapter(f, now))]
    read = attrgetter(*(field.attname for field in fields))
    rows = []
    for instance in objects:
        row = list(read(instance))
        for n, adapt in adapters:
            row[n] = adapt(row[n])
        rows.append(row)
    keys = insert_rows(model, [field.column for field in fields], rows, returning=True)
    for instance, key in zip(objects, keys, strict=True):
        instance.pk = key
        instance._state.adding = False
        instance._state.db = connection.alias


@contextmanager
def indexes_deferred(*tables: type[models.Model]) -> Iterator[None]:
    """For a bulk load inside a transaction, on PostgreSQL: drop the tables' indexes that
    enforce nothing (not primary keys, not unique) and build them afresh at the end, once.
    Kept up to date row by row, they cost PostgreSQL nine tenths of an event's insert.
    Should the load fail, the rollback restores them. SQLite loads fast enough with its
    indexes in place."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.relname, pg_get_indexdef(x.indexrelid) FROM pg_index AS x "
            "JOIN pg_class AS index ON index.oid = x.indexrelid "
            "WHERE x.indrelid::regclass::text = ANY(%s) AND NOT x.indisunique",
            [[model._meta.db_table for model in tables]],
        )
        deferred = cursor.fetchall()
        for name, _ in deferred:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        # The load's deferred foreign-key checks first: PostgreSQL builds no index on a
        # table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in deferred:
            cursor.execute(definition)
