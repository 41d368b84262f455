"""Reads the commitments page and its exports need: each commitment's state computed in
the database, so filtering and counting by state are single queries however many
commitments there are."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import batched

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import QueryDict

from events import tallies
from events.commitments.filters import CommitmentFilter, CommitmentState
from events.models import Claim, Event, EventActor, EventStatus, ReviewStatus
from events.timeline.selectors import CLAIM_ORDER, claims_shown

PAGE_SIZE = 25  # as the timeline's: rendering an entry is most of a cold page
ACTORS_LISTED = 30  # actors offered beside the filters, most frequent first
EXPORT_BATCH = 500  # commitments described at a time by the CSV export

COMMITTED = (EventStatus.PLANNED, EventStatus.CANCELLED)

# What a commitment's entry (and export row) shows of its events, claims and actors: the
# rest (summaries, sources' texts) is never read.
_EVENT_FIELDS = ("slug", "title", "status", "review_status", "event_type", "date_edtf",
                 "date_lower", "date_upper", "date_display", "date_claim")  # fmt: skip
_CLAIM_FIELDS = ("event_id", "source_id", "start", "quote", "kind", "review_status",
                 "source__slug", "source__title", "source__published_on",
                 "attributed_to__slug", "attributed_to__name",
                 "attributed_to__review_status")  # fmt: skip
_ACTOR_FIELDS = ("event_id", "role", "actor__slug", "actor__name")


def visible(unverified: bool, through: str = "") -> Q:
    """The events (at the relation path `through`) a visitor is shown as commitments or
    as their fulfilments: the verified, or for a visitor who may see unverified records
    (see events.visibility), every one a curator has not rejected (a rejected event is
    ingest's mistake: it promised and kept nothing)."""
    if unverified:
        return ~Q(**{f"{through}review_status": ReviewStatus.REJECTED})
    return Q(**{f"{through}review_status": ReviewStatus.VERIFIED})


def with_state(*, unverified: bool, today: date) -> QuerySet[Event]:
    """The commitments (planned and cancelled events) the visitor may see, each with its
    `state`: cancelled when cancelled; else kept when an event the visitor may see
    fulfils it; else overdue when its window closed before `today`; else pending."""
    kept = Exists(Event.objects.filter(visible(unverified), fulfils=OuterRef("pk")))
    state = Case(
        When(status=EventStatus.CANCELLED, then=Value(CommitmentState.CANCELLED)),
        When(kept, then=Value(CommitmentState.KEPT)),
        When(date_upper__lt=today, then=Value(CommitmentState.OVERDUE)),
        default=Value(CommitmentState.PENDING),
        output_field=CharField(),
    )
    committed = Event.objects.filter(visible(unverified), status__in=COMMITTED)
    return committed.annotate(state=state)


def filter_commitments(params: QueryDict, *, unverified: bool, today: date) -> CommitmentFilter:
    """Bind the page's filters to request parameters; callers check is_valid()."""
    return CommitmentFilter(
        params, queryset=with_state(unverified=unverified, today=today), unverified=unverified
    )


def filter_params(params: QueryDict) -> QueryDict:
    """The page's own filters of a request (not the page number), in a fixed order,
    empty values dropped: what the export links carry."""
    kept = QueryDict(mutable=True)
    for name in CommitmentFilter.base_filters:
        values = sorted(value for value in params.getlist(name) if value)
        if values:
            kept.setlist(name, values)
    return kept


def state_counts(filterset: CommitmentFilter, *, today: date) -> dict[str, int]:
    """How many commitments are in each state under every filter but the state (what
    the counts beside the state filter show), in one grouped query that tests no
    commitment one by one: by status and whether the window closed (the commitment
    index holds both, and the id), counting beside each group those an event the visitor
    may see carries out (a list found once, through the events carrying one out).
    Overdue and pending are what is not kept of the planned closed and open."""
    closed = ExpressionWrapper(Q(date_upper__lt=today), output_field=BooleanField())
    carried_out = Event.objects.filter(visible(filterset.unverified), fulfils__isnull=False)
    rows = (
        filterset.qs.order_by()
        .values("status", closed=closed)
        .annotate(n=Count("pk"), kept=Count("pk", filter=Q(pk__in=carried_out.values("fulfils"))))
    )
    every, kept = Counter(), Counter()
    for row in rows:
        # An open window (no upper bound) is a group of its own (NULL): open, not closed.
        group = (row["status"], bool(row["closed"]))
        every[group] += row["n"]
        kept[group] += row["kept"]
    planned, cancelled = EventStatus.PLANNED, EventStatus.CANCELLED
    return {
        CommitmentState.KEPT: kept[planned, True] + kept[planned, False],
        CommitmentState.OVERDUE: every[planned, True] - kept[planned, True],
        CommitmentState.PENDING: every[planned, False] - kept[planned, False],
        CommitmentState.CANCELLED: every[cancelled, True] + every[cancelled, False],
    }


def matching(filterset: CommitmentFilter, commitments: QuerySet | None = None) -> QuerySet[Event]:
    """The commitments every filter (the states too) selects, of `commitments` (the
    filter set's, unless given)."""
    states = filterset.states()
    commitments = filterset.qs if commitments is None else commitments
    return commitments.filter(state__in=states) if states else commitments


def matching_count(filterset: CommitmentFilter, counts: dict[str, int]) -> int:
    """How many commitments match, from the counts per state (no query of its own)."""
    states = filterset.states() or CommitmentState.values
    return sum(counts[state] for state in states)


def frequent_actors(filterset: CommitmentFilter) -> list[dict]:
    """The actors (those the visitor may open) of most commitments in the window, with
    how many each made, most first; in any state, whoever else took part. Without a
    window, from the tallies (see events.tallies): counting the actors of every
    commitment took 70-120 ms at 100,000 events."""
    unverified = filterset.unverified
    cleaned = filterset.form.cleaned_data
    if not (cleaned.get("from") or cleaned.get("to")):
        reviews = [ReviewStatus.VERIFIED, ReviewStatus.PROPOSED] if unverified else []
        counted = {"status": list(COMMITTED), "review": reviews}
        # The actors' tallies alone (most_frequent() counts the sources' too: 35 ms more).
        return tallies.most_frequent_actors(counted, ACTORS_LISTED, unverified=unverified)
    window = filterset.filter_window(with_state(unverified=unverified, today=date.min))
    return list(
        EventActor.objects.filter(visible(unverified, "actor__"), event__in=window.values("pk"))
        .values("actor__slug", "actor__name")
        .annotate(count=Count("event"))  # an actor takes one part in an event
        .order_by("-count", "actor__name")[:ACTORS_LISTED]
    )


class _CountedPaginator(Paginator):
    """A paginator told its count (from the counts per state) instead of counting."""

    def __init__(self, object_list, per_page: int, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


# A page of public commitments not narrowed by an actor or a window is found by walking
# the chronological index (public events in date order) when that reads at most this
# many events, else by sorting the matches (about 40 ms for 12,000 at 100,000 events).
WALKED_AT_MOST = 10_000


class _PageIds:
    """The matching commitments' ids in date order, a page's slice at a time."""

    def __init__(self, filterset: CommitmentFilter, count: int):
        self.filterset, self.count = filterset, count

    def __getitem__(self, wanted: slice) -> list[int]:
        filterset, matches = self.filterset, matching(self.filterset)
        if not filterset.narrows() and not filterset.unverified:
            # Commitments are about one event in eight, a state fewer: the walk reads
            # the events before the page's last in date order, visible or not.
            public = tallies.total({})
            if self.count and wanted.stop * public / self.count <= WALKED_AT_MOST:
                return list(matches.chronological().values_list("pk", flat=True)[wanted])
        return list(matches.chronological(few=True).values_list("pk", flat=True)[wanted])


def commitment_page(
    filterset: CommitmentFilter,
    count: int,
    number: str | None,
    *,
    today: date,
    per_page: int | None = None,
) -> Page:
    """One page of matching commitments in date order, described (see Commitment);
    raises InvalidPage for a bad page number. Its ids are found first (without the
    state, unless filtered by it), then its rows."""
    paginator = _CountedPaginator(_PageIds(filterset, count), per_page or PAGE_SIZE, count)
    page = paginator.page(number or 1)
    ids = page.object_list
    rows = filterset.qs.filter(pk__in=ids).only(*_EVENT_FIELDS).order_by().in_bulk()
    events = [rows[pk] for pk in ids if pk in rows]
    page.object_list = described(events, unverified=filterset.unverified, today=today)
    return page


def all_matching(filterset: CommitmentFilter, *, today: date) -> Iterator[list["Commitment"]]:
    """Every matching commitment in date order, described, EXPORT_BATCH at a time (a few
    queries a batch), so memory stays flat however many match."""
    ordered = matching(filterset).only(*_EVENT_FIELDS).chronological(few=True)
    for batch in batched(ordered.iterator(chunk_size=EXPORT_BATCH), EXPORT_BATCH):
        yield described(list(batch), unverified=filterset.unverified, today=today)


def _claims(unverified: bool) -> Prefetch:
    """An event's claims the visitor is shown, in the timeline's order (see
    Event.best_claim, which picks the one shown), with their source and who is quoted."""
    claims = Claim.objects.filter(claims_shown(unverified)).select_related(
        "source", "attributed_to"
    )
    return Prefetch("claims", queryset=claims.only(*_CLAIM_FIELDS).order_by(*CLAIM_ORDER))


def _actors(unverified: bool) -> Prefetch:
    """An event's actors by role, then name, each `linked` when the visitor may open its
    page (as the timeline's entries show them)."""
    linked = (
        Value(True)
        if unverified
        else ExpressionWrapper(
            Q(actor__review_status=ReviewStatus.VERIFIED), output_field=BooleanField()
        )
    )
    actors = EventActor.objects.select_related("actor").annotate(linked=linked)
    return Prefetch(
        "event_actors", queryset=actors.only(*_ACTOR_FIELDS).order_by("role", "actor__name")
    )


def described(events: list[Event], *, unverified: bool, today: date) -> list["Commitment"]:
    """The commitments (events annotated with their state) with their actors, claims
    and, for the kept, the events fulfilling them that the visitor may see, with those
    events' claims: four queries however many (two with none kept, none for an empty
    list). Only a kept commitment shows its fulfilments."""
    fulfilments = (
        Event.objects.filter(visible(unverified))
        .only(*_EVENT_FIELDS, "fulfils")
        .chronological(few=True)
        .prefetch_related(_claims(unverified))
    )
    prefetch_related_objects(events, _actors(unverified), _claims(unverified))
    kept = [event for event in events if event.state == CommitmentState.KEPT]
    prefetch_related_objects(
        kept, Prefetch("fulfilled_by", queryset=fulfilments, to_attr="fulfilments")
    )
    for event in events:
        if event.state != CommitmentState.KEPT:
            event.fulfilments = []
    return [Commitment(event, today) for event in events]


@dataclass(frozen=True)
class Commitment:
    """A planned or cancelled event (with its `state` and prefetched evidence, see
    described()) as the page and exports show it."""

    event: Event
    today: date

    @property
    def state(self) -> str:
        return self.event.state

    @property
    def promise(self) -> Claim | None:
        """The strongest claim of the promise the visitor is shown."""
        return self.event.best_claim

    @property
    def fulfilment(self) -> Event | None:
        """The earliest event fulfilling it that the visitor may see (None unless kept)."""
        return self.event.fulfilments[0] if self.state == CommitmentState.KEPT else None

    @property
    def also_fulfilled_by(self) -> list[Event]:
        """The other events fulfilling it, should there be several."""
        return self.event.fulfilments[1:] if self.state == CommitmentState.KEPT else []

    @cached_property
    def overdue_days(self) -> int | None:
        """Days since its window closed, for an overdue commitment."""
        if self.state != CommitmentState.OVERDUE:
            return None
        return (self.today - self.event.date_upper).days

    @property
    def overdue_for(self) -> str:
        """How long it is overdue, in words ("4 years 11 months", "12 days")."""
        return elapsed(self.event.date_upper, self.today) if self.overdue_days else ""


def elapsed(since: date, today: date) -> str:
    """The time from `since` to `today` in whole years and months, or days under a month."""
    months = (today.year - since.year) * 12 + today.month - since.month
    if today.day < since.day:
        months -= 1
    if months < 1:
        days = (today - since).days
        return f"{days} day{'s' * (days != 1)}"
    years, months = divmod(months, 12)
    parts = [f"{years} year{'s' * (years != 1)}"] if years else []
    if months:
        parts.append(f"{months} month{'s' * (months != 1)}")
    return " ".join(parts)
