"""Ingest jobs: articles handed in through admin or `ingest --queue`, run at once by the
immediate task backend or later by `manage.py db_worker` with the database queue."""

from io import StringIO
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from events.ingest import store, tasks
from events.ingest.documents import Article
from events.models import Claim, IngestJob, JobState, Source
from tests.factories import make_actor

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
ADD_ARTICLE = reverse("admin:events_source_add_article")
JOBS = reverse("admin:events_ingestjob_changelist")


def article_text(day: int) -> str:
    return (
        f" date 2021-07-{day:02} Prime Minister Narendra Modi spoke with President Vladimir "
        f"Putin by telephone on the {day}th."
    )


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def run_worker() -> str:
    """`db_worker --batch` in this process, inside the test's transaction: the worker closes
    connections outside a transaction between jobs, as Django does between requests, and
    the test client likewise keeps that away from a test's connection."""
    out = StringIO()
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def modi(db):
    """An actor the articles name, so that ingest proposes events with him."""
    return make_actor(name="Narendra Modi", slug="narendra-modi", aliases=["Narendra Modi"])


def test_several_files_at_once_become_one_job_each(client, curator):
    response = client.post(
        ADD_ARTICLE,
        {"upload": [upload("first.txt", article_text(7)), upload("second.txt", article_text(8))]},
        follow=True,
    )
    assert response.redirect_chain == [(JOBS, 302)]
    jobs = IngestJob.objects.order_by("origin")
    assert [(job.origin, job.state, job.queued_by) for job in jobs] == [
        ("first.txt", "done", curator),
        ("second.txt", "done", curator),
    ]
    assert {job.source.origin for job in jobs} == {"first.txt", "second.txt"}
    assert all(job.text == "" for job in jobs)  # the text lives in the source alone
    html = response.content.decode()
    assert "2 article(s) handed to ingest: 2 done." in html
    for job in jobs:
        assert reverse("admin:events_source_change", args=[job.source_id]) in html


def test_a_title_describes_one_article_not_several(client, curator):
    response = client.post(
        ADD_ARTICLE,
        {
            "upload": [upload("a.txt", article_text(7)), upload("b.txt", article_text(8))],
            "title": "Both",
        },
    )
    assert "leave them empty for several files" in response.content.decode()
    assert not IngestJob.objects.exists()


def test_a_bad_file_among_several_stores_none_of_them(client, curator):
    response = client.post(
        ADD_ARTICLE,
        {
            "upload": [
                upload("good.txt", article_text(7)),
                SimpleUploadedFile("bad.txt", b"caf\xe9", content_type="text/plain"),
            ]
        },
    )
    assert "bad.txt: not valid UTF-8" in response.content.decode()
    assert not IngestJob.objects.exists()
    assert not Source.objects.exists()


@override_settings(DIPLO_INGEST_IN_REQUEST_BYTES=200)
def test_without_a_worker_a_long_article_is_refused_not_analysed_in_the_request(client, curator):
    long = article_text(7) + " They discussed trade." * 20
    with mock.patch.object(store, "ingest_article") as ingest:
        response = client.post(ADD_ARTICLE, {"upload": [upload("long.txt", long)]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "too long to analyse while you wait" in html
    assert "DIPLO_TASKS=database" in html
    ingest.assert_not_called()
    assert not IngestJob.objects.exists()
    # A short one still runs at once.
    response = client.post(ADD_ARTICLE, {"text": article_text(7)})
    assert response["Location"] == reverse(
        "admin:events_source_change", args=[Source.objects.get().pk]
    )


@DATABASE_QUEUE
@override_settings(DIPLO_INGEST_IN_REQUEST_BYTES=200)
def test_with_the_queue_any_article_waits_for_a_worker_and_the_page_follows_it(client, curator):
    long = article_text(7) + " They discussed trade." * 20
    response = client.post(ADD_ARTICLE, {"upload": [upload("long.txt", long)]}, follow=True)
    assert response.redirect_chain == [(JOBS, 302)]
    job = IngestJob.objects.get()
    assert (job.state, job.attempts, Source.objects.count()) == ("queued", 0, 0)
    assert "1 article(s) handed to ingest: 1 queued." in response.content.decode()
    assert '<td class="field-state_shown">queued</td>' in response.content.decode()

    run_worker()
    job.refresh_from_db()
    source = Source.objects.get()
    assert (job.state, job.attempts, job.source, job.text) == ("done", 1, source, "")
    page = client.get(JOBS).content.decode()
    assert reverse("admin:events_source_change", args=[source.pk]) in page
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@DATABASE_QUEUE
def test_a_failed_job_says_why_and_ingests_when_handed_in_again(client, curator):
    client.post(ADD_ARTICLE, {"text": article_text(7)})
    with mock.patch.object(store, "ingest_article", side_effect=ValueError("no room")):
        run_worker()
    job = IngestJob.objects.get()
    assert (job.state, job.reason, Source.objects.count()) == ("failed", "ValueError: no room", 0)
    assert "failed: ValueError: no room" in client.get(JOBS).content.decode()

    response = client.post(JOBS, {"action": "ingest", "_selected_action": [job.pk]}, follow=True)
    assert "1 article(s) handed to ingest: 1 queued." in response.content.decode()
    run_worker()
    job.refresh_from_db()
    assert (job.state, job.reason, job.attempts) == ("done", "", 2)
    assert job.source == Source.objects.get()


def test_a_job_run_twice_stores_its_source_once():
    job = tasks.create_job(
        Article(origin="twice.txt", body=article_text(9), published_on=None, date_basis="unknown")
    )
    first = tasks.run_ingest_job.call(job_id=job.pk)
    claims = Claim.objects.count()
    # Done: returns at once with the same source.
    assert tasks.run_ingest_job.call(job_id=job.pk)["source"] == first["source"]
    # Stored, but its worker died before marking the job done: a retry finds the text stored.
    IngestJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, text=article_text(9))
    again = tasks.run_ingest_job.call(job_id=job.pk)
    assert (again["status"], again["source"]) == ("duplicate", first["source"])
    assert (Source.objects.count(), Claim.objects.count()) == (1, claims)
    assert IngestJob.objects.get().state == "done"


def test_done_jobs_are_not_handed_in_again(client, curator):
    client.post(ADD_ARTICLE, {"text": article_text(7)})
    job = IngestJob.objects.get()
    response = client.post(JOBS, {"action": "ingest", "_selected_action": [job.pk]}, follow=True)
    assert IngestJob.objects.get().attempts == 1  # not run again
    assert "The chosen jobs are all done." in response.content.decode()


def test_jobs_are_listed_for_curators_who_cannot_add_them_by_hand(client, curator):
    assert client.get(JOBS).status_code == 200
    assert client.get(reverse("admin:events_ingestjob_add")).status_code == 403


@DATABASE_QUEUE
def test_ingest_queue_hands_files_to_the_worker(tmp_path):
    (tmp_path / "a.txt").write_text(article_text(7))
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("ingest", "--queue", str(tmp_path), stdout=out, stderr=err)
    assert f"{tmp_path / 'a.txt'}: queued as ingest job" in out.getvalue()
    assert "b.txt: binary file" in err.getvalue()
    assert (IngestJob.objects.get().state, Source.objects.count()) == ("queued", 0)
    run_worker()
    assert Source.objects.get().origin.endswith("a.txt")


def test_ingest_queue_without_a_queue_says_how_to_get_one(tmp_path):
    (tmp_path / "a.txt").write_text(article_text(7))
    with pytest.raises(CommandError, match="set DIPLO_TASKS=database"):
        call_command("ingest", "--queue", str(tmp_path / "a.txt"))
    assert not IngestJob.objects.exists()
