"""An event's stamp moves when one of its actors is verified, or stops being: its entry and
page link to an actor's page only for a visitor who may open it (see events.visibility),
and they are cached under the stamp. The triggers of migration 0013, but that an actor's
review status is watched too.

The SQL is written out here, importing no live code, so that this migration does
tomorrow what it does today.
"""

from importlib import import_module

from django.db import migrations

_NAMES_ONLY = import_module("events.migrations.0013_event_touch")

SQLITE_NOW, POSTGRES_NOW = _NAMES_ONLY.SQLITE_NOW, _NAMES_ONLY.POSTGRES_NOW
# Updates of these columns count (all, where None).
WATCHED = _NAMES_ONLY.WATCHED | {
    "events_actor": (*_NAMES_ONLY.WATCHED["events_actor"], "review_status"),
}


def _touch(now: str, rows: tuple[str, ...], table: str) -> str:
    return _NAMES_ONLY._touch(now, rows, table)


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
    # The names are migration 0013's.
    return _NAMES_ONLY.drop_statements(vendor)


def create_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"CREATE TRIGGER {name} {body}" for name, body in sqlite_triggers().items()]
    return postgres_statements()


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def watch_review(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, [*drop_statements(vendor), *create_statements(vendor)])


def watch_names_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, [*drop_statements(vendor), *_NAMES_ONLY.create_statements(vendor)])


class Migration(migrations.Migration):
    dependencies = [("events", "0019_source_tallies_by_claim_review")]

    operations = [migrations.RunPython(watch_review, watch_names_only)]
