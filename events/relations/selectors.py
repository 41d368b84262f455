"""The reads of a pair's page: its engagements (the events involving both actors) counted by
month and type, the people of each side in them, and the commitments between them by state.

Each figure is one query over the pair's events, found through the (actor, event) index of
each actor's roles: counts come back, never the events, so the page's cost does not grow
with the rows it counts beyond reading their index entries.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils import timezone

from events.models import (
    Actor,
    ActorKind,
    ActorTally,
    Event,
    EventActor,
    EventStatus,
    EventType,
    ReviewStatus,
)


@dataclass(frozen=True)
class QuadClass:
    """One of PLOVER's four quad classes (or Diplo's statements), with its event types."""

    key: str  # names its CSS class and its column
    label: str
    types: tuple[str, ...]


# PLOVER's quad classes, as its README defines them ("PLOVER quad categories",
# github.com/openeventdata/PLOVER): verbal cooperation AGREE, CONSULT, SUPPORT, CONCEDE;
# material cooperation COOPERATE, AID, RETREAT, INVESTIGATE; verbal conflict DEMAND,
# DISAPPROVE, REJECT, THREATEN, SANCTION; material conflict PROTEST, CRIME, MOBILIZE,
# COERCE, ASSAULT. The current PLOVER (POLECAT's) calls DEMAND REQUEST and DISAPPROVE
# ACCUSE and has no INVESTIGATE or CRIME, as Diplo's types (EventType) follow it. SANCTION
# ("reduce relations": recalling an ambassador, halting talks) is verbal conflict there.
QUAD_CLASSES = (
    QuadClass(
        "verbal-cooperation", "verbal cooperation", ("AGREE", "CONSULT", "SUPPORT", "CONCEDE")
    ),
    QuadClass("material-cooperation", "material cooperation", ("COOPERATE", "AID", "RETREAT")),
    QuadClass(
        "verbal-conflict",
        "verbal conflict",
        ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"),
    ),
    QuadClass(
        "material-conflict", "material conflict", ("PROTEST", "MOBILIZE", "COERCE", "ASSAULT")
    ),
)
# A public statement is no PLOVER type (CAMEO's "make public statement", which PLOVER
# dropped): statements are a part of their own in each period, not left out, since
# they are much of what two governments say of each other.
STATEMENTS = QuadClass("statement", "public statement", (EventType.STATEMENT.value,))
CLASSES = (*QUAD_CLASSES, STATEMENTS)
CLASS_OF_TYPE = {event_type: quad for quad in CLASSES for event_type in quad.types}

PEOPLE_PER_SIDE = 8
TOP_TYPES = 5


def counted_statuses(unverified: bool) -> tuple[str, ...]:
    """The review statuses of the events a visitor is counted: verified ones, and for a
    visitor who may see unverified events (events.visibility) the proposed too. Rejected
    events are ingest's mistakes: engagements for nobody."""
    if unverified:
        return (ReviewStatus.VERIFIED, ReviewStatus.PROPOSED)
    return (ReviewStatus.VERIFIED,)


def pair(first: str, second: str, *, unverified: bool) -> tuple[Actor, Actor]:
    """The two actors of the slugs, as the visitor may see them, each with `involved`, how
    many events (of any review status) involve it, from its tally: one query. DoesNotExist
    when either is not there (a visitor who may not see unverified records sees verified
    actors only)."""
    actors = Actor.objects.filter(slug__in=(first, second))
    if not unverified:
        actors = actors.filter(review_status=ReviewStatus.VERIFIED)
    involved = (
        ActorTally.objects.filter(actor=OuterRef("pk"), event_type="", status="", month="*")
        .values("actor")
        .annotate(events=Sum("events"))
        .values("events")
    )
    actors = actors.only("name", "slug", "kind", "country").annotate(
        involved=Coalesce(Subquery(involved), 0)
    )
    found = {actor.slug: actor for actor in actors}
    if first not in found or second not in found:
        raise Actor.DoesNotExist("No actor has this address.")
    return found[first], found[second]


def find_actor(text: str, *, unverified: bool) -> Actor | None:
    """The actor a picker's value names: its slug, else its name (in any case)."""
    actors = Actor.objects.only("name", "slug")
    if not unverified:
        actors = actors.filter(review_status=ReviewStatus.VERIFIED)
    text = text.strip()
    return actors.filter(slug=text).first() or actors.filter(name__iexact=text).first()


def pair_events(first: Actor, second: Actor, *, unverified: bool) -> QuerySet[Event]:
    """The events involving both actors that the visitor is counted.

    Walked from the roles of the actor in fewer events (`involved`, see pair()) through
    their (actor, event) index, the other's role in each found by the unique (event,
    actor) index: a pair costs as many index reads as the rarer of the two has events,
    not as the commoner has.
    """
    walked, probed = sorted((first, second), key=lambda actor: getattr(actor, "involved", 0))
    probed_in = EventActor.objects.filter(actor=probed, event=OuterRef("pk"))
    return Event.objects.filter(
        Exists(probed_in),
        pk__in=EventActor.objects.filter(actor=walked).values("event"),
        review_status__in=counted_statuses(unverified),
    ).order_by()


# The month as text ("YYYY-MM-DD" cut to seven characters), as the overview chart reads it:
# a plain string function on either engine.
_MONTH = Substr(Cast(Coalesce("date_lower", "date_upper"), CharField()), 1, 7)

# A plan's states, as the commitments page gives them (events.commitments): cancelled, or
# for a planned event kept (an event the visitor is counted carries it out), else overdue
# (its last possible day past) or pending (its window open).
COMMITMENT_STATES = ("kept", "overdue", "pending", "cancelled")


def _kept(unverified: bool) -> Q:
    """A planned event that an event the visitor is counted carries out, whatever its own
    status; asked of plans alone, through the index of `fulfils`."""
    carried_out = Event.objects.filter(
        fulfils=OuterRef("pk"), review_status__in=counted_statuses(unverified)
    )
    return Q(status=EventStatus.PLANNED) & Q(Exists(carried_out))


@dataclass
class Engagements:
    """How many of the pair's events there are of each month and type, and of its
    commitments in each state."""

    by_month: dict[date, Counter] = field(default_factory=dict)  # first day → type → count
    undated: Counter = field(default_factory=Counter)  # type → count, no known day
    commitments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COMMITMENT_STATES, 0))

    @property
    def by_type(self) -> Counter:
        total = Counter(self.undated)
        for counts in self.by_month.values():
            total.update(counts)
        return total

    @property
    def total(self) -> int:
        return sum(self.by_type.values())

    def top_types(self, limit: int = TOP_TYPES) -> list[tuple[str, int]]:
        """The most frequent types, most first (ties in PLOVER's order)."""
        order = {value: index for index, value in enumerate(EventType.values)}
        counted = self.by_type.items()
        ranked = sorted(counted, key=lambda item: (-item[1], order.get(item[0], len(order))))
        return ranked[:limit]


def engagements(
    first: Actor, second: Actor, *, unverified: bool, today: date | None = None
) -> Engagements:
    """The pair's events counted by the month of their first known day and type, and its
    plans by state (kept, overdue, pending, cancelled: see COMMITMENT_STATES): one GROUP BY
    over the pair's events (see pair_events()), whether each plan is kept asked once."""
    today = today or timezone.localdate()
    late = ExpressionWrapper(Q(date_upper__lt=today), output_field=BooleanField())
    rows = (
        pair_events(first, second, unverified=unverified)
        .annotate(month=_MONTH, late=late)
        .values_list("month", "event_type", "status", "late")
        .annotate(count=Count("pk"), kept=Count("pk", filter=_kept(unverified)))
    )
    found = Engagements()
    states = found.commitments
    for month, event_type, status, late, count, kept in rows:
        if status == EventStatus.CANCELLED:
            states["cancelled"] += count
        elif status == EventStatus.PLANNED:
            states["kept"] += kept
            states["overdue" if late else "pending"] += count - kept
        if month is None:
            found.undated[event_type] += count
        else:
            first_day = date(int(month[:4]), int(month[5:7]), 1)
            found.by_month.setdefault(first_day, Counter())[event_type] += count
    return found


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    country: str
    count: int  # of the pair's events they take part in


@dataclass(frozen=True)
class Side:
    """The people on one actor's side: those of its country (or the actor alone, when it
    has none), most involved first."""

    actor: Actor
    people: list[Person]
    more: int  # people of the side beyond those listed


def sides(first: Actor, second: Actor, *, unverified: bool) -> list[Side]:
    """The people of each side in the pair's events, with how many: one query, walked
    from the people of the sides' countries (a few dozen, through their roles' index),
    each role kept when both actors have one in its event, which the visitor is counted.
    Two actors of one country make one side."""
    countries = {actor.country for actor in (first, second) if actor.country}
    stateless = [actor.pk for actor in (first, second) if not actor.country]
    people = Actor.objects.filter(Q(country__in=countries) | Q(pk__in=stateless))
    people = people.filter(kind=ActorKind.PERSON)
    if not unverified:
        people = people.filter(review_status=ReviewStatus.VERIFIED)
    both = [
        Exists(EventActor.objects.filter(actor=actor, event=OuterRef("event")))
        for actor in (first, second)
    ]
    rows = (
        EventActor.objects.filter(
            *both,
            actor__in=people,
            event__review_status__in=counted_statuses(unverified),
        )
        .values_list("actor__slug", "actor__name", "actor__country")
        .annotate(count=Count("event"))
        .order_by("-count", "actor__name")
    )
    found = [Person(*row) for row in rows]
    one_side = first.country and first.country == second.country
    result = []
    for actor in (first,) if one_side else (first, second):
        if actor.country:
            mine = [person for person in found if person.country == actor.country]
        else:
            mine = [person for person in found if person.slug == actor.slug]
        result.append(Side(actor, mine[:PEOPLE_PER_SIDE], max(0, len(mine) - PEOPLE_PER_SIDE)))
    return result
