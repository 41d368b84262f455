"""Known actors in text: one pass over a text's words finds the aliases of many actors.

Folding makes typographic variants, accents and British and American spellings compare
alike without moving offsets, so every match is a span of the text as written. Plain
Python; the actors stage (`actors.py`) builds on it.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from events.ingest.actor_tables import NOT_ACTORS, PUBLISHERS


@dataclass(frozen=True)
class AliasMatch:
    start: int
    end: int
    text: str
    key: str  # the actor's slug the alias belongs to


def _accent_folds() -> dict[str, str]:
    """Each accented Latin letter to its base letter ("ğ" to "g", "É" to "E"): one for one."""
    folds = {"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            folds.setdefault(char, base)
    return folds


# Typographic variants and accents compare equal; each replacement is one character, so
# offsets hold.
FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "′": "'",
        "`": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "−": "-",
        "\u00ad": "-",
        **_accent_folds(),
    }
)
# Spellings that differ by letters in place ("organisation", "organization"): same length.
_SPELLINGS = (("isation", "ization"), ("defence", "defense"), ("centre", "center"))
_TOKEN = re.compile(r"\w+|[^\w\s]")
# Names that hold an actor's alias without naming that actor: matched by case, never reported.
_BLOCKERS = tuple(
    name.strip() for name in f"{NOT_ACTORS},{PUBLISHERS}".replace("\n", " ").split(",")
)


@dataclass(frozen=True)
class _Alias:
    tokens: tuple[str, ...]  # lowercased
    exact: tuple[str, ...] | None  # original case, for acronyms that match case-sensitively
    key: str


class _Node:
    """A word of an alias in the matcher's trie: the aliases that end here, and the words
    that may follow."""

    __slots__ = ("entries", "next")

    def __init__(self) -> None:
        self.entries: list[_Alias] = []
        self.next: dict[str, _Node] = {}


class AliasMatcher:
    """Finds whole-word aliases of many actors in one pass over a text's words.

    Aliases are compared word by word: case-insensitively (except all-capital
    acronyms of up to five letters such as "MEA"), with curly and straight
    apostrophes and hyphens alike, and regardless of the spacing between words.
    They are kept in a trie of words, so each word of a text costs as many steps as
    the longest alias it starts, however many aliases share their first words (an
    article naming thousands of "Chilean Foreign Minister …" makes that many).
    """

    def __init__(self, aliases: Iterable[tuple[str, str]]) -> None:
        root = _Node()
        seen: set[tuple[tuple[str, ...], tuple[str, ...] | None]] = set()
        count = 0
        for alias, key in aliases:
            entry = _entry(alias, key)
            if entry is None or (entry.tokens, entry.exact) in seen:
                continue  # the first actor given an alias keeps it
            seen.add((entry.tokens, entry.exact))
            count += 1
            _insert(root, entry)
        for entry in _blocker_entries():
            if (entry.tokens, entry.exact) not in seen:
                _insert(root, entry)
        self._root = root
        self._count = count

    def __len__(self) -> int:
        return self._count

    def find(self, text: str) -> list[AliasMatch]:
        """Non-overlapping alias matches in text order; a longer match beats any it overlaps."""
        folded, spans, words = _scan(text)
        starts = self._root.next
        found: list[tuple[int, int, str]] = []  # (first token, past last token, key)
        for i, word in enumerate(words):
            node = starts.get(word)
            if node is None:
                continue
            # The aliases starting at this word, shortest first; found lists them longest first.
            ending: list[list[tuple[int, int, str]]] = []
            stop = i + 1
            while node is not None:
                ending.append(
                    [
                        (i, stop, alias.key)
                        for alias in node.entries
                        if alias.exact is None or _cased(alias.exact, folded, spans, i)
                    ]
                )
                node = node.next.get(words[stop]) if stop < len(words) else None
                stop += 1
            for matches in reversed(ending):
                found += matches
        chosen = _longest_first(found, spans)
        return [
            AliasMatch(spans[i][0], spans[stop - 1][1], text[spans[i][0] : spans[stop - 1][1]], key)
            for i, stop, key in chosen
            if key  # a blocker ("Indian Ocean") only keeps shorter aliases from matching
        ]


_last_scan: tuple[str, tuple[str, list[tuple[int, int]], list[str]]] = ("", ("", [], []))


def _cased(exact: tuple[str, ...], folded: str, spans: list[tuple[int, int]], first: int) -> bool:
    """Whether an acronym stands in the text in its own case ("MEA", not "mea")."""
    return all(
        folded[spans[first + n][0] : spans[first + n][1]] == word for n, word in enumerate(exact)
    )


def _insert(root: _Node, entry: _Alias) -> None:
    node = root
    for token in entry.tokens:
        node = node.next.setdefault(token, _Node())
    node.entries.append(entry)


def _scan(text: str) -> tuple[str, list[tuple[int, int]], list[str]]:
    """(folded text, word spans, folded lowercase words); the last text's scan is kept, as
    a sentence is matched against the known actors, then against the proposed ones."""
    global _last_scan
    last = _last_scan
    if last[0] is text:
        return last[1]
    folded = _fold(text)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a few characters lowercase to two; keep offsets
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    lowered = one_spelling(lowered)
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(lowered)]
    scan = (folded, spans, [lowered[start:end] for start, end in spans])
    _last_scan = (text, scan)
    return scan


def _fold(text: str) -> str:
    if text.isascii():  # the common case: only the backtick needs folding
        return text.replace("`", "'") if "`" in text else text
    return text.translate(FOLD)


def one_spelling(lowered: str) -> str:
    for variant, usual in _SPELLINGS:
        if variant in lowered:
            lowered = lowered.replace(variant, usual)
    return lowered


def _entry(alias: str, key: str) -> _Alias | None:
    folded = " ".join(_fold(alias).split())
    raw = tuple(_TOKEN.findall(folded))
    if not raw:
        return None
    tokens = tuple(one_spelling(token.lower()) for token in raw)
    return _Alias(tokens, raw if not key or is_acronym(folded) else None, key)


_blockers: list[_Alias] = []


def _blocker_entries() -> list[_Alias]:
    """The blockers as matcher entries, made once."""
    if not _blockers:
        _blockers.extend(filter(None, (_entry(name, "") for name in _BLOCKERS)))
    return _blockers


def is_acronym(alias: str) -> bool:
    """All-capital and at most five letters ("MEA", "UN", "U.S.", "G20"): matched by case."""
    letters = [char for char in alias if char.isalpha()]
    return 0 < len(letters) <= 5 and all(char.isupper() for char in letters)


def _longest_first(
    found: list[tuple[int, int, str]], spans: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Keep the longest matches that do not overlap, in text order."""
    if len(found) < 2:
        return found
    if all(found[n][1] <= found[n + 1][0] for n in range(len(found) - 1)):
        return found
    ranked = sorted(found, key=lambda m: (spans[m[0]][0] - spans[m[1] - 1][1], m[0]))
    taken = bytearray(len(spans))
    chosen = []
    for i, stop, key in ranked:
        if any(taken[i:stop]):
            continue
        taken[i:stop] = b"\x01" * (stop - i)
        chosen.append((i, stop, key))
    chosen.sort()
    return chosen
