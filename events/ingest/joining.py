"""Which event a proposed claim joins: an event already stored (by this article or an
earlier one) whose type family, status, mode, sides and dates agree with it, or none.

Called by events.ingest.store while it writes an article; reads the events it may join.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection

from events.dates import bounds_overlap
from events.ingest.pipeline import ProposedClaim
from events.models import (
    Actor,
    ActorKind,
    ActorRole,
    Claim,
    Event,
    EventType,
    ReviewStatus,
)


def side(actor: Actor) -> str:
    """The country an actor stands for (one with no country stands for itself).

    Reports name the same call as "Modi and Putin", "India and Russia" or "PM Modi and
    the Kremlin"; what they share is the countries involved.
    """
    return actor.country or actor.slug


def sides_agree(claim_sides: set[str], event_sides: set[str]) -> bool:
    return bool(claim_sides & event_sides) and (
        claim_sides <= event_sides or event_sides <= claim_sides
    )


def _families_agree(claim: ProposedClaim, event: Event) -> bool:
    """A general cue ("cooperation") joins any event; a specific one ("manufactured")
    only an event of its own family, or a curated one (curators record no family)."""
    if not claim.family or event.cue_family == claim.family:
        return True
    return not event.cue_family and event.review_status != ReviewStatus.PROPOSED


# A stated day may name the same occurrence as a stated month around it ("in March", "on
# 20 March"), but not as a year, a season or an open span: those hold many occurrences.
_DATE_SLACK_DAYS = 31

Bounds = tuple[date | None, date | None]


def _width(bounds: Bounds) -> int | None:
    """Days between the earliest and latest possible day; None for an open interval."""
    lower, upper = bounds
    return None if lower is None or upper is None else (upper - lower).days


def _dates_compatible(a: Bounds, b: Bounds) -> bool:
    """Whether two stated dates may be one occurrence's: both bounded, overlapping, and
    neither much wider than the other. Symmetric, so it does not matter which came first."""
    width_a, width_b = _width(a), _width(b)
    if width_a is None or width_b is None or not bounds_overlap(a, b):
        return False
    return max(width_a, width_b) <= 2 * min(width_a, width_b) + _DATE_SLACK_DAYS


# How far a default date (no words of the text gave it) reaches when it is compared with
# another report's: an undated past event is news of the last fortnight, an undated plan
# may lie a year ahead. Whatever window the text stages give, its open ends stop there.
_DEFAULT_PAST_REACH = timedelta(days=14)
_DEFAULT_AHEAD_REACH = timedelta(days=366)


def _default_window(bounds: Bounds) -> Bounds:
    lower, upper = bounds
    if lower is None and upper is not None:
        lower = upper - _DEFAULT_PAST_REACH
    if upper is None and lower is not None:
        upper = lower + _DEFAULT_AHEAD_REACH
    return lower, upper


def _within(inner: Bounds, outer: Bounds) -> bool:
    return None not in inner and None not in outer and outer[0] <= inner[0] and inner[1] <= outer[1]


def dates_agree(stated: bool, bounds: Bounds, event_stated: bool, event_bounds: Bounds) -> bool:
    """Whether a claim's date and another report's event's date may be one occurrence's.

    Symmetric (which report came first does not matter): two stated dates must be alike
    (`_dates_compatible`); a stated date must lie in the other's default window; two
    default windows must meet.
    """
    if stated and event_stated:
        return _dates_compatible(bounds, event_bounds)
    if stated:
        return _within(bounds, _default_window(event_bounds))
    if event_stated:
        return _within(event_bounds, _default_window(bounds))
    return bounds_overlap(_default_window(bounds), _default_window(event_bounds))


def interval_edtf(lower: date | None, upper: date | None) -> str:
    if lower is not None and lower == upper:
        return lower.isoformat()
    return f"{lower.isoformat() if lower else '..'}/{upper.isoformat() if upper else '..'}"


def narrower(bounds: Bounds, edtf: str, event: Event) -> bool:
    """Whether a stated date is more precise than the event's stated one (a tie goes to the
    earlier EDTF string, so the outcome does not depend on which report came first)."""
    width, current = _width(bounds), _width((event.date_lower, event.date_upper))
    if width is None:
        return False
    if current is None or width != current:
        return current is None or width < current
    return edtf < event.date_edtf


def _search_windows(claims: list[ProposedClaim]) -> list[tuple[str, date, date, timedelta]]:
    """(type, first day, last day, reach) to look in: each claim's dates (a default one no
    further than its reach), merged where they overlap; reach is the widest an event with
    a stated date that the window's claims may join can be (`dates_agree`). An event
    dated by a default is at most `_WIDEST_DEFAULT` wide."""
    spans: dict[str, list[tuple[date, date, timedelta]]] = {}
    for claim in claims:
        stated = bool(claim.date_phrase)
        lower, upper = claim.bounds if stated else _default_window(claim.bounds)
        if lower is None or upper is None:
            continue
        # A stated date joins a stated one at most twice as wide and a month; a default
        # joins a stated date only inside its own window.
        reach = 2 * (upper - lower) + _SLACK if stated else timedelta(0)
        spans.setdefault(claim.event_type, []).append((lower, upper, reach))
    windows = []
    for event_type, dates in sorted(spans.items()):
        merged: list[list] = []
        for lower, upper, reach in sorted(dates):
            if merged and lower <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], upper)
                merged[-1][2] = max(merged[-1][2], reach)
            else:
                merged.append([lower, upper, reach])
        windows += [(event_type, lower, upper, reach) for lower, upper, reach in merged]
    return windows


# The widest a default window is (`_default_window`, and the pipeline's own, which are
# narrower): a stated date may join an event dated by one that wide.
_SLACK = timedelta(days=_DATE_SLACK_DAYS)
_WIDEST_DEFAULT = _DEFAULT_PAST_REACH + _DEFAULT_AHEAD_REACH + timedelta(days=31)


_MENTIONED = Claim.actors.through._meta.db_table

_MATCH_FIELDS = (
    "event_type", "mode", "cue_family", "status", "date_edtf", "date_lower", "date_upper",
    "date_display", "date_phrase", "review_status", "contexts", "slug",
)  # fmt: skip


@dataclass
class Candidate:
    event: Event
    actors: dict[str, str]  # slug → the side it stands for
    explicit_date: bool  # dated by words (of a claim, or a lead it took the date from)
    new: bool = False
    changed: set[str] = field(default_factory=set)  # fields to write back
    date_claim: int | None = None  # which of this article's claims dates it
    new_roles: list[tuple[str, str]] = field(default_factory=list)  # EventActors to add
    persons: set[str] = field(default_factory=set)  # its actors who are people
    bodies: set[str] = field(default_factory=set)  # its actors that are neither people nor states
    initiators: set[str] = field(default_factory=set)  # who acts (a statement's speaker)
    # What every report of it names (its own actors among them): actors and their sides.
    named: set[str] = field(default_factory=set)
    named_sides: set[str] = field(default_factory=set)
    local: bool = False  # made from this article
    linked: bool = False  # one of this article's claims is already in it


_PERSON_OR_STATE = frozenset({ActorKind.PERSON, ActorKind.STATE})


def _names_a_body(persons: set[str], bodies: set[str], names: set[str]) -> bool:
    """Whether an event of companies or ministries alone (no people) has one of them among
    the names of the other side: India and a refiner are not India and a bank."""
    return bool(persons or not bodies or bodies & names)


class EventIndex:
    """Events a claim may join: existing ones from the database and those made now.

    Which event a claim joins must not depend on the order articles arrive in, so the
    rules between two articles are symmetric: an event another article made (or a curator
    recorded) is joined only by a claim whose date agrees with the event's (two stated
    dates alike in place and width, or the same single day), when the new article names
    every person of the event and every side (country) of it (and, for an event of bodies
    alone, one of them), and the event's reports name every person and side of the claim.
    Claims that state their date are matched before those dated by a default. Among
    several events that fit, the choice is by content (this article's own first, then the
    narrowest interval, then the slug), never by which was stored first.
    """

    def __init__(
        self, claims: list[ProposedClaim], article_names: set[str], actors: dict[str, Actor]
    ):
        self.article_names = article_names
        self.article_sides = {side(actors[key]) for key in article_names if key in actors}
        self.candidates: list[Candidate] = []
        windows = _search_windows(claims)
        if not windows:
            return
        # Hand-written SQL: this runs once per article, and building the same query
        # through Q objects cost more than running it. Each window is two index ranges of
        # (event_type, date_lower): bounded events no wider than a claim of the window
        # could join, and events with an open end, read only when that end is a
        # default's (no further than `_default_window` reaches).
        # Literal conditions for events dated by a default, so the partial index
        # event_default_date_idx is the one read for them.
        default = "e.date_phrase = '' AND e.review_status = 'proposed'"
        bounded = "(e.event_type = %s AND e.date_lower BETWEEN %s AND %s AND e.date_upper >= %s)"
        bounded_default = (
            f"(e.event_type = %s AND {default} AND e.date_lower BETWEEN %s AND %s "
            "AND e.date_upper >= %s)"
        )
        open_end = (
            f"(e.event_type = %s AND {default} AND e.date_lower BETWEEN %s AND %s "
            "AND e.date_upper IS NULL)"
        )
        open_start = (
            f"(e.event_type = %s AND {default} AND e.date_lower IS NULL "
            "AND e.date_upper BETWEEN %s AND %s)"
        )
        where = " OR ".join(
            f"{bounded} OR {bounded_default} OR {open_end} OR {open_start}" for _ in windows
        )
        params = [
            value
            for event_type, lower, upper, reach in windows
            for value in (
                event_type, lower - reach, upper, lower,
                event_type, lower - _WIDEST_DEFAULT, upper, lower,
                event_type, lower - _DEFAULT_AHEAD_REACH, upper,
                event_type, lower, upper + _DEFAULT_PAST_REACH,
            )
        ]  # fmt: skip
        # Another article's event is joined only when this one names all its sides: an
        # event with a side it does not name is not read at all.
        named_sides = sorted(self.article_sides) or [""]
        marks = ", ".join(["%s"] * len(named_sides))
        events = list(
            Event.objects.raw(
                f"SELECT e.id, {', '.join(f'e.{name}' for name in _MATCH_FIELDS)} "
                f"FROM events_event e WHERE ({where})"
                " AND NOT EXISTS (SELECT 1 FROM events_eventactor ea JOIN events_actor a "
                "ON a.id = ea.actor_id WHERE ea.event_id = e.id AND CASE WHEN a.country = '' "
                f"THEN a.slug ELSE a.country END NOT IN ({marks})) ORDER BY e.id",
                [*params, *named_sides],
            )
        )
        sides: dict[int, dict[str, str]] = {}
        persons: dict[int, set[str]] = {}
        bodies: dict[int, set[str]] = {}
        initiators: dict[int, set[str]] = {}
        # Per event and per source of its claims: the actors that report names anywhere.
        reports: dict[int, dict[int, set[tuple[str, str]]]] = {}
        if events:
            marks = ", ".join(["%s"] * len(events))
            ids = [event.pk for event in events]
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT ea.event_id, NULL, a.slug, a.country, a.kind, ea.role "
                    "FROM events_eventactor ea "
                    f"JOIN events_actor a ON a.id = ea.actor_id WHERE ea.event_id IN ({marks}) "
                    "UNION ALL SELECT r.event_id, r.source_id, a.slug, a.country, a.kind, NULL "
                    "FROM (SELECT DISTINCT event_id, source_id FROM events_claim "
                    f"WHERE event_id IN ({marks})) r "
                    "JOIN events_claim c ON c.source_id = r.source_id "
                    f"JOIN {_MENTIONED} m ON m.claim_id = c.id "
                    "JOIN events_actor a ON a.id = m.actor_id",
                    [*ids, *ids],
                )
                for event_id, source_id, slug, country, kind, role in cursor.fetchall():
                    if source_id is None:
                        sides.setdefault(event_id, {})[slug] = country or slug
                        if role == ActorRole.INITIATOR:
                            initiators.setdefault(event_id, set()).add(slug)
                        if kind == ActorKind.PERSON:
                            persons.setdefault(event_id, set()).add(slug)
                        elif kind not in _PERSON_OR_STATE:
                            bodies.setdefault(event_id, set()).add(slug)
                    else:
                        report = reports.setdefault(event_id, {}).setdefault(source_id, set())
                        report.add((slug, country or slug))
        for event in events:
            actors_of = sides.get(event.pk, {})
            explicit = bool(event.date_phrase) or event.review_status != ReviewStatus.PROPOSED
            names = reports.get(event.pk, {}).values()
            both = set.intersection(*names) if names else set()
            self.candidates.append(
                Candidate(
                    event,
                    actors_of,
                    explicit,
                    persons=persons.get(event.pk, set()),
                    bodies=bodies.get(event.pk, set()),
                    initiators=initiators.get(event.pk, set()),
                    named={slug for slug, _ in both} | set(actors_of),
                    named_sides={side for _, side in both} | set(actors_of.values()),
                )
            )

    def match(self, claim: ProposedClaim, actors: dict[str, Actor]) -> Candidate | None:
        sides = {side(actors[ref.key]) for ref in claim.actors if ref.key in actors}
        kinds = {ref.key: actors[ref.key].kind for ref in claim.actors if ref.key in actors}
        persons = {key for key, kind in kinds.items() if kind == ActorKind.PERSON}
        bodies = {key for key, kind in kinds.items() if kind not in _PERSON_OR_STATE}
        bounds = claim.bounds
        headline = is_headline(claim)
        fitting = []
        for candidate in self.candidates:
            event = candidate.event
            if not (
                event.event_type == claim.event_type
                and _families_agree(claim, event)
                and (not event.mode or not claim.mode or event.mode == claim.mode)
                and (event.status == claim.status or not claim.status_stated)
                and sides_agree(sides, set(candidate.actors.values()))
                # A statement is its speaker's: two people's words are two statements.
                and (
                    claim.event_type != EventType.STATEMENT
                    or claim.actors[0].key in candidate.initiators
                )
            ):
                continue
            stated, span = bool(claim.date_phrase), (event.date_lower, event.date_upper)
            if candidate.local or candidate.linked:
                # This article's own event, reported again: stated dates must still agree.
                # A headline ("X and Y discuss Z") says neither when nor whether it
                # happened: it sums up an event the body reports, whatever its date.
                if not headline and (
                    not bounds_overlap(span, bounds)
                    or (stated and candidate.explicit_date and not _dates_compatible(span, bounds))
                ):
                    continue
            elif not bounds_overlap(span, bounds) or not dates_agree(
                stated, bounds, candidate.explicit_date, span
            ):
                continue
            if not candidate.local and not (
                # The new text names the event's people and sides; and, for an event
                # still to be refined, its reports name the claim's.
                candidate.persons <= self.article_names
                and set(candidate.actors.values()) <= self.article_sides
                and _names_a_body(candidate.persons, candidate.bodies, self.article_names)
                and (
                    event.review_status != ReviewStatus.PROPOSED
                    or (
                        persons <= candidate.named
                        and sides <= candidate.named_sides
                        and _names_a_body(persons, bodies, candidate.named)
                    )
                )
            ):
                continue
            fitting.append(candidate)
        if not fitting:
            return None
        return min(fitting, key=_preference)

    def add(self, candidate: Candidate) -> None:
        self.candidates.append(candidate)


def is_headline(claim: ProposedClaim) -> bool:
    """A claim whose sentence states neither its status nor its date (a headline)."""
    return not claim.status_stated and claim.date_start is None


def _preference(candidate: Candidate) -> tuple:
    """Order among events a claim fits: this article's own first, then the narrowest
    interval, then the slug (made from the text, so the same whatever the ingest order)."""
    event = candidate.event
    width = _width((event.date_lower, event.date_upper))
    return (
        not (candidate.local or candidate.linked),
        width is None,
        width or 0,
        event.slug,
    )
