from datetime import date

import pytest

from events.ingest.documents import MAX_BYTES, ArticleError, read_article


def write(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_header_date_wins(tmp_path):
    path = write(tmp_path, "a.txt", b" date 2021-04-28 Modi and Putin spoke.")
    article = read_article(path, published=date(2020, 1, 1))
    assert (article.published_on, article.date_basis, article.body) == (
        date(2021, 4, 28),
        "header",
        "Modi and Putin spoke.",
    )


def test_operator_date_for_a_file_without_header(tmp_path):
    path = write(tmp_path, "a.txt", b"Modi and Putin spoke on Wednesday.")
    article = read_article(path, published=date(2021, 4, 28))
    assert (article.published_on, article.date_basis) == (date(2021, 4, 28), "header")


def test_date_inferred_from_the_text_when_nothing_else_says(tmp_path):
    path = write(tmp_path, "a.txt", "Talks today. — A (@a) April 28, 2021".encode())
    article = read_article(path)
    assert (article.published_on, article.date_basis) == (date(2021, 4, 28), "text")


def test_no_date_at_all_is_unknown(tmp_path):
    article = read_article(write(tmp_path, "a.txt", b"Modi and Putin spoke."))
    assert (article.published_on, article.date_basis) == (None, "unknown")


def test_byte_order_mark_is_not_part_of_the_text(tmp_path):
    article = read_article(write(tmp_path, "a.txt", "\ufeffModi spoke.".encode()))
    assert article.body == "Modi spoke."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\xe9 au lait", "not valid UTF-8 (byte 3)"),
        (b" date 2021-13-45 Body.", "unreadable date header"),
        (b" date 2021-04-28 \n\n  \n", "no text after the header"),
    ],
)
def test_bad_files_give_a_one_line_reason(tmp_path, content, reason):
    with pytest.raises(ArticleError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read_article(write(tmp_path, "bad.txt", content))


def test_a_file_over_5_mb_is_refused(tmp_path):
    path = write(tmp_path, "big.txt", b"a" * (MAX_BYTES + 1))
    with pytest.raises(ArticleError, match="the limit is 5 MB"):
        read_article(path)


def test_a_missing_path_is_refused(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "missing.txt")
