"""Curation's writes: verify, reject, merge, and decide proposed fulfilments, each logged
in the admin history.

Called by the admin (events.admin); may import the models and the cache, nothing of the
request layer.
"""

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.db import transaction

from events import caching
from events.models import (
    Actor,
    ActorAlias,
    Claim,
    Event,
    EventActor,
    EventRedirect,
    ProposedFulfilment,
    ReviewStatus,
)


def _log(user, obj, message: str, flag: int = CHANGE) -> None:
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )


@transaction.atomic
def set_review_status(user, queryset, status: str) -> int:
    """Verify or reject events or claims; each one's history says who and when."""
    changed = list(queryset.exclude(review_status=status))
    for obj in changed:
        obj.review_status = status
    if changed:
        queryset.model.objects.bulk_update(changed, ["review_status"])
        LogEntry.objects.log_actions(user.pk, changed, CHANGE, f"Review status set to {status}.")
        caching.bump()
    return len(changed)


@transaction.atomic
def merge_events(user, survivor: Event, merged: list[Event]) -> dict[str, int]:
    """Fold events into a survivor: claims, actors, children and plans move to it.

    The merged events' slugs redirect to the survivor. Every move is written to the
    survivor's history (claim ids, actors, children), so a bad merge can be undone by hand.
    """
    merged = [event for event in merged if event.pk != survivor.pk]
    moved = {"claims": 0, "duplicate claims": 0, "actors": 0, "children": 0}
    notes = []
    survivor_actors = set(survivor.event_actors.values_list("actor_id", flat=True))
    spans = set(survivor.claims.values_list("source_id", "start", "end"))
    for event in merged:
        for claim in event.claims.all():
            if (claim.source_id, claim.start, claim.end) in spans:
                # The same words already back the survivor: keep one claim for them.
                Event.objects.filter(date_claim=claim).update(date_claim=None)
                claim.delete()
                moved["duplicate claims"] += 1
                notes.append(f"claim {claim.pk} dropped (same span as the survivor's)")
                continue
            spans.add((claim.source_id, claim.start, claim.end))
            claim.event = survivor
            claim.save(update_fields=["event", "updated_at"])
            moved["claims"] += 1
            notes.append(f"claim {claim.pk} moved from {event.slug}")
        for event_actor in event.event_actors.select_related("actor"):
            if event_actor.actor_id in survivor_actors:
                continue
            EventActor.objects.create(
                event=survivor, actor=event_actor.actor, role=event_actor.role
            )
            survivor_actors.add(event_actor.actor_id)
            moved["actors"] += 1
            notes.append(f"actor {event_actor.actor.slug} ({event_actor.role}) from {event.slug}")
        children = list(event.children.values_list("slug", flat=True))
        moved["children"] += event.children.update(parent=survivor)
        notes += [f"child {slug} from {event.slug}" for slug in children]
        event.fulfilled_by.update(fulfils=survivor)
        if survivor.parent_id == event.pk:
            survivor.parent = None
        if survivor.fulfils_id == event.pk:
            survivor.fulfils = None
        EventRedirect.objects.filter(event=event).update(event=survivor)
        EventRedirect.objects.create(old_slug=event.slug, event=survivor)
        notes.append(
            f"merged {event.slug} ({event.title}; {event.event_type}, {event.date_edtf}, "
            f"{event.status}, {event.review_status})"
        )
        _log(user, event, f"Merged into {survivor.slug}.", DELETION)
        event.delete()
    survivor.save()
    caching.bump()  # queryset updates above send no signals
    _log(user, survivor, "Merged events: " + "; ".join(notes) + ".")
    return moved


@transaction.atomic
def merge_actors(user, survivor: Actor, merged: list[Actor]) -> dict[str, int]:
    """Fold actors into a survivor: aliases, event roles, attributions and mentions move;
    an event both took part in keeps one role. The merged names become aliases."""
    merged = [actor for actor in merged if actor.pk != survivor.pk]
    moved = {"aliases": 0, "events": 0, "collapsed": 0, "claims": 0}
    notes = []
    for actor in merged:
        moved["aliases"] += actor.aliases.update(actor=survivor)
        if not ActorAlias.objects.filter(text__iexact=actor.name).exists():
            ActorAlias.objects.create(actor=survivor, text=actor.name)
            moved["aliases"] += 1
        taken = set(survivor.event_roles.values_list("event_id", flat=True))
        for event_actor in actor.event_roles.all():
            if event_actor.event_id in taken:
                event_actor.delete()
                moved["collapsed"] += 1
            else:
                event_actor.actor = survivor
                event_actor.save(update_fields=["actor"])
                taken.add(event_actor.event_id)
                moved["events"] += 1
        moved["claims"] += actor.attributed_claims.update(attributed_to=survivor)
        Mentioned = Claim.actors.through
        already = set(Mentioned.objects.filter(actor=survivor).values_list("claim_id", flat=True))
        mentions = Mentioned.objects.filter(actor=actor)
        mentions.exclude(claim_id__in=already).update(actor=survivor)
        mentions.delete()
        notes.append(f"merged {actor.slug} ({actor.name}, {actor.kind}, {actor.country or '-'})")
        _log(user, actor, f"Merged into {survivor.slug}.", DELETION)
        actor.delete()
    caching.bump()  # queryset updates above send no signals
    _log(user, survivor, "Merged actors: " + "; ".join(notes) + f"; moved {moved}.")
    return moved


@transaction.atomic
def decide_fulfilments(user, proposals, *, confirm: bool) -> int:
    """Confirm proposed fulfilments (the event then `fulfils` the planned one) or reject
    them (kept, so ingest never proposes the pair again); each event's history says so.
    An event carries out one plan: of two confirmed for it, the later decision stands,
    and the earlier link is marked rejected."""
    status = ReviewStatus.VERIFIED if confirm else ReviewStatus.REJECTED
    changed = list(proposals.exclude(review_status=status).select_related("event", "commitment"))
    for proposal in changed:
        proposal.review_status = status
        if confirm:
            event = proposal.event
            event.fulfils = proposal.commitment
            event.save(update_fields=["fulfils", "updated_at"])
            ProposedFulfilment.objects.filter(
                event=event, review_status=ReviewStatus.VERIFIED
            ).exclude(commitment=proposal.commitment).update(review_status=ReviewStatus.REJECTED)
            _log(user, event, f"Confirmed: carries out {proposal.commitment.slug}.")
        elif proposal.event.fulfils_id == proposal.commitment_id:
            # Rejecting a link confirmed before undoes it.
            Event.objects.filter(pk=proposal.event_id).update(fulfils=None)
            _log(user, proposal.event, f"Rejected: does not carry out {proposal.commitment.slug}.")
        else:
            _log(user, proposal.event, f"Rejected: does not carry out {proposal.commitment.slug}.")
        proposal.save(update_fields=["review_status"])
    if changed:
        caching.bump()  # the queryset updates above send no signals
    return len(changed)
