"""On PostgreSQL, a second index of each event's span of possible days, leaving out the
open starts (no first day, a last day), whose spans hold every day before their last.

A date window's tallies count the open starts by month (see events.tallies); what they
leave out are the events begun before the window that are still going on, and the
undated, found as the spans holding the window's first day. Through the index of every
span, that search reads the thousands of open starts ending later as well, to drop them.

The expression is, to the byte, what the queries search on (events.indexes.EVENT_SPAN,
compiled), and the condition is implied by theirs (events.models, begun_before()). SQLite
searches its R*Tree by first day instead (events.indexes.sqlite_begun_before_ids).
"""

from django.db import migrations

CREATE = (
    'CREATE INDEX "event_known_start_span_idx" ON "events_event" USING gist '
    """((daterange("date_lower", "date_upper", '[]'))) """
    'WHERE "date_lower" IS NOT NULL OR "date_upper" IS NULL'
)
DROP = 'DROP INDEX IF EXISTS "event_known_start_span_idx"'


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("events", "0015_tallies_by_year")]

    operations = [migrations.RunPython(create, drop)]
