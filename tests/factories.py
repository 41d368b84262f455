"""Small explicit builders of the domain rows, with a fixed cast; a test overrides what it
cares about."""

import itertools
from datetime import date

from events.models import Actor, ActorAlias, Claim, Event, EventActor, ReviewStatus, Source

_serial = itertools.count(1)


SOURCE_TEXT = (
    "Prime Minister Narendra Modi and President Vladimir Putin spoke on Wednesday. "
    "They agreed to meet later this year."
)


def make_actor(**overrides) -> Actor:
    n = next(_serial)
    fields = {
        "name": f"Actor {n}",
        "slug": f"actor-{n}",
        "kind": "person",
        "country": "IN",
        "review_status": ReviewStatus.VERIFIED,  # as the curated dataset's
    }
    aliases = overrides.pop("aliases", [])
    actor = Actor.objects.create(**(fields | overrides))
    for text in aliases:
        ActorAlias.objects.create(actor=actor, text=text)
    return actor


def make_source(**overrides) -> Source:
    n = next(_serial)
    fields = {
        "title": f"Source {n}",
        "slug": f"source-{n}",
        "text": f"{SOURCE_TEXT} ({n})",
        "published_on": date(2021, 4, 28),
        "date_basis": "header",
    }
    return Source.objects.create(**(fields | overrides))


def make_event(**overrides) -> Event:
    n = next(_serial)
    fields = {
        "title": f"Event {n}",
        "slug": f"event-{n}",
        "event_type": "CONSULT",
        "mode": "phone",
        "contexts": ["diplomatic"],
        "status": "occurred",
        "date_edtf": "2021-04-28",
        "review_status": ReviewStatus.VERIFIED,
    }
    actors = overrides.pop("actors", [])
    event = Event.objects.create(**(fields | overrides))
    for actor, role in actors:
        EventActor.objects.create(event=event, actor=actor, role=role)
    return event


def make_claim(source: Source | None = None, quote: str = "spoke on Wednesday", **overrides):
    source = source or make_source()
    start = source.text.index(quote)
    fields = {
        "source": source,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "review_status": ReviewStatus.VERIFIED,
    }
    return Claim.objects.create(**(fields | overrides))
