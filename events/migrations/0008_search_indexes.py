"""Full-text search indexes: GIN on PostgreSQL, FTS5 with triggers on SQLite (events.search)."""

from django.db import migrations

from events import search


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for model_name, index in search.POSTGRES_INDEXES.items():
            schema_editor.add_index(apps.get_model("events", model_name), index)
    elif connection.vendor == "sqlite":
        search.ensure_sqlite_search(connection)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for model_name, index in search.POSTGRES_INDEXES.items():
            schema_editor.remove_index(apps.get_model("events", model_name), index)
    elif connection.vendor == "sqlite":
        search.drop_sqlite_search(connection)


class Migration(migrations.Migration):
    dependencies = [("events", "0007_chronological_index")]

    operations = [migrations.RunPython(create, drop)]
