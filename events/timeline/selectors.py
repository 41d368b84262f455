"""Reads the pages need, with their joins and prefetches decided here."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import groupby, pairwise
from operator import attrgetter

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict

from events import disputes, tallies
from events.models import (
    Actor,
    ActorAlias,
    Claim,
    Context,
    Event,
    EventActor,
    EventRedirect,
    EventStatus,
    EventType,
    ReviewStatus,
    Source,
    context_token,
)
from events.timeline.filters import (
    EventFilter,
    chosen_choices,
    counted_groups,
    ids_in_one_parameter,
)

TIMELINE_PAGE_SIZE = 25
# Up to this many matches, a page sorts the matching events (found through the filters'
# own indexes) instead of walking the chronological index (see SORTED_CHRONOLOGICAL).
FEW_EVENTS = 10_000
FACET_LIMIT = 30  # actors and sources listed beside the filters, most frequent first


def filter_events(
    params: QueryDict, *, reread: bool = False, unverified: bool = False
) -> EventFilter:
    """Bind the timeline's filters to request parameters; callers check is_valid().
    `reread` when several queries will read the matches; `unverified` when the visitor
    may ask for proposed and rejected events (see EventFilter)."""
    return EventFilter(params, queryset=Event.objects.all(), reread=reread, unverified=unverified)


def _visible(unverified: bool, through: str = "") -> Q:
    """The events a visitor may see, as a condition on the events at the relation path
    `through` ("event__", say): every event for a visitor who sees unverified ones (see
    events.visibility), else the verified. Actors (whose pages a visitor may open) are
    told apart by the same condition on theirs."""
    return Q() if unverified else Q(**{f"{through}review_status": ReviewStatus.VERIFIED})


def claims_shown(unverified: bool, through: str = "") -> Q:
    """The claims a visitor is shown as evidence (at the relation path `through`): none a
    curator rejected, and for a visitor who may not see unverified evidence, the verified
    alone."""
    if unverified:
        return ~Q(**{f"{through}review_status": ReviewStatus.REJECTED})
    return Q(**{f"{through}review_status": ReviewStatus.VERIFIED})


# An event's claims: the oldest source first (undated last), then by title, then in text
# order; the ids make the order total.
CLAIM_ORDER = (
    F("source__published_on").asc(nulls_last=True),
    "source__title",
    "source_id",
    "start",
    "pk",
)


def _claims_prefetch(*, unverified: bool, shown: tuple[str, ...] = ()) -> Prefetch:
    """An event's claims the visitor is shown, in their order (see claims_shown(): they
    make its best quote and its count of sources); with `shown`, those fields only (an
    entry's)."""
    claims = Claim.objects.filter(claims_shown(unverified))
    if shown:
        claims = claims.select_related("source").only(*shown)
    else:  # a source's whole text, for each quote, is never needed
        claims = claims.select_related("source", "attributed_to").defer("source__text")
    return Prefetch("claims", queryset=claims.order_by(*CLAIM_ORDER))


def _actors_prefetch(*, unverified: bool, shown: tuple[str, ...] = ()) -> Prefetch:
    """An event's actors by role, then name; with `shown`, those fields only. Each is
    `linked` when the visitor may open the actor's page: an actor no curator has verified
    is, to a visitor who may not see unverified records, the name and role the event
    gives it (the event was verified with them, and its title names them), without a
    link to its page or anything else of its record."""
    linked = (
        Value(True)
        if unverified
        else ExpressionWrapper(_visible(False, "actor__"), output_field=BooleanField())
    )
    actors = EventActor.objects.select_related("actor").annotate(linked=linked)
    if shown:
        actors = actors.only(*shown)
    return Prefetch("event_actors", queryset=actors.order_by("role", "actor__name"))


# What an entry shows of its event's claims, actors and sources (see _event_item.html and
# Event.best_claim): a cold page builds some hundred of these rows as models, and the
# fields it never shows (a source's text, URL and dates, a quote's attribution) cost more
# to convert than the query does to run.
_ENTRY_CLAIM_FIELDS = ("event_id", "source_id", "start", "quote", "kind", "review_status",
                       "source__slug", "source__title", "source__published_on")  # fmt: skip
_ENTRY_ACTOR_FIELDS = ("event_id", "role", "actor__slug", "actor__name")


class _CountedPaginator(Paginator):
    """A paginator told its count (cached by the caller) instead of counting."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


# Event fields a timeline entry does not show (summaries can be long).
_NOT_LISTED = ("summary", "cue_family", "contexts", "location", "date_phrase",
               "fulfils", "created_at", "updated_at")  # fmt: skip


def add_evidence(events: list[Event], *, unverified: bool) -> list[Event]:
    """Fetch the events' actors and claims (with sources) in two queries, for their
    entries' actors, best claim and count of sources (see Event.best_claim), as the
    visitor may see them."""
    prefetch_related_objects(
        events,
        _actors_prefetch(unverified=unverified, shown=_ENTRY_ACTOR_FIELDS),
        _claims_prefetch(unverified=unverified, shown=_ENTRY_CLAIM_FIELDS),
    )
    return events


@dataclass(frozen=True)
class Matches:
    """How many events the filters match and, when few, their ids in date order; for a
    window the tallies count, the ids of the few events its walk leaves out (see
    tallies.counted_in_window()), in date order: those sorted before it, and after it."""

    count: int | None  # None for a broad search: not counted (see filters.SEARCH_COUNTED)
    ids: tuple[int, ...] | None = None
    window: tuple[date | None, date | None] | None = None
    before: tuple[int, ...] = ()
    after: tuple[int, ...] = ()


def timeline_matches(filterset: EventFilter) -> Matches:
    """The count, and when at most FEW_EVENTS the matches' ids in order (found through the
    filters' own indexes and sorted). Kept per data version (events.caching.matches()), so
    every page of a filtered view is a slice of the same list, however deep.

    Filters with an index of their own (actor, source, search, dates) are expected to
    match few, the others many. A window of whole months is counted from the tallies and
    the few events beyond its months, without listing the thousands within them.
    """
    cleaned = filterset.form.cleaned_data
    if tallies.answers(cleaned):
        return Matches(tallies.total(cleaned))
    if filterset.broad_search():
        return Matches(None)
    bounds = tallies.window(cleaned)
    beyond = _beyond_window(filterset, bounds) if bounds is not None else None
    if beyond is not None:
        counted = sum(_window_months(filterset, bounds).values())
        ids = list(beyond.matching)  # in date order
        # Events with no date sort first on SQLite and last on PostgreSQL, on either
        # side of the walk; the others beyond the window begin before it.
        undated = {pk for pk, first in beyond.matching.items() if first is None}
        if connection.vendor == "postgresql":
            before = tuple(pk for pk in ids if pk not in undated)
            after = tuple(pk for pk in ids if pk in undated)
        else:
            before, after = tuple(ids), ()
        return Matches(counted + len(ids), window=bounds, before=before, after=after)
    events = filterset.qs
    if filterset.narrows():
        ordered = events.chronological(few=True).values_list("pk", flat=True)
        ids = tuple(ordered[: FEW_EVENTS + 1])
        if len(ids) <= FEW_EVENTS:
            return Matches(len(ids), ids)
    return Matches(events.count())


def listed_events(ids: Iterable[int]) -> list[Event]:
    """Events by id, in the order given, with the fields an entry shows."""
    ids = list(ids)
    # Each with its stamp (see events.stamps), which keys its cached entry.
    listed = (
        Event.objects.defer(*_NOT_LISTED).annotate(current=F("stamp__stamp")).with_dispute_flag()
    )
    by_pk = listed.order_by().in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def timeline_page(
    filterset: EventFilter, matches: Matches, number: str | None, per_page: int | None = None
) -> Page:
    """One page of the filtered timeline: its events' ids in order, read when the page's
    object_list is (see listed_events()); raises InvalidPage for a bad page number.

    A few matches are read from their list. Many are walked in the chronological index's
    order for the page's ids only (the index holds them: no row is read for the events
    skipped); a window's walk begins at its first day, after the events begun before it.
    """
    per_page = per_page or TIMELINE_PAGE_SIZE
    if matches.ids is not None:
        return Paginator(matches.ids, per_page).page(number or 1)
    if matches.window is not None:
        walked = _Walk(
            lambda: tallies.counted_in_window(filterset.chosen(Event.objects.all()), matches.window)
        )
        order = _Around(matches.before, walked, matches.after, matches.count)
    elif matches.count is None:
        return _UncountedPaginator(_Walk(lambda: filterset.qs), per_page).page(number or 1)
    else:
        order = _Walk(lambda: filterset.qs)
    return _CountedPaginator(order, per_page, matches.count).page(number or 1)


def shown(page: Page, ids: list[int]) -> list[int]:
    """The ids the page shows of those its object_list gave: a page of uncounted matches
    reads one more, to know whether another page follows (page.more)."""
    page.more = len(ids) > page.paginator.per_page
    return ids[: page.paginator.per_page]


class _UncountedPaginator(Paginator):
    """Pages of matches nobody counted: each reads one id more than it shows, to know
    whether another follows; its count and number of pages are unknown (None)."""

    count = None
    num_pages = None

    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return _UncountedPage(self.object_list[bottom : bottom + self.per_page + 1], number, self)


class _UncountedPage(Page):
    more = False  # set by shown()

    def has_next(self) -> bool:
        return self.more


class _Later:
    """A list of ids made when first read: a page's ids are not walked for when its ids
    are cached (see caching.page_ids())."""

    def __init__(self, make: Callable[[], list[int]]):
        self.make = make

    @cached_property
    def ids(self) -> list[int]:
        return self.make()

    def __iter__(self):
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


class _Walk:
    """The ids of events(), in the chronological index's order, a slice at a time (the
    query built only then: the filters may find their events first)."""

    def __init__(self, events: Callable[[], QuerySet]):
        self.events = events

    def __getitem__(self, wanted: slice) -> _Later:
        return _Later(
            lambda: list(self.events().chronological().values_list("pk", flat=True)[wanted])
        )


class _Around:
    """Ids in order: `before`, then `walked`, then `after`; `count` in all."""

    def __init__(self, before: tuple[int, ...], walked: _Walk, after: tuple[int, ...], count: int):
        self.parts = (before, walked, after)
        self.sizes = (len(before), count - len(before) - len(after), len(after))

    def __getitem__(self, wanted: slice) -> _Later:
        def ids() -> list[int]:
            found, offset = [], 0
            for part, size in zip(self.parts, self.sizes, strict=True):
                start, stop = max(wanted.start - offset, 0), min(wanted.stop - offset, size)
                if start < stop:
                    found += part[start:stop]
                offset += size
            return found

        return _Later(ids)


def filter_params(params: QueryDict) -> QueryDict:
    """A request's filters: the timeline's own parameters only (not the page), in a
    fixed order, empty values dropped. Links made from them (exports, chart bins) carry
    no parameter the timeline does not know."""
    kept = QueryDict(mutable=True)
    for name in EventFilter.base_filters:
        values = sorted(value for value in params.getlist(name) if value)
        if values:
            kept.setlist(name, values)
    return kept


@dataclass
class Facets:
    """Counts of the current result set by each filter's options."""

    type: dict[str, int] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    review: dict[str, int] = field(default_factory=dict)
    context: dict[str, int] = field(default_factory=dict)
    actor: list[dict] = field(default_factory=list)
    source: list[dict] = field(default_factory=list)


def facet_counts(filterset: EventFilter) -> Facets:
    """Counts beside each filter option.

    A choice group's counts leave out the group's own selection (so picking one type
    still shows what the others would add) but honour every other filter; actor and
    source counts are over the current result set. From the tallies when they can count
    the filter set (see events.tallies), else over the matching events.
    """
    cleaned = filterset.form.cleaned_data
    unverified = filterset.unverified
    if tallies.answers(cleaned):
        facets = Facets(**tallies.choice_counts(cleaned))
        frequent = tallies.most_frequent(cleaned, FACET_LIMIT, unverified=unverified)
        facets.actor, facets.source = frequent or _frequent_over_events(filterset)
        return facets
    bounds = tallies.window(cleaned)
    beyond = _beyond_window(filterset, bounds) if bounds is not None else None
    if beyond is None:
        base = filterset.narrowed_by_other_filters(Event.objects.with_contexts_text())
        facets = Facets(**_choice_counts_over(filterset, base))
        facets.actor, facets.source = _frequent_over_events(filterset)
        return facets
    # A window of whole months: its tally months, and the events beyond them one by one
    # (named in one parameter: a list of hundreds of ids costs more to compile).
    counted = tallies.choice_counts(cleaned, bounds)
    for name, counts in beyond.choice_counts().items():
        for value, count in counts.items():
            counted[name][value] = counted[name].get(value, 0) + count
    facets = Facets(**counted)
    matching = ids_in_one_parameter(list(beyond.matching), Event.objects.db)
    frequent = tallies.window_most_frequent(
        cleaned,
        bounds,
        FACET_LIMIT,
        # Per id, from the link tables (no ordering), as the visitor may see them.
        dict(
            EventActor.objects.filter(_visible(unverified, "actor__"), event__in=matching)
            .order_by()
            .values_list("actor_id")
            .annotate(n=Count("event_id", distinct=True))
        ),
        dict(
            Claim.objects.filter(_claims_backing(unverified), event__in=matching)
            .order_by()
            .values_list("source_id")
            .annotate(n=Count("event_id", distinct=True))
        ),
        unverified=unverified,
    )
    facets.actor, facets.source = frequent or _frequent_over_events(filterset)
    return facets


# The events beyond a window's tally months are counted one by one, up to this many.
BEYOND_LIMIT = 2_000


@dataclass(frozen=True)
class _Beyond:
    """The events meeting a window of whole months that its tally months leave out (see
    tallies.beyond()), read once in date order with their kinds: the filters (the choice
    groups alone, in such a window) are applied to them here."""

    rows: list[tuple]  # (pk, first day, type, status, review status, contexts)
    cleaned: dict

    def _values(self, row) -> dict[str, list[str]]:
        _, _, event_type, status, review, contexts = row
        kind = {"type": [event_type], "status": [status], "review": [review]}
        return kind | {"context": contexts or []}

    @cached_property
    def _chosen(self) -> dict[str, set[str]]:
        return chosen_choices(self.cleaned)

    def _meets(self, values: dict[str, list[str]]) -> dict[str, bool]:
        """Per choice group, whether the event has one of the values chosen (if any)."""
        return {
            name: not wanted or not wanted.isdisjoint(values[name])
            for name, wanted in self._chosen.items()
        }

    @cached_property
    def matching(self) -> dict[int, date | None]:
        """Those the filters match, with their first known day, in date order."""
        return {row[0]: row[1] for row in self.rows if all(self._meets(self._values(row)).values())}

    def choice_counts(self) -> dict[str, dict[str, int]]:
        """The choice groups' counts over them, each group leaving out its own selection."""
        counted: dict[str, dict[str, int]] = {"type": {}, "status": {}, "review": {}, "context": {}}
        for row in self.rows:
            values = self._values(row)
            for name in counted_groups(self._meets(values)):
                for value in values[name]:
                    counted[name][value] = counted[name].get(value, 0) + 1
        return counted


def _beyond_window(filterset: EventFilter, bounds) -> _Beyond | None:
    """The events beyond a window's tally months (see _Beyond), or None when they are
    more than BEYOND_LIMIT (the window is then counted over its events). Read once per
    filter set."""
    if not hasattr(filterset, "_beyond"):
        rows = tallies.beyond(bounds).chronological(few=True)
        rows = rows.values_list(
            "pk", Coalesce("date_lower", "date_upper"), "event_type", "status", "review_status",
            "contexts",
        )  # fmt: skip
        rows = list(rows[: BEYOND_LIMIT + 1])
        too_many = len(rows) > BEYOND_LIMIT
        filterset._beyond = None if too_many else _Beyond(rows, filterset.form.cleaned_data)
    return filterset._beyond


def _window_months(filterset: EventFilter, bounds) -> dict[str, int]:
    """The window's tally months (see tallies.window_by_month()), read once per filter
    set: the count and the chart both need them."""
    if not hasattr(filterset, "_window_months"):
        filterset._window_months = tallies.window_by_month(filterset.form.cleaned_data, bounds)
    return filterset._window_months


def _choice_counts_over(filterset: EventFilter, base: QuerySet) -> dict[str, dict[str, int]]:
    """The choice groups' counts over `base` (events narrowed by the other filters), each
    group leaving out its own selection: one query of conditional counts."""
    conditions = filterset.choice_conditions()
    groups = {
        "type": ("event_type", EventType.values),
        "status": ("status", EventStatus.values),
        "review": ("review_status", ReviewStatus.values),
    }
    aggregates = {}
    for name, (field_name, values) in groups.items():
        others = _all_but(conditions, name)
        for value in values:
            aggregates[f"{name}:{value}"] = Count("pk", filter=Q(**{field_name: value}) & others)
    others = _all_but(conditions, "context")
    for value in Context.values:
        aggregates[f"context:{value}"] = Count(
            "pk", filter=Q(contexts_text__contains=context_token(value)) & others
        )
    counted: dict[str, dict[str, int]] = {"type": {}, "status": {}, "review": {}, "context": {}}
    for key, count in base.order_by().aggregate(**aggregates).items():
        name, value = key.split(":", 1)
        counted[name][value] = count
    return counted


def _claims_backing(unverified: bool) -> Q:
    """The claims that make a source count for an event (its facet and filter, see
    EventQuerySet.reported_by()): any claim for a visitor who may see unverified
    evidence, else a verified one."""
    return Q() if unverified else Q(review_status=ReviewStatus.VERIFIED)


def _frequent_over_events(filterset: EventFilter) -> tuple[list[dict], list[dict]]:
    """The actors and sources of the most matching events, counted over the events, as
    far as the visitor may see them."""
    matching = filterset.qs.order_by().values("pk")
    unverified = filterset.unverified
    actors = list(
        EventActor.objects.filter(_visible(unverified, "actor__"), event__in=matching)
        .values("actor__slug", "actor__name")
        .annotate(count=Count("event", distinct=True))
        .order_by("-count", "actor__name")[:FACET_LIMIT]
    )
    sources = list(
        Claim.objects.filter(_claims_backing(unverified), event__in=matching)
        .values("source__slug", "source__title")
        .annotate(count=Count("event", distinct=True))
        .order_by("-count", "source__title")[:FACET_LIMIT]
    )
    return actors, sources


def months_counted(filterset: EventFilter) -> dict[date, int] | None:
    """Matching events per month (its first day) from the tallies, or None when they
    cannot count this filter set (the chart then counts the events)."""
    cleaned = filterset.form.cleaned_data
    if tallies.answers(cleaned):
        counted = tallies.by_month(cleaned)
    elif (bounds := tallies.window(cleaned)) is not None and (
        beyond := _beyond_window(filterset, bounds)
    ) is not None:
        counted = dict(_window_months(filterset, bounds))
        for first in beyond.matching.values():
            if first is not None:
                counted[f"{first:%Y-%m}"] = counted.get(f"{first:%Y-%m}", 0) + 1
    else:
        return None
    return {date(int(month[:4]), int(month[5:]), 1): count for month, count in counted.items()}


def _all_but(conditions: dict[str, Q], name: str) -> Q:
    combined = Q()
    for other, condition in conditions.items():
        if other != name:
            combined &= condition
    return combined


def event_stamp(slug: str, *, unverified: bool) -> str | None:
    """The event's stamp ("" if it has none yet), or None when no event the visitor may see
    has the slug: what its cached page is keyed by (see events.stamps)."""
    found = Event.objects.filter(_visible(unverified), slug=slug)
    for stamp in found.values_list("stamp__stamp", flat=True):
        return stamp or ""
    return None


def merged_into(slug: str, *, unverified: bool) -> Event | None:
    """The event a merged event's old slug leads to, if the visitor may see it."""
    redirects = EventRedirect.objects.filter(_visible(unverified, "event__"), old_slug=slug)
    redirect = redirects.select_related("event").first()
    return redirect.event if redirect else None


def event_detail(slug: str, *, unverified: bool) -> Event:
    """An event with actors, claims (with sources), parent, children and fulfilment links;
    of the events it links to and the claims it shows, only those the visitor may see."""
    related = Event.objects.filter(_visible(unverified)).chronological()
    event = (
        Event.objects.select_related("parent", "fulfils", "date_claim__source")
        .with_dispute_flag()
        .prefetch_related(
            _actors_prefetch(unverified=unverified),
            _claims_prefetch(unverified=unverified),
            Prefetch("children", queryset=related),
            Prefetch("fulfilled_by", queryset=related),
        )
        .get(_visible(unverified), slug=slug)
    )
    if not unverified:
        # The parent and the planned event come joined in the event's own query, where
        # filtering them would lose the event: one the visitor may not see is dropped here.
        for link in ("parent", "fulfils"):
            linked = getattr(event, link)
            if linked is not None and linked.review_status != ReviewStatus.VERIFIED:
                setattr(event, link, None)
        # Its date's words stay (they are the event's own); the claim they were read
        # from is pointed to only when it is shown.
        claim = event.date_claim
        if claim is not None and claim.review_status != ReviewStatus.VERIFIED:
            event.date_claim = None
    # Where the claims it shows disagree, those pairs (events.disputes).
    event.disagreements = disputes.disagreements(event.shown_claims)
    return event


@dataclass(frozen=True)
class SourcePage:
    """A source with its claims, and its text in runs, each with the claims quoting it."""

    source: Source
    segments: list["Segment"]


def _claims_visible(unverified: bool, through: str = "") -> Q:
    """The claims a visitor may see (at the relation path `through`): for one who may not
    see unverified evidence, the verified claims backing no event or a verified one (a
    claim backing an event the visitor may not see would show that it exists)."""
    if unverified:
        return Q()
    backing = Q(**{f"{through}event": None}) | _visible(False, f"{through}event__")
    return backing & _visible(False, through)


def source_page(slug: str, *, unverified: bool) -> SourcePage:
    """A source with the claims the visitor may see, in text order, each with its event."""
    claims = Claim.objects.filter(_claims_visible(unverified))
    source = Source.objects.prefetch_related(
        Prefetch(
            "claims",
            queryset=claims.exclude(review_status=ReviewStatus.REJECTED)
            .select_related("event")
            .order_by("start", "-end", "pk"),
        )
    ).get(slug=slug)
    return SourcePage(source, highlighted_segments(source))


SOURCES_PER_PAGE = 100


def source_list(number: str | None, *, unverified: bool) -> Page:
    """A page of sources, newest first, with how many claims and events of them the
    visitor may see; raises InvalidPage for a bad page number. Counted for the page's
    sources only: grouping every claim by source took 1.5 s at 100,000 events."""
    sources = Source.objects.only("slug", "title", "publisher", "published_on")
    ordered = sources.order_by(F("published_on").desc(nulls_last=True), "title", "pk")
    page = Paginator(ordered, SOURCES_PER_PAGE).page(number or 1)
    page.object_list = list(page.object_list)
    counts = (
        Claim.objects.filter(_claims_visible(unverified), source__in=page.object_list)
        .values("source")
        .annotate(claims=Count("pk"), events=Count("event", distinct=True))
        .order_by()
    )
    counted = {row["source"]: row for row in counts}
    for source in page.object_list:
        row = counted.get(source.pk, {})
        source.claims_count, source.events_count = row.get("claims", 0), row.get("events", 0)
    return page


def actor_list(*, unverified: bool) -> QuerySet[Actor]:
    """The actors the visitor may see, with how many events they may see involve them,
    and their aliases."""
    visible = _visible(unverified, "event_roles__event__")
    return (
        Actor.objects.filter(_visible(unverified))
        .annotate(events_count=Count("event_roles", filter=visible, distinct=True))
        .prefetch_related(Prefetch("aliases", queryset=ActorAlias.objects.order_by("text")))
        .order_by("name")
    )


# Rendering an entry is most of a cold page (about a millisecond each): the actor page
# shows the latest few, and links to the timeline filtered by the actor for the rest.
ACTOR_PAGE_EVENTS = 10
# An actor in this many events or more has its latest found by walking the chronological
# index back until enough turn up (about events ÷ this many entries read per event
# listed: a few thousand at a million events); fewer are sorted, read through its index.
ACTOR_WALK_FROM = 1_000


@dataclass(frozen=True)
class ActorPage:
    """An actor with its aliases; how many verified events involve it, and the latest of
    them (at most ACTOR_PAGE_EVENTS, evidence not fetched) in date order: the timeline
    filtered by the actor shows the rest."""

    actor: Actor
    total: int
    events: list[Event]


def actor_page(slug: str, *, unverified: bool) -> ActorPage:
    """An actor the visitor may see (DoesNotExist for another, as for no actor), with its
    page's events."""
    actor = Actor.objects.prefetch_related(
        Prefetch("aliases", queryset=ActorAlias.objects.order_by("text"))
    ).get(_visible(unverified), slug=slug)
    involving = Event.objects.verified().involving([actor])
    total = tallies.verified_involving(actor)
    ordered = involving.chronological(few=total < ACTOR_WALK_FROM).reverse()
    latest = ordered.values_list("pk", flat=True)[:ACTOR_PAGE_EVENTS]
    return ActorPage(actor, total, listed_events(tuple(latest)[::-1]))


def database_answers() -> bool:
    """True when the database accepts a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


@dataclass
class PeriodGroup:
    """Events of one month (or spanning several months) within a year, for headings."""

    year: int
    label: str
    events: list[Event]


def group_by_period(events: list[Event]) -> list[tuple[int, list[PeriodGroup]]]:
    """Consecutive events grouped by year, then month, in the order given.

    An event known to a day or month goes under its month; one spanning a year or
    several months under its own heading, so no heading claims more than is known.
    """
    groups: list[PeriodGroup] = []
    for event in events:
        anchor = event.date_lower or event.date_upper
        if anchor is None:
            year, label = 0, "Date unknown"
        elif event.date_precision in {"day", "month"} or event.date_lower is None:
            year, label = anchor.year, f"{anchor:%B %Y}"
        elif event.date_precision == "year":
            year, label = anchor.year, f"During {anchor.year}"
        else:
            year, label = anchor.year, f"From {anchor:%B %Y}, over several months"
        if groups and (groups[-1].year, groups[-1].label) == (year, label):
            groups[-1].events.append(event)
        else:
            groups.append(PeriodGroup(year=year, label=label, events=[event]))
    return [(year, list(periods)) for year, periods in groupby(groups, key=attrgetter("year"))]


@dataclass
class Segment:
    """A run of source text covered by the same claims (none for plain text)."""

    text: str
    claims: list[Claim]
    starting: list[Claim]

    @property
    def link_claim(self) -> Claim | None:
        """The innermost claim with an event: where a click on this run leads."""
        with_event = [claim for claim in self.claims if claim.event_id]
        return min(with_event, key=lambda claim: claim.end - claim.start, default=None)


def highlighted_segments(source: Source) -> list[Segment]:
    """Split a source's text at every claim boundary, so overlapping spans can all show.

    Claims must be prefetched (source_page() does). Each claim's first run carries
    it in `starting`, where the page puts its `#claim-<id>` anchor.
    """
    text = source.text
    claims = [claim for claim in source.claims.all() if claim.end <= len(text)]
    cuts = sorted({0, len(text), *(c.start for c in claims), *(c.end for c in claims)})
    segments = []
    for start, end in pairwise(cuts):
        covering = [claim for claim in claims if claim.start <= start and end <= claim.end]
        starting = [claim for claim in covering if claim.start == start]
        segments.append(Segment(text=text[start:end], claims=covering, starting=starting))
    return segments
