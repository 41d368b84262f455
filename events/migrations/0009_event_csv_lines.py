"""Each event's CSV export row, kept written out by triggers (see events.csv_lines)."""

from django.db import migrations

from events import csv_lines


def create(apps, schema_editor):
    csv_lines.ensure(schema_editor.connection)


def drop(apps, schema_editor):
    csv_lines.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("events", "0008_search_and_span_indexes")]

    operations = [migrations.RunPython(create, drop)]
