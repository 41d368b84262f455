"""The one cache layer over the public pages: what is cached, under which key, and what
makes it stale. It saves repeating work between requests; it is not what makes a page
fast enough (counts come from tallies the database keeps exact, lists from indexes: the
benchmark measures every page cold, see docs/scaling.md).

What is kept, and for how long (CACHE_SECONDS at most):

- per event, under its stamp (see events.stamps), which triggers move whenever anything
  the event shows changes: its timeline entry (the template fragment "entry", see
  entry_key()) and its page ("event-page"). A write makes stale only the events it bears
  on.
- per data version (a token replaced on every write, see DataVersion): the matches of a
  filter set (matches()) and the ids on each of its pages (page_ids()), the counts beside
  the filters and the chart ("timeline-facets", "timeline-chart"), source and actor pages
  ("source-page", "actor-page") and each event's JSON record (records()).
- per filter set only: the export links ("timeline-exports"), which hold no data.

Filter sets are keyed by the timeline's own parameters (filters_key()), so a parameter
it does not know makes no new entry, and by whether the visitor sees unverified events
(events.visibility), as is everything that shows a claim, an actor or a link to an
event (entries, event, source and actor pages, JSON records): what is kept for staff is
never found for anyone else. Templates name their fragments; this module makes
the same keys where a view needs to know in advance what a template will find.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.paginator import Page
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict

from events.models import (
    Actor,
    ActorAlias,
    Claim,
    DataVersion,
    Event,
    EventActor,
    EventRedirect,
    Source,
)
from events.timeline import selectors
from events.timeline.filters import EventFilter

CACHE_SECONDS = 600
# memcached refuses keys over 250 characters; a name holding a slug from the address
# (up to any length) is hashed past this.
LONGEST_NAME = 150
DOMAIN_MODELS = (Actor, ActorAlias, Source, Event, EventActor, Claim, EventRedirect)


# The data version

_CURRENT = f"SELECT token FROM {DataVersion._meta.db_table} WHERE id = 1"


def current() -> str:
    """The current data version (one query); made on first use."""
    # Every page asks, so the query is written out rather than compiled each time. Asked of
    # the database the page reads (a replica, for a public page), so that a replica behind
    # the primary caches its rows under its own, older version.
    with connections[router.db_for_read(DataVersion) or DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(_CURRENT)
        row = cursor.fetchone()
    return row[0] if row else bump()


def bump() -> str:
    """Declare the data changed. Bulk writes call it; signals cover the rest."""
    token = secrets.token_hex(16)
    if not DataVersion.objects.filter(pk=1).update(token=token):
        DataVersion.objects.get_or_create(pk=1, defaults={"token": token})
    return token


def _changed(sender, **kwargs) -> None:
    bump()


def connect_signals() -> None:
    for model in DOMAIN_MODELS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"version-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"version-delete-{model.__name__}")
    m2m_changed.connect(_changed, sender=Claim.actors.through, dispatch_uid="version-mentions")


# Keys


def key(version: str, name: str) -> str:
    if len(name) > LONGEST_NAME:
        name = hashlib.sha256(name.encode()).hexdigest()
    return f"diplo:{version}:{name}"


def filters_key(filters: QueryDict, *, unverified: bool) -> str:
    """A request's filters (selectors.filter_params()) as a short key, hashed: a query
    string can be longer than a cache key may be. So a parameter the timeline does not
    know, or the same filters in another order, finds the same cached figures rather
    than making new ones. Apart for visitors who see unverified events: their counts
    beside the filters include the review statuses'."""
    audience = "unverified" if unverified else "verified"
    return hashlib.sha256(f"{audience}?{filters.urlencode()}".encode()).hexdigest()


def entry_key(event: Event, heading: str, *, unverified: bool) -> str:
    """The key under which the template caches the event's timeline entry:
    {% cache … entry event.pk event.current heading unverified %}. An entry shows the
    event's claims and actors as its visitor may see them."""
    return make_template_fragment_key("entry", [event.pk, event.current, heading, unverified])


# What is cached


def matches(filterset: EventFilter, version: str, filters: str) -> selectors.Matches:
    """selectors.timeline_matches() of a valid filter set, once per data version; the
    timeline and /events.json share it."""
    return cache.get_or_set(
        key(version, f"matches:{filters}"),
        lambda: selectors.timeline_matches(filterset),
        CACHE_SECONDS,
    )


def page_ids(version: str, filters: str, page: Page) -> list[int]:
    """The ids on a page of the timeline (selectors.timeline_page()), once per data
    version: walking the index to a page of a rare choice of filters reads far."""
    return cache.get_or_set(
        key(version, f"page:{filters}:{page.number}"), lambda: list(page.object_list), CACHE_SECONDS
    )


def uncached_entries(events: list[Event], heading: str, *, unverified: bool) -> list[Event]:
    """The events whose timeline entries the template will not find cached (one lookup
    for them all), so that only their evidence is read."""
    keys = {entry_key(event, heading, unverified=unverified): event for event in events}
    found = cache.get_many(keys)
    return [event for entry, event in keys.items() if entry not in found]


def records(
    version: str,
    origin: str,
    ids: Iterable[int],
    encode: Callable[[list[int]], dict[int, str]],
    *,
    unverified: bool,
) -> list[str]:
    """Each event's encoded JSON record, in the order of `ids`, cached per data version,
    host (a record holds absolute URLs) and whether its visitor sees unverified claims and
    actors; encode(missing ids) makes the rest. An event gone since its id was listed is
    left out."""
    ids = list(ids)
    audience = "unverified" if unverified else "verified"
    keys = {pk: key(version, f"json:{audience}:{origin}:{pk}") for pk in ids}
    encoded = cache.get_many(keys.values())
    missing = [pk for pk in ids if keys[pk] not in encoded]
    if missing:
        fresh = {keys[pk]: record for pk, record in encode(missing).items()}
        cache.set_many(fresh, CACHE_SECONDS)
        encoded |= fresh
    return [encoded[keys[pk]] for pk in ids if keys[pk] in encoded]
