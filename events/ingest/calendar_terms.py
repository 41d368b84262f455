"""The calendar as news text names it, and the date arithmetic temporal's resolvers share:
month, weekday and number words, seasons, the parts of a year or month a qualifier covers
("early", "the end of", "Q3"), and EDTF strings for days, months and their spans."""

import calendar
from datetime import date, timedelta

MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS: dict[str, int] = {name: n for n, name in enumerate(MONTH_NAMES, 1)}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "a couple of": 2,
    "couple of": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 14),  # runs into the next year's February
}

# --- calendar arithmetic ----------------------------------------------------------------


def month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, month_end(year, month + 1)))


def iso_edtf(day: date) -> str:
    return day.isoformat()


def days_edtf(lower: date, upper: date) -> str:
    return iso_edtf(lower) if lower == upper else f"{iso_edtf(lower)}/{iso_edtf(upper)}"


def month_edtf(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def months_edtf(year: int, first: int, last: int) -> str:
    """Months first..last of a year (last may pass 12 into the next year)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return f"{month_edtf(year, first)}/{month_edtf(end_year, end_month)}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def shift_back(day: date, weekday: int, *, strictly: bool) -> date:
    delta = (day.weekday() - weekday) % 7
    return day - timedelta(days=delta or (7 if strictly else 0))


def shift_forward(day: date, weekday: int, *, strictly: bool) -> date:
    delta = (weekday - day.weekday()) % 7
    return day + timedelta(days=delta or (7 if strictly else 0))


def safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_without_year(month: int, day: int, published_on: date, future: bool) -> date | None:
    """The nearest sensible year for "28 April": the publication's, shifted by tense."""
    year = published_on.year
    if month == 2 and day == 29:
        # Leap day: the nearest leap year the tense allows.
        step = 1 if future else -1
        while not calendar.isleap(year) or not fits_tense(date(year, 2, 29), published_on, future):
            year += step
        return date(year, 2, 29)
    found = safe_day(year, month, day)
    if found is None:
        return None
    if fits_tense(found, published_on, future):
        return found
    return found.replace(year=year + 1 if future else year - 1)


def fits_tense(day: date, published_on: date, future: bool) -> bool:
    if future:
        return day >= published_on
    return day <= published_on + timedelta(days=31)


def year_of_month(month: int, published_on: date, future: bool) -> int:
    """The year of "in May": this year, the next if future and past, the last if far ahead."""
    year = published_on.year
    if future and month < published_on.month:
        return year + 1
    if not future and date(year, month, 1) > published_on + timedelta(days=31):
        return year - 1
    return year


def relative_year(word: str, published_on: date) -> int:
    return published_on.year + {"last": -1, "next": 1}.get(word.lower(), 0)


def number(words: str) -> int | None:
    words = " ".join(words.lower().split())
    if words.isdigit():
        return int(words)
    return NUMBER_WORDS.get(words)


def valid_year(text: str, low: int = 1000, high: int = 2999) -> int | None:
    year = int(text)
    return year if low <= year <= high else None


def month_number(name: str) -> int:
    key = name.rstrip(".").lower()
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


def is_abbreviation(name: str) -> bool:
    return name.rstrip(".").lower() not in MONTHS


def day_number(text: str) -> int:
    return int(text.rstrip("stndrh"))


# --- qualifiers ("early", "the end of", "Q3") --------------------------------------------


def qualifier_key(text: str) -> str:
    words = text.lower().replace("-", " ").split()
    words = [w for w in words if w not in {"the", "very", "of"}]
    return " ".join(words)


# Months of a year and days of a month each qualifier covers.
YEAR_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 4),
    "mid": (5, 8),
    "middle": (5, 8),
    "late": (9, 12),
    "beginning": (1, 3),
    "start": (1, 3),
    "end": (10, 12),
    "first half": (1, 6),
    "second half": (7, 12),
    "first quarter": (1, 3),
    "second quarter": (4, 6),
    "third quarter": (7, 9),
    "fourth quarter": (10, 12),
    "last quarter": (10, 12),
    "final quarter": (10, 12),
}
MONTH_PARTS: dict[str, tuple[int, int]] = {
    "early": (1, 10),
    "beginning": (1, 10),
    "start": (1, 10),
    "mid": (11, 20),
    "middle": (11, 20),
    "late": (21, 31),
    "end": (21, 31),
    "first half": (1, 15),
    "second half": (16, 31),
}


def month_part(qualifier: str, year: int, month: int) -> str | None:
    part = MONTH_PARTS.get(qualifier_key(qualifier))
    if part is None:
        return None
    last = month_end(year, month)
    return days_edtf(date(year, month, part[0]), date(year, month, min(part[1], last)))
