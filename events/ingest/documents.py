"""Reading an article file: checks that make a bad file a clear one-line error."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from events.ingest.seeds import SeedFormatError, parse_seed
from events.ingest.temporal import infer_publication_date

MAX_BYTES = 5 * 1024 * 1024


class ArticleError(ValueError):
    """Why a file cannot be ingested, in words for the person who gave it."""


@dataclass(frozen=True)
class Article:
    origin: str
    body: str
    published_on: date | None
    date_basis: str  # header, text or unknown (Source.date_basis)
    # What a curator may tell about it; the title otherwise comes from the first sentence.
    title: str = ""
    publisher: str = ""
    url: str = ""


def read_article(path: Path, published: date | None = None) -> Article:
    """Read a seed-format or plain UTF-8 file.

    The publication date comes from the file's header, else `published` (given by
    the operator, counted as a header), else the latest full date the text writes.
    """
    if not path.exists():
        raise ArticleError("no such file")
    if not path.is_file():
        raise ArticleError("not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise ArticleError("empty file")
    if size > MAX_BYTES:
        raise ArticleError(f"file is {size / 1024 / 1024:.1f} MB; the limit is 5 MB")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ArticleError(f"cannot read: {error.strerror}") from None
    return parse_article(raw, origin=path.name, published=published)


def parse_article(raw: bytes, *, origin: str, published: date | None = None) -> Article:
    nul = raw.find(b"\x00")  # anywhere: a NUL is no text, and PostgreSQL refuses it
    if nul != -1:
        raise ArticleError(f"binary file (a NUL byte at byte {nul}), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleError(f"not valid UTF-8 (byte {error.start})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        document = parse_seed(text)
    except SeedFormatError as error:
        raise ArticleError(str(error)) from None
    if not document.body.strip():
        raise ArticleError("no text after the header")
    if document.published_on:
        return Article(origin, document.body, document.published_on, "header")
    if published:
        return Article(origin, document.body, published, "header")
    inferred = infer_publication_date(document.body)
    if inferred:
        return Article(origin, document.body, inferred, "text")
    return Article(origin, document.body, None, "unknown")
