from datetime import date

import pytest

from events.ingest.seeds import SeedFormatError, parse_seed, read_seed
from tests.tools import ROOT

SEEDS = ROOT / "fixtures" / "seeds"


def test_header_sharing_its_line_with_the_body():
    document = read_seed(SEEDS / "000_4abf942f532295a6.txt")
    assert document.published_on == date(2021, 4, 28)
    assert document.body.startswith("Prime Minister Narendra Modi and President Vladimir Putin")
    assert document.body.endswith("personal and trusted conversation.")


def test_header_alone_on_its_line_keeps_the_blank_lines_after_it():
    document = read_seed(SEEDS / "001_b237dbc485b1addd.txt")
    assert document.published_on == date(2021, 4, 30)
    assert document.body.startswith("\nThe development came after a telephonic conversation")
    assert document.body.endswith("first manned mission to space.\n\n\n\n\n\n\n\n")


def test_file_without_a_header_is_all_body():
    raw = (SEEDS / "002_ff038dc2a193e33a.txt").read_bytes().decode("utf-8")
    document = read_seed(SEEDS / "002_ff038dc2a193e33a.txt")
    assert document.published_on is None
    assert document.body == raw
    assert document.body.startswith("Prime Minister Modi held a telephonic conversation")


@pytest.mark.parametrize("name", sorted(path.name for path in SEEDS.glob("*.txt")))
def test_header_and_body_rebuild_the_file_exactly(name):
    raw = (SEEDS / name).read_bytes().decode("utf-8")
    document = read_seed(SEEDS / name)
    assert raw.endswith(document.body)
    header = raw[: len(raw) - len(document.body)]
    if document.published_on is None:
        assert header == ""
    else:
        assert header.strip() == f"date {document.published_on.isoformat()}"


@pytest.mark.parametrize(
    ("text", "published_on", "body"),
    [
        (" date 2021-04-28 Body on the same line.", date(2021, 4, 28), "Body on the same line."),
        (" date 2021-04-28\nBody below.", date(2021, 4, 28), "Body below."),
        (" date 2021-04-28   \r\nBody below.", date(2021, 4, 28), "Body below."),
        (" date 2021-04-28", date(2021, 4, 28), ""),
        ("Plain text, no header.\n", None, "Plain text, no header.\n"),
        ("date line without the leading space", None, "date line without the leading space"),
        ("  Body with\n\n\nblank runs kept.", None, "  Body with\n\n\nblank runs kept."),
    ],
)
def test_parse_seed_cases(text, published_on, body):
    document = parse_seed(text)
    assert (document.published_on, document.body) == (published_on, body)


@pytest.mark.parametrize(
    "text", [" date 2021-13-01 Body.", " date 2021-02-30\nBody.", " date April 2021\nBody."]
)
def test_unreadable_header_is_an_error_naming_it(text):
    with pytest.raises(SeedFormatError, match="unreadable date header"):
        parse_seed(text)
