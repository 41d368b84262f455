"""A fixture whose claim is not its source's words is refused whole, naming the claim."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from events import fixtures
from events.models import Actor, ActorAlias, Claim, Event, EventActor, Source
from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db

MODELS = (Actor, ActorAlias, Source, Event, EventActor, Claim, Claim.actors.through)


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


def curated_records() -> list[dict]:
    return json.loads(Path(settings.DIPLO_DATASET).read_text(encoding="utf-8"))


def last_claim(records: list[dict]) -> dict:
    """The file's last claim: every other row of the file comes before it."""
    return [record for record in records if record["model"] == "events.claim"][-1]["fields"]


def write(path: Path, records: list[dict]) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def retyped_quote(claim: dict) -> None:
    claim["quote"] = claim["quote"].replace(" ", "  ", 1)


def shifted_offsets(claim: dict) -> None:
    claim["start"] -= 1
    claim["end"] -= 1


def end_past_the_text(claim: dict) -> None:
    claim["end"] = 10**6


@pytest.fixture
def existing_rows():
    """Data already in the database, which a refused load must leave as it was."""
    make_claim(event=make_event(slug="already-here"))
    return counts()


@pytest.mark.parametrize("corrupt", [retyped_quote, shifted_offsets, end_past_the_text])
def test_loaddata_refuses_a_claim_that_is_not_its_span_and_loads_nothing(
    tmp_path, existing_rows, corrupt
):
    records = curated_records()
    claim = last_claim(records)
    corrupt(claim)
    path = write(tmp_path / "bad.json", records)

    with pytest.raises(CommandError) as refused:
        call_command("loaddata", str(path), verbosity=0)

    message = str(refused.value)
    key = f"({claim['source'][0]}, {claim['start']}, {claim['end']}, {claim['event'][0]})"
    assert f"Claim {key} does not match its source" in message
    assert f"The fixture quotes “{claim['quote']}”" in message
    assert "Nothing was loaded." in message
    assert counts() == existing_rows  # the rows before the bad claim were rolled back too


def test_the_message_says_what_the_source_reads_there(tmp_path):
    records = curated_records()
    claim = last_claim(records)
    text = next(
        r["fields"]["text"]
        for r in records
        if r["model"] == "events.source" and r["fields"]["slug"] == claim["source"][0]
    )
    shifted_offsets(claim)
    path = write(tmp_path / "bad.json", records)
    with pytest.raises(CommandError) as refused:
        call_command("loaddata", str(path), verbosity=0)
    assert f"which reads “{text[claim['start'] : claim['end']]}”" in str(refused.value)


def test_load_dataset_refuses_the_same_file_and_loads_nothing(tmp_path, existing_rows):
    records = curated_records()
    retyped_quote(last_claim(records))
    path = write(tmp_path / "bad.json", records)
    with pytest.raises(CommandError, match="does not match its source"):
        fixtures.load_dataset(path)
    assert counts() == existing_rows


def test_the_curated_dataset_still_loads_every_claim():
    call_command("loaddata", str(settings.DIPLO_DATASET), verbosity=0)
    expected = sum(1 for record in curated_records() if record["model"] == "events.claim")
    assert Claim.objects.count() == expected


def test_a_source_whose_new_text_moves_its_stored_claims_is_refused(tmp_path):
    call_command("loaddata", str(settings.DIPLO_DATASET), verbosity=0)
    before = counts()
    records = curated_records()
    source = next(record for record in records if record["model"] == "events.source")
    source["fields"]["text"] = "A new first line.\n" + source["fields"]["text"]
    path = write(tmp_path / "moved.json", [source])  # the source alone: its claims are stored

    with pytest.raises(CommandError, match="does not match its source") as refused:
        call_command("loaddata", str(path), verbosity=0)

    assert f"Claim ({source['fields']['slug']}, " in str(refused.value)
    assert counts() == before
    stored = Source.objects.get(slug=source["fields"]["slug"]).text
    assert not stored.startswith("A new first line.")
