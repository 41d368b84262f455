"""Ingest proposes that an event it stored carried out a planned one: an occurred event of
the planned event's type (and cue family, where both have one), whose actors stand for
the same sides, dated inside the plan's window. Only a ProposedFulfilment is recorded,
for a curator to confirm or reject (events.curation.services); `Event.fulfils` is never
set here, and a pair once decided is never proposed again."""

from collections import defaultdict

from events.ingest.joining import side, sides_agree
from events.models import (
    Event,
    EventActor,
    EventStatus,
    ProposedFulfilment,
    ReviewStatus,
)


def _reason(event: Event, plan: Event) -> str:
    return (
        f"Same type ({event.event_type}) and sides; dated {event.date_display}, "
        f"within the plan's window ({plan.date_display})."
    )


def _inside(event: Event, plan: Event) -> bool:
    """Whether the event's every possible day falls in the plan's window."""
    if event.date_lower is None or event.date_upper is None:
        return False
    after_start = plan.date_lower is None or plan.date_lower <= event.date_lower
    before_end = plan.date_upper is None or event.date_upper <= plan.date_upper
    return after_start and before_end


def _families_agree(event: Event, plan: Event) -> bool:
    return not (event.cue_family and plan.cue_family) or event.cue_family == plan.cue_family


def propose_fulfilments(events: list[Event]) -> int:
    """Record a proposed fulfilment for each planned event one of `events` (just stored
    or joined) may have carried out; return how many were recorded. Three queries, however
    many events: the candidate plans, the actors of both, and the pairs already decided."""
    occurred = [
        event
        for event in events
        if event.status == EventStatus.OCCURRED
        and event.fulfils_id is None
        and event.date_lower is not None
    ]
    if not occurred:
        return 0
    earliest = min(event.date_lower for event in occurred)
    latest = max(event.date_upper for event in occurred if event.date_upper) or earliest
    plans = list(
        Event.objects.filter(
            status=EventStatus.PLANNED,
            event_type__in={event.event_type for event in occurred},
        )
        .exclude(review_status=ReviewStatus.REJECTED)
        .exclude(fulfilled_by__isnull=False)
        .overlapping(earliest, latest)
        .order_by("pk")
    )
    if not plans:
        return 0
    sides: dict[int, set[str]] = defaultdict(set)
    roles = EventActor.objects.filter(event__in=[*occurred, *plans]).select_related("actor")
    for role in roles:
        sides[role.event_id].add(side(role.actor))
    pairs = [
        (plan, event)
        for event in occurred
        for plan in plans
        if plan.pk != event.pk
        and plan.event_type == event.event_type
        and _families_agree(event, plan)
        and _inside(event, plan)
        and sides_agree(sides[event.pk], sides[plan.pk])
    ]
    decided = set(
        ProposedFulfilment.objects.filter(
            commitment__in=[plan for plan, _ in pairs], event__in=[event for _, event in pairs]
        ).values_list("commitment_id", "event_id")
    )
    fresh = [
        ProposedFulfilment(commitment=plan, event=event, reason=_reason(event, plan))
        for plan, event in pairs
        if (plan.pk, event.pk) not in decided
    ]
    ProposedFulfilment.objects.bulk_create(fresh)
    return len(fresh)
