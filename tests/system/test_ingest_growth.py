"""Ingest time grows linearly with the text: four times the text costs at most five times
the time, for the inputs that once made a stage quadratic or worse (issue 15).

Each input repeats a few sentences written for these tests. Each test times the stage the
input strained, on the text at one size and at four times that size: the fastest of several
runs of each, as a shared machine only ever slows a run down.
"""

import gc
import time
from collections.abc import Callable
from datetime import date
from itertools import count, product
from string import ascii_lowercase

from events.ingest.actors import propose_actors
from events.ingest.aliases import AliasMatcher
from events.ingest.documents import parse_article
from events.ingest.pipeline import analyse
from events.ingest.sentences import split_sentences

KB = 1024
PUBLISHED = date(2024, 6, 12)


def _names() -> list[str]:
    """Made-up names, all different: "Baaa", "Baab", …"""
    return ["B" + "".join(letters) for letters in product(ascii_lowercase, repeat=3)]


def _repeated(sentences: Callable[[int], str], size: int) -> str:
    """Whole sentences, the nth from `sentences(n)`, until the text is `size` characters."""
    parts, length = [], 0
    for n in count():
        parts.append(sentences(n))
        length += len(parts[-1])
        if length >= size:
            break
    return "".join(parts)


def _fastest(stage: Callable[[str], object], texts: tuple[str, ...]) -> list[float]:
    """The fastest run of the stage on each text, the texts taken in turn (so that a busy
    spell of the machine slows them alike), at least three times, for about a second.

    The garbage collector is off meanwhile, as in `timeit`: its pauses depend on all else
    the process holds, not on the stage."""
    fastest = [float("inf")] * len(texts)
    rounds, spent = 0, 0.0
    gc.collect()
    gc.disable()
    try:
        while rounds < 3 or spent < 1:
            for n, text in enumerate(texts):
                start = time.perf_counter()
                stage(text)
                elapsed = time.perf_counter() - start
                fastest[n] = min(fastest[n], elapsed)
                spent += elapsed
            rounds += 1
    finally:
        gc.enable()
    return fastest


def _assert_linear(stage: Callable[[str], object], text: Callable[[int], str], size: int) -> None:
    """That the stage takes at most five times as long on `text(4 * size)` as on `text(size)`."""
    small, large = text(size), text(4 * size)
    small_time, large_time = _fastest(stage, (small, large))
    assert large_time <= 5 * small_time, (
        f"{len(small)} characters took {small_time:.4f} s, {len(large)} took {large_time:.4f} s"
    )


def test_a_name_repeated_with_its_title_costs_linear_time():
    def text(size: int) -> str:
        return _repeated(
            lambda n: "Sergey Lavrov, the Foreign Minister, said the talks went well. ", size
        )

    _assert_linear(lambda body: analyse(body, PUBLISHED, AliasMatcher([])), text, 32 * KB)


def test_many_people_sharing_a_surname_cost_linear_time_to_propose():
    names = _names()

    def text(size: int) -> str:
        return _repeated(
            lambda n: f"{names[n]} Smith, the Foreign Minister of Chile, said so. Smith agreed. ",
            size,
        )

    _assert_linear(propose_actors, text, 32 * KB)


def test_many_aliases_that_share_their_first_words_cost_linear_time_to_find():
    names = _names()

    def sentence(n: int) -> str:
        return f"Chilean Foreign Minister {names[n]} {names[-n - 1]} met Norway on Monday. "

    def find_everyone(text: str) -> None:
        people = text.count("Chilean")
        matcher = AliasMatcher(
            (sentence(n).removesuffix(" met Norway on Monday. "), f"person-{n}")
            for n in range(people)
        )
        matcher.find(text)

    _assert_linear(find_everyone, lambda size: _repeated(sentence, size), 64 * KB)


def test_a_long_run_of_initials_costs_linear_time_to_read_as_a_name():
    # Four times the initials rather than the text: the time once doubled with each initial,
    # so that a line of them would never have been read.
    def text(initials: int) -> str:
        return "Foreign Minister " + "A. " * initials + "and others met."

    _assert_linear(propose_actors, text, 5)


def test_many_short_segments_in_one_block_cost_linear_time_to_split():
    # A bullet alone on its line, its item on the next: each item starts a segment.
    def text(size: int) -> str:
        return _repeated(lambda n: "•\nChile met Norway\n", size)

    _assert_linear(split_sentences, text, 64 * KB)


def test_a_paragraph_of_quotations_costs_linear_time_to_split():
    def text(size: int) -> str:
        return _repeated(lambda n: 'Jane Roe said "we met. It went well." Then she left. ', size)

    _assert_linear(split_sentences, text, 64 * KB)


def test_a_paragraph_of_long_embedded_tweets_costs_linear_time_to_split():
    tweet = "Chile met Norway. " * 30 + "— Jane Roe (@janeroe) April 28, 2021 "

    _assert_linear(split_sentences, lambda size: _repeated(lambda n: tweet, size), 64 * KB)


def test_a_long_run_of_punctuation_costs_linear_time_to_split():
    _assert_linear(split_sentences, lambda size: "!" * size + "x", 4 * KB)


def test_years_after_a_long_run_of_spaces_cost_linear_time_to_read():
    # With no date in a header, reading the file dates it from the years the text writes.
    def text(size: int) -> str:
        return "It began in 2021" + " " * (size // 2) + " 2022" * (size // 10)

    _assert_linear(lambda body: parse_article(body.encode(), origin="growth"), text, 1 * KB)
