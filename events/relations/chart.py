"""The pair's chart: its engagements per month (or year), each period's bar split into
PLOVER's quad classes (and statements), each part linking to the timeline filtered to the
pair, the class's types and the period. Arithmetic only; the template loops and prints.

The time axis, its ticks and the periods' names are the overview chart's
(events.timeline.chart), so both charts read alike.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from events.models import ReviewStatus
from events.relations.selectors import CLASSES, QuadClass
from events.timeline.chart import (
    MARGIN_X,
    WIDTH,
    YEAR_STEPS,
    Axis,
    Frame,
    Tick,
    axis_ticks,
    month_index,
    month_start,
    period_end,
    period_names,
    span_text,
)

MONTHS_AT_MOST = 36  # a longer span is counted by year
MAX_BARS = 60  # more years than this are counted in runs of years
TOP = 18  # room for the top gridline's label
PLOT_HEIGHT = 160
AXIS_HEIGHT = 30
BAR_GAP = 1
MAX_GRIDLINES = 4


@dataclass(frozen=True)
class Segment:
    """One class's part of a period's bar."""

    quad: QuadClass
    count: int
    href: str
    label: str
    y: float
    height: float


@dataclass(frozen=True)
class Bar:
    label: str  # the period, as a reader says it: "Apr 2021", "2021", "1990–1999"
    href: str  # the period's events of every class
    total: int
    x: float
    width: float
    segments: list[Segment]  # bottom to top, classes with events only

    @property
    def counts(self) -> list[tuple[QuadClass, Segment | None]]:
        """Every class, with its segment when it has one (the table's columns)."""
        by_key = {segment.quad.key: segment for segment in self.segments}
        return [(quad, by_key.get(quad.key)) for quad in CLASSES]


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class LegendEntry:
    quad: QuadClass
    count: int


@dataclass
class PairChart(Frame):
    title: str
    summary: str
    unit: str  # "month", "year" or "5 years"
    bars: list[Bar]
    ticks: list[Tick]
    gridlines: list[Gridline]
    legend: list[LegendEntry] = field(default_factory=list)
    width: int = WIDTH
    height: int = TOP + PLOT_HEIGHT + AXIS_HEIGHT
    top: float = TOP
    axis_y: float = TOP + PLOT_HEIGHT
    axis_left: float = MARGIN_X
    axis_right: float = WIDTH - MARGIN_X

    @property
    def listed_bars(self) -> list[Bar]:
        """The periods with events, for the table."""
        return [bar for bar in self.bars if bar.total]


def timeline_link(first: str, second: str, *, unverified: bool):
    """What gives the timeline's address filtered to the pair (`with`: also involving the
    second), some types and a period; the pair's part encoded once per chart. A visitor
    counted unverified events asks the timeline for them too (the review filter)."""
    pair = [("actor", first), ("with", second)]
    if unverified:
        pair += [("review", ReviewStatus.PROPOSED), ("review", ReviewStatus.VERIFIED)]
    base = f"{reverse('events:event-list')}?{urlencode(pair)}"

    def link(types: tuple[str, ...] = (), period: tuple[str, str] | None = None) -> str:
        query = [("type", value) for value in types]
        if period is not None:
            query += [("from", period[0]), ("to", period[1])]
        return f"{base}&{urlencode(query)}" if query else base

    return link


def pair_chart(
    by_month: dict[date, Counter], undated: int, link, names: tuple[str, str]
) -> PairChart | None:
    """The chart of the pair's events per month (per year past MONTHS_AT_MOST months),
    or None when none has a known date. `link(types, period)` makes a part's address
    (see timeline_link()); `names` are the two actors'."""
    months = {month_index(day): counts for day, counts in by_month.items() if sum(counts.values())}
    if not months:
        return None
    first, last = min(months), max(months)
    if last - first + 1 <= MONTHS_AT_MOST:
        periods = [(index, index, months.get(index, Counter())) for index in range(first, last + 1)]
        unit = "month"
    else:
        periods, unit = _by_years(months)
    axis = Axis(month_start(periods[0][0]).toordinal(), period_end(periods[-1][1]))
    largest = max(sum(counts.values()) for _, _, counts in periods)
    scale, gridlines = _scale(largest)

    bars = []
    totals: Counter = Counter()
    for start, end, counts in periods:
        name, period = period_names(start, end, unit)
        x0 = axis.x(month_start(start).toordinal())
        x1 = axis.x(period_end(end))
        segments = []
        bottom = TOP + PLOT_HEIGHT
        for quad in CLASSES:
            count = sum(counts.get(event_type, 0) for event_type in quad.types)
            if not count:
                continue
            totals[quad.key] += count
            height = max(1.0, round(count * scale, 1))
            bottom = round(bottom - height, 1)
            segments.append(
                Segment(
                    quad=quad,
                    count=count,
                    href=link(quad.types, period),
                    label=f"{name}: {_events_text(count)} of {quad.label}",
                    y=bottom,
                    height=height,
                )
            )
        bars.append(
            Bar(
                label=name,
                href=link((), period),
                total=sum(segment.count for segment in segments),
                x=x0,
                width=max(1.0, round(x1 - x0 - BAR_GAP, 1)),
                segments=segments,
            )
        )

    drawn = sum(totals.values())
    span = span_text(month_start(first), month_start(last), by_year=unit != "month")
    summary = f"{_events_text(drawn)} {span}, counted by {unit}: " + ", ".join(
        f"{totals[quad.key]:,} {quad.label}" for quad in CLASSES
    )
    if undated:
        summary += f"; {_events_text(undated)} without a known date not drawn"
    return PairChart(
        title=f"Events involving both {names[0]} and {names[1]}, per {unit}, by kind",
        summary=summary + ".",
        unit=unit,
        bars=bars,
        ticks=axis_ticks(axis),
        gridlines=gridlines,
        legend=[LegendEntry(quad, totals[quad.key]) for quad in CLASSES],
    )


def _events_text(count: int) -> str:
    return f"{count:,} event{'' if count == 1 else 's'}"


def _by_years(months: dict[int, Counter]) -> tuple[list[tuple[int, int, Counter]], str]:
    """Every year (or run of years, when more than MAX_BARS) from the first to the last,
    with its counts: the periods run on without gaps, empty ones too."""
    first_year, last_year = min(months) // 12, max(months) // 12
    years = last_year - first_year + 1
    step = next((s for s in YEAR_STEPS if math.ceil(years / s) <= MAX_BARS), None)
    step = step or math.ceil(years / MAX_BARS)
    start = max(first_year - first_year % step, date.min.year)  # there is no year 0
    runs: dict[int, Counter] = {year: Counter() for year in range(start, last_year + 1, step)}
    for index, counts in months.items():
        year = index // 12
        runs[max(year - year % step, date.min.year)].update(counts)
    periods = [(year * 12, (year + step) * 12 - 1, counts) for year, counts in runs.items()]
    return periods, "year" if step == 1 else f"{step} years"


def _scale(largest: int) -> tuple[float, list[Gridline]]:
    """Pixels per event, so the tallest bar fills the plot's height at the top gridline,
    and the gridlines at round counts (1, 2 or 5 times a power of ten apart)."""
    magnitude = 10 ** max(0, math.floor(math.log10(largest)) - 1) if largest else 1
    step = next(
        s * magnitude
        for s in (1, 2, 5, 10, 20, 50, 100)
        if math.ceil(largest / (s * magnitude)) <= MAX_GRIDLINES
    )
    top = math.ceil(largest / step) * step
    scale = PLOT_HEIGHT / top
    gridlines = [
        Gridline(y=round(TOP + PLOT_HEIGHT - value * scale, 1), label=f"{value:,}")
        for value in range(step, top + 1, step)
    ]
    return scale, gridlines
