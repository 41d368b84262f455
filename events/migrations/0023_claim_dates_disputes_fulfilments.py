"""What each claim says of its event's date and status; the events whose sources disagree
on them (EventDispute, kept by triggers on claims: the SQL is written out here, importing
no live code; events.disputes reads it to restore the triggers after a SQLite table
rebuild); and the fulfilments ingest proposes for a curator to decide.

An event is disputed when two of its verified claims, from different sources, imply dates
that do not overlap, or one reports it occurred and the other planned or cancelled. A
row per disputed event lets the timeline filter on it through a table of a few rows
rather than comparing the claims of 100,000 events per request; per claim written, the
trigger compares the claims of one event, through the (event, source) index.
"""

import django.db.models.deletion
from django.db import migrations, models

# Whether the event {e} is disputed, as a condition on its verified claims.
_CONFLICT = (
    "EXISTS (SELECT 1 FROM events_claim AS a JOIN events_claim AS b "
    "ON b.event_id = a.event_id AND b.source_id <> a.source_id "
    "WHERE a.event_id = {e} AND a.review_status = 'verified' "
    "AND b.review_status = 'verified' AND (a.date_upper < b.date_lower "
    "OR (a.status = 'occurred' AND b.status IN ('planned', 'cancelled'))))"
)
# The columns whose change can make or end a dispute.
WATCHED = ("event_id", "source_id", "review_status", "date_lower", "date_upper", "status")


def _recompute(event: str) -> list[str]:
    return [
        f"DELETE FROM events_eventdispute WHERE event_id = {event}",
        f"INSERT INTO events_eventdispute (event_id) SELECT {event} "
        f"WHERE {event} IS NOT NULL AND {_CONFLICT.format(e=event)}",
    ]


def sqlite_triggers() -> dict[str, str]:
    def body(*rows):
        return " ".join(
            f"{statement};" for row in rows for statement in _recompute(f"{row}.event_id")
        )

    return {
        "events_dispute_claim_insert": f"AFTER INSERT ON events_claim BEGIN {body('new')} END",
        "events_dispute_claim_delete": f"AFTER DELETE ON events_claim BEGIN {body('old')} END",
        "events_dispute_claim_update": (
            f"AFTER UPDATE OF {', '.join(WATCHED)} ON events_claim BEGIN {body('old', 'new')} END"
        ),
    }


def postgres_statements() -> list[str]:
    def body(*rows):
        return " ".join(
            f"{statement};" for row in rows for statement in _recompute(f"{row}.event_id")
        )

    return [
        "CREATE OR REPLACE FUNCTION events_dispute_claim() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN IF TG_OP = 'INSERT' THEN {body('new')} "
        f"ELSIF TG_OP = 'DELETE' THEN {body('old')} "
        f"ELSE {body('old', 'new')} END IF; RETURN NULL; END $$",
        "CREATE TRIGGER events_dispute_claim AFTER INSERT OR DELETE OR UPDATE OF "
        f"{', '.join(WATCHED)} ON events_claim "
        "FOR EACH ROW EXECUTE FUNCTION events_dispute_claim()",
    ]


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_triggers()]
    return [
        "DROP TRIGGER IF EXISTS events_dispute_claim ON events_claim",
        "DROP FUNCTION IF EXISTS events_dispute_claim()",
    ]


def create_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"CREATE TRIGGER {name} {body}" for name, body in sqlite_triggers().items()]
    return postgres_statements()


# Every disputed event at once, after the triggers were off (a bulk load).
FILL = (
    "INSERT INTO events_eventdispute (event_id) SELECT e.id FROM events_event AS e "
    f"WHERE {_CONFLICT.format(e='e.id')} "
    "AND NOT EXISTS (SELECT 1 FROM events_eventdispute AS d WHERE d.event_id = e.id)"
)


def let_curators_decide_fulfilments(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name="Curators").first()
    if group is None:
        return
    group.permissions.add(
        *apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="events",
            codename__in=["view_proposedfulfilment", "change_proposedfulfilment"],
        )
    )


def create(apps, schema_editor):
    for statement in [*create_statements(schema_editor.connection.vendor), FILL]:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0022_ingest_jobs"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventDispute",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="dispute",
                        serialize=False,
                        to="events.event",
                    ),
                ),
            ],
        ),
        # Columns with a constant default, added in place: SQLite would otherwise rebuild
        # the claims table (Django's way to add a NOT NULL column), which other tables'
        # triggers refer to, and rewrite every claim.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE events_claim ADD COLUMN {column} varchar({size}) "
                    "DEFAULT '' NOT NULL",
                    f"ALTER TABLE events_claim DROP COLUMN {column}",
                )
                for column, size in (("date_edtf", 64), ("status", 10))
            ],
            state_operations=[
                migrations.AddField(
                    model_name="claim",
                    name="date_edtf",
                    field=models.CharField(
                        blank=True,
                        db_default="",
                        default="",
                        help_text="EDTF of the date this quote gives the event, e.g. 2021-04 or "
                        "2021-04-28/2021-12-31; blank when it gives none.",
                        max_length=64,
                        verbose_name="date it implies",
                    ),
                ),
                migrations.AddField(
                    model_name="claim",
                    name="status",
                    field=models.CharField(
                        blank=True,
                        db_default="",
                        default="",
                        choices=[
                            ("occurred", "occurred"),
                            ("planned", "planned"),
                            ("cancelled", "cancelled"),
                        ],
                        help_text="Whether this quote reports the event as occurred, planned or "
                        "cancelled; blank when it does not say.",
                        max_length=10,
                        verbose_name="status it implies",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="claim",
            name="date_lower",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="claim",
            name="date_upper",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.CreateModel(
            name="ProposedFulfilment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "review_status",
                    models.CharField(
                        choices=[
                            ("proposed", "proposed"),
                            ("verified", "verified"),
                            ("rejected", "rejected"),
                        ],
                        default="proposed",
                        max_length=10,
                    ),
                ),
                (
                    "reason",
                    models.CharField(help_text="What matched, as ingest saw it.", max_length=300),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "commitment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="proposed_fulfilments",
                        to="events.event",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="proposed_commitments",
                        to="events.event",
                    ),
                ),
            ],
            options={
                "ordering": ["commitment", "created_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["review_status", "created_at"], name="fulfilment_review_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("commitment", "event"), name="proposed_fulfilment_pair_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("commitment", models.F("event")), _negated=True),
                        name="proposed_fulfilment_not_itself",
                    ),
                ],
            },
        ),
        migrations.RunPython(let_curators_decide_fulfilments, migrations.RunPython.noop),
        migrations.RunPython(create, drop),
    ]
