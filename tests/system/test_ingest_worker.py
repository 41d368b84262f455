"""A real ingest worker (`manage.py db_worker`) killed while its job runs: the job is left
retryable and the database whole."""

import sqlite3
import subprocess
import time
from contextlib import closing

import pytest
from django.db import connection
from django.test import override_settings

from events.ingest import tasks
from events.ingest.documents import Article
from tests.factories import make_actor
from tests.servers import PYTHON, manage, production_env, served_database_url
from tests.tools import ROOT

DATABASE_QUEUE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)


def served_rows(url: str, sql: str) -> list[tuple]:
    """Rows of the database a worker in another process uses, read as it is now."""
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as database:
            return database.execute(sql).fetchall()
    with connection.cursor() as cursor:  # PostgreSQL: this test's own, committed database
        cursor.execute(sql)
        return cursor.fetchall()


def long_article(size: int) -> str:
    """Seconds of ingest: sentence after sentence of calls, each a claim to store."""
    sentences = (
        f"Prime Minister Narendra Modi spoke with President Vladimir Putin by telephone on "
        f"{n % 28 + 1} March about item {n}. "
        for n in range(size)
    )
    text = " date 2021-07-01 "
    for sentence in sentences:
        if len(text) > size:
            return text
        text += sentence
    return text


@pytest.mark.django_db(transaction=True)
@DATABASE_QUEUE
def test_a_worker_killed_mid_job_leaves_it_retryable_and_the_database_whole(tmp_path):
    make_actor(name="Narendra Modi", slug="narendra-modi", aliases=["Narendra Modi"])
    job = tasks.create_job(
        Article(
            origin="long.txt", body=long_article(100_000), published_on=None, date_basis="unknown"
        )
    )
    tasks.queue([job])
    url = served_database_url(tmp_path)
    env = production_env(DATABASE_URL=url, DIPLO_TASKS="database")
    worker = subprocess.Popen(
        [
            PYTHON,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while served_rows(url, "SELECT state FROM events_ingestjob") != [("running",)]:
            assert time.monotonic() < deadline, "the worker never started the job"
            assert worker.poll() is None, "the worker exited"
            time.sleep(0.05)
    finally:
        worker.kill()
        worker.wait()
    assert served_rows(url, "SELECT state, attempts FROM events_ingestjob") == [("running", 1)]
    counts = "SELECT (SELECT COUNT(*) FROM events_source), (SELECT COUNT(*) FROM events_claim)"
    assert served_rows(url, counts) == [(0, 0)]

    requeue = manage(
        env,
        "shell",
        "-c",
        "from events.ingest import tasks; from events.models import IngestJob; "
        "tasks.queue(IngestJob.objects.all())",
    )
    assert requeue.returncode == 0, requeue.stderr
    batch = manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert batch.returncode == 0, batch.stderr
    assert served_rows(url, "SELECT state, attempts FROM events_ingestjob") == [("done", 2)]
    stored = served_rows(url, counts)[0]
    assert stored[0] == 1 and stored[1] > 500
