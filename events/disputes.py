"""Where sources disagree about an event: two claims from different sources that imply
dates that do not overlap, or that report it occurred and planned (or cancelled).

The database keeps which events are disputed on their verified claims (EventDispute, by
the triggers of migration 0023, read here to restore them after a SQLite table rebuild
and to suspend them during bulk loads); the event page shows the conflicting pairs among
the claims its visitor may see, found here by the same rule in Python.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module

from django.db import connections

from events.models import Claim, EventDispute, EventStatus
from events.triggers import restore_sqlite_triggers, run

_DEFINITION = import_module("events.migrations.0023_claim_dates_disputes_fulfilments")


@dataclass(frozen=True)
class Conflict:
    """Two claims that cannot both be right, and what they disagree on."""

    first: Claim
    second: Claim
    on: str  # "date" or "status"

    @property
    def pair(self) -> tuple[Claim, Claim]:
        return (self.first, self.second)


def _dates_apart(a: Claim, b: Claim) -> bool:
    def before(x: Claim, y: Claim) -> bool:
        return x.date_upper is not None and y.date_lower is not None and x.date_upper < y.date_lower

    return before(a, b) or before(b, a)


def _statuses_differ(a: Claim, b: Claim) -> bool:
    statuses = {a.status, b.status}
    return EventStatus.OCCURRED in statuses and bool(
        statuses & {EventStatus.PLANNED, EventStatus.CANCELLED}
    )


def conflicts(claims: list[Claim]) -> list[Conflict]:
    """The pairs of `claims`, from different sources, that disagree (as migration 0023's
    rule), in the claims' order; quadratic in one event's claims, which are few."""
    found = []
    for i, first in enumerate(claims):
        for second in claims[i + 1 :]:
            if first.source_id == second.source_id:
                continue
            if _statuses_differ(first, second):
                found.append(Conflict(first, second, "status"))
            elif _dates_apart(first, second):
                found.append(Conflict(first, second, "date"))
    return found


@dataclass(frozen=True)
class Disagreement:
    """What the event page shows of one disagreement: its subject and the claims on each
    side, each claim once (a report that it happened, against every source saying it was
    planned, is one column, not a pair per source)."""

    on: str  # "date" or "status"
    sides: tuple[tuple[str, tuple[Claim, ...]], ...]


def disagreements(claims: list[Claim]) -> list[Disagreement]:
    """The conflicts among `claims` as the event page shows them: the status conflicts
    as one disagreement, occurred against planned or cancelled; each pair of dates apart
    as one of its own."""
    found = conflicts(claims)
    involved = {
        id(claim) for conflict in found if conflict.on == "status" for claim in conflict.pair
    }
    shown = []
    if involved:
        said = [claim for claim in claims if id(claim) in involved]
        shown.append(
            Disagreement(
                "status",
                (
                    ("Reported as occurred", tuple(c for c in said if c.status == "occurred")),
                    (
                        "Reported as planned or cancelled",
                        tuple(c for c in said if c.status != "occurred"),
                    ),
                ),
            )
        )
    for conflict in found:
        if conflict.on == "date":
            shown.append(Disagreement("date", (("", (conflict.first,)), ("", (conflict.second,)))))
    return shown


def repair(sender, using, **kwargs) -> None:
    """post_migrate: restore triggers a SQLite table rebuild dropped."""
    connection = connections[using]
    if EventDispute._meta.db_table not in connection.introspection.table_names():
        return  # migrated back before the disputes
    restore_sqlite_triggers(connection, _DEFINITION)


@contextmanager
def suspended(connection):
    """For a bulk load inside a transaction: claims are not compared per row; every
    disputed event is found once at the end."""
    run(connection, _DEFINITION.drop_statements(connection.vendor))
    yield
    run(connection, [*_DEFINITION.create_statements(connection.vendor), _DEFINITION.FILL])
