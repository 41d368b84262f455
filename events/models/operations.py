"""What running the site keeps: failed sign-ins (events.throttle) and ingest jobs
(events.ingest.tasks)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from events.models.domain import DateBasis, Source


class SignInFailures(models.Model):
    """Failed admin sign-ins counted under one hashed key (an account from an address, an
    address, or an account from anywhere) since the first of them: kept in the database
    so every worker sees them and a restart does not clear them (see events.throttle)."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    since = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name_plural = "sign-in failures"

    def __str__(self):
        return f"{self.failures} since {self.since:%Y-%m-%d %H:%M}"


class JobState(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    DONE = "done", "done"
    FAILED = "failed", "failed"


class IngestJob(models.Model):
    """An article handed to ingest, kept until ingest has stored it: what the curator (or
    `ingest --queue`) gave, and how far the task has got (see events.ingest.tasks).

    The text is the job's own copy until it is done; then it lives in the source alone.
    """

    origin = models.CharField(max_length=500, help_text="File name, or where it was pasted.")
    text = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    date_basis = models.CharField(max_length=10, choices=DateBasis, default=DateBasis.UNKNOWN)
    title = models.CharField(max_length=300, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=JobState, default=JobState.QUEUED)
    reason = models.TextField(blank=True, help_text="Why it failed.")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["state", "-queued_at"], name="ingestjob_state_idx")]

    def __str__(self):
        return f"{self.origin} ({self.state})"
