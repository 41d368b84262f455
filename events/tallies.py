"""Counts of events the database keeps exact as it is written: the timeline's totals, the
counts beside its filters and its chart, read from a few thousand tally rows instead of
counted over every event.

Three tables (EventTally, ActorTally, SourceTally) hold how many events there are of each
month, type, status, review status and context, per actor and per source (whose tallies
also count every kind together, in rows of type and status ""). Triggers on
events, their actors and claims keep them exact on every write, however it is made
(save(), update(), bulk_create(), raw SQL), so no cache has to be invalidated for them.
The triggers are defined in migration 0012, which imports no live code; this module reads
that definition to restore them (a SQLite table rebuild drops a table's triggers) and to
suspend them during bulk loads.

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

from events.filters import NARROWING_FILTERS
from events.models import (
    ActorTally,
    Context,
    Event,
    EventStatus,
    EventTally,
    EventType,
    ReviewStatus,
    SourceTally,
)
from events.triggers import run, sqlite_triggers_missing

_DEFINITION = import_module("events.migrations.0012_tallies")


def rebuild(connection) -> None:
    """Count every tally afresh from the rows as they are."""
    run(connection, _DEFINITION.fill_statements(connection.vendor))


def repair(sender, using, **kwargs) -> None:
    """post_migrate: restore triggers a SQLite table rebuild dropped, and recount."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    triggers = _DEFINITION.sqlite_triggers()
    if EventTally._meta.db_table in tables and sqlite_triggers_missing(connection, triggers):
        run(connection, _DEFINITION.drop_statements(connection.vendor))
        run(connection, _DEFINITION.create_statements(connection.vendor))
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


def _kind(cleaned: dict, leave_out: str = "") -> Q:
    """The tally rows of the events the choice groups select (all but `leave_out`)."""
    condition = Q()
    if leave_out != "type" and cleaned.get("type"):
        condition &= Q(event_type__in=cleaned["type"])
    if leave_out != "status" and cleaned.get("status"):
        condition &= Q(status__in=cleaned["status"])
    if leave_out != "review":
        condition &= Q(review_status__in=cleaned.get("review") or [ReviewStatus.VERIFIED])
    return condition


def _context(cleaned: dict) -> str:
    return (cleaned.get("context") or [""])[0]


def total(cleaned: dict) -> int:
    rows = EventTally.objects.filter(_kind(cleaned), context=_context(cleaned))
    return rows.aggregate(n=Sum("events"))["n"] or 0


def by_month(cleaned: dict, months: Q | None = None) -> dict[str, int]:
    """Matching events per month of their first day ("YYYY-MM"; an open start counts in
    its last day's month), undated ones left out; of the tally `months` only when given."""
    rows = (
        EventTally.objects.filter(_kind(cleaned), months or Q(), context=_context(cleaned))
        .exclude(month="")
        .values("month")
        .annotate(n=Sum("events"))
    )
    counted: dict[str, int] = {}
    for row in rows:
        if row["n"]:
            month = row["month"].removeprefix("<")
            counted[month] = counted.get(month, 0) + row["n"]
    return counted


def choice_counts(cleaned: dict, months: Q | None = None) -> dict[str, dict[str, int]]:
    """Counts beside each choice group's options (every option, 0 when none), each group
    leaving out its own selection; of the tally `months` only when given."""
    months = months or Q()
    counted = {}
    groups = (
        ("type", "event_type", EventType.values),
        ("status", "status", EventStatus.values),
        ("review", "review_status", ReviewStatus.values),
    )
    for name, column, values in groups:
        rows = (
            EventTally.objects.filter(
                _kind(cleaned, leave_out=name), months, context=_context(cleaned)
            )
            .values(column)
            .annotate(n=Sum("events"))
        )
        counted[name] = dict.fromkeys(values, 0) | {row[column]: row["n"] for row in rows}
    rows = (
        EventTally.objects.filter(_kind(cleaned), months).exclude(context="").values("context")
    ).annotate(n=Sum("events"))
    counted["context"] = dict.fromkeys(Context.values, 0) | {
        row["context"]: row["n"] for row in rows
    }
    return counted


def most_frequent(cleaned: dict, limit: int) -> tuple[list[dict], list[dict]] | None:
    """The actors and the sources of the most matching events, as the timeline's facet
    rows; None with a context chosen (their tallies do not count by context)."""
    if cleaned.get("context"):
        return None
    return (
        _top(ActorTally, "actor", cleaned, limit, "name"),
        _top(SourceTally, "source", cleaned, limit, "title"),
    )


def _top(tally, key: str, cleaned: dict, limit: int, label: str) -> list[dict]:
    """The `limit` actors or sources of most events, ties by label: counted by id alone
    (through the tally's index, no join), then only those tied at the cut are named.
    With no type or status chosen, only the rows of every kind are read (one per actor
    or source and review status)."""
    every_kind = not (cleaned.get("type") or cleaned.get("status"))
    grouped = tally.objects.filter(
        _kind(cleaned), month="*", **({"event_type": ""} if every_kind else {})
    )
    return _named(tally, key, _leading(grouped, key, limit), limit, label)


def _leading(rows, key: str, limit: int) -> dict[int, int]:
    """The ids of most events in the tally `rows` and their counts: the first `limit`,
    and every one tied with the last of them (ties are then cut by label). Read in order
    only as far as the cut: a few rows, and the rest of a tie when one runs past them."""
    grouped = (
        rows.values_list(f"{key}_id")
        .annotate(count=Sum("events"))
        .filter(count__gt=0)
        .order_by("-count")
    )
    read = list(grouped[: limit * 2])
    counts = dict(read[:limit])
    if len(read) > limit:
        cut = read[limit - 1][1]
        counts |= {pk: count for pk, count in read[limit:] if count == cut}
        if read[-1][1] == cut:  # the tie may go on past what was read
            counts |= dict(grouped.filter(count=cut).order_by())
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
    dated = Q(month__gte=f"{first:%Y-%m}" if first else "0", month__lt="<")
    if last is not None:
        dated &= Q(month__lte=f"{last:%Y-%m}")
    open_start = Q(month__gte=f"<{first:%Y-%m}" if first else "<", month__lt="=")
    return dated | open_start


def beyond(bounds):
    """The events meeting the window that its tally months leave out: begun before it, or
    with no date at all. Those are the events whose span holds the window's first day
    and begins before it (an undated span holds every day): found through the date-span
    index as the few events holding one day, not the thousands in the window."""
    first, _ = bounds
    undated = Q(date_lower__isnull=True, date_upper__isnull=True)
    if first is None:
        return Event.objects.filter(undated)
    return Event.objects.overlapping(first, first).filter(undated | Q(date_lower__lt=first))


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


def window_choice_counts(cleaned: dict, bounds) -> dict[str, dict[str, int]]:
    """choice_counts() for the window's tally months."""
    return choice_counts(cleaned, _months(bounds))


def window_most_frequent(
    cleaned: dict, bounds, limit: int, beyond_actors: dict[int, int], beyond_sources: dict[int, int]
) -> tuple[list[dict], list[dict]] | None:
    """most_frequent() over the window: its tally months per actor and source, plus the
    events beyond them (counted by the caller, per id). None with a type, status or
    context chosen (the tallies count months for every kind together only)."""
    if cleaned.get("type") or cleaned.get("status") or cleaned.get("context"):
        return None
    tops = []
    for tally, key, label, extra in (
        (ActorTally, "actor", "name", beyond_actors),
        (SourceTally, "source", "title", beyond_sources),
    ):
        rows = tally.objects.filter(_kind(cleaned), _months(bounds), event_type="")
        # Every one counted in the window's months (one grouped query: a window's rows are
        # a few thousand), then what the events beyond it add.
        grouped = rows.values_list(f"{key}_id").annotate(count=Sum("events")).order_by()
        counts = dict(grouped)
        for pk, count in extra.items():
            counts[pk] = counts.get(pk, 0) + count
        ranked = sorted((n for n in counts.values() if n > 0), reverse=True)
        cut = ranked[min(limit, len(ranked)) - 1] if ranked else 1
        tops.append(
            _named(tally, key, {pk: n for pk, n in counts.items() if n >= cut}, limit, label)
        )
    return tops[0], tops[1]
