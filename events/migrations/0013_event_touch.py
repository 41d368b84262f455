"""An event's stamp (EventStamp) moves whenever anything its pages show changes: the event,
its claims, its actors (and their names), the sources of its claims, its parent, children,
and the events it fulfils or that fulfil it. Cached renderings of an event are keyed by
it, so a write makes stale only what it changes (see events.stamps).

Triggers, so that every write counts however it is made; the SQL is written out here,
importing no live code.
"""

import django.db.models.deletion
from django.db import migrations, models

# A new stamp: the time, and a random part so two writes in one millisecond differ.
# No spaces: it goes into cache keys.
SQLITE_NOW = "strftime('%Y-%m-%dT%H:%M:%f', 'now') || hex(randomblob(4))"
POSTGRES_NOW = (
    "to_char(clock_timestamp(), 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || left(md5(random()::text), 8)"
)

# Which events a row of each table bears on, for the row {r} ("new" or "old").
BEARING = {
    "events_claim": "SELECT {r}.event_id",
    "events_eventactor": "SELECT {r}.event_id",
    "events_actor": "SELECT event_id FROM events_eventactor WHERE actor_id = {r}.id",
    "events_source": "SELECT event_id FROM events_claim WHERE source_id = {r}.id",
    # An event shows itself, and its title, dates or links show on its parent's,
    # children's and fulfilment partners' pages.
    "events_event": "SELECT {r}.id UNION SELECT {r}.parent_id UNION SELECT {r}.fulfils_id "
    "UNION SELECT id FROM events_event WHERE parent_id = {r}.id OR fulfils_id = {r}.id",
}
# Updates of these columns count (all, where None).
WATCHED = {
    "events_claim": None,
    "events_eventactor": None,
    "events_actor": ("name", "slug", "kind", "country", "title"),
    "events_source": ("title", "slug", "publisher", "published_on", "url"),
    "events_event": None,
}


def _touch(now: str, rows: tuple[str, ...], table: str) -> str:
    bearing = " UNION ".join(BEARING[table].replace("{r}", row) for row in rows)
    return (
        f"INSERT INTO events_eventstamp (event_id, stamp) SELECT id, {now} FROM "
        f"events_event WHERE id IN ({bearing}) AND true "
        "ON CONFLICT (event_id) DO UPDATE SET stamp = excluded.stamp"
    )


def sqlite_triggers() -> dict[str, str]:
    triggers = {}
    for table, columns in WATCHED.items():
        name = f"events_touch_{table.removeprefix('events_')}"
        of = f"OF {', '.join(columns)} " if columns else ""
        triggers[f"{name}_insert"] = (
            f"AFTER INSERT ON {table} BEGIN {_touch(SQLITE_NOW, ('new',), table)}; END"
        )
        triggers[f"{name}_delete"] = (
            f"AFTER DELETE ON {table} BEGIN {_touch(SQLITE_NOW, ('old',), table)}; END"
        )
        triggers[f"{name}_update"] = (
            f"AFTER UPDATE {of}ON {table} BEGIN "
            f"{_touch(SQLITE_NOW, ('old', 'new'), table)}; END"
        )
    return triggers


def postgres_statements() -> list[str]:
    statements = []
    for table, columns in WATCHED.items():
        name = f"events_touch_{table.removeprefix('events_')}"
        of = f"OF {', '.join(columns)} " if columns else ""
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP = 'INSERT' THEN {_touch(POSTGRES_NOW, ('new',), table)}; "
            f"ELSIF TG_OP = 'DELETE' THEN {_touch(POSTGRES_NOW, ('old',), table)}; "
            f"ELSE {_touch(POSTGRES_NOW, ('old', 'new'), table)}; END IF; "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE {of}ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    return statements


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_triggers()]
    return [
        statement
        for table in WATCHED
        for name in [f"events_touch_{table.removeprefix('events_')}"]
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"DROP FUNCTION IF EXISTS {name}()",
        )
    ]


def create_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"CREATE TRIGGER {name} {body}" for name, body in sqlite_triggers().items()]
    return postgres_statements()


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    now = SQLITE_NOW if vendor == "sqlite" else POSTGRES_NOW
    fill = f"INSERT INTO events_eventstamp (event_id, stamp) SELECT id, {now} FROM events_event"
    for statement in [*create_statements(vendor), fill]:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("events", "0012_tallies")]

    operations = [
        migrations.CreateModel(
            name="EventStamp",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="stamp",
                        serialize=False,
                        to="events.event",
                    ),
                ),
                ("stamp", models.CharField(max_length=40)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
