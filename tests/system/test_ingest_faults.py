"""Ingest under faults: killed halfway, or run twice at once, it stores each text once, whole.

The ingests run as real `manage.py ingest` processes against the test database. On SQLite
that database lives in memory, so it is copied to a file for them and read back after.
"""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from devdata.articles import generate_articles
from events.ingest.evaluation import load_curated_actors
from events.models import Actor, ActorAlias, Claim, Event, EventActor, Source, text_sha256

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
ARTICLES = 40
TIMEOUT = 120  # seconds any one ingest may take; a clean run of the folder takes about two

# The ingest command with two hooks. File number HOLD_AT (from 1), once its Source row is
# written but before its claims and events are, says so on stderr and waits until the file
# RELEASE exists, so a kill (or another ingest) lands halfway through its writes. And each
# analysis of a text says "analysed" on stderr.
HOOKED_INGEST = """
import os, sys, time
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from events.ingest import store

create_actors, analyse, files = store._create_actors, store.analyse, []

def held(proposals):
    created = create_actors(proposals)
    files.append(proposals)
    if len(files) == int(os.environ.get("HOLD_AT", 0)):
        print("halfway through a file's writes", file=sys.stderr, flush=True)
        while not Path(os.environ["RELEASE"]).exists():
            time.sleep(0.05)
    return created

def announced(*args, **kwargs):
    analysis = analyse(*args, **kwargs)
    print("analysed", file=sys.stderr, flush=True)
    return analysis

store._create_actors, store.analyse = held, announced
call_command("ingest", *sys.argv[1:])
"""


class SharedDatabase:
    """The test database as ingest subprocesses see it (on SQLite, a file kept in step)."""

    def __init__(self, tmp_path: Path):
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite":
            self.file: Path | None = tmp_path / "shared.sqlite3"
            url = f"sqlite:///{self.file}"
        else:
            self.file = None
            password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
            url = (
                f"postgres://{settings_dict['USER']}{password}@{settings_dict['HOST']}:"
                f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
            )
        self.env = os.environ | {
            "DATABASE_URL": url,
            "DIPLO_DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "diplo.settings",
            "PYTHONUNBUFFERED": "1",  # each file's line as soon as it is committed
        }

    def publish(self) -> None:
        """Make what this process wrote visible to subprocesses."""
        if self.file is not None:
            connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                connection.connection.backup(target)

    def collect(self) -> None:
        """Make what subprocesses wrote visible to this process's ORM."""
        if self.file is not None:
            connection.ensure_connection()
            with sqlite3.connect(self.file) as source:
                source.backup(connection.connection)

    def start(self, *args: str, code: str | None = None, **env: str) -> subprocess.Popen:
        command = ["-c", code] if code else ["manage.py", "ingest"]
        return subprocess.Popen(
            [sys.executable, *command, *args],
            cwd=ROOT,
            env=self.env | env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def ingest(self, *paths: Path) -> subprocess.CompletedProcess:
        process = self.start(*map(str, paths))
        out, err = process.communicate(timeout=TIMEOUT)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.fixture
def shared(tmp_path) -> SharedDatabase:
    load_curated_actors(settings.DIPLO_DATASET)
    database = SharedDatabase(tmp_path)
    database.publish()
    return database


@pytest.fixture
def folder(tmp_path) -> Path:
    """Forty distinct articles in the seed format, naming the curated leaders."""
    path = tmp_path / "articles"
    path.mkdir()
    for article in generate_articles(ARTICLES, seed=7):
        header = f" date {article.published_on.isoformat()}\n"
        (path / article.origin).write_text(header + article.body, encoding="utf-8")
    return path


def sources() -> dict[str, list[tuple]]:
    """Each stored text (by sha256) with its claims as rows: span, event, kind, speaker,
    mentioned actors. A source stored without its claims shows as an empty list."""
    rows: dict[str, list[tuple]] = {
        sha256: [] for sha256 in Source.objects.values_list("sha256", flat=True)
    }
    claims = Claim.objects.select_related("source", "event", "attributed_to").prefetch_related(
        "actors"
    )
    for claim in claims:
        rows[claim.source.sha256].append(
            (
                claim.start,
                claim.end,
                claim.event.slug if claim.event else None,
                claim.kind,
                claim.attributed_to.slug if claim.attributed_to else None,
                sorted(actor.slug for actor in claim.actors.all()),
            )
        )
    return {sha256: sorted(claims) for sha256, claims in rows.items()}


def links() -> set[tuple[str, str, str]]:
    return set(EventActor.objects.values_list("event__slug", "actor__slug", "role"))


def snapshot() -> dict:
    """Everything ingest writes, by natural key (ids and timestamps differ between runs)."""
    return {
        "sources": sources(),
        "events": sorted(
            Event.objects.values_list(
                "slug", "title", "event_type", "mode", "status", "date_edtf", "date_claim__start"
            )
        ),
        "links": links(),
        "actors": sorted(Actor.objects.values_list("slug", "review_status")),
        "aliases": sorted(ActorAlias.objects.values_list("text", "actor__slug")),
    }


def totals() -> dict[str, int]:
    models = (Source, Claim, Event, EventActor, Actor, ActorAlias, Claim.actors.through)
    return {model._meta.label: model.objects.count() for model in models}


def reset(shared: SharedDatabase) -> None:
    """Back to the curated actors alone, for this process and the subprocesses."""
    call_command("flush", interactive=False, verbosity=0)
    load_curated_actors(settings.DIPLO_DATASET)
    shared.publish()


@pytest.fixture
def reference(shared, folder) -> dict:
    """A clean single run of the folder: what every faulty run must end up with."""
    run = shared.ingest(folder)
    assert run.returncode == 0, run.stderr
    shared.collect()
    result = {"snapshot": snapshot(), "totals": totals()}
    assert len(result["snapshot"]["sources"]) == ARTICLES
    assert result["totals"]["events.Claim"] > ARTICLES  # the articles do make claims
    reset(shared)
    return result


def assert_only_whole_sources(reference: dict) -> int:
    """Every stored source has exactly the rows a clean run gives it; return how many."""
    stored = sources()
    for sha256, claims in stored.items():
        assert claims == reference["snapshot"]["sources"][sha256]
    assert not Event.objects.filter(claims__isnull=True).exists()  # no event without evidence
    assert links() <= reference["snapshot"]["links"]
    assert set(Actor.objects.values_list("slug", "review_status")) <= set(
        reference["snapshot"]["actors"]
    )
    return len(stored)


def wait_for(stream, start: str) -> None:
    said = []
    for line in stream:
        if line.startswith(start):
            return
        said.append(line)
    pytest.fail(f"the process ended without saying {start!r}: {''.join(said)[-3000:]}")


def kill_after(process: subprocess.Popen, stream, marker: str, lines: int) -> None:
    """SIGKILL the process once `lines` lines of `stream` hold `marker`."""
    seen = 0
    for line in stream:
        seen += marker in line
        if seen == lines:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=TIMEOUT)
    process.stdout.close()
    process.stderr.close()
    assert (seen, process.returncode) == (lines, -signal.SIGKILL)


def test_an_ingest_killed_halfway_leaves_whole_sources_and_a_rerun_finishes_the_folder(
    shared, folder, reference
):
    hashes = {
        text_sha256(path.read_text(encoding="utf-8").split("\n", 1)[1]) for path in folder.iterdir()
    }
    assert set(reference["snapshot"]["sources"]) == hashes

    # Killed halfway through the 11th file's writes.
    held = shared.start(
        str(folder), code=HOOKED_INGEST, HOLD_AT="11", RELEASE=str(folder / "never")
    )
    kill_after(held, held.stderr, "halfway through", 1)
    shared.collect()
    assert assert_only_whole_sources(reference) == 10

    # Killed at whatever point it has reached once 15 more files are committed.
    shared.publish()
    plain = shared.start(str(folder))
    kill_after(plain, plain.stdout, ": proposed ", 15)
    shared.collect()
    assert 25 <= assert_only_whole_sources(reference) < ARTICLES

    shared.publish()
    rerun = shared.ingest(folder)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.count("unchanged, the same text is already stored") >= 25
    shared.collect()
    assert Source.objects.count() == ARTICLES
    assert set(Source.objects.values_list("sha256", flat=True)) == hashes
    assert snapshot() == reference["snapshot"]
    assert totals() == reference["totals"]


def test_two_ingests_of_one_folder_at_once_store_each_text_once(shared, folder, reference):
    runs = [shared.start(str(folder)), shared.start(str(folder))]
    results = [(run.communicate(timeout=TIMEOUT), run.returncode) for run in runs]
    for (out, err), returncode in results:
        assert returncode == 0, err
        assert "Traceback" not in err and "IntegrityError" not in err
        assert out.count(": proposed ") + out.count(": unchanged, ") == ARTICLES
    stored = sum(out.count(": proposed ") for (out, _), _ in results)
    assert stored == ARTICLES  # each file stored by exactly one of the two
    shared.collect()
    assert Source.objects.count() == ARTICLES
    assert totals() == reference["totals"]
    assert snapshot() == reference["snapshot"]


def test_ingests_of_different_files_at_once_write_as_if_one_after_the_other(shared, tmp_path):
    """The second report must join the first one's event and store the actors both propose
    once, even though it was read while the first was still being written."""
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(
        " date 2021-07-08 Russian Foreign Minister Sergey Lavrov held talks with External "
        "Affairs Minister S Jaishankar in Moscow on Thursday.",
        encoding="utf-8",
    )
    second.write_text(
        " date 2021-07-09 Russian Foreign Minister Sergey Lavrov and External Affairs "
        "Minister S Jaishankar held talks in Moscow on Thursday, the ministry said.",
        encoding="utf-8",
    )
    serial = shared.ingest(first, second)
    assert serial.returncode == 0, serial.stderr
    shared.collect()
    one_after_the_other = snapshot()
    assert Event.objects.count() == 1 and Claim.objects.count() == 2
    assert Actor.objects.filter(slug__in=["sergey-lavrov", "s-jaishankar"]).count() == 2
    assert {"sergey-lavrov", "s-jaishankar"} <= set(
        Claim.objects.get(source__origin="second.txt").actors.values_list("slug", flat=True)
    )
    reset(shared)

    release = tmp_path / "release"
    held = shared.start(str(first), code=HOOKED_INGEST, HOLD_AT="1", RELEASE=str(release))
    wait_for(held.stderr, "halfway through")
    alongside = shared.start(str(second), code=HOOKED_INGEST)
    wait_for(alongside.stderr, "analysed")  # read while the first is still being written
    release.touch()
    for process in (held, alongside):
        _, err = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0, err
    shared.collect()
    assert snapshot() == one_after_the_other
