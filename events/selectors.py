"""Reads the pages need, with their joins and prefetches decided here."""

from django.db import connection
from django.db.models import Count, Prefetch, QuerySet

from events.models import Claim, Event, EventActor


def timeline_events() -> QuerySet[Event]:
    """Verified events in date order, each with its actors, claims and sources count."""
    return (
        Event.objects.verified()
        .chronological()
        .annotate(sources_count=Count("claims__source", distinct=True))
        .prefetch_related(
            Prefetch(
                "event_actors",
                queryset=EventActor.objects.select_related("actor").order_by("role", "actor__name"),
            ),
            Prefetch(
                "claims",
                queryset=Claim.objects.select_related("source").order_by(
                    "source__published_on", "source__title", "start"
                ),
            ),
        )
    )


def database_answers() -> bool:
    """True when the database accepts a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False
