"""Work that may run outside the request: ingesting the articles curators hand in.

Each article becomes an IngestJob, then Django's task framework runs `run_ingest_job` for
it: at once inside the request with the default immediate backend (DIPLO_TASKS=immediate),
or in `manage.py db_worker` with the database queue (DIPLO_TASKS=database).

A job may run more than once (enqueued twice, or retried after its worker died) and stores
its source once: ingest itself keeps one source per text, and a done job returns at once.
A worker killed mid-job leaves the database whole (ingest writes in one transaction) and
the job "running"; enqueueing it again (`queue`) runs it afresh.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from events.ingest import store
from events.ingest.documents import Article
from events.models import IngestJob, JobState


def runs_in_request() -> bool:
    """Whether a job handed in runs at once, inside the request (the immediate backend)."""
    return isinstance(run_ingest_job.get_backend(), ImmediateBackend)


# What a job keeps of its article under the same names (the body is the job's text).
_ARTICLE_FIELDS = ("origin", "published_on", "date_basis", "title", "publisher", "url")


def create_job(article: Article, *, queued_by=None) -> IngestJob:
    kept = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    return IngestJob.objects.create(text=article.body, queued_by=queued_by, **kept)


def queue(jobs: Iterable[IngestJob]):
    """Enqueue each job that is not done; returns the task results, in order."""
    results = []
    for job in jobs:
        if job.state == JobState.DONE:
            continue
        IngestJob.objects.filter(pk=job.pk).update(state=JobState.QUEUED, reason="")
        results.append(run_ingest_job.enqueue(job_id=job.pk))
    return results


def as_they_are(jobs: list[IngestJob]) -> list[IngestJob]:
    """The jobs read again in one query (in order, without their text): what running them
    at once, or queueing them, made of them."""
    fresh = IngestJob.objects.defer("text").in_bulk([job.pk for job in jobs])
    return [fresh[job.pk] for job in jobs]


@task
def run_ingest_job(*, job_id: int) -> dict:
    """Ingest one job's article; returns what it stored as plain data (task results are JSON)."""
    with transaction.atomic():
        job = IngestJob.objects.select_for_update().get(pk=job_id)
        if job.state == JobState.DONE:
            return {"job": job.pk, "status": "duplicate", "source": job.source_id}
        job.state, job.started_at, job.finished_at = JobState.RUNNING, timezone.now(), None
        job.attempts = F("attempts") + 1
        job.save(update_fields=["state", "started_at", "finished_at", "attempts"])
    try:
        result = store.ingest_article(_article(job), store.ActorDirectory())
    except BaseException as error:
        # Recorded, then raised on: the task backend reports it failed as well.
        IngestJob.objects.filter(pk=job_id).update(
            state=JobState.FAILED, reason=failure_reason(error), finished_at=timezone.now()
        )
        raise
    # Its text now lives in the source: the job keeps the link, not a second copy.
    IngestJob.objects.filter(pk=job_id).update(
        state=JobState.DONE, source=result.source, text="", reason="", finished_at=timezone.now()
    )
    return {
        "job": job_id,
        "status": result.status,
        "source": result.source.pk,
        "claims": result.claims,
        "events_new": result.events_new,
        "events_joined": result.events_joined,
        "actors_new": result.actors_new,
        "fulfilments_proposed": result.fulfilments_proposed,
    }


def failure_reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".rstrip(": ")


def _article(job: IngestJob) -> Article:
    return Article(body=job.text, **{name: getattr(job, name) for name in _ARTICLE_FIELDS})
