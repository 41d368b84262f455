"""Sentence splitting tuned for diplomatic reporting.

Offsets are character offsets into the text given, so a claim quoting a
sentence can point back at the exact span of its source. The splitter works in
two passes: lines are grouped into segments (a blank line, a bullet, a
headline-like line or a tweet trailer decides where a segment ends), then each
segment is cut at sentence-final punctuation that is not an abbreviation, an
initial, or inside a quotation or an embedded tweet.
"""

import bisect
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    start: int  # character offsets into the text given (characters, not bytes)
    end: int
    text: str  # == text[start:end]; surrounding whitespace and a leading bullet marker excluded


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Never end a sentence: titles before a name, and Latin connectives.
_NEVER_FINAL = _words(
    """mr mrs ms mx dr prof gen lt col capt maj brig adm cdr cmdr sgt cpl pvt rev fr hon
    sen rep gov amb pres supt insp st mt ft smt sh shri sri kum km dy jt addl messrs mme
    mlle vs v viz cf e.g i.e approx ca sec"""
)
# End a sentence except before a number ("No. 10", "Jan. 5", "Rs. 500").
_BEFORE_NUMBERS = _words(
    """no nos art arts para paras pp p pg vol vols ch chap fig figs rs inr op ref nr tel
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
# End a sentence only when a typical sentence opener follows ("Inc. The …").
_RARELY_FINAL = _words("jr sr inc ltd co corp al bros esq")
# Words that open sentences: after "U.S." or an initial they mean a new sentence.
_OPENERS = _words(
    """The This That These Those There Their They Then It Its He His She Her We Our You
    In On At As An A And But Or So Yet If For From With Without After Before During While
    When Where Since Until Although Though However Meanwhile Moreover Furthermore Also
    According Both Each Some Many Most All Several Such Other Another Last Next Earlier
    Later Today Yesterday Tomorrow Now Still Officials Analysts Experts Sources Separately
    Speaking Following Under Over Amid Despite Instead Thus Therefore Nevertheless Besides
    Here What Why How Who Which Did Does Do Is Are Was Were Will Would Could Should Can
    I"""
)
# A line ending in one of these words continues on the next line.
_CONNECTORS = _words(
    """a an the and or but of to in on at by for from with as that which who whose
    between among into onto over under than via"""
)

# Tried only where a run of punctuation starts: one inside a run never ends a sentence that
# the run's start does not, and trying each made a long run ("!!!!…") quadratic.
_CANDIDATE = re.compile(
    r"(?<![.!?…‽])(?P<punct>\.(?:[ \u00a0]?\.){2,}|[.!?…‽]+)(?P<closers>[\"'”’»)\]]*)(?=\s|$)"
)
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]*(?P<word>[\w@#][\w.'’-]*)?")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_BULLET = re.compile(
    r"(?:[•●▪◦‣∙·*\-–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z]\)|\(?[ivxIVX]{1,5}\)|[a-z]\.)"
    r"[ \t\u00a0]+(?=\S)"
)
_INLINE_BULLET = re.compile(r"\s[•●▪][ \t\u00a0]+(?=\S)")
_TERMINAL_END = re.compile(r"[.!?…‽][\"'”’»)\]]*$")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "— Narendra Modi (@narendramodi) April 28, 2021": the line an embedded tweet ends with.
_TWEET_TRAILER = re.compile(
    r"(?<!\S)(?:[—–]{1,2}[ \t\u00a0]*|--?[ \t\u00a0]+)[^\s@()—–][^\n@()—–]{0,80}?"
    r"[ \t\u00a0]*\(@\w{1,30}\)[ \t\u00a0]*"
    rf"(?:(?:{_MONTHS})\.?[ \t\u00a0]+\d{{1,2}},?[ \t\u00a0]+\d{{4}}"
    rf"|\d{{1,2}}[ \t\u00a0]+(?:{_MONTHS})\.?,?[ \t\u00a0]+\d{{4}})"
    r"[.,;:!?)\]\"”’]*"
)
_TWEET_MAX = 400  # a tweet is 280 characters; links and handles make pasted ones longer
_QUOTE_MAX = 500  # longer "quotations" are more likely unbalanced quote marks
_OPENING_PUNCTUATION = "\"'“‘«([{"
_PARAGRAPH_SEPARATOR = "\u2029"
# Whitespace, plus the invisible characters pasted text carries (zero-width space, BOM).
_BLANK = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff"
)
# A bullet whose item is on the next line, or a rule such as "***" or "———".
_LONE_BULLET = re.compile(r"[•●▪◦‣∙·*\-–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z]\)|[-–—*_=~·•#\s]{3,}")


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences whose offsets index the text given.

    Bullet markers and surrounding whitespace are left out of each span; an
    embedded tweet with its trailer and a quotation of a few sentences stay one
    unit.
    """
    sentences: list[Sentence] = []
    has_tweets = "(@" in text
    for seg_start, seg_end in _segments(text):
        for start, end in _split_segment(text, seg_start, seg_end, has_tweets):
            while start < end and text[start] in _BLANK:
                start += 1
            while end > start and text[end - 1] in _BLANK:
                end -= 1
            if start < end:
                sentences.append(Sentence(start, end, text[start:end]))
    return sentences


def _lines(text: str) -> list[tuple[int, int, bool]]:
    """(content start, content end, ends a paragraph) of each line; a blank one has start == end."""
    lines = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip(_BLANK)
        if stripped:
            lead = len(raw) - len(raw.lstrip(_BLANK))
            start = offset + lead
            end = start + len(stripped)
        else:
            start = end = offset
        lines.append((start, end, raw.endswith(_PARAGRAPH_SEPARATOR)))
        offset += len(raw)
    return lines


def _segments(text: str) -> list[tuple[int, int]]:
    """Runs of lines that no hard break separates."""
    lines = _lines(text)
    widths = _block_widths(lines)
    segments: list[tuple[int, int]] = []
    current: list[int] | None = None  # [start, end]
    previous: tuple[int, int] | None = None
    block_width = 0
    for index, (start, end, ends_paragraph) in enumerate(lines):
        if start == end or _LONE_BULLET.fullmatch(text, start, end):
            if current is not None:
                segments.append((current[0], current[1]))
            current, previous = None, None
            continue
        if previous is None:
            block_width = widths[index]
        bullet = _BULLET.match(text, start, end)
        trailer = None
        if text.find("(@", start, end) != -1:
            trailer = _TWEET_TRAILER.fullmatch(text, start, end)
        if trailer is not None:
            bullet = None
        content_start = bullet.end() if bullet else start
        if current is None or previous is None:  # the first line of a segment
            current = [content_start, end]
        elif trailer is None and (
            bullet is not None or _hard_break(text, previous, (start, end), block_width)
        ):
            segments.append((current[0], current[1]))
            current = [content_start, end]
        else:
            current[1] = end
        previous = (start, end)
        if ends_paragraph:
            segments.append((current[0], current[1]))
            current, previous = None, None
    if current is not None:
        segments.append((current[0], current[1]))
    return segments


def _block_widths(lines: list[tuple[int, int, bool]]) -> list[int]:
    """For each line, the longest line of the block (lines up to the next blank line or
    paragraph end) starting there. One pass from the end: scanning ahead from every
    segment's first line made a text of many short segments quadratic."""
    widths: list[int] = []
    width = 0  # the block's that starts on the line below
    for start, end, ends_paragraph in reversed(lines):
        below = 0 if ends_paragraph else width
        width = 0 if start == end else max(end - start, below)
        widths.append(width)
    widths.reverse()
    return widths


def _hard_break(text: str, previous: tuple[int, int], line: tuple[int, int], width: int) -> bool:
    """Whether the line break between two non-blank lines ends a sentence on its own."""
    prev_start, prev_end = previous
    start, end = line
    last = text[prev_end - 1]
    if last == ":":
        return True
    if _TERMINAL_END.search(text, max(prev_start, prev_end - 4), prev_end):
        return False  # the punctuation rules decide, with the line break as a space
    first_word = text[start:end].lstrip(_OPENING_PUNCTUATION).split(None, 1)
    if not first_word or first_word[0][0].islower():
        return False
    if last in ",;-–—(/&":
        return False
    last_word = text[prev_start:prev_end].rsplit(None, 1)[-1].lower()
    if last_word in _CONNECTORS:
        return False
    prev_length = prev_end - prev_start
    # A hard-wrapped line broke because the next word would not fit the width.
    return not (prev_length >= 30 and prev_length + 1 + len(first_word[0]) > width)


def _split_segment(text: str, start: int, end: int, has_tweets: bool) -> list[tuple[int, int]]:
    """Cut one segment into sentence spans (not yet stripped)."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    if any(text.find(bullet, start, end) != -1 for bullet in "•●▪"):
        for bullet in _INLINE_BULLET.finditer(text, start, end):
            pieces.append((piece_start, bullet.start()))
            piece_start = bullet.end()
    pieces.append((piece_start, end))
    spans: list[tuple[int, int]] = []
    for piece_start, piece_end in pieces:
        boundaries = [
            m.end()
            for m in _CANDIDATE.finditer(text, piece_start, piece_end)
            if m.end() < piece_end and _ends_sentence(text, m, piece_end)
        ]
        protected = _quotations(text, piece_start, piece_end)
        if has_tweets:
            tweets = _tweets(text, piece_start, piece_end, boundaries)
            protected.extend(tweets)
            boundaries.extend(tweet_end for _, tweet_end in tweets if tweet_end < piece_end)
        if protected:
            boundaries = _outside(boundaries, protected)
        previous = piece_start
        for boundary in boundaries:
            spans.append((previous, boundary))
            previous = boundary
        spans.append((previous, piece_end))
    return spans


def _ends_sentence(text: str, candidate: re.Match[str], limit: int) -> bool:
    """Whether sentence-final-looking punctuation really ends the sentence."""
    following = _NEXT_WORD.match(text, candidate.end(), limit)
    word = (following["word"] or "") if following else ""
    if word[:1].islower():
        return False
    punct = candidate["punct"]
    if punct != ".":
        return True  # ! ? and ellipses end a sentence unless lowercase follows
    token_start = candidate.start()
    while token_start > 0 and not text[token_start - 1].isspace():
        token_start -= 1
    core = text[token_start : candidate.start()].lstrip(_OPENING_PUNCTUATION)
    key = core.lower()
    if key in _NEVER_FINAL:
        return False
    if word[:1].isdigit():
        return key not in _BEFORE_NUMBERS
    if len(core) == 1 and core.isupper():  # an initial: "S. Jaishankar"
        return word in _OPENERS
    if _DOTTED.fullmatch(core):  # "U.S. President" but "the U.S. The"
        return word in _OPENERS if core[0].isupper() else True
    if key in _RARELY_FINAL:
        return word in _OPENERS
    return True


def _quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(opening mark, just after closing mark) of balanced quotations short enough to keep whole."""
    spans: list[tuple[int, int]] = []
    straight = _positions(text, '"', start, end)
    if straight and len(straight) % 2 == 0:
        spans.extend(
            (straight[i], straight[i + 1] + 1)
            for i in range(0, len(straight), 2)
            if straight[i + 1] - straight[i] <= _QUOTE_MAX
        )
    opening = None
    for i in sorted(_positions(text, "“", start, end) + _positions(text, "”", start, end)):
        if text[i] == "“":
            opening = i
        elif opening is not None:
            if i - opening <= _QUOTE_MAX:
                spans.append((opening, i + 1))
            opening = None
    return spans


def _outside(boundaries: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """The boundaries strictly inside none of the spans, sorted and once each.

    The spans are joined where they overlap, then both lists are swept together: testing
    every boundary against every span was quadratic in a long paragraph of quotations."""
    joined: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if joined and lo < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(hi, joined[-1][1]))
        else:
            joined.append((lo, hi))
    kept = []
    at = 0
    for boundary in sorted(set(boundaries)):
        while at < len(joined) and joined[at][1] <= boundary:
            at += 1
        if at == len(joined) or boundary <= joined[at][0]:
            kept.append(boundary)
    return kept


def _positions(text: str, char: str, start: int, end: int) -> list[int]:
    found = []
    i = text.find(char, start, end)
    while i != -1:
        found.append(i)
        i = text.find(char, i + 1, end)
    return found


def _tweets(text: str, start: int, end: int, boundaries: list[int]) -> list[tuple[int, int]]:
    """(body start, trailer end) of each embedded tweet in a segment; `boundaries` are in
    text order, so the first sentence boundary within reach of a trailer is a search away."""
    tweets = []
    for trailer in _TWEET_TRAILER.finditer(text, start, end):
        body_start = start
        if trailer.start() - start > _TWEET_MAX:
            first = bisect.bisect_left(boundaries, trailer.start() - _TWEET_MAX)
            body_start = boundaries[first] if first < len(boundaries) else trailer.start()
        tweets.append((body_start, trailer.end()))
        start = trailer.end()
    return tweets
