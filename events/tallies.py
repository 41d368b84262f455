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
context, review status), with at most one context chosen; anything narrower is counted
over the matching events, which an index of their own keeps few (see selectors).
"""

from contextlib import contextmanager
from importlib import import_module

from django.db import connections
from django.db.models import Q, Sum

from events.models import (
    ActorTally,
    Context,
    EventStatus,
    EventTally,
    EventType,
    ReviewStatus,
    SourceTally,
)

_DEFINITION = import_module("events.migrations.0012_tallies")


def sqlite_triggers_missing(connection, names) -> bool:
    """Whether any of the named triggers is missing (a SQLite table rebuild drops them)."""
    if connection.vendor != "sqlite":
        return False
    names = list(names)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            f"AND name IN ({', '.join(['%s'] * len(names))})",
            names,
        )
        return cursor.fetchone() != (len(names),)


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def rebuild(connection) -> None:
    """Count every tally afresh from the rows as they are."""
    _run(connection, _DEFINITION.fill_statements(connection.vendor))


def repair(sender, using, **kwargs) -> None:
    """post_migrate: restore triggers a SQLite table rebuild dropped, and recount."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    triggers = _DEFINITION.sqlite_triggers()
    if EventTally._meta.db_table in tables and sqlite_triggers_missing(connection, triggers):
        _run(connection, _DEFINITION.drop_statements(connection.vendor))
        _run(connection, _DEFINITION.create_statements(connection.vendor))
        rebuild(connection)


@contextmanager
def suspended(connection):
    """For bulk loads, inside a transaction: no tally is touched per row; all are counted
    once at the end. Should the block fail, the rollback restores the triggers."""
    _run(connection, _DEFINITION.drop_statements(connection.vendor))
    yield
    _run(connection, _DEFINITION.create_statements(connection.vendor))
    rebuild(connection)


# Reading them.


def answers(cleaned: dict) -> bool:
    """Whether the tallies can count a filter set (its cleaned data): one narrowed by the
    choice groups alone, with at most one context (and none for the actors and sources:
    see most_frequent())."""
    narrowing = ("actor", "source", "q", "from", "to")
    contexts = len(cleaned.get("context") or [])
    return not any(cleaned.get(name) for name in narrowing) and contexts <= 1


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


def by_month(cleaned: dict) -> dict[str, int]:
    """Matching events per month ("YYYY-MM"), undated ones left out."""
    rows = (
        EventTally.objects.filter(_kind(cleaned), context=_context(cleaned))
        .exclude(month="")
        .values("month")
        .annotate(n=Sum("events"))
    )
    return {row["month"]: row["n"] for row in rows if row["n"]}


def choice_counts(cleaned: dict) -> dict[str, dict[str, int]]:
    """Counts beside each choice group's options (every option, 0 when none), each group
    leaving out its own selection."""
    counted = {}
    groups = (
        ("type", "event_type", EventType.values),
        ("status", "status", EventStatus.values),
        ("review", "review_status", ReviewStatus.values),
    )
    for name, column, values in groups:
        rows = (
            EventTally.objects.filter(_kind(cleaned, leave_out=name), context=_context(cleaned))
            .values(column)
            .annotate(n=Sum("events"))
        )
        counted[name] = dict.fromkeys(values, 0) | {row[column]: row["n"] for row in rows}
    rows = (
        EventTally.objects.filter(_kind(cleaned)).exclude(context="").values("context")
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
    grouped = (
        tally.objects.filter(_kind(cleaned), **({"event_type": ""} if every_kind else {}))
        .values_list(f"{key}_id")
        .annotate(count=Sum("events"))
        .filter(count__gt=0)
        .order_by("-count")
    )
    counts: dict[int, int] = {}
    for pk, count in grouped.iterator(chunk_size=limit * 4):
        if len(counts) >= limit and count < min(counts.values()):
            break
        counts[pk] = count
    model = tally._meta.get_field(key).related_model
    named = model.objects.filter(pk__in=counts).values_list("pk", "slug", label)
    rows = [
        {f"{key}__slug": slug, f"{key}__{label}": text, "count": counts[pk]}
        for pk, slug, text in named
    ]
    rows.sort(key=lambda row: (-row["count"], row[f"{key}__{label}"]))
    return rows[:limit]
