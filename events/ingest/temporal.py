"""Temporal expressions in news text, normalised to EDTF against the publication date.

One compiled pattern is tried, left to right, at each word that can start an expression;
its alternatives run from the most specific to the least, so "later this year" wins over
"this year" and "April 28, 2021" over "2021", and the text after a match is not looked at
again. Each match goes to a small resolver that turns it into EDTF, or rejects it (a count
such as "to 2000 troops", a relative phrase with no publication date to anchor it).

A phrase is the expression itself: a governing preposition ("on", "in", "since", "over")
stays outside it, so "on Wednesday" gives "Wednesday" and "over the weekend" "the weekend".
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from events.ingest import calendar_terms as terms


@dataclass(frozen=True)
class TemporalExpression:
    start: int
    end: int
    phrase: str
    edtf: str
    rule: str


# --- vocabulary -------------------------------------------------------------------------


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words before a bare year or month that make it a date ("in 2020", "since May").
_DATE_LEADS = _word_set(
    """in since by until till through throughout during from to of for year years before
    after between circa c"""
)
# Words after a number that make it a count ("to 2000 troops"), not a year.
_COUNTED = _word_set(
    """troops soldiers personnel people persons men women children doses vials tonnes tons
    tonne units km kms kilometres kilometers miles metres meters kg kilograms crore crores
    lakh lakhs million billion thousand hundred dollars rupees euros roubles rubles usd inr
    mw gw barrels beds cases deaths pages words members delegates students visitors tourists
    vehicles aircraft jets tanks flights ventilators cylinders concentrators hectares acres
    feet hours hrs minutes seconds days weeks months years times points votes seats rounds
    shells missiles workers nationals citizens refugees migrants villages companies projects
    items packs boxes kits containers trucks sq square percent per %"""
)
# Words before "to"/"by"/"of"/"from" that introduce a quantity ("rose to 2000").
_QUANTITY_LEADS = _word_set(
    """up rose risen rise rises increase increased increases decrease decreased decreases
    reduce reduced reduces fell fallen fall dropped drop grew grown jumped climbed raised
    cut amounted amounting amount total totalling totaling number numbered sum tune batch
    fleet consignment group contingent capacity range maximum minimum average nearly about
    approximately some over estimated"""
)
# "2020 was the first time…": a year as the subject of one of these verbs.
_YEAR_SUBJECT = re.compile(
    r"\s+(?:was|saw|is|will|has|had|marked|marks|brought|proved|witnessed|began|ended|became"
    r"|remains|remained|also)\b"
)
# "The Sunday Guardian", "the Sunday Times": a paper's name, not a day.
_NEWSPAPER = re.compile(
    r"\s+(?:Guardian|Times|Express|Telegraph|Post|Standard|Mirror|Observer|Tribune|Herald|Mail"
    r"|Independent|Star|Review)\b"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?;:])[\s\"'“‘(\[]*$")
_NEXT_WORD = re.compile(r"\s*(%|[A-Za-z]+)")
_WORDS_BEFORE = re.compile(r"(?<!\w)(?:(\w+)\s+)?(\w+)\s+$")
# What joins the expressions of a list ("2018, 2019 and 2020", "May–June"), after any spaces.
_SPACES = re.compile(r"\s*")
_LINKS = (
    re.compile(r"(?:,\s*)?(?:and|or|to|till|until|through|&)\s+"),
    re.compile(r",\s*"),
    re.compile(r"[-–—]\s*"),
)


def _words(names: Iterable[str], *, dot: bool = False) -> str:
    """Title-case and upper-case forms of each name, longest first, as one alternation."""
    forms = sorted({f for name in names for f in (name.title(), name.upper())}, key=len)
    alternation = "|".join(reversed(forms))
    return rf"(?:{alternation})\b" + (r"\.?" if dot else "")


_FULL_MONTH = _words(terms.MONTH_NAMES)
_MONTH = rf"(?:{_FULL_MONTH}|{_words(terms.MONTH_ABBREVIATIONS, dot=True)})"
_WEEKDAY = _words(terms.WEEKDAYS)
_DAY = r"\b(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"\b\d{4}(?![\d%]|[.,:/-]\d)"
_COUNT = (
    r"\d{1,3}|(?i:a\s+couple\s+of|couple\s+of|a\s+few|few|several|some|many|an?|one|two|three"
    r"|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
_QUALIFIER = (
    r"(?i:(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half"
    r"|(?:first|second|third|fourth|last|final)\s+quarter)\s+of\s+|(?:early|mid|late)[\s-]+"
    r"|(?:end|mid)-)"
)
_DASH = r"\s*(?:[-–—]|(?i:to|and|&)\s)\s*"

# Alternatives in priority order: where two can start at the same place, the earlier wins.
_ALTERNATIVES = {
    "day_range_dmy": rf"(?P<rd1>{_DAY}){_DASH}(?P<rd2>{_DAY})(?:\s+(?i:of))?\s+(?P<rm>{_MONTH})"
    rf"(?:,?\s+(?P<ry>{_YEAR}))?",
    "day_range_mdy": rf"\b(?P<sm>{_MONTH})\s+(?P<sd1>{_DAY}){_DASH}(?P<sd2>{_DAY})"
    rf"(?:,?\s+(?P<sy>{_YEAR}))?",
    "day_dmy": rf"(?:\b{_WEEKDAY},?\s+)?(?:(?i:the)\s+)?(?P<dd>{_DAY})(?:\s+(?i:of))?"
    rf"(?:\s*-\s*|\s+)(?P<dm>{_MONTH})(?:(?:,?\s+|\s*-\s*)(?P<dy>{_YEAR}))?",
    "day_mdy": rf"(?:\b{_WEEKDAY},?\s+)?\b(?P<am>{_MONTH})\s+(?P<ad>{_DAY})"
    rf"(?:,?\s+(?P<ay>{_YEAR}))?",
    "day_iso": r"(?<![\w./-])(?P<iy>\d{4})(?P<isep>[-/])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})"
    r"(?![\w]|[./-]\d)",
    "day_numeric": r"(?<![\w./-])(?P<n1>\d{1,2})(?P<nsep>[./-])(?P<n2>\d{1,2})(?P=nsep)"
    r"(?P<ny>\d{4})(?![\w]|[./-]\d)",
    "year_part": rf"(?P<yq>{_QUALIFIER})(?:(?P<yqy>{_YEAR})|(?P<yqr>(?i:this|last|next|the))"
    r"\s+(?i:year)\b)",
    "month_part": rf"(?P<pq>{_QUALIFIER})(?P<pr>(?i:this|last|next|the))\s+(?i:month)\b",
    "quarter": rf"\b(?P<qn>Q[1-4])\s+(?:(?i:of)\s+)?(?P<qy>{_YEAR})",
    "month": rf"(?P<mq>{_QUALIFIER})?(?:(?P<mr>(?i:this|last|next|coming))\s+)?\b(?P<mn>{_MONTH})"
    rf"(?:(?:\s+(?i:of)|,)?\s+(?P<my>{_YEAR})|\s+(?P<myr>(?i:this|last|next))\s+(?i:year)\b)?",
    "season": r"\b(?:(?P<sr>(?i:this|last|next|coming))\s+)?(?P<sn>(?i:spring|summer|autumn|fall"
    rf"|winter))(?(sr)|(?:\s+(?i:of))?\s+(?P<sny>{_YEAR}))\b",
    "the_year": rf"\b(?i:the\s+year)\s+(?P<ty>{_YEAR})",
    "year_range": r"(?<![\w$₹£€#.,/+-])(?P<ya>\d{4})\s*[-–]\s*(?P<yb>\d{4}|\d{2})"
    r"(?![\w%]|[.,:/-]\d)",
    "year": r"(?<![\w$₹£€#.,/+-])(?P<y>\d{4})(?![\w%]|[.,:/-]\d|\s*[-–]\s*\d)",
    "day_word": r"\b(?P<dw>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
    r"|(?:earlier|later)\s+today|today|tonight|this\s+(?:morning|afternoon|evening)"
    r"|last\s+(?:night|evening)|yesterday|tomorrow))"
    r"(?:\s+(?i:morning|afternoon|evening|night))?\b",
    "weekend": r"\b(?P<wk>(?i:the\s+past|the\s+coming|this\s+past|this\s+coming|the|this|last|next"
    r"))\s+(?i:weekend)\b(?!\s+of\b)",
    "period": r"\b(?P<pp>(?i:(?:earlier|later|so\s+far)\s+this|(?:the\s+|this\s+)?(?:past|coming)"
    r"|the\s+(?:last|next)|this|last|next))\s+(?P<pu>(?i:week|month|year))\b(?!\s+of\b|-)",
    "span": rf"\b(?P<np>(?i:(?:the\s+)?(?:last|past|next|coming)))\s+(?P<nn>{_COUNT})\s+"
    r"(?P<nu>(?i:days|weeks|months|years))\b",
    "ago": rf"\b(?P<an>{_COUNT})\s+(?P<au>(?i:days?|weeks?|months?|years?))\s+(?i:ago)\b",
    "weekday": rf"\b(?:(?P<wp>(?i:last|next|this|coming|past|late|early))\s+)?(?P<wd>{_WEEKDAY})"
    r"(?:\s+(?:(?i:of)\s+)?(?P<ww>(?i:last|next|this))\s+(?i:week)\b"
    r"|\s+(?P<ws>last|next)\b(?!\s+(?i:week|month|year)))?"
    r"(?:\s+(?i:morning|afternoon|evening|night))?",
    "coming": r"\b(?i:(?:the\s+)?(?:coming|upcoming|next\s+few)\s+(?:days|weeks|months))\b",
    "recent": r"\b(?P<rc>(?i:recent\s+(?:days|weeks|months|years|times)|recently|lately"
    r"|previously|earlier))\b",
    "soon": r"\b(?i:soon|shortly)\b",
}
_PATTERN = re.compile("|".join(f"(?P<{name}>{body})" for name, body in _ALTERNATIVES.items()))
# Every word an expression can start with, besides numbers. Trying the full pattern only
# where one of them stands is several times faster than letting it search the whole text.
_STARTING_WORDS = (
    _word_set(
        """the very end beginning start middle first second third fourth final early mid late
        q1 q2 q3 q4 this last next coming upcoming past so earlier later today tonight
        yesterday tomorrow recent recently lately previously soon shortly spring summer autumn
        fall winter a an couple few several some many one two three four five six seven eight
        nine ten eleven twelve"""
    )
    | set(terms.MONTH_NAMES)
    | set(terms.MONTH_ABBREVIATIONS)
    | set(terms.WEEKDAYS)
)
_WORD = re.compile(r"\w+")


# --- resolvers: one per alternative ------------------------------------------------------

type Resolution = tuple[str, str] | None


@dataclass(frozen=True)
class _Last:
    """The expression found last, and where one listed after it would start: past the
    spaces, a link and the spaces after it. Found once, not for each word that follows:
    matching the whole gap anew at every candidate made a long run of spaces cubic."""

    expression: TemporalExpression
    list_starts: frozenset[int]


type _Previous = _Last | None
# A resolution that rejects the whole span, so no shorter reading inside it is tried.
_NOT_A_DATE: tuple[str, str] = ("", "")


def _explicit_day(
    year: str | None, month: int, day: int, pub: date | None, future: bool
) -> tuple[date, str] | None:
    """The day and its rule; without a year, the year the publication and tense suggest."""
    if year is not None:
        found_year = terms.valid_year(year)
        found = found_year and terms.safe_day(found_year, month, day)
        return (found, "absolute-day") if found else None
    if pub is None:
        return None
    found = terms.day_without_year(month, day, pub, future)
    return (found, "day-without-year") if found else None


def _resolve_day_dmy(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    got = _explicit_day(
        m["dy"], terms.month_number(m["dm"]), terms.day_number(m["dd"]), pub, future
    )
    return (terms.iso_edtf(got[0]), got[1]) if got else None


def _resolve_day_mdy(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    got = _explicit_day(
        m["ay"], terms.month_number(m["am"]), terms.day_number(m["ad"]), pub, future
    )
    return (terms.iso_edtf(got[0]), got[1]) if got else None


def _day_range(
    year: str | None, month_name: str, first: str, last: str, pub: date | None, future: bool
) -> Resolution:
    month = terms.month_number(month_name)
    lower = _explicit_day(year, month, terms.day_number(first), pub, future)
    if lower is None:
        return None
    upper = terms.safe_day(lower[0].year, month, terms.day_number(last))
    if upper is None or upper <= lower[0]:
        return None
    return terms.days_edtf(lower[0], upper), "day-range"


def _resolve_day_range_dmy(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    return _day_range(m["ry"], m["rm"], m["rd1"], m["rd2"], pub, future)


def _resolve_day_range_mdy(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    return _day_range(m["sy"], m["sm"], m["sd1"], m["sd2"], pub, future)


def _resolve_day_iso(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    year = terms.valid_year(m["iy"])
    found = year and terms.safe_day(year, int(m["im"]), int(m["id"]))
    return (terms.iso_edtf(found), "absolute-day") if found else None


def _resolve_day_numeric(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    year = terms.valid_year(m["ny"])
    if not year:
        return None
    first, second = int(m["n1"]), int(m["n2"])
    # Day first, as in Indian, Russian and European usage; month first only when it must be.
    found = terms.safe_day(year, second, first) or terms.safe_day(year, first, second)
    return (terms.iso_edtf(found), "absolute-day") if found else None


def _resolve_year_part(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    part = terms.YEAR_PARTS.get(terms.qualifier_key(m["yq"]))
    if part is None:
        return None
    if m["yqy"]:
        year = terms.valid_year(m["yqy"], 1800, 2199)
        return (terms.months_edtf(year, *part), "year-part") if year else None
    if pub is None:
        return None
    year = terms.relative_year(m["yqr"], pub)
    if m["yqr"].lower() == "the":
        # "the end of the year" is this year's unless the tense says it has to be another.
        if not future and date(year, part[0], 1) > pub:
            year -= 1
        elif future and date(year, part[1], terms.month_end(year, part[1])) < pub:
            year += 1
    return terms.months_edtf(year, *part), "year-part"


def _resolve_month_part(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    if pub is None:
        return None
    month = terms.add_months(pub.replace(day=1), {"last": -1, "next": 1}.get(m["pr"].lower(), 0))
    edtf = terms.month_part(m["pq"], month.year, month.month)
    return (edtf, "month-part") if edtf else None


def _resolve_quarter(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    year = terms.valid_year(m["qy"], 1800, 2199)
    if not year:
        return None
    first = (int(m["qn"][1]) - 1) * 3 + 1
    return terms.months_edtf(year, first, first + 2), "year-part"


def _resolve_month(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    name, qualifier, relative = m["mn"], m["mq"], m["mr"]
    month = terms.month_number(name)
    if m["my"]:
        year = terms.valid_year(m["my"], 1800, 2199)
        if year is None:
            return None
        rule = "month-year"
    elif terms.is_abbreviation(name):
        return None  # "Mar", "Jan" alone are too often names
    elif pub is None:
        return None
    elif m["myr"]:
        year, rule = terms.relative_year(m["myr"], pub), "relative-month"
    elif relative:
        word = relative.lower()
        if word == "last":
            year = pub.year if month < pub.month else pub.year - 1
        elif word in {"next", "coming"}:
            year = pub.year if month > pub.month else pub.year + 1
        else:
            year = pub.year
        rule = "relative-month"
    elif _chained(m.start(), previous, _MONTH_RULES):
        # "in May and June": the list shares a year, rolling over when the months do.
        listed = previous.expression.edtf
        year = int(listed[:4])
        if len(listed) >= 7 and month < int(listed[5:7]):
            year += 1
        rule = "month"
    elif qualifier or _led(text, m.start()):
        year, rule = terms.year_of_month(month, pub, future), "month"
    else:
        return None
    if qualifier:
        edtf = terms.month_part(qualifier, year, month)
        return (edtf, "month-part") if edtf else None
    return terms.month_edtf(year, month), rule


def _resolve_season(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    first, last = terms.SEASONS[m["sn"].lower()]
    if m["sny"]:
        year = terms.valid_year(m["sny"], 1800, 2199)
        return (terms.months_edtf(year, first, last), "season") if year else None
    if pub is None:
        return None
    word = m["sr"].lower()
    year = pub.year - 1 if first == 12 and pub.month <= 2 else pub.year
    start = date(year, first, 1)
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    end = date(end_year, end_month, terms.month_end(end_year, end_month))
    if word == "last" and end >= pub:
        year -= 1
    elif word in {"next", "coming"} and start <= pub:
        year += 1
    return terms.months_edtf(year, first, last), "season"


def _resolve_the_year(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    year = terms.valid_year(m["ty"], 1900, 2100)
    return (str(year), "year") if year else None


def _resolve_year_range(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    first = terms.valid_year(m["ya"], 1900, 2100)
    second_text = m["yb"]
    if first is None:
        return None
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if not first < second <= first + 20 or _counts_something(text, m.end()):
        return None
    return f"{first}/{second}", "year-range"


def _resolve_year(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    year = terms.valid_year(m["y"], 1900, 2100)
    if year is None or _counts_something(text, m.end()):
        return None
    if (
        (_YEAR_SUBJECT.match(text, m.end()) and _starts_sentence(text, m.start()))
        or _chained(m.start(), previous, _YEAR_RULES)
        or _led(text, m.start())
    ):
        return str(year), "year"
    return None


def _resolve_day_word(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    if pub is None:
        return None
    words = " ".join(m["dw"].lower().split())
    if words == "today" and m["dw"][0] == "T" and _after_name(text, m.start()):
        return None  # "India Today", "Russia Today": a title, not a day
    offsets = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "last night": -1,
        "last evening": -1,
        "tomorrow": 1,
        "the day after tomorrow": 2,
    }
    offset = offsets.get(words, 0)
    rule = {-2: "yesterday", -1: "yesterday", 1: "tomorrow", 2: "tomorrow"}.get(offset, "today")
    return terms.iso_edtf(pub + timedelta(days=offset)), rule


def _resolve_weekend(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    if pub is None:
        return None
    word = " ".join(m["wk"].lower().split())
    saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)  # on or before
    if word in {"last", "the past", "this past"}:
        if saturday + timedelta(days=1) >= pub:
            saturday -= timedelta(days=7)
        return terms.days_edtf(saturday, saturday + timedelta(days=1)), "weekend"
    if word == "next":
        coming = pub + timedelta(days=(5 - pub.weekday()) % 7 or 7)
        return terms.days_edtf(coming, coming + timedelta(days=1)), "weekend"
    sunday = saturday + timedelta(days=1)
    if word in {"the coming", "this coming"} or (future and sunday < pub):
        saturday = terms.shift_forward(pub, 5, strictly=False)
        sunday = saturday + timedelta(days=1)
    if future:
        return terms.days_edtf(max(saturday, pub), sunday), "weekend"
    return terms.days_edtf(saturday, min(sunday, pub)), "weekend"


def _resolve_period(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    if pub is None:
        return None
    which = " ".join(m["pp"].lower().split())
    unit = m["pu"].lower()
    rule = f"{which.replace(' ', '-')}-{unit}"
    if which.startswith("the ") or "past" in which or "coming" in which:
        backwards = "past" in which or which == "the last"
        if not backwards and not future:
            return _NOT_A_DATE  # "the next year" in a past story counts from the story
        rule = f"{'past' if backwards else 'coming'}-{unit}"
        return _rolling(pub, 1, unit + "s", backwards=backwards), rule
    if unit == "week":
        start = terms.week_start(pub) + timedelta(days={"last": -7, "next": 7}.get(which, 0))
        lower, upper = start, start + timedelta(days=6)
    elif unit == "month":
        first = terms.add_months(pub.replace(day=1), {"last": -1, "next": 1}.get(which, 0))
        lower, upper = first, first.replace(day=terms.month_end(first.year, first.month))
    else:
        year = terms.relative_year(which, pub)
        lower, upper = date(year, 1, 1), date(year, 12, 31)
    if which in {"earlier this", "so far this"}:
        return terms.days_edtf(lower, pub), "earlier-this-" + unit
    if which == "later this":
        return terms.days_edtf(pub, upper), rule
    if unit == "month":
        return terms.month_edtf(lower.year, lower.month), rule
    if unit == "year":
        return str(lower.year), rule
    return terms.days_edtf(lower, upper), rule


def _rolling(pub: date, count: int, unit: str, *, backwards: bool) -> str:
    sign = -1 if backwards else 1
    if unit == "days":
        other = pub + timedelta(days=sign * count)
    elif unit == "weeks":
        other = pub + timedelta(days=sign * 7 * count)
    elif unit == "months":
        other = terms.add_months(pub, sign * count)
    else:
        other = terms.add_months(pub, sign * 12 * count)
    return terms.days_edtf(other, pub) if backwards else terms.days_edtf(pub, other)


def _resolve_span(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    if pub is None:
        return None
    backwards = any(word in m["np"].lower() for word in ("last", "past"))
    count = terms.number(m["nn"])
    if count is None:
        vague = f"../{terms.iso_edtf(pub)}" if backwards else f"{terms.iso_edtf(pub)}/.."
        return vague, "recently" if backwards else "coming"
    if not count:
        return None
    return _rolling(pub, count, m["nu"].lower(), backwards=backwards), "span"


def _resolve_ago(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    if pub is None:
        return None
    count = terms.number(m["an"])
    if count is None:
        return f"../{terms.iso_edtf(pub)}", "recently"
    unit = m["au"].lower().rstrip("s")
    if unit == "day":
        return terms.iso_edtf(pub - timedelta(days=count)), "ago"
    if unit == "week":
        # "two weeks ago" is loose talk: the day it lands on, approximately.
        return terms.iso_edtf(pub - timedelta(days=7 * count)) + "~", "ago"
    if unit == "month":
        then = terms.add_months(pub, -count)
        return terms.month_edtf(then.year, then.month), "ago"
    return str(pub.year - count), "ago"


def _resolve_weekday(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    if pub is None:
        return None
    if _NEWSPAPER.match(text, m.end()):
        return _NOT_A_DATE
    weekday = terms.WEEKDAYS[m["wd"].lower()]
    prefix = (m["wp"] or "").lower()
    suffix = (m["ws"] or "").lower()
    if m["ww"]:
        offset = {"last": -7, "next": 7}.get(m["ww"].lower(), 0)
        found = terms.week_start(pub) + timedelta(days=offset + weekday)
        rule = "weekday"
    elif prefix in {"last", "past"} or suffix == "last":
        found, rule = terms.shift_back(pub, weekday, strictly=True), "last-weekday"
    elif prefix in {"next", "coming"} or suffix == "next":
        found, rule = terms.shift_forward(pub, weekday, strictly=True), "next-weekday"
    elif prefix == "this":
        found, rule = terms.week_start(pub) + timedelta(days=weekday), "weekday"
    elif future:
        found, rule = terms.shift_forward(pub, weekday, strictly=True), "weekday"
    else:
        found, rule = terms.shift_back(pub, weekday, strictly=False), "weekday"
    return terms.iso_edtf(found), rule


def _resolve_coming(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    return (f"{terms.iso_edtf(pub)}/..", "coming") if pub else None


_NOT_RECENT_AFTER = re.compile(r"\s+(?:than|in|on|at|during|this|last|that|today)\b", re.I)
_NOT_RECENT_BEFORE = _word_set(
    """day days week weeks month months year years hour hours minute minutes moment moments
    decade decades century centuries"""
)


def _resolve_recent(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    if pub is None or _NOT_RECENT_AFTER.match(text, m.end()):
        return None
    _, before = _words_before(text, m.start())
    if before and before.lower() in _NOT_RECENT_BEFORE:
        return None  # "two days earlier" counts from the story, not the publication
    return f"../{terms.iso_edtf(pub)}", "recently"


_NOT_SOON_AFTER = re.compile(r"\s+(?:after|before|as|thereafter|afterwards)\b", re.I)


def _resolve_soon(
    m: re.Match[str], text: str, pub: date | None, future: bool, previous: _Previous
) -> Resolution:
    if pub is None or not future or _NOT_SOON_AFTER.match(text, m.end()):
        return None
    return f"{terms.iso_edtf(pub)}/..", "soon"


# --- context checks ----------------------------------------------------------------------

_YEAR_RULES = frozenset({"year", "year-range", "month-year", "year-part", "absolute-day"})
_MONTH_RULES = frozenset({"month", "month-year", "relative-month", "month-part"})


def _words_before(text: str, start: int) -> tuple[str | None, str | None]:
    found = _WORDS_BEFORE.search(text, max(0, start - 60), start)
    return (found[1], found[2]) if found else (None, None)


def _chained(start: int, previous: _Previous, rules: frozenset[str]) -> bool:
    """Whether this follows a like expression in a list: "in 2018, 2019 and 2020"."""
    return (
        previous is not None and previous.expression.rule in rules and start in previous.list_starts
    )


def _list_starts(text: str, end: int) -> frozenset[int]:
    """Where an expression listed after one ending at `end` may start: past the spaces, a
    link and the spaces after it, each run of spaces taken whole, as the next expression
    starts at a word."""
    link_start = _SPACES.match(text, end).end()
    return frozenset(found.end() for link in _LINKS if (found := link.match(text, link_start)))


def _led(text: str, start: int) -> bool:
    """Whether a bare year or month follows a word that makes it a date ("in", "since")."""
    before_lead, lead = _words_before(text, start)
    if lead is None or lead.lower() not in _DATE_LEADS:
        return False
    # "rose to 2000", "a total of 2000": a quantity, whatever follows.
    return not (before_lead and before_lead.lower() in _QUANTITY_LEADS)


def _starts_sentence(text: str, start: int) -> bool:
    return _SENTENCE_START.search(text, max(0, start - 8), start) is not None


def _counts_something(text: str, end: int) -> bool:
    following = _NEXT_WORD.match(text, end)
    return bool(following) and following[1].lower() in _COUNTED


def _after_name(text: str, start: int) -> bool:
    _, before = _words_before(text, start)
    return bool(before) and before[0].isupper()


_RESOLVERS: dict[str, Callable[..., Resolution]] = {
    name: globals()[f"_resolve_{name}"] for name in _ALTERNATIVES
}


# --- public API ----------------------------------------------------------------------------


def find_temporal_expressions(
    text: str, published_on: date | None, *, future: bool = False
) -> list[TemporalExpression]:
    """Every temporal expression in `text`, in order, non-overlapping, as EDTF.

    Relative expressions ("on Wednesday", "later this month") are anchored on
    `published_on`; without it only absolute ones ("28 April 2021", "in 2020") are
    returned. `future` says the sentence speaks of what is to come, which turns a bare
    weekday or month forward instead of back.
    """
    found: list[TemporalExpression] = []
    previous: _Previous = None
    position = 0
    for word in _WORD.finditer(text):
        start, token = word.start(), word[0]
        if start < position or not (token[0].isdigit() or token.lower() in _STARTING_WORDS):
            continue
        match = _PATTERN.match(text, start)
        if match is None:
            continue
        resolved = _RESOLVERS[match.lastgroup](match, text, published_on, future, previous)
        if resolved is _NOT_A_DATE:
            position = match.end()
            continue
        if resolved is None:
            continue  # the next word may still start a shorter reading
        edtf, rule = resolved
        expression = TemporalExpression(match.start(), match.end(), match[0], edtf, rule)
        found.append(expression)
        previous = _Last(expression, _list_starts(text, expression.end))
        position = match.end()
    return found


def infer_publication_date(text: str) -> date | None:
    """The latest full day date written in the text (a signature, a dateline), or None."""
    days = [
        date.fromisoformat(expression.edtf)
        for expression in find_temporal_expressions(text, None)
        if len(expression.edtf) == 10
    ]
    return max(days, default=None)


# "BEIJING, March 3 (Reuters) -", "New Delhi, Aug 28:", "MOSCOW, May 2. /TASS/." at the start of a
# line near the top: the day a wire story was filed, which dates what it tells undated.
_DATELINE = re.compile(
    rf"^[ \t]*(?:[A-Z][\w.'’]*(?:[ \t/-]+[A-Z][\w.'’]*){{0,3}},?[ \t]+)?"
    rf"(?P<date>(?:{_MONTH}[ \t]+{_DAY}|{_DAY}[ \t]+{_MONTH})(?:,?[ \t]+{_YEAR})?)"
    r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?(?:[:—–-]|\.[ \t]*/[^/\n]{1,30}/)",
    re.MULTILINE,
)
_DATELINE_REACH = 600


def dateline_of(body: str, published_on: date | None) -> TemporalExpression | None:
    """The dateline's day, when a line near the top of the body opens with one."""
    found = _DATELINE.search(body, 0, _DATELINE_REACH)
    if found is None:
        return None
    for expression in find_temporal_expressions(found["date"], published_on):
        if len(expression.edtf) == 10:
            offset = found.start("date")
            return TemporalExpression(
                expression.start + offset,
                expression.end + offset,
                expression.phrase,
                expression.edtf,
                "dateline",
            )
    return None
