"""Uncertain dates: EDTF strings turned into day bounds and a human display.

Pure functions over strings and dates, so the model, the fixture tests and
the ingest pipeline all read an EDTF string the same way.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from edtf import parse_edtf, struct_time_to_date
from edtf.parser.edtf_exceptions import EDTFParseException


class InvalidEDTF(ValueError):
    """An EDTF string the `edtf` package cannot read."""


_PLAIN_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def html_datetime(edtf: str) -> str | None:
    """The EDTF string when it is also a valid HTML <time datetime>, else None."""
    return edtf if _PLAIN_DATE.fullmatch(edtf) else None


@dataclass(frozen=True)
class DateBounds:
    """The earliest and latest possible day; None where an interval is open."""

    lower: date | None
    upper: date | None
    display: str


def _bound(value) -> date | None:
    # edtf reports an open interval end as ±infinity.
    return None if isinstance(value, float) else struct_time_to_date(value)


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _is_month_start(value: date) -> bool:
    return value.day == 1


def _is_month_end(value: date) -> bool:
    return value.day == calendar.monthrange(value.year, value.month)[1]


def _is_year_start(value: date) -> bool:
    return (value.month, value.day) == (1, 1)


def _is_year_end(value: date) -> bool:
    return (value.month, value.day) == (12, 31)


def _span(lower: date, upper: date) -> str:
    """The shortest honest reading of a closed span of days."""
    if lower == upper:
        return _day(lower)
    if _is_year_start(lower) and _is_year_end(upper):
        if lower.year == upper.year:
            return str(lower.year)
        return f"{lower.year}–{upper.year}"
    if _is_month_start(lower) and _is_month_end(upper):
        if (lower.year, lower.month) == (upper.year, upper.month):
            return f"{lower:%b %Y}"
        if lower.year == upper.year:
            return f"{lower:%b} – {upper:%b %Y}"
        return f"{lower:%b %Y} – {upper:%b %Y}"
    # "later this year": from the day it was said to the year's end.
    if _is_year_end(upper) and lower.year == upper.year:
        return f"later in {upper.year}"
    if (lower.year, lower.month) == (upper.year, upper.month):
        return f"{lower.day}–{_day(upper)}"
    if lower.year == upper.year:
        return f"{lower.day} {lower:%b} – {_day(upper)}"
    return f"{_day(lower)} – {_day(upper)}"


def date_precision(lower: date | None, upper: date | None) -> str:
    """How precisely a pair of bounds pins a date: day, month, year, span or open."""
    if lower is None or upper is None:
        return "open"
    if lower == upper:
        return "day"
    if _is_month_start(lower) and _is_month_end(upper) and lower.month == upper.month:
        return "month" if lower.year == upper.year else "span"
    if _is_year_start(lower) and _is_year_end(upper) and lower.year == upper.year:
        return "year"
    return "span"


def _known_end(edtf: str, day: date, *, last: bool) -> str:
    """The known end of a half-open interval, at its own precision ("by Apr 2021")."""
    part = edtf.split("/")[-1 if last else 0]
    plain = _plain_bounds(part)
    if plain is not None:
        return _span(*plain)
    try:
        end = parse_edtf(part)
        return _span(
            struct_time_to_date(end.lower_strict()), struct_time_to_date(end.upper_strict())
        )
    except (EDTFParseException, TypeError, AttributeError):
        return _day(day)


def bounds_overlap(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> bool:
    """Whether two (lower, upper) spans of possible days meet; None is an open end."""
    (a_lower, a_upper), (b_lower, b_upper) = a, b
    return (a_upper is None or b_lower is None or b_lower <= a_upper) and (
        b_upper is None or a_lower is None or a_lower <= b_upper
    )


def _qualified(edtf: str, text: str) -> str:
    if "~" in edtf or "%" in edtf:
        text = f"c. {text}"
    if "?" in edtf or "%" in edtf:
        text = f"{text}?"
    return text


_PLAIN_POINT = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?")


def _plain_bounds(point: str) -> tuple[date, date] | None:
    """Bounds of a plain year, month or day ("2021", "2021-04", "2021-04-28"), else None."""
    match = _PLAIN_POINT.fullmatch(point)
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    # Year 0 is EDTF but no Python date: the edtf package reports it as not a real date.
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
        exact = date(year, month, day)
    except ValueError:
        return None
    return exact, exact


def _fast_bounds(edtf: str) -> tuple[date | None, date | None] | None:
    """Strict bounds for the plain forms news dates take, without the edtf grammar.

    Years, months, days and (half-open) intervals of them: what ingest writes by the
    thousand. Anything else (qualifiers, seasons, unspecified digits) returns None and
    goes to the edtf package; a test checks both readings agree on the plain forms.
    """
    if "/" not in edtf:
        return _plain_bounds(edtf)
    start, _, end = edtf.partition("/")
    if start == end == "..":
        return None
    lower = None if start == ".." else _plain_bounds(start)
    upper = None if end == ".." else _plain_bounds(end)
    if (start != ".." and lower is None) or (end != ".." and upper is None):
        return None
    return (lower[0] if lower else None), (upper[1] if upper else None)


@lru_cache(maxsize=8192)
def parse_date(edtf: str) -> DateBounds:
    """Read an EDTF string into its strict day bounds and a display string.

    Plain forms are read directly; the rest by the edtf package, whose grammar takes
    milliseconds a string. Cached: the same strings recur constantly.

    Raises InvalidEDTF naming the string when it is not valid EDTF.
    """
    fast = _fast_bounds(edtf)
    if fast is not None:
        lower, upper = fast
    else:
        try:
            parsed = parse_edtf(edtf)
        except EDTFParseException:
            raise InvalidEDTF(f"{edtf!r} is not a valid EDTF date") from None
        try:
            lower = _bound(parsed.lower_strict())
            upper = _bound(parsed.upper_strict())
        except ValueError:  # the grammar takes "2021-02-29"; the calendar does not
            raise InvalidEDTF(f"{edtf!r} is not a real date") from None
    if lower is not None and upper is not None and lower > upper:
        raise InvalidEDTF(f"{edtf!r} ends before it starts")
    if lower is None and upper is None:
        display = "date unknown"
    elif lower is None:
        display = f"by {_known_end(edtf, upper, last=True)}"
    elif upper is None:
        display = f"from {_known_end(edtf, lower, last=False)}"
    else:
        display = _span(lower, upper)
    return DateBounds(lower=lower, upper=upper, display=_qualified(edtf, display))
