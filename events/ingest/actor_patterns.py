"""What names an actor, as words and patterns: countries (nouns, adjectives, codes), listed
bodies, offices and titles, ministries, missions and organisations, and the shape of a
person's name. Built once from actor_tables.py; actors.py reads text with them."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from events.ingest import actor_tables as tables
from events.ingest.aliases import FOLD, AliasMatcher, is_acronym, one_spelling


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class Country:
    code: str
    name: str  # as it reads after "of": "Russia", "the United States"


def country_words() -> tuple[dict[str, Country], dict[str, Country]]:
    nouns: dict[str, Country] = {}
    adjectives: dict[str, Country] = {}
    for line in tables.COUNTRIES.strip().splitlines():
        code, name, noun_list, adjective_list = line.split("|")
        country = Country(code, name)
        for noun in noun_list.split(", "):
            nouns[noun] = country
        for adjective in filter(None, adjective_list.split(", ")):
            adjectives[adjective] = country
    return nouns, adjectives


NOUNS, ADJECTIVES = country_words()


@dataclass(frozen=True)
class Listed:
    name: str
    kind: str
    country: str
    aliases: tuple[str, ...]


def listed_bodies() -> list[Listed]:
    bodies = []
    for line in tables.LISTED_BODIES.strip().splitlines():
        name, kind, country, others = line.split("|")
        aliases = (name, *filter(None, (alias.strip() for alias in others.split(","))))
        bodies.append(Listed(name, kind, country, aliases))
    return bodies


LISTED_BODIES = listed_bodies()
LISTED_BY_NAME = {
    one_spelling(alias.translate(FOLD).lower()): body
    for body in LISTED_BODIES
    for alias in body.aliases
    if not is_acronym(alias)
}
COUNTRY_ALIASES = {
    code: tuple(
        [noun for noun, country in NOUNS.items() if country.code == code]
        + [adjective for adjective, country in ADJECTIVES.items() if country.code == code]
    )
    for code in {country.code for country in NOUNS.values()}
}
# One matcher for listed bodies and every country word; the key says which and how.
LISTED = AliasMatcher(
    [
        *((alias, f"body:{n}") for n, body in enumerate(LISTED_BODIES) for alias in body.aliases),
        *((noun, f"noun:{country.code}") for noun, country in NOUNS.items()),
        *((adjective, f"adjective:{country.code}") for adjective, country in ADJECTIVES.items()),
        *((form, f"combining:{code}") for form, code in tables.COMBINING_FORMS.items()),
    ]
)


def names_a_country(mention: str) -> bool:
    """Whether a mention is a country's name or adjective ("France", "French")."""
    words = " ".join(mention.split())
    return words in NOUNS or words in ADJECTIVES


ATTRIBUTIVE = re.compile(r"(?:[ \t\u00a0]+|-)\w")  # "French troops", "Chinese-built"
PAIRED = re.compile(r"-[A-Z]")  # "Indo-US", "Sino-Indian"
PUBLISHERS = frozenset(name.strip() for name in tables.PUBLISHERS.replace("\n", " ").split(","))
INSTITUTIONS = tables.INSTITUTIONS
OFFICE_COUNTRIES = tables.OFFICE_COUNTRIES
COUNTRY_BY_CODE = {country.code: country for country in NOUNS.values()}
ORGANISATIONS = tables.DESTINATIONS
CITIES = word_set(tables.CITIES)


def alternation(words: Iterable[str], *, spaced: bool = False) -> str:
    """A regex matching any of the words, factored by common prefixes so it fails fast.
    With `spaced`, a space in a word matches any run of whitespace."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return trie_pattern(trie, r"\s+" if spaced else re.escape(" "))


def trie_pattern(node: dict, space: str) -> str:
    branches = []
    for char, child in node.items():
        if not char:
            continue
        # Letters that neither branch nor end a word are taken in a loop, not by recursion:
        # a name in a text can be longer than Python's recursion limit.
        chars = [char]
        while len(child) == 1 and "" not in child:
            [(char, child)] = child.items()
            chars.append(char)
        literal = "".join(space if c == " " else re.escape(c) for c in chars)
        branches.append(literal + trie_pattern(child, space))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(sorted(branches))})"
    # An ending here is tried after the longer continuations, so the longest word wins.
    return f"(?:{body})?" if "" in node else body


def letters(predicate: Callable[[str], bool]) -> str:
    ranges = ((0x41, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
    return "".join(
        re.escape(chr(c)) for low, high in ranges for c in range(low, high) if predicate(chr(c))
    )


UP = letters(str.isupper)
LO = letters(str.islower)
S = r"(?:[ \t\u00a0]+(?:\r?\n[ \t\u00a0]*)?|\r?\n[ \t\u00a0]*)"  # spaces, at most one line break
OFFICE_WORDS = word_set(tables.OFFICE_WORDS)

OFFICE_WORD = rf"(?:{alternation(OFFICE_WORDS)})\b"
OFFICE = rf"{OFFICE_WORD}(?:(?:{S}and{S}|[ \t]*&[ \t]*|{S}){OFFICE_WORD}){{0,5}}"
COUNTRY = rf"(?<![\w.])(?:{alternation(NOUNS)})(?![\w])"
DEST = rf"(?:{COUNTRY}|(?<![\w.])(?:{alternation(ORGANISATIONS)})(?!\w))"
TITLE = (
    r"(?i:"
    rf"(?:{OFFICE}{S})?minister\b(?:{S}(?:of|for){S}{OFFICE}(?:{S}for{S}{OFFICE})?)?"
    rf"|(?:deputy{S})?national{S}security{S}advis[eo]r"
    rf"|aide(?:{S}to{S}the{S}president)?"
    rf"|(?:raksha|videsh|pradhan|grih|vitta|rail|krishi){S}mantri"
    rf"|(?:{OFFICE}{S})?secretary(?:[- ]general)?(?:{S}of{S}state)?"
    r"(?:[ \t]*\([A-Za-z ]{2,30}\))?"
    rf"|(?:vice[- ])?president(?:-elect)?|premier|chancellor|crown{S}prince|king|queen|emir"
    rf"|(?:special{S}|presidential{S})?envoy(?:{S}to{S}(?:the{S})?(?-i:{DEST}))?"
    rf"|special{S}representative(?:{S}(?:to|for){S}(?:the{S})?(?-i:{DEST}))?"
    rf"|ambassador(?:-designate)?(?:{S}to{S}(?:the{S})?(?-i:{DEST}))?"
    rf"|high{S}commissioner(?:-designate)?(?:{S}to{S}(?:the{S})?(?-i:{DEST}))?"
    rf"|consul[- ]general|director[- ]general|(?:official{S})?spokes(?:person|man|woman)"
    rf"|chief{S}of{S}(?:the{S})?(?:army|defen[cs]e|naval|air|general){S}staff"
    rf"|(?:army|navy|air{S}force){S}chief|chair(?:man|woman|person)|governor"
    r"|(?-i:PM|FM|EAM|NSA|DPM|MoS|CDS)"
    r")(?![\w-])"
)
ABBREVIATED_TITLES = {
    "PM": "Prime Minister",
    "FM": "Foreign Minister",
    "EAM": "External Affairs Minister",
    "NSA": "National Security Adviser",
    "DPM": "Deputy Prime Minister",
    "MoS": "Minister of State",
    "CDS": "Chief of Defence Staff",
}
# "Ambassador to India": the country of posting, kept apart from the envoy's own country.
DESTINATION = re.compile(
    r"(?:Ambassador|Commissioner|Envoy|Representative)(?:-designate)?"
    r"(?P<to>\s(?P<preposition>to|for)\s+(?:the\s+)?(?P<destination>.+))$"
)
# A bare head with no office or qualifier says too little to name an actor by.
GENERIC_TITLES = frozenset({"minister", "secretary", "chairman", "chairwoman", "chairperson"})
NATIONALITY = rf"(?<![\w.])(?:{alternation([*ADJECTIVES, *NOUNS])})(?![\w])"
INSTITUTION = rf"(?<![\w.])(?:{alternation(INSTITUTIONS)})(?![\w])"
QUALIFIER = (
    rf"(?:(?P<possessive>{COUNTRY})['’]s|(?P<nationality>{NATIONALITY}))"
    rf"(?:{S}(?P<institution>{INSTITUTION}))?|(?P<institution_alone>{INSTITUTION})"
)
# The body an office belongs to: "spokesperson of the Foreign Ministry", "Secretary of the
# Security Council of Russia".
BODY = (
    rf"{INSTITUTION}|Ministry{S}(?:of|for){S}(?:the{S})?(?i:{OFFICE})"
    rf"|(?:[{UP}][{LO}]+{S}){{0,3}}(?:Ministry|Council|Commission|Committee|Department|Duma"
    r"|Senate|Assembly|Parliament|Office|Secretariat|Agency)(?![\w-])"
)
MODIFIER = r"(?i:former|acting|then|outgoing|incoming|new|newly[- ]appointed|current)"
TITLE_PHRASE = (
    rf"(?:(?P<modifier>{MODIFIER}){S})?(?:(?:{QUALIFIER}){S})?"
    rf"(?:(?P<modifier_after>{MODIFIER}){S})?(?P<title>{TITLE})"
    rf"(?:{S}of{S}(?:the{S})?(?P<of>{COUNTRY}))?"
    rf"(?:{S}(?:of|at|for|to){S}the{S}(?P<body>{BODY})"
    rf"(?:{S}of{S}(?:the{S})?(?P<body_of>{COUNTRY}))?)?"
    r"(?:[ \t]*\((?-i:[A-Z][A-Za-z]{1,7})\))?"  # "National Security Adviser (NSA)"
)
HONORIFIC = (
    r"(?:Shri|Sri|Smt|Sh|Mr|Mrs|Ms|Dr|Prof|Hon|Km|Kumari|Honourable|Hon'ble|"
    r"His Excellency|Her Excellency|H\. ?E)(?:\.[ \t\u00a0]*|[ \t\u00a0]+)"
)
INITIAL = rf"[{UP}]\.(?:[ \t\u00a0]?[{UP}]\.)*|[{UP}](?=[ \t\u00a0]+[{UP}])"
PARTICLE = r"(?:bin|bint|ibn|al|el|de|da|di|du|van|von|der|den|del|la|le|dos|das|ul)"
WORD = (
    rf"(?:(?:al|el|ul)-)?[{UP}](?:[{LO}]+(?:[{UP}][{LO}]+)?|['’][{UP}][{LO}]+)"
    rf"(?:-[{UP}]?[{LO}]+)*"
)
# Initials before a name, one letter at a time: read as whole runs ("A. B." one initial or
# two) the pattern had exponentially many ways to fail on a long run of them.
INITIALS = rf"(?:(?:[{UP}]\.|[{UP}](?=[ \t\u00a0]+[{UP}]))[ \t\u00a0]*)*"
NAME_UNIT = rf"{INITIALS}(?:{PARTICLE}{S})?(?:{WORD})"
NAME = rf"(?:{NAME_UNIT})(?:{S}(?:{NAME_UNIT})){{0,5}}(?![\w-])"
NAME_TOKEN = re.compile(rf"(?P<initial>{INITIAL})|(?P<particle>\b{PARTICLE}\b)|(?P<word>{WORD})")

# The patterns below are tried only near an anchor word (a title's head, "Ministry"…):
# scanning every position of a text with them would be several times slower.
WORD_START = re.compile(r"(?<![\w'’.-])\w")
TITLE_HEAD = re.compile(
    r"(?<!\w)(?:(?i:minister|president|premier|chancellor|prince|king|queen|emir|envoy"
    r"|representative|ambassador|commissioner|consul|advis[eo]r|secretary|director"
    r"|spokes(?:person|man|woman)|staff|chief|chair(?:man|woman|person)|governor|aide|mantri)"
    r"|PM|FM|EAM|NSA|DPM|MoS|CDS)(?!\w)"
)
TITLE_BEFORE_NAME = re.compile(
    rf"{TITLE_PHRASE}(?P<separator>,?{S})(?P<honorific>(?:{HONORIFIC})*)(?P<name>{NAME})"
)
APPOSITION = re.compile(
    rf",{S}(?:(?i:the){S})?{TITLE_PHRASE}"
    r"(?=[ \t]*(?:[,.;:)\]—–]|\r?\n|$)|[ \t]+(?!and\b|or\b)[a-z])"
)
NAME_BEFORE_COMMA = re.compile(rf"(?<![\w'’.-])(?:{NAME_UNIT})(?:{S}(?:{NAME_UNIT})){{0,5}}\Z")
MINISTRY_HEAD = re.compile(r"(?<!\w)Ministry\b")
MINISTRY_AFTER_OFFICE = re.compile(
    rf"(?:(?:(?P<possessive>{COUNTRY})['’]s|(?P<nationality>{NATIONALITY})){S})?"
    rf"(?P<office>(?i:{OFFICE})){S}Ministry\b"
)
QUALIFIED_BEFORE = re.compile(rf"(?<![\w'’.-])(?:{COUNTRY}['’]s|{NATIONALITY}){S}\Z")
MINISTRY_OF_OFFICE = re.compile(
    rf"(?:(?:(?P<possessive>{COUNTRY})['’]s|(?P<nationality>{NATIONALITY})){S})?Ministry{S}(?:of|for){S}(?:the{S})?(?P<office>(?i:{OFFICE}))"
    rf"(?:{S}of{S}(?:the{S})?(?P<of>{COUNTRY}))?"
)
MISSION_HEAD = re.compile(rf"(?<!\w)(?:Embassy|High{S}Commission|Consulate)\b")
MISSION = re.compile(
    rf"(?:(?:(?P<possessive>{COUNTRY})['’]s|(?P<nationality>{NATIONALITY})){S})?"
    rf"(?P<head>Embassy|High{S}Commission|Consulate(?:[- ]General)?)"
    rf"(?:{S}of{S}(?:the{S})?(?P<of>{COUNTRY}))?"
    rf"(?:{S}in{S}(?P<city>[{UP}][{LO}]+(?:{S}[{UP}][{LO}]+)?))?"
)
ORGANISATION_HEADS = word_set(
    """Fund Corporation Agency Council Organisation Organization Institute
    Bank Forum Company Association Federation Union Authority Service Commission Committee
    Board Alliance"""
)
CAPITALISED = rf"[{UP}0-9][\w'’-]*"
ORGANISATION_HEAD = re.compile(rf"(?<!\w)(?:{alternation(ORGANISATION_HEADS)})\b")
ORGANISATION = re.compile(
    rf"(?P<words>(?:{CAPITALISED}{S}(?:(?:of|for|and|&){S})?){{1,5}})"
    rf"(?P<head>{alternation(ORGANISATION_HEADS)})\b"
    rf"(?:{S}of{S}(?:the{S})?(?P<of>{COUNTRY}))?"
    rf"(?:{S}\((?P<acronym>[A-Z][A-Za-z]{{1,7}})\))?"
)

# Capitalised words that end (or, before an apposition, start) a name.
NOT_NAMES = word_set(tables.NOT_NAMES)

CAPS_HEAD = re.compile(
    rf"(?<![\w.'’-])(?P<family>[{UP}]{{2,}}(?:-[{UP}]{{2,}})?)[ \t\u00a0]+"
    rf"(?P<given>[{UP}][{LO}]+(?:-[{UP}]?[{LO}]+)?)(?![\w-])"
)
RUNS_ON = re.compile(r"[ \t]+(?!who\b)[a-z]")
HONORIFICS_BEFORE = re.compile(rf"(?<![\w.])(?:{HONORIFIC})+\Z")
# Capitals that are not family names: short forms of countries, titles, institutions.
NOT_FAMILY_NAMES = frozenset(
    [*NOUNS, *ABBREVIATED_TITLES, *INSTITUTIONS, *tables.DESTINATIONS]
    + [alias for body in LISTED_BODIES for alias in body.aliases]
)
HONORIFIC_WORDS = word_set("Mr Mrs Ms Dr Prof Shri Sri Smt Sh Hon Km Kumari")
SMALL_WORDS = word_set("of for and to the in on at &")
SURNAME_PREFIX = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Smt|Sh)\.?|Shri|PM|FM|EAM|NSA|DPM"
    rf"|(?:[{UP}][{LO}]+{S}){{0,2}}(?:Minister|President|Ambassador|Secretary|Envoy"
    r"|Spokesperson|Spokesman|Spokeswoman|Chancellor|Premier|Adviser|Advisor))"
)
