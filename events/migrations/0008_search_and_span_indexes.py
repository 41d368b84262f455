"""Full-text and date-span indexes: GIN and GiST on PostgreSQL; FTS5 and R*Tree tables kept
by triggers on SQLite (see events.indexes)."""

from django.db import migrations

from events import indexes


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for model_name, model_indexes in indexes.POSTGRES_INDEXES.items():
            for index in model_indexes:
                schema_editor.add_index(apps.get_model("events", model_name), index)
    elif connection.vendor == "sqlite":
        indexes.ensure_sqlite_indexes(connection)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for model_name, model_indexes in indexes.POSTGRES_INDEXES.items():
            for index in model_indexes:
                schema_editor.remove_index(apps.get_model("events", model_name), index)
    elif connection.vendor == "sqlite":
        indexes.drop_sqlite_indexes(connection)


class Migration(migrations.Migration):
    dependencies = [("events", "0007_chronological_index")]

    operations = [migrations.RunPython(create, drop)]
