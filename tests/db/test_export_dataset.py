"""export_dataset: fixtures that flush + loaddata reproduce exactly, byte for byte."""

import json
import os
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devdata.articles import generate_articles
from events import fixtures
from events.ingest import store
from events.models import (
    Actor,
    ActorAlias,
    Claim,
    Event,
    EventActor,
    EventRedirect,
    ReviewStatus,
    Source,
)
from tests.factories import make_actor, make_claim, make_event, make_source

DATASET_MODELS = [Actor, ActorAlias, Source, Event, EventActor, Claim, EventRedirect]

# The natural key of a fixture record, read from its fields (as the models define them).
RECORD_KEYS = {
    "events.actor": lambda f: (f["slug"],),
    "events.actoralias": lambda f: (f["text"],),
    "events.source": lambda f: (f["slug"],),
    "events.event": lambda f: (f["slug"],),
    "events.eventactor": lambda f: (f["event"][0], f["actor"][0]),
    "events.claim": lambda f: (
        f["source"][0],
        f["start"],
        f["end"],
        f["event"][0] if f["event"] else None,
    ),
}
MODEL_ORDER = list(RECORD_KEYS)


def load_curated_dataset() -> None:
    call_command("loaddata", settings.DIPLO_DATASET, verbosity=0)


def export(*args: str) -> tuple[str, str]:
    """Run the command; return what it wrote to stdout and to stderr."""
    out, err = StringIO(), StringIO()
    call_command("export_dataset", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def export_to(path: Path, *args: str) -> str:
    out, _ = export(str(path), *args)
    return out


def snapshot() -> list[str]:
    """Every row of the dataset's models, by natural key only (primary keys differ after a
    reload), each as canonical JSON, sorted: equal snapshots mean equal rows."""
    rows = []
    for model in DATASET_MODELS:
        for record in serializers.serialize(
            "python",
            model.objects.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        ):
            if "actors" in record["fields"]:
                record["fields"]["actors"] = sorted(record["fields"]["actors"])
            rows.append(json.dumps(record, sort_keys=True, default=lambda v: v.isoformat()))
    return sorted(rows)


def curated_records_in_export_order() -> list[dict]:
    """The curated fixture's records in the export's order, with the fields it predates
    (added to the models after it was written) at the defaults loaddata gives them."""
    records = json.loads(Path(settings.DIPLO_DATASET).read_text(encoding="utf-8"))
    completed = []
    for record in records:
        model = apps.get_model(record["model"])
        fields = {}
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if field.name in record["fields"]:
                fields[field.name] = record["fields"][field.name]
            else:
                fields[field.name] = field.get_default()
        for field in model._meta.many_to_many:
            if field.remote_field.through._meta.auto_created:
                fields[field.name] = record["fields"].get(field.name, [])
        completed.append({"model": record["model"], "fields": fields})
    return sorted(
        completed,
        key=lambda r: (
            MODEL_ORDER.index(r["model"]),
            fixtures._sort_key(RECORD_KEYS[r["model"]](r["fields"])),
        ),
    )


def curated_fixture_text() -> str:
    """The curated fixture reordered by the export's rules, in its own format."""
    records = curated_records_in_export_order()
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def add_proposals() -> None:
    """What ingest and curators add next to the curated data: a proposed actor with
    aliases, a source, a proposed event inside the curated call with its proposed claim
    (extraction record, mentions, date claim), an unassigned claim and a rejected event."""
    call = Event.objects.get(slug="modi-putin-phone-call-2021-04-28")
    modi = Actor.objects.get(slug="narendra-modi")
    lavrov = make_actor(
        name="Sergey Lavrov",
        slug="sergey-lavrov",
        country="RU",
        title="Minister of Foreign Affairs of Russia",
        review_status="proposed",
        aliases=["Lavrov", "Сергей Лавров"],
    )
    source = make_source(
        title="Lavrov to visit New Delhi — a report",
        slug="lavrov-visit-report",
        text="Foreign Minister Sergey Lavrov will visit New Delhi later this month. "
        "«Сергей Лавров приедет», the ministry said.",
        ingested_at=datetime(2021, 4, 29, 8, 30, 15, 123456, tzinfo=UTC),
    )
    visit = make_event(
        title="Lavrov to visit New Delhi",
        slug="lavrov-visit-new-delhi",
        mode="visit",
        status="planned",
        date_edtf="2021-04",
        cue_family="visit",
        review_status="proposed",
        parent=call,
        actors=[(lavrov, "initiator"), (modi, "recipient")],
    )
    claim = make_claim(
        source,
        quote="Sergey Lavrov will visit New Delhi later this month",
        event=visit,
        review_status="proposed",
        extraction={"rule": "visit", "alias": "Sergey Lavrov", "date": {"z": 1, "a": [2, 1]}},
    )
    claim.actors.set([lavrov])
    visit.date_claim = claim
    visit.save()
    make_claim(
        source,
        quote="«Сергей Лавров приедет»",
        attributed_to=lavrov,
        kind="direct-quote",
        review_status="proposed",
    )
    make_event(slug="rejected-duplicate-visit", review_status="rejected", fulfils=visit)


# --- the curated fixture --------------------------------------------------------------------


@pytest.mark.django_db
def test_export_of_the_curated_dataset_is_the_fixture_in_natural_key_order():
    load_curated_dataset()
    assert fixtures.dump_dataset().text == curated_fixture_text()


@pytest.mark.django_db
def test_export_holds_the_same_objects_as_the_fixture():
    load_curated_dataset()
    exported = json.loads(fixtures.dump_dataset().text)
    canonical = sorted(json.dumps(r, sort_keys=True) for r in curated_records_in_export_order())
    assert sorted(json.dumps(r, sort_keys=True) for r in exported) == canonical
    assert all("pk" not in record for record in exported)


@pytest.mark.django_db(transaction=True)
def test_flush_and_loaddata_reproduce_the_curated_dataset(tmp_path):
    load_curated_dataset()
    before = snapshot()
    first = tmp_path / "first.json"
    export_to(first)

    call_command("flush", interactive=False, verbosity=0)
    assert not Event.objects.exists()
    call_command("loaddata", first, verbosity=0)

    assert snapshot() == before
    second = tmp_path / "second.json"
    export_to(second)
    assert second.read_bytes() == first.read_bytes()


# --- every row, with --all ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_flush_and_loaddata_reproduce_every_row_with_all(tmp_path):
    load_curated_dataset()
    add_proposals()
    before = snapshot()
    first = tmp_path / "all.json"
    export_to(first, "--all")

    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", first, verbosity=0)

    assert snapshot() == before
    second = tmp_path / "again.json"
    export_to(second, "--all")
    assert second.read_bytes() == first.read_bytes()
    ingested = Source.objects.get(slug="lavrov-visit-report").ingested_at
    assert ingested == datetime(2021, 4, 29, 8, 30, 15, 123456, tzinfo=UTC)


def every_event_as_csv(client) -> bytes:
    response = client.get("/events.csv", {"review": ReviewStatus.values})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.django_db(transaction=True)
def test_flush_and_loaddata_reproduce_an_ingests_proposals_and_the_csv_export(
    tmp_path, client, settings
):
    # Proposals are exported to staff alone; the setting opens them without an account,
    # which the flush would delete.
    settings.DIPLO_PUBLIC_PROPOSALS = True
    load_curated_dataset()
    directory = store.ActorDirectory()
    for article in generate_articles(5, seed=3):
        store.ingest_article(article, directory)
    assert Claim.objects.filter(review_status="proposed").exclude(extraction={}).exists()
    before, csv_before = snapshot(), every_event_as_csv(client)
    path = tmp_path / "backup.json"
    export_to(path, "--all")

    call_command("flush", interactive=False, verbosity=0)
    assert every_event_as_csv(client).count(b"\n") == 1  # the header alone
    call_command("loaddata", path, verbosity=0)

    assert snapshot() == before
    assert every_event_as_csv(client) == csv_before


@pytest.mark.django_db
def test_all_includes_a_proposed_event_and_its_claim_that_the_default_leaves_out():
    load_curated_dataset()
    add_proposals()

    def slugs(text: str, model: str) -> set:
        return {
            json.dumps(RECORD_KEYS[model](r["fields"]))
            for r in json.loads(text)
            if r["model"] == model
        }

    proposed_event = json.dumps(("lavrov-visit-new-delhi",))
    claim = Claim.objects.get(event__slug="lavrov-visit-new-delhi")
    proposed_claim = json.dumps(claim.natural_key())

    default = fixtures.dump_dataset().text
    assert proposed_event not in slugs(default, "events.event")
    assert proposed_claim not in slugs(default, "events.claim")
    assert json.dumps(("lavrov-visit-report",)) not in slugs(default, "events.source")
    assert json.dumps(("sergey-lavrov",)) not in slugs(default, "events.actor")

    everything = fixtures.dump_dataset(include_all=True).text
    assert proposed_event in slugs(everything, "events.event")
    assert proposed_claim in slugs(everything, "events.claim")
    assert json.dumps(("rejected-duplicate-visit",)) in slugs(everything, "events.event")
    assert json.dumps(("Сергей Лавров",)) in slugs(everything, "events.actoralias")


@pytest.mark.django_db
def test_all_counts_every_row_of_every_model():
    load_curated_dataset()
    add_proposals()
    result = fixtures.dump_dataset(include_all=True)
    assert result.counts == {
        model._meta.label_lower: model.objects.count() for model in DATASET_MODELS
    }
    assert (result.dropped, result.links_left_out, result.claims_left_out) == ({}, 0, 0)


# --- references to rows the default leaves out ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_references_to_rows_not_exported_are_dropped_reported_and_the_file_loads(tmp_path):
    proposed_call = make_event(slug="proposed-call", review_status="proposed")
    speaker = make_actor(slug="proposed-speaker", review_status="proposed")
    modi = make_actor(slug="verified-modi", review_status="verified")
    source = make_source(slug="report")
    agreement = make_event(
        slug="verified-agreement",
        parent=proposed_call,
        fulfils=proposed_call,
        actors=[(modi, "initiator"), (speaker, "recipient")],
    )
    proposed_claim = make_claim(source, event=agreement, review_status="proposed")
    agreement.date_claim = proposed_claim
    agreement.save()
    claim = make_claim(
        source, quote="They agreed to meet later this year.", event=agreement, attributed_to=speaker
    )
    claim.actors.set([modi, speaker])
    make_claim(source, quote="Prime Minister Narendra Modi", event=proposed_call)

    path = tmp_path / "verified.json"
    out = export_to(path)
    assert "Dropped 5 reference(s) to rows not exported" in out
    for dropped in ("claim.actors", "claim.attributed_to", "event.date_claim"):
        assert f"1 {dropped}" in out
    assert "1 event.fulfils, 1 event.parent." in out
    assert "Left out 1 event-actor link(s) to actors not exported." in out
    assert "Left out 1 verified claim(s) of events not exported." in out

    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", path, verbosity=0)

    loaded = Event.objects.get()
    assert loaded.slug == "verified-agreement"
    assert (loaded.parent, loaded.fulfils, loaded.date_claim) == (None, None, None)
    assert [link.actor.slug for link in loaded.event_actors.all()] == ["verified-modi"]
    loaded_claim = Claim.objects.get()
    assert (loaded_claim.quote, loaded_claim.attributed_to) == (claim.quote, None)
    assert [actor.slug for actor in loaded_claim.actors.all()] == ["verified-modi"]
    assert list(Actor.objects.values_list("slug", flat=True)) == ["verified-modi"]


@pytest.mark.django_db
def test_a_curated_export_reports_nothing_dropped():
    load_curated_dataset()
    add_proposals()  # all proposed or rejected: left out whole, never referred to
    result = fixtures.dump_dataset()
    assert (result.dropped, result.links_left_out, result.claims_left_out) == ({}, 0, 0)
    assert result.text == curated_fixture_text()


# --- stable bytes ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_exporting_twice_gives_byte_identical_files(tmp_path):
    load_curated_dataset()
    add_proposals()
    export_to(tmp_path / "one.json", "--all")
    export_to(tmp_path / "two.json", "--all")
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


@pytest.mark.django_db
def test_rows_are_sorted_by_natural_key_whatever_order_they_were_saved_in():
    for slug in ["c-event", "a-event", "b-event"]:
        make_event(slug=slug)
    events = [r for r in json.loads(fixtures.dump_dataset().text) if r["model"] == "events.event"]
    assert [r["fields"]["slug"] for r in events] == ["a-event", "b-event", "c-event"]


@pytest.mark.django_db
def test_json_objects_are_written_with_sorted_keys_and_text_unescaped():
    load_curated_dataset()
    add_proposals()
    text = fixtures.dump_dataset(include_all=True).text
    assert "Сергей Лавров" in text and "\\u" not in text
    assert text.endswith("]\n") and not text.endswith("\n\n")
    claim = next(
        r
        for r in json.loads(text)
        if r["model"] == "events.claim" and r["fields"]["event"] == ["lavrov-visit-new-delhi"]
    )
    extraction = claim["fields"]["extraction"]
    assert list(extraction) == ["alias", "date", "rule"]
    assert list(extraction["date"]) == ["a", "z"] and extraction["date"]["a"] == [2, 1]


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_the_data():
    load_curated_dataset()
    with CaptureQueriesContext(connection) as curated:
        fixtures.dump_dataset(include_all=True)
    add_proposals()
    with CaptureQueriesContext(connection) as grown:
        fixtures.dump_dataset(include_all=True)
    assert len(grown) == len(curated)


# --- where it goes --------------------------------------------------------------------------


@pytest.mark.django_db
def test_dash_writes_the_fixture_to_stdout_and_the_report_to_stderr(tmp_path):
    load_curated_dataset()
    out, err = export("-")
    assert out == fixtures.dump_dataset().text
    export_to(tmp_path / "file.json")
    assert out.encode("utf-8") == (tmp_path / "file.json").read_bytes()
    assert "Exported 10 actors, 32 actor aliases, 3 sources, 14 events" in err


@pytest.mark.django_db
def test_the_report_counts_rows_per_model(tmp_path):
    load_curated_dataset()
    out = export_to(tmp_path / "dataset.json")
    assert (
        "Exported 10 actors, 32 actor aliases, 3 sources, 14 events, 32 event actors, "
        "57 claims, 0 event redirects to " in out
    )
    assert "verified rows only" in out


@pytest.mark.django_db
def test_an_existing_file_is_replaced_keeping_its_mode_and_no_temporary_file(tmp_path):
    make_event(slug="only-event")
    path = tmp_path / "dataset.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    export_to(path)
    assert json.loads(path.read_text(encoding="utf-8"))[0]["fields"]["slug"] == "only-event"
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["dataset.json"]


@pytest.mark.django_db
def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    make_event(slug="only-event")
    path = tmp_path / "dataset.json"
    path.write_text("old", encoding="utf-8")

    def fail(self, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", fail)
    with pytest.raises(CommandError, match="No space left on device"):
        export_to(path)
    assert path.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["dataset.json"]


@pytest.mark.django_db
def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot write .*No such file or directory"):
        export_to(tmp_path / "missing" / "dataset.json")


@pytest.mark.django_db(transaction=True)
def test_merged_event_redirects_survive_the_round_trip(tmp_path):
    call_command("loaddata", settings.DIPLO_DATASET, verbosity=0)
    call = Event.objects.get(slug="modi-putin-phone-call-2021-04-28")
    EventRedirect.objects.create(old_slug="the-call", event=call)
    path = tmp_path / "export.json"
    call_command("export_dataset", str(path), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(path), verbosity=0)
    assert EventRedirect.objects.get(old_slug="the-call").event.slug == call.slug
