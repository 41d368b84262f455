"""Counts of events the database keeps exact as it is written: the timeline's totals, the
counts beside its filters and its chart, read from a few thousand tally rows instead of
counted over every event.

Three tables (EventTally, ActorTally, SourceTally) hold how many events there are of each
month, type, status, review status and context, per actor and per source (whose tallies
also count every kind together, in rows of type and status ""). Triggers on
events, their actors and claims keep them exact on every write, however it is made
(save(), update(), bulk_create(), raw SQL), so no cache has to be invalidated for them.
The triggers are defined in migrations 0012, 0015 and 0019, which import no live code;
this module reads the last definition to restore them (a SQLite table rebuild drops a
table's triggers) and to suspend them during bulk loads.

What a visitor who may not see unverified evidence is counted (see events.visibility):
verified events, as everyone; among actors, the verified ones (a condition on the actor,
read with its tally); among sources, those with a verified claim backing the event. That
is a condition on each (source, event) pair, so the source tallies count a verified event
a source reports only in unverified claims under a review status of its own (UNVOUCHED,
migration 0019), which only visitors who see unverified claims add to "verified".

Tallies answer for filter sets narrowed by nothing but the choice groups (type, status,
context, review status), with at most one context chosen, and for date windows of whole
months (see window()); anything narrower is counted over the matching events, which an
index of their own keeps few (see selectors).
"""

from contextlib import contextmanager
from datetime import date
from importlib import import_module

from django.db import connections
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from events.models import (
    Actor,
    ActorTally,
    Context,
    Event,
    EventStatus,
    EventTally,
    EventType,
    ReviewStatus,
    SourceTally,
)
from events.timeline.filters import NARROWING_FILTERS, chosen_choices, counted_groups
from events.triggers import restore_sqlite_triggers, run

_DEFINITION = import_module("events.migrations.0019_source_tallies_by_claim_review")
UNVOUCHED = _DEFINITION.UNVOUCHED


def rebuild(connection) -> None:
    """Count every tally afresh from the rows as they are."""
    run(connection, _DEFINITION.fill_statements(connection.vendor))


def repair(sender, using, **kwargs) -> None:
    """post_migrate: restore triggers a SQLite table rebuild dropped, and recount."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if EventTally._meta.db_table in tables and restore_sqlite_triggers(connection, _DEFINITION):
        rebuild(connection)


@contextmanager
def suspended(connection):
    """For bulk loads, inside a transaction: no tally is touched per row; all are counted
    once at the end. Should the block fail, the rollback restores the triggers."""
    run(connection, _DEFINITION.drop_statements(connection.vendor))
    yield
    run(connection, _DEFINITION.create_statements(connection.vendor))
    rebuild(connection)


# Reading them.


def answers(cleaned: dict) -> bool:
    """Whether the tallies can count a filter set (its cleaned data): one narrowed by the
    choice groups alone, with at most one context (and none for the actors and sources:
    see most_frequent())."""
    contexts = len(cleaned.get("context") or [])
    return not any(cleaned.get(name) for name in NARROWING_FILTERS) and contexts <= 1


def _kind(cleaned: dict, unvouched: bool = False) -> Q:
    """The tally rows of the events the choice groups select (the context aside); of a
    source's tallies, with `unvouched`, also the verified events it backs with unverified
    claims only."""
    chosen = chosen_choices(cleaned)
    reviews = chosen["review"]
    if unvouched and ReviewStatus.VERIFIED in reviews:
        reviews = {*reviews, UNVOUCHED}
    condition = Q(review_status__in=reviews)
    if chosen["type"]:
        condition &= Q(event_type__in=chosen["type"])
    if chosen["status"]:
        condition &= Q(status__in=chosen["status"])
    return condition


def _context(cleaned: dict) -> str:
    return (cleaned.get("context") or [""])[0]


# Every event once, in a twelfth of the rows: its year's ("~YYYY", "~<YYYY" for an open
# start, "~" undated: see _periods()). The months count the same events again.
_EVERY_EVENT = Q(month__gte="~")


def total(cleaned: dict) -> int:
    rows = EventTally.objects.filter(_kind(cleaned), _EVERY_EVENT, context=_context(cleaned))
    return rows.aggregate(n=Sum("events"))["n"] or 0


def by_month(cleaned: dict, months: Q | None = None) -> dict[str, int]:
    """Matching events per month of their first day ("YYYY-MM"; an open start counts in
    its last day's month), undated ones left out; of the tally `months` only when given."""
    # Every row when no months are given, the years left out here: a bound on the month
    # would lead SQLite to range over the month (its first column) in the unique key,
    # row by row, rather than read the covering index by context.
    rows = (
        EventTally.objects.filter(_kind(cleaned), months or Q(), context=_context(cleaned))
        .exclude(month="")
        .values("month")
        .annotate(n=Sum("events"))
    )
    counted: dict[str, int] = {}
    for row in rows:
        if row["n"] and not row["month"].startswith("~"):
            month = row["month"].removeprefix("<")
            counted[month] = counted.get(month, 0) + row["n"]
    return counted


def most_frequent(
    cleaned: dict, limit: int, *, unverified: bool
) -> tuple[list[dict], list[dict]] | None:
    """The actors and the sources of the most matching events, as the timeline's facet
    rows, as far as the visitor may see them (`unverified`: see the module's docstring);
    None with a context chosen (their tallies do not count by context)."""
    if cleaned.get("context"):
        return None
    return (
        most_frequent_actors(cleaned, limit, unverified=unverified),
        _top(_rows(SourceTally, cleaned, unverified), "source", cleaned, limit, "title"),
    )


def most_frequent_actors(cleaned: dict, limit: int, *, unverified: bool) -> list[dict]:
    """The actors of the most events the choice groups select (the sources' tallies left
    unread), as most_frequent() gives them."""
    return _top(_rows(ActorTally, cleaned, unverified), "actor", cleaned, limit, "name")


def _rows(tally, cleaned: dict, unverified: bool):
    """The tally rows of the events the choice groups select, of the actors or sources a
    visitor sees (`unverified`: see the module's docstring)."""
    if tally is SourceTally:
        return tally.objects.filter(_kind(cleaned, unvouched=unverified))
    rows = tally.objects.filter(_kind(cleaned))
    if not unverified:
        # "Not one of the others", which no index answers: the rows are read as before,
        # through the tally's own index (given as "one of the verified", SQLite read every
        # row of each verified actor instead: 3 → 25 ms for a year's window at 100,000).
        hidden = Actor.objects.exclude(review_status=ReviewStatus.VERIFIED)
        rows = rows.exclude(actor__in=hidden)
    return rows


def verified_involving(actor) -> int:
    """How many verified events involve `actor`: its one row of every kind and month."""
    rows = ActorTally.objects.filter(
        actor=actor, event_type="", status="", month="*", review_status=ReviewStatus.VERIFIED
    )
    return rows.aggregate(n=Sum("events"))["n"] or 0


def _top(rows, key: str, cleaned: dict, limit: int, label: str) -> list[dict]:
    """The `limit` actors or sources of most events in the tally `rows`, ties by label:
    counted by id alone (through the tally's index, no join), then only those tied at the
    cut are named. With no type or status chosen, only the rows of every kind are read
    (one per actor or source and review status)."""
    every_kind = not (cleaned.get("type") or cleaned.get("status"))
    grouped = rows.filter(month="*", **({"event_type": ""} if every_kind else {}))
    return _named(rows.model, key, _leading(grouped, key, limit), limit, label)


def _leading(rows, key: str, limit: int, extra: dict[int, int] | None = None) -> dict[int, int]:
    """The ids of most events in the tally `rows` and their counts: the first `limit`,
    and every one tied with the last of them (ties are then cut by label). Read in order
    only as far as the cut: a few rows, and the rest of a tie when one runs past them.

    `extra` adds, per id, events the rows do not count. An id it names that is not
    among those read has at most as many in the rows as the last read: only the few
    that this bound lets reach the cut are counted exactly (a threshold, as in Fagin's
    algorithm), not the hundreds an ordinary window names."""
    extra = extra or {}
    grouped = (
        rows.values_list(f"{key}_id")
        .annotate(count=Sum("events"))
        .filter(count__gt=0)
        .order_by("-count")
    )
    read = dict(grouped[: limit * 2])
    # Past the last row read (its count when every row was not read), an id counts at most:
    bound = min(read.values()) if len(read) == limit * 2 else 0
    counts = {pk: count + extra.get(pk, 0) for pk, count in read.items()}
    if len(counts) >= limit:
        reach = sorted(counts.values(), reverse=True)[limit - 1]
        unread = [pk for pk, added in extra.items() if pk not in read and bound + added >= reach]
    else:
        unread = [pk for pk in extra if pk not in read]
    if bound and unread:
        counted = dict(grouped.filter(**{f"{key}_id__in": unread}).order_by())
    else:
        counted = {}  # with every row read, those not read have none
    counts |= {pk: counted.get(pk, 0) + extra[pk] for pk in unread}
    if len(counts) <= limit:
        return counts
    cut = sorted(counts.values(), reverse=True)[limit - 1]
    counts = {pk: count for pk, count in counts.items() if count >= cut}
    # Ids neither read nor added to count at most `bound`: they can only tie (and those
    # `extra` names are counted above: a tie in the rows alone is not theirs).
    if bound == cut:
        tied = grouped.filter(count=cut).order_by()
        counts |= {pk: count for pk, count in tied if pk not in extra}
    return counts


def _named(tally, key: str, counts: dict[int, int], limit: int, label: str) -> list[dict]:
    """Facet rows for the `limit` ids of most events in `counts`, ties by label."""
    model = tally._meta.get_field(key).related_model
    named = model.objects.filter(pk__in=counts).values_list("pk", "slug", label)
    rows = [
        {f"{key}__slug": slug, f"{key}__{label}": text, "count": counts[pk]}
        for pk, slug, text in named
    ]
    rows.sort(key=lambda row: (-row["count"], row[f"{key}__{label}"]))
    return rows[:limit]


# A date window of whole months (from and to given as a year or a month, nothing else
# narrowing): the events whose first day falls in the window, and those with an open
# start whose last day is not before it, are counted from the tallies' months; the others
# that meet the window (begun before it, or with no date at all) are few, found through
# the date-span index and counted one by one.


def window(cleaned: dict) -> tuple[date | None, date | None] | None:
    """The window's first and last day, when the tallies can count it; else None."""
    start, end = cleaned.get("from"), cleaned.get("to")
    whole_months = all(bound is None or len(bound.text) <= 7 for bound in (start, end))
    if not (start or end) or not whole_months:
        return None
    others = set(NARROWING_FILTERS) - {"from", "to"}
    if any(cleaned.get(name) for name in others) or len(cleaned.get("context") or []) > 1:
        return None
    return (start and start.lower, end and end.upper)


def _months(bounds) -> Q:
    """The tally months of the events meeting the window, but those beyond() it."""
    first, last = bounds
    # Months sort as text: "" and "*" before every "YYYY-MM", "<YYYY-MM" after them all.
    # One upper bound only, so that an index range stops at it (given two, SQLite may
    # range over the looser and test the other on every row up to it).
    dated = Q(month__gte=f"{first:%Y-%m}" if first else "0")
    dated &= Q(month__lte=f"{last:%Y-%m}") if last is not None else Q(month__lt="<")
    open_start = Q(month__gte=f"<{first:%Y-%m}" if first else "<", month__lt="=")
    return dated | open_start


def _periods(bounds) -> Q:
    """The tally rows of the same events as _months(), by year where the window holds a
    whole year: "~YYYY" counts the events whose first day is in the year, "~<YYYY" the
    open starts whose last day is (both sort after every month)."""
    first, last = bounds
    # The whole years of the window, as far as it goes.
    since = None if first is None else first.year + (first.month != 1)
    until = None if last is None else last.year - (last.month != 12)
    if since is not None and until is not None and since > until:
        dated = Q(month__gte=f"{first:%Y-%m}", month__lte=f"{last:%Y-%m}")
    else:
        dated = Q(
            month__gte="~0" if since is None else f"~{since:04d}",
            month__lte="~9999" if until is None else f"~{until:04d}",
        )
        if first is not None and first.month != 1:
            dated |= Q(month__gte=f"{first:%Y-%m}", month__lte=f"{first.year:04d}-12")
        if last is not None and last.month != 12:
            dated |= Q(month__gte=f"{last.year:04d}-01", month__lte=f"{last:%Y-%m}")
    # Open starts meet the window when their last day is not before its first.
    open_start = Q(month__gte="~<" if since is None else f"~<{since:04d}", month__lt="~=")
    if first is not None and first.month != 1:
        open_start |= Q(month__gte=f"<{first:%Y-%m}", month__lte=f"<{first.year:04d}-12")
    return dated | open_start


def beyond(bounds):
    """The events meeting the window that its tally months leave out: begun before it, or
    with no date at all. Found through the date-span index as the few events holding
    the window's first day, not the thousands in the window."""
    first, _ = bounds
    if first is None:
        return Event.objects.filter(date_lower__isnull=True, date_upper__isnull=True)
    return Event.objects.begun_before(first)


def counted_in_window(events, bounds):
    """Of `events`, those the window's tally months count: a first day in the window, or
    an open start and a last day not before it. In the chronological index's order they
    are one stretch of it from the window's first day (the open starts ending after the
    window within the stretch that follows), so a page of them is a walk of the index,
    not a sort; the events beyond() the window come before them (and the undated after,
    where the engine sorts a missing date last)."""
    first, last = bounds
    day = Coalesce("date_lower", "date_upper")
    counted = events.alias(first_day=day)
    if first is not None:
        counted = counted.filter(first_day__gte=first)
    if last is not None:
        open_start = Q(date_lower__isnull=True, date_upper__gt=last)
        counted = counted.filter(Q(first_day__lte=last) | open_start)
    return counted


def window_by_month(cleaned: dict, bounds) -> dict[str, int]:
    """The window's tally months (the events beyond them are the caller's to add)."""
    return by_month(cleaned, _months(bounds))


def choice_counts(cleaned: dict, bounds=None) -> dict[str, dict[str, int]]:
    """Counts beside each choice group's options (every option, 0 when none), each group
    leaving out its own selection; of the events of a window of whole months when its
    `bounds` are given. Read by year where the tallies can (see _periods()): the rows are
    a few thousand, so they are grouped by every choice at once in one query (through
    the index that leads with the month) and each group's counts are summed here."""
    rows = (
        EventTally.objects.filter(_EVERY_EVENT if bounds is None else _periods(bounds))
        .values_list("event_type", "status", "review_status", "context")
        .annotate(n=Sum("events"))
        .order_by()
    )
    chosen = chosen_choices(cleaned)
    context = _context(cleaned)
    counted = {
        "type": dict.fromkeys(EventType.values, 0),
        "status": dict.fromkeys(EventStatus.values, 0),
        "review": dict.fromkeys(ReviewStatus.values, 0),
        "context": dict.fromkeys(Context.values, 0),
    }
    for event_type, status, review, row_context, n in rows:
        kind = {"type": event_type, "status": status, "review": review}
        meets = {name: not chosen[name] or value in chosen[name] for name, value in kind.items()}
        if row_context and all(meets.values()):  # a context's own rows, every kind chosen
            counted["context"][row_context] += n
        if row_context == context:  # the rows of the chosen context (or of every event)
            for name in counted_groups(meets):
                counted[name][kind[name]] = counted[name].get(kind[name], 0) + n
    return counted


def window_most_frequent(
    cleaned: dict,
    bounds,
    limit: int,
    beyond_actors: dict[int, int],
    beyond_sources: dict[int, int],
    *,
    unverified: bool,
) -> tuple[list[dict], list[dict]] | None:
    """most_frequent() over the window: its tally months per actor and source, plus the
    events beyond them (counted by the caller, per id, as the visitor may see them). None
    with a type, status or context chosen (the tallies count months for every kind
    together only)."""
    if cleaned.get("type") or cleaned.get("status") or cleaned.get("context"):
        return None
    tops = []
    for tally, key, label, extra in (
        (ActorTally, "actor", "name", beyond_actors),
        (SourceTally, "source", "title", beyond_sources),
    ):
        rows = _rows(tally, cleaned, unverified).filter(_periods(bounds), event_type="")
        # Ranked by the database (a window's rows are thousands), then what the events
        # beyond its months add to the ids they name.
        tops.append(_named(tally, key, _leading(rows, key, limit, extra), limit, label))
    return tops[0], tops[1]
