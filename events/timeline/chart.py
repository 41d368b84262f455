"""The overview chart above the timeline: the matching events on one time axis, as SVG data.

Everything here is arithmetic on a handful of columns; the template only loops and prints.
Up to MARK_LIMIT events are drawn one mark each (a point for a day, a bar for an interval);
more are counted per month (or year) into a density strip whose bins narrow the date filter.
Either way the chart costs one SQL query and its size does not grow with the data.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal
from urllib.parse import urlencode

from django.db.models import CharField, Count, QuerySet
from django.db.models.functions import Cast, Coalesce, Substr
from django.http import QueryDict
from django.urls import reverse

from events.models import CHRONOLOGICAL, Event, EventStatus, EventType, ReviewStatus

MARK_LIMIT = 200  # more matching events than this are binned into a density strip
MAX_MONTH_BINS = 120  # beyond ten years of months, bins are years (or runs of years)
MAX_LANES = 20  # further overlapping marks share the lane that frees up first

WIDTH = 800
MARGIN_X = 28  # room for a tick label centred on the axis end
TOP = 8
LANE_HEIGHT = 14
POINT_RADIUS = 5
BAR_HEIGHT = 8
MIN_BAR_WIDTH = 4
MARK_GAP = 3  # horizontal room kept between marks in one lane
AXIS_HEIGHT = 30  # the axis line, its ticks and their labels
STRIP_HEIGHT = 56  # tallest density bin
MAX_TICKS = 12
ARROW = 5  # size of the arrowhead at an open interval end

YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
_MONTH_STEPS = (1, 2, 3, 6)
_TYPE_LABELS = dict(EventType.choices)
_STATUS_LABELS = dict(EventStatus.choices)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Mark:
    """One event: a point (cx, cy) for a single day, else a bar from x to x + width."""

    href: str
    label: str
    css_class: str
    is_point: bool
    x: float
    y: float
    radius: float = 0
    width: float = 0
    height: float = 0
    mask: str = ""  # id of the fade applied to a bar with an open end
    arrows: tuple[str, ...] = ()  # path data of arrowheads at open ends


@dataclass(frozen=True)
class Bin:
    """A month's (or years') count in the density strip, linking to the narrowed timeline."""

    href: str
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float
    hit_y: float  # the whole strip's height is clickable, however short the bar
    hit_height: float


@dataclass(frozen=True)
class LegendEntry:
    label: str
    css_class: str
    shape: Literal["point", "hollow", "dashed", "open", "faint"] = "point"


class Frame:
    """What an SVG chart's template reads of its frame: the view box, and where the ticks
    end and their labels sit under the axis (at axis_y)."""

    width: int
    height: int
    axis_y: float

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def tick_end_y(self) -> float:
        return self.axis_y + 5

    @property
    def label_y(self) -> float:
        return self.axis_y + 18


@dataclass
class Chart(Frame):
    mode: Literal["marks", "bins"]
    width: int
    height: int
    title: str
    summary: str
    unit: str  # what one mark or bin stands for: "event", "month", "year", "10 years"
    axis_y: float
    ticks: list[Tick]
    marks: list[Mark] = field(default_factory=list)
    bins: list[Bin] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)

    top: float = TOP
    axis_left: float = MARGIN_X
    axis_right: float = WIDTH - MARGIN_X

    @property
    def has_fades(self) -> bool:
        return any(mark.mask for mark in self.marks)


def overview_chart(
    events: QuerySet[Event],
    total: int,
    params: QueryDict,
    months: Callable[[], dict[date, int] | None] = lambda: None,
) -> Chart | None:
    """The overview of the filtered events, or None when none of them can be drawn.

    `total` is the number of matching events (already counted for the paginator);
    `params` are the request's filters, kept in the links that narrow the dates;
    `months()` gives the events per month when they are counted already (else None).
    """
    if total <= 0:
        return None
    if total <= MARK_LIMIT:
        return _marks_chart(events, total)
    return _bins_chart(events, total, params, months())


# Shared axis arithmetic: days are proleptic ordinals, so any date range maps linearly.


@dataclass(frozen=True)
class Axis:
    first: int  # ordinal of the axis's first day
    last: int  # ordinal of the day after the axis's last day

    def x(self, ordinal: float) -> float:
        share = (ordinal - self.first) / (self.last - self.first)
        return round(MARGIN_X + share * (WIDTH - 2 * MARGIN_X), 1)


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def axis_ticks(axis: Axis) -> list[Tick]:
    """Year ticks, or month ticks when the axis spans under three years."""
    first = date.fromordinal(axis.first)
    last = date.fromordinal(axis.last - 1)
    months = month_index(last) - month_index(first)
    if months < 36:
        step = next((s for s in _MONTH_STEPS if months / s <= MAX_TICKS), 12)
        index = month_index(first) + (first.day != 1)
        index += -index % step
        ticks = []
        while index <= month_index(last):
            start = month_start(index)
            label = f"{start:%b %Y}" if start.month == 1 or not ticks else f"{start:%b}"
            ticks.append(Tick(axis.x(start.toordinal()), label))
            index += step
        return ticks
    years = last.year - first.year
    step = next((s for s in YEAR_STEPS if years / s <= MAX_TICKS), YEAR_STEPS[-1])
    year = first.year + (first.timetuple().tm_yday != 1)
    year += -year % step
    ticks = []
    while year <= last.year:
        ticks.append(Tick(axis.x(date(year, 1, 1).toordinal()), str(year)))
        year += step
    return ticks


def span_text(first: date, last: date, by_year: bool = False) -> str:
    if by_year:
        return (
            f"in {first.year}" if first.year == last.year else f"from {first.year} to {last.year}"
        )
    if (first.year, first.month) == (last.year, last.month):
        return f"in {first:%b %Y}"
    return f"from {first:%b %Y} to {last:%b %Y}"


def _events_text(count: int) -> str:
    return f"{count:,} event{'' if count == 1 else 's'}"


# One mark per event.

_MARK_COLUMNS = (
    "slug",
    "title",
    "event_type",
    "status",
    "review_status",
    "date_lower",
    "date_upper",
    "date_display",
)


def _marks_chart(events: QuerySet[Event], total: int) -> Chart | None:
    rows = [
        row
        for row in events.order_by(*CHRONOLOGICAL).values(*_MARK_COLUMNS)[:MARK_LIMIT]
        if row["date_lower"] is not None or row["date_upper"] is not None
    ]
    if not rows:
        return None
    known = [row[end] for row in rows for end in ("date_lower", "date_upper") if row[end]]
    first, last = min(known), max(known)
    axis = _padded_axis(
        first,
        last,
        open_start=any(row["date_lower"] is None for row in rows),
        open_end=any(row["date_upper"] is None for row in rows),
    )
    placed = _assign_lanes([_extent(axis, row) for row in rows])
    lanes = 1 + max(lane for lane, _ in placed)
    axis_y = TOP + lanes * LANE_HEIGHT + 4
    marks = [_mark(row, x0, x1, TOP + (lane + 0.5) * LANE_HEIGHT) for lane, (x0, x1, row) in placed]

    summary = f"{_events_text(len(rows))} {span_text(first, last)}"
    if len(rows) < total:
        summary += f"; {_events_text(total - len(rows))} without a known date not drawn"
    return Chart(
        mode="marks",
        width=WIDTH,
        height=int(axis_y + AXIS_HEIGHT),
        title="Overview of the matching events on a time axis",
        summary=summary + ".",
        unit="event",
        axis_y=axis_y,
        ticks=axis_ticks(axis),
        marks=marks,
        legend=_marks_legend(rows),
    )


def _padded_axis(first: date, last: date, *, open_start: bool, open_end: bool) -> Axis:
    """From a little before the first known day to a little after the last.

    Open interval ends get more room, so their fading run to the edge stays visible.
    """
    span = (last - first).days + 1
    pad = max(round(span * 0.03), 20)
    open_pad = max(round(span * 0.1), 45)
    start = first.toordinal() - (open_pad if open_start else pad)
    end = last.toordinal() + 1 + (open_pad if open_end else pad)
    return Axis(max(start, date.min.toordinal()), min(end, date.max.toordinal()))


def _extent(axis: Axis, row: dict) -> tuple[float, float, dict]:
    """The horizontal room a mark takes: its bar's ends, or its point's diameter."""
    lower, upper = row["date_lower"], row["date_upper"]
    if lower is not None and lower == upper:
        cx = axis.x(lower.toordinal() + 0.5)
        return cx - POINT_RADIUS, cx + POINT_RADIUS, row
    x0 = axis.x(lower.toordinal()) if lower else axis.x(axis.first)
    x1 = axis.x(upper.toordinal() + 1) if upper else axis.x(axis.last)
    if x1 - x0 < MIN_BAR_WIDTH:
        middle = (x0 + x1) / 2
        x0, x1 = middle - MIN_BAR_WIDTH / 2, middle + MIN_BAR_WIDTH / 2
    return x0, x1, row


def _assign_lanes(extents):
    """Greedy interval packing: each mark goes to the first lane free at its start."""
    lane_ends: list[float] = []
    placed = []
    for x0, x1, row in sorted(extents, key=lambda extent: (extent[0], extent[1])):
        lane = next((i for i, end in enumerate(lane_ends) if end + MARK_GAP <= x0), None)
        if lane is None and len(lane_ends) < MAX_LANES:
            lane = len(lane_ends)
            lane_ends.append(x1)
        elif lane is None:
            lane = min(range(len(lane_ends)), key=lane_ends.__getitem__)
        lane_ends[lane] = max(lane_ends[lane], x1)
        placed.append((lane, (x0, x1, row)))
    return placed


def _mark(row: dict, x0: float, x1: float, y: float) -> Mark:
    lower, upper = row["date_lower"], row["date_upper"]
    css_class = f"mark type-{row['event_type']} status-{row['status']}"
    details = [_TYPE_LABELS.get(row["event_type"], row["event_type"])]
    if row["status"] != EventStatus.OCCURRED:
        details.append(_STATUS_LABELS.get(row["status"], row["status"]))
    if row["review_status"] != ReviewStatus.VERIFIED:
        css_class += " unverified"
        details.append("unverified")
    fields = {
        "href": reverse("events:event-detail", args=[row["slug"]]),
        "label": f"{row['title']} — {row['date_display']} ({', '.join(details)})",
    }
    if lower is not None and lower == upper:
        return Mark(
            **fields,
            css_class=css_class,
            is_point=True,
            x=round(x0 + POINT_RADIUS, 1),
            y=y,
            radius=POINT_RADIUS,
        )
    arrows = []
    mask = ""
    top = y - BAR_HEIGHT / 2
    if lower is None:
        css_class += " open-start"
        mask = "overview-fade-start"
        arrows.append(f"M{x0} {y}l{ARROW} -{ARROW}v{2 * ARROW}z")
    if upper is None:
        css_class += " open-end"
        mask = "overview-fade-end"
        arrows.append(f"M{x1} {y}l-{ARROW} -{ARROW}v{2 * ARROW}z")
    return Mark(
        **fields,
        css_class=css_class,
        is_point=False,
        x=round(x0, 1),
        y=top,
        width=round(x1 - x0, 1),
        height=BAR_HEIGHT,
        mask=mask,
        arrows=tuple(arrows),
    )


def _marks_legend(rows: list[dict]) -> list[LegendEntry]:
    types = {row["event_type"] for row in rows}
    legend = [
        LegendEntry(label, f"type-{value}") for value, label in EventType.choices if value in types
    ]
    statuses = {row["status"] for row in rows}
    if EventStatus.PLANNED in statuses:
        legend.append(LegendEntry("planned", "status-planned", "hollow"))
    if EventStatus.CANCELLED in statuses:
        legend.append(LegendEntry("cancelled", "status-cancelled", "dashed"))
    if any(row["date_lower"] is None or row["date_upper"] is None for row in rows):
        legend.append(LegendEntry("open-ended", "open", "open"))
    if any(row["review_status"] != ReviewStatus.VERIFIED for row in rows):
        legend.append(LegendEntry("unverified", "unverified", "faint"))
    return legend


# A density strip: counts per month, year or run of years.


def _bins_chart(
    events: QuerySet[Event], total: int, params: QueryDict, months: dict[date, int] | None
) -> Chart | None:
    if months is None:
        # The month as text ("YYYY-MM-DD" cut to seven characters): a plain string function
        # on either engine, where TruncMonth is a Python function called per row on SQLite.
        first_day = Cast(Coalesce("date_lower", "date_upper"), CharField())
        counts = (
            events.order_by()
            .annotate(month=Substr(first_day, 1, 7))
            .filter(month__isnull=False)
            .values("month")
            .annotate(count=Count("pk"))
        )
        months = {
            date(int(row["month"][:4]), int(row["month"][5:7]), 1): row["count"] for row in counts
        }
    by_month = {month_index(month): count for month, count in sorted(months.items()) if count}
    if not by_month:
        return None
    first, last = min(by_month), max(by_month)
    if last - first + 1 <= MAX_MONTH_BINS:
        periods = [(index, index, count) for index, count in by_month.items()]
        unit = "month"
    else:
        periods, unit = _by_years(by_month)

    axis = Axis(month_start(periods[0][0]).toordinal(), period_end(periods[-1][1]))
    axis_y = TOP + STRIP_HEIGHT
    largest = max(count for _, _, count in periods)
    bins = []
    narrowed = _narrower(params)
    for start, end, count in periods:
        x0 = axis.x(month_start(start).toordinal())
        x1 = axis.x(period_end(end))
        height = max(2.0, round(count / largest * STRIP_HEIGHT, 1))
        name, period = period_names(start, end, unit)
        bins.append(
            Bin(
                href=narrowed(period),
                label=f"{name}: {_events_text(count)}",
                count=count,
                x=x0,
                y=round(axis_y - height, 1),
                width=max(1.0, round(x1 - x0 - 1, 1)),
                height=height,
                hit_y=TOP,
                hit_height=STRIP_HEIGHT,
            )
        )
    drawn = sum(bin.count for bin in bins)
    span = span_text(month_start(first), month_start(last), by_year=unit != "month")
    summary = f"{_events_text(drawn)} {span}"
    summary += f", counted by {unit}"
    if drawn < total:
        summary += f"; {_events_text(total - drawn)} without a known date not counted"
    return Chart(
        mode="bins",
        width=WIDTH,
        height=int(axis_y + AXIS_HEIGHT),
        title=f"Number of matching events per {unit}",
        summary=summary + ".",
        unit=unit,
        axis_y=axis_y,
        ticks=axis_ticks(axis),
        bins=bins,
    )


def _by_years(by_month: dict[int, int]) -> tuple[list[tuple[int, int, int]], str]:
    """Roll months up to years, or to runs of years when even years are too many."""
    by_year: dict[int, int] = {}
    for index, count in by_month.items():
        by_year[index // 12] = by_year.get(index // 12, 0) + count
    years = max(by_year) - min(by_year) + 1
    step = next((s for s in YEAR_STEPS if math.ceil(years / s) <= MAX_MONTH_BINS), None)
    step = step or math.ceil(years / MAX_MONTH_BINS)
    runs: dict[int, int] = {}
    for year, count in by_year.items():
        run = max(year - year % step, date.min.year)  # there is no year 0
        runs[run] = runs.get(run, 0) + count
    periods = [(year * 12, (year + step) * 12 - 1, count) for year, count in sorted(runs.items())]
    return periods, "year" if step == 1 else f"{step} years"


def period_end(index: int) -> int:
    """Ordinal of the day after the month `index` ends."""
    if index // 12 >= date.max.year:
        return date.max.toordinal()
    return month_start(index + 1).toordinal()


def period_names(start: int, end: int, unit: str) -> tuple[str, tuple[str, str]]:
    """How a bin reads ("Apr 2021", "2021", "1990–1999") and its from/to filter values."""
    if unit == "month":
        month = month_start(start)
        return f"{month:%b %Y}", (f"{month.year:04d}-{month.month:02d}",) * 2
    first, last = f"{start // 12:04d}", f"{end // 12:04d}"
    if first == last:
        return first, (first, last)
    return f"{first}–{last}", (first, last)


def _narrower(params: QueryDict) -> Callable[[tuple[str, str]], str]:
    """What gives the timeline's address with the same filters but dates narrowed to a
    period: the address and the other filters encoded once per chart, not once a bin."""
    query = params.copy()
    for name in ("from", "to", "page"):
        query.pop(name, None)
    others = query.urlencode()
    base = f"{reverse('events:event-list')}?{others}{'&' if others else ''}"

    def narrowed(period: tuple[str, str]) -> str:
        return base + urlencode({"from": period[0], "to": period[1]})

    return narrowed
