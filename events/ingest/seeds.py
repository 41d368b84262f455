"""The seed format: an optional ` date YYYY-MM-DD` header, then the body.

The header may share its line with the start of the body
(` date 2021-04-28 Prime Minister …`). When nothing but spaces follows the
date, the header line ends there and the body starts on the next line.
Everything after the header is kept verbatim: offsets into the body are the
offsets claims use.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

_HEADER = re.compile(r" date (?P<date>\d{4}-\d{2}-\d{2})(?: *\r?\n| +|$)")
_LOOKS_LIKE_HEADER = re.compile(r" date\b")


class SeedFormatError(ValueError):
    """A header that starts like a date line but cannot be read."""


@dataclass(frozen=True)
class SeedDocument:
    published_on: date | None
    body: str


def parse_seed(text: str) -> SeedDocument:
    """Split a seed text into its publication date (if any) and its body."""
    match = _HEADER.match(text)
    if match is None:
        if _LOOKS_LIKE_HEADER.match(text):
            first_line = text.split("\n", 1)[0][:40]
            raise SeedFormatError(f"unreadable date header {first_line!r}")
        return SeedDocument(published_on=None, body=text)
    try:
        published_on = date.fromisoformat(match["date"])
    except ValueError:
        raise SeedFormatError(f"unreadable date header: {match['date']!r} is not a date") from None
    return SeedDocument(published_on=published_on, body=text[match.end() :])


def read_seed(path: Path) -> SeedDocument:
    """Parse a seed file, decoding its bytes as UTF-8 with line endings untouched."""
    return parse_seed(path.read_bytes().decode("utf-8"))
