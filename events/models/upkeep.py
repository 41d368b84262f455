"""What the database keeps about the data for the pages' sake, by triggers: each event's
stamp (events.stamps), whether its sources disagree (events.disputes), the data version
(events.caching) and the tallies (events.tallies).
Never edited by hand."""

from django.db import models
from django.db.models import Q

from events.models.domain import Actor, Event, Source


class EventStamp(models.Model):
    """When an event last changed as its pages show it: triggers move it whenever the
    event, its claims, its actors (and their names), the sources of its claims, or its
    parent, children and fulfilment partners change (migration 0013; see events.stamps).
    Kept beside the event, not on it, so the dataset's own rows are never rewritten."""

    event = models.OneToOneField(
        Event,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="stamp",
    )
    stamp = models.CharField(max_length=40)

    def __str__(self):
        return f"{self.event_id}: {self.stamp}"


class EventDispute(models.Model):
    """An event whose sources disagree: two of its verified claims from different sources
    imply dates that do not overlap, or one reports it occurred and another planned or
    cancelled. A row per disputed event, kept by triggers on claims (migration 0023; see
    events.disputes), so the timeline filters on it through this small table."""

    event = models.OneToOneField(
        Event,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="dispute",
    )

    def __str__(self):
        return f"event {self.event_id} disputed"


class DataVersion(models.Model):
    """A token that changes whenever the data does: derived figures (facet counts, chart
    bins, totals) are cached under it, so a write makes every cached figure stale at once.

    A random token, not a counter: a flushed and reloaded database must not reuse an old
    version that a long-running worker still has figures cached under.
    """

    token = models.CharField(max_length=32)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="data_version_single_row")]

    def __str__(self):
        return self.token


# Tallies: how many events there are of each kind, kept exact by database triggers on
# every write however it is made (see migration 0012 and events.tallies), so the
# timeline's counts, filter counts and chart never count 100,000 rows. Rows whose count
# falls to zero are kept; readers sum them.


class EventTally(models.Model):
    """Events per month of their first known day, type, status, review status and
    context ("" counts every event; a context's rows count the events with it)."""

    # YYYY-MM of the first day; "<YYYY-MM" of the last for an open start; "" with no date
    month = models.CharField(max_length=8)
    event_type = models.CharField(max_length=10)
    status = models.CharField(max_length=10)
    review_status = models.CharField(max_length=10)
    context = models.CharField(max_length=20)
    events = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "event_type", "status", "review_status", "context"],
                name="event_tally_key",
            )
        ]
        # Cover every count the timeline reads (no row read): over all months by
        # context, and over a date window's months and years from the month.
        indexes = [
            models.Index(
                fields=["context", "review_status", "event_type", "status", "month", "events"],
                name="event_tally_context_idx",
            ),
            models.Index(
                fields=["month", "context", "review_status", "event_type", "status", "events"],
                name="event_tally_month_idx",
            ),
        ]

    def __str__(self):
        return f"{self.month or 'undated'} {self.event_type} {self.status}: {self.events}"


class KindTally(models.Model):
    """Events of one actor or source per type, status and review status over all months
    (month "*"); the rows of type and status "" count every kind, over all months and in
    each month."""

    event_type = models.CharField(max_length=10)
    status = models.CharField(max_length=10)
    review_status = models.CharField(max_length=10)
    month = models.CharField(max_length=8)  # as EventTally's; "*" for all months
    events = models.IntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.event_type or 'every kind'} {self.status}: {self.events}"


def _tally_meta(key: str, name: str) -> type:
    """One tally per key and kind; an index covering the count per key, grouped in index
    order, no row read."""
    return type(
        "Meta",
        (),
        {
            "constraints": [
                models.UniqueConstraint(
                    fields=[key, "event_type", "status", "review_status", "month"],
                    name=f"{name}_key",
                )
            ],
            "indexes": [
                models.Index(
                    fields=["event_type", "month", "review_status", key, "status", "events"],
                    name=f"{name}_review_idx",
                ),
                # Counts over every type by status (the commitments page's actors: planned
                # and cancelled), read from the index (a scan of every row: 32 ms on
                # PostgreSQL at 100,000 events).
                models.Index(
                    fields=["month", "status", "review_status", key, "events"],
                    name=f"{name}_status_idx",
                ),
            ],
        },
    )


class ActorTally(KindTally):
    actor = models.ForeignKey(Actor, on_delete=models.DO_NOTHING, db_constraint=False)

    Meta = _tally_meta("actor", "actor_tally")


class SourceTally(KindTally):
    """Counts an event once for a source however many of its claims report it."""

    source = models.ForeignKey(Source, on_delete=models.DO_NOTHING, db_constraint=False)

    Meta = _tally_meta("source", "source_tally")
