"""The CSV rows the database keeps ready (events.csv_lines): written as Python's csv module
writes them, and rewritten by every kind of write to what they draw on."""

import csv
import io

import pytest
from django.db import connection, transaction
from django.urls import reverse

from devdata import synthetic
from events import csv_lines
from events.models import Actor, Claim, Event, EventActor
from tests.db.test_exports import body, rendered_csv_row, rendered_events
from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

CSV_URL = reverse("events:export-csv")

# Every character a CSV cell must quote or defuse, alone and together.
HOSTILE = [
    'He said "no", twice',
    "two\nlines",
    "carriage\rreturn",
    '=HYPERLINK("http://evil","x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\tTab",
    "\rCR first",
    "'quoted already",
    '",\r\n"',
    "<script>alert(1)</script>",
    "Ünïcödé — ✓",
]


def written_by_python(events: list[Event]) -> str:
    """The export as Python's csv module writes the model-based rows."""
    buffer = io.StringIO()
    rows = [rendered_csv_row(event) for event in events]
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def stored() -> dict[int, tuple[str, str | None]]:
    """Every event's row, and its public row where that differs, as stored."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT event_id, line, public_line FROM {csv_lines.TABLE}")
        return {event_id: (line, public) for event_id, line, public in cursor.fetchall()}


def fresh() -> dict[int, tuple[str, str | None]]:
    """The same as line_sql() and public_line_sql() write them now."""
    line, public = csv_lines.line_sql(connection), csv_lines.public_line_sql(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT e.id, {line}, {public} FROM events_event AS e")
        return {event_id: (line, public) for event_id, line, public in cursor.fetchall()}


def test_rows_are_byte_for_byte_what_pythons_csv_module_writes(client):
    source = make_source()
    for n, text in enumerate(HOSTILE):
        actors = [(make_actor(name=f"{text} {n}"), "initiator"), (make_actor(), "recipient")]
        event = make_event(
            title=text, location=text, date_edtf=f"2021-05-{n + 1:02}", actors=actors
        )
        make_claim(source=source, event=event)
    make_event(slug="open-start-no-evidence", date_edtf="../2021-04-28", contexts=[], mode="")

    expected = written_by_python(rendered_events({}))

    assert body(client.get(CSV_URL)) == expected


def test_a_slug_written_around_the_app_gets_a_quoted_url(client):
    make_event(slug="plain", date_edtf="2021-01-01")
    Event.objects.filter(pk=make_event(date_edtf="2021-01-02").pk).update(slug='a,b"c')

    rows = list(csv.reader(io.StringIO(body(client.get(CSV_URL)))))

    assert [row[-1] for row in rows[1:]] == [
        "http://testserver/events/plain/",
        'http://testserver/events/a,b"c/',
    ]
    assert [row[0] for row in rows[1:]] == ["plain", 'a,b"c']


def write_to_everything(event: Event, other: Event) -> None:
    """Writes of each kind to each table a row draws on, around the model layer too."""
    actor = event.event_actors.get().actor
    Actor.objects.filter(pk=actor.pk).update(name="Renamed, by update()")
    EventActor.objects.filter(event=event).update(role="recipient")
    EventActor.objects.create(event=event, actor=make_actor(name="Added"), role="participant")
    claim = event.claims.first()
    Claim.objects.filter(pk=claim.pk).update(review_status="rejected")
    Claim.objects.filter(pk=event.claims.last().pk).update(event=other, review_status="proposed")
    Event.objects.filter(pk=event.pk).update(title="=Retitled", contexts=["economic", "health"])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE events_event SET location = %s WHERE id = %s", ["Kazan", other.pk])
        cursor.execute(
            "UPDATE events_actor SET name = %s WHERE id = %s",
            ['Raw "SQL"', other.event_actors.get().actor_id],
        )


def test_every_write_to_what_a_row_draws_on_rewrites_it(client):
    event = make_event(actors=[(make_actor(), "initiator")], date_edtf="2021-04-27")
    other = make_event(actors=[(make_actor(), "initiator")])
    source = make_source()
    for quote in ("spoke on Wednesday", "spoke"):
        make_claim(source=source, quote=quote, event=event)
    make_claim(source=make_source(), event=other)
    before = stored()

    write_to_everything(event, other)

    assert stored() == fresh() != before
    row, other_row = (rendered_csv_row(e) for e in rendered_events({}))
    assert (row["title"], row["contexts"], row["claims_count"]) == (
        "'=Retitled",
        "economic;health",
        "0",
    )
    assert row["actors"] == "Added (participant); Renamed, by update() (recipient)"
    assert (other_row["location"], other_row["claims_count"]) == ("Kazan", "2")
    assert body(client.get(CSV_URL)) == written_by_python(rendered_events({}, unverified=False))
    # The public row counts the verified claim alone; the row itself, the proposed one too.
    assert stored()[other.pk][1] == stored()[other.pk][0].removesuffix(",2,2") + ",1,1"
    assert stored()[event.pk][1] is None  # no proposed claim: the same row
    # Only a verified event is given to such a visitor.
    Event.objects.filter(pk=other.pk).update(review_status="proposed")
    assert stored()[other.pk][1] is None and stored() == fresh()


def test_deleting_an_event_or_its_evidence_rewrites_or_removes_rows():
    event = make_event(actors=[(make_actor(), "initiator")])
    kept = make_event()
    make_claim(event=event)
    make_claim(event=kept)
    kept.claims.get().delete()
    assert stored()[kept.pk][0].endswith(",0,0")

    event.delete()

    assert set(stored()) == {kept.pk}
    assert stored() == fresh()


def test_a_missing_row_is_written_out_afresh(client):
    make_event(actors=[(make_actor(), "initiator")])
    expected = body(client.get(CSV_URL))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {csv_lines.TABLE}")

    assert body(client.get(CSV_URL)) == expected


def test_bulk_loads_write_every_row_once_at_the_end():
    make_event()
    with transaction.atomic(), csv_lines.suspended(connection):
        Event.objects.bulk_create(
            [
                Event(slug=f"bulk-{n}", title=f"Bulk {n}", event_type="AID", date_edtf="2022")
                for n in range(3)
            ]
        )
        assert len(stored()) == 1  # not yet
    assert len(stored()) == 4
    assert stored() == fresh()


def test_a_failed_bulk_load_leaves_the_triggers_in_place():
    with pytest.raises(RuntimeError), transaction.atomic(), csv_lines.suspended(connection):
        raise RuntimeError("the load failed")
    event = make_event()
    assert stored() == fresh() == {event.pk: fresh()[event.pk]}


def test_a_generated_dataset_has_every_row_written():
    synthetic.generate_dataset(200, seed=5)
    assert len(stored()) == Event.objects.count() == 200
    assert stored() == fresh()
    synthetic.clear_generated()
    assert stored() == fresh() == {}


def test_lost_triggers_are_restored_and_the_rows_rewritten():
    """As after a SQLite table rebuild, which drops the table's triggers."""
    event = make_event()
    csv_lines.drop_triggers(connection)
    Event.objects.filter(pk=event.pk).update(title="Changed while unwatched")
    assert stored() != fresh()

    assert csv_lines.ensure(connection) is True

    assert stored() == fresh()
    assert csv_lines.ensure(connection) is False
