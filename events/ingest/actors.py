"""Actors in text: known ones by their aliases, new ones from title patterns.

`AliasMatcher` finds the aliases of existing actors; `propose_actors` reads
phrases such as "Russian Foreign Minister Sergey Lavrov" or "Sergey Lavrov,
Russia's foreign minister" and proposes the actors they name, for a curator to
accept. Both work on plain strings and character offsets.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from django.utils.text import slugify

# ---------------------------------------------------------------------------
# Alias matching
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AliasMatch:
    start: int
    end: int
    text: str
    key: str  # the actor's slug the alias belongs to


# Typographic variants compare equal; every replacement is one character, so offsets hold.
_FOLD = str.maketrans(
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
    }
)
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class _Alias:
    tokens: tuple[str, ...]  # lowercased
    exact: tuple[str, ...] | None  # original case, for acronyms that match case-sensitively
    key: str


class AliasMatcher:
    """Finds whole-word aliases of many actors in one pass over a text's words.

    Aliases are compared word by word: case-insensitively (except all-capital
    acronyms of up to five letters such as "MEA"), with curly and straight
    apostrophes and hyphens alike, and regardless of the spacing between words.
    """

    def __init__(self, aliases: Iterable[tuple[str, str]]) -> None:
        by_first: dict[str, list[_Alias]] = {}
        seen: set[tuple[tuple[str, ...], tuple[str, ...] | None]] = set()
        for alias, key in aliases:
            folded = " ".join(alias.translate(_FOLD).split())
            raw = tuple(_TOKEN.findall(folded))
            if not raw:
                continue
            tokens = tuple(token.lower() for token in raw)
            exact = raw if _is_acronym(folded) else None
            if (tokens, exact) in seen:
                continue  # the first actor given an alias keeps it
            seen.add((tokens, exact))
            by_first.setdefault(tokens[0], []).append(_Alias(tokens, exact, key))
        for entries in by_first.values():
            entries.sort(key=lambda entry: -len(entry.tokens))
        self._by_first = by_first

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._by_first.values())

    def find(self, text: str) -> list[AliasMatch]:
        """Non-overlapping alias matches in text order; a longer match beats any it overlaps."""
        folded = text.translate(_FOLD)
        lowered = folded.lower()
        if len(lowered) != len(folded):  # a few characters lowercase to two; keep offsets
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(lowered)]
        words = [lowered[start:end] for start, end in spans]
        by_first = self._by_first
        found: list[tuple[int, int, str]] = []  # (first token, past last token, key)
        for i, word in enumerate(words):
            entries = by_first.get(word)
            if entries is None:
                continue
            for entry in entries:
                stop = i + len(entry.tokens)
                if stop > len(words) or (stop > i + 1 and tuple(words[i:stop]) != entry.tokens):
                    continue
                if entry.exact is not None and any(
                    folded[spans[j][0] : spans[j][1]] != entry.exact[j - i] for j in range(i, stop)
                ):
                    continue
                found.append((i, stop, entry.key))
        chosen = _longest_first(found, spans)
        return [
            AliasMatch(spans[i][0], spans[stop - 1][1], text[spans[i][0] : spans[stop - 1][1]], key)
            for i, stop, key in chosen
        ]


def _is_acronym(alias: str) -> bool:
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


# ---------------------------------------------------------------------------
# Proposing new actors
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorProposal:
    name: str
    slug: str
    kind: str  # person, government-body or organization
    country: str  # ISO 3166 alpha-2 when the text states it, else ""
    title: str
    aliases: tuple[str, ...]
    start: int  # the mention's offsets
    end: int
    rule: str  # which pattern fired


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class _Country:
    code: str
    name: str  # as it reads after "of": "Russia", "the United States"


# code | name after "of" | nouns (also used attributively: "US President") | adjectives
_COUNTRY_TABLE = """
IN|India|India, Bharat, Republic of India|Indian
RU|Russia|Russia, Russian Federation|Russian
CN|China|China, People's Republic of China, PRC|Chinese
US|the United States|United States of America, United States, USA, U.S.A., US, U.S.,\
 America|American
GB|the United Kingdom|United Kingdom, Great Britain, Britain, UK, U.K.|British
FR|France|France|French
DE|Germany|Germany|German
JP|Japan|Japan|Japanese
AU|Australia|Australia|Australian
CA|Canada|Canada|Canadian
PK|Pakistan|Pakistan|Pakistani
BD|Bangladesh|Bangladesh|Bangladeshi
LK|Sri Lanka|Sri Lanka|Sri Lankan
NP|Nepal|Nepal|Nepalese, Nepali
BT|Bhutan|Bhutan|Bhutanese
MV|the Maldives|Maldives|Maldivian
AF|Afghanistan|Afghanistan|Afghan
MM|Myanmar|Myanmar|
IR|Iran|Iran|Iranian
IQ|Iraq|Iraq|Iraqi
IL|Israel|Israel|Israeli
PS|Palestine|Palestine|Palestinian
SA|Saudi Arabia|Saudi Arabia|Saudi
AE|the United Arab Emirates|United Arab Emirates, UAE|Emirati
QA|Qatar|Qatar|Qatari
KW|Kuwait|Kuwait|Kuwaiti
OM|Oman|Oman|Omani
BH|Bahrain|Bahrain|Bahraini
JO|Jordan|Jordan|Jordanian
SY|Syria|Syria|Syrian
LB|Lebanon|Lebanon|Lebanese
YE|Yemen|Yemen|Yemeni
TR|Türkiye|Türkiye, Turkiye, Turkey|Turkish
EG|Egypt|Egypt|Egyptian
ZA|South Africa|South Africa|South African
NG|Nigeria|Nigeria|Nigerian
KE|Kenya|Kenya|Kenyan
ET|Ethiopia|Ethiopia|Ethiopian
BR|Brazil|Brazil|Brazilian
MX|Mexico|Mexico|Mexican
AR|Argentina|Argentina|Argentine, Argentinian
CL|Chile|Chile|Chilean
CO|Colombia|Colombia|Colombian
VE|Venezuela|Venezuela|Venezuelan
CU|Cuba|Cuba|Cuban
IT|Italy|Italy|Italian
ES|Spain|Spain|Spanish
PT|Portugal|Portugal|Portuguese
NL|the Netherlands|Netherlands|Dutch
BE|Belgium|Belgium|Belgian
CH|Switzerland|Switzerland|Swiss
AT|Austria|Austria|Austrian
SE|Sweden|Sweden|Swedish
NO|Norway|Norway|Norwegian
FI|Finland|Finland|Finnish
DK|Denmark|Denmark|Danish
PL|Poland|Poland|Polish
CZ|Czechia|Czech Republic, Czechia|Czech
HU|Hungary|Hungary|Hungarian
RO|Romania|Romania|Romanian
BG|Bulgaria|Bulgaria|Bulgarian
RS|Serbia|Serbia|Serbian
GR|Greece|Greece|Greek
CY|Cyprus|Cyprus|Cypriot
IE|Ireland|Ireland|Irish
UA|Ukraine|Ukraine|Ukrainian
BY|Belarus|Belarus|Belarusian
AM|Armenia|Armenia|Armenian
AZ|Azerbaijan|Azerbaijan|Azerbaijani
GE|Georgia|Georgia|Georgian
KZ|Kazakhstan|Kazakhstan|Kazakh
UZ|Uzbekistan|Uzbekistan|Uzbek
TJ|Tajikistan|Tajikistan|Tajik
KG|Kyrgyzstan|Kyrgyzstan, Kyrgyz Republic|Kyrgyz
TM|Turkmenistan|Turkmenistan|Turkmen
MN|Mongolia|Mongolia|Mongolian
KR|South Korea|South Korea, Republic of Korea|South Korean
KP|North Korea|North Korea|North Korean
VN|Vietnam|Vietnam, Viet Nam|Vietnamese
TH|Thailand|Thailand|Thai
MY|Malaysia|Malaysia|Malaysian
SG|Singapore|Singapore|Singaporean
ID|Indonesia|Indonesia|Indonesian
PH|the Philippines|Philippines|Philippine, Filipino
KH|Cambodia|Cambodia|Cambodian
LA|Laos|Laos|Lao, Laotian
NZ|New Zealand|New Zealand|
MU|Mauritius|Mauritius|Mauritian
SC|Seychelles|Seychelles|Seychellois
TZ|Tanzania|Tanzania|Tanzanian
UG|Uganda|Uganda|Ugandan
GH|Ghana|Ghana|Ghanaian
SD|Sudan|Sudan|Sudanese
LY|Libya|Libya|Libyan
DZ|Algeria|Algeria|Algerian
MA|Morocco|Morocco|Moroccan
TN|Tunisia|Tunisia|Tunisian
TW|Taiwan|Taiwan|Taiwanese
"""


def _country_words() -> tuple[dict[str, _Country], dict[str, _Country]]:
    nouns: dict[str, _Country] = {}
    adjectives: dict[str, _Country] = {}
    for line in _COUNTRY_TABLE.strip().splitlines():
        code, name, noun_list, adjective_list = line.split("|")
        country = _Country(code, name)
        for noun in noun_list.split(", "):
            nouns[noun] = country
        for adjective in filter(None, adjective_list.split(", ")):
            adjectives[adjective] = country
    return nouns, adjectives


_NOUNS, _ADJECTIVES = _country_words()
# Institutions that name their country: "Kremlin spokesman Dmitry Peskov".
_INSTITUTIONS = {
    "Kremlin": "RU",
    "MEA": "IN",
    "PMO": "IN",
    "White House": "US",
    "State Department": "US",
    "Pentagon": "US",
    "Élysée": "FR",
    "Elysee": "FR",
    "Downing Street": "GB",
    "Ministry of External Affairs": "IN",
    "External Affairs Ministry": "IN",
    "Foreign Ministry": "",
    "Foreign Office": "",
    "Defence Ministry": "",
    "Defense Ministry": "",
    "Home Ministry": "",
    "Government": "",
}
# Offices only one country has: the title alone says where.
_OFFICE_COUNTRIES = (("external affairs", "IN"), ("union ", "IN"), ("eam", "IN"), ("mos", "IN"))
_COUNTRY_BY_CODE = {country.code: country for country in _NOUNS.values()}
_ORGANISATIONS = (
    "United Nations",
    "UN",
    "European Union",
    "EU",
    "ASEAN",
    "NATO",
    "African Union",
    "WTO",
    "SCO",
    "BRICS",
    "IAEA",
    "OPEC",
    "UNESCO",
    "G20",
    "G7",
    "Conference on Disarmament",
)
_CITIES = _words(
    """Moscow Delhi Beijing Washington London Paris Tokyo Kyiv Kiev Islamabad Dhaka Kathmandu
    Colombo Tehran Berlin Vladivostok Sochi Petersburg Tashkent Astana Geneva York Brussels
    Ankara Riyadh Dubai Dhabi Kabul Male Thimphu Canberra Ottawa Seoul Jakarta Hanoi Bangkok
    Cairo Jerusalem Aviv Minsk Baku Yerevan Tbilisi Bishkek Dushanbe Ashgabat Ulaanbaatar
    Mumbai Kolkata Chennai Bengaluru Bangalore Hyderabad Goa Kazan Samarkand Rome Madrid
    Vienna Warsaw Prague Budapest Lisbon Stockholm Oslo Helsinki Copenhagen Athens Nicosia
    Doha Muscat Manama Amman Damascus Beirut Baghdad Kuala Lumpur Manila Taipei Wellington"""
)


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of the words, factored by common prefixes so it fails fast."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(sorted(branches))})"
    # An ending here is tried after the longer continuations, so the longest word wins.
    return f"(?:{body})?" if "" in node else body


def _letters(predicate: Callable[[str], bool]) -> str:
    ranges = ((0x41, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
    return "".join(
        re.escape(chr(c)) for low, high in ranges for c in range(low, high) if predicate(chr(c))
    )


_UP = _letters(str.isupper)
_LO = _letters(str.islower)
_S = r"(?:[ \t\u00a0]+(?:\r?\n[ \t\u00a0]*)?|\r?\n[ \t\u00a0]*)"  # spaces, at most one line break
_OFFICE_WORDS = _words(
    """foreign external affairs defence defense home interior internal finance
    commerce industry industries trade economic economy development energy power petroleum
    natural gas oil coal mines steel health family welfare education agriculture farmers
    railways transport road roads highways civil aviation shipping ports waterways science
    technology culture tourism justice law emergencies emergency situations resources digital
    labour labor employment environment forests climate information broadcasting
    communications telecom food consumer textiles heavy minority parliamentary housing urban
    rural youth sports women child tribal social corporate investment enterprise security
    fisheries water chemicals fertilisers fertilizers electronics space atomic nuclear public
    works planning state union cabinet junior senior deputy vice first prime chief press
    principal joint additional under assistant permanent"""
)
_OFFICE_WORD = rf"(?:{_alternation(_OFFICE_WORDS)})\b"
_OFFICE = rf"{_OFFICE_WORD}(?:(?:{_S}and{_S}|[ \t]*&[ \t]*|{_S}){_OFFICE_WORD}){{0,5}}"
_COUNTRY = rf"(?<![\w.])(?:{_alternation(_NOUNS)})(?![\w])"
_DEST = rf"(?:{_COUNTRY}|(?<![\w.])(?:{_alternation(_ORGANISATIONS)})(?!\w))"
_TITLE = (
    r"(?i:"
    rf"(?:{_OFFICE}{_S})?minister\b(?:{_S}(?:of|for){_S}{_OFFICE}(?:{_S}for{_S}{_OFFICE})?)?"
    rf"|(?:deputy{_S})?national{_S}security{_S}advis[eo]r"
    rf"|(?:{_OFFICE}{_S})?secretary(?:[- ]general)?(?:{_S}of{_S}state)?"
    r"(?:[ \t]*\([A-Za-z ]{2,30}\))?"
    rf"|(?:vice[- ])?president(?:-elect)?|premier|chancellor|crown{_S}prince|king|queen|emir"
    rf"|(?:special{_S}|presidential{_S})?envoy(?:{_S}to{_S}(?:the{_S})?(?-i:{_DEST}))?"
    rf"|special{_S}representative(?:{_S}(?:to|for){_S}(?:the{_S})?(?-i:{_DEST}))?"
    rf"|ambassador(?:-designate)?(?:{_S}to{_S}(?:the{_S})?(?-i:{_DEST}))?"
    rf"|high{_S}commissioner(?:-designate)?(?:{_S}to{_S}(?:the{_S})?(?-i:{_DEST}))?"
    rf"|consul[- ]general|director[- ]general|(?:official{_S})?spokes(?:person|man|woman)"
    rf"|chief{_S}of{_S}(?:the{_S})?(?:army|defen[cs]e|naval|air|general){_S}staff"
    rf"|(?:army|navy|air{_S}force){_S}chief|chair(?:man|woman|person)|governor"
    r"|(?-i:PM|FM|EAM|NSA|DPM|MoS|CDS)"
    r")(?![\w-])"
)
_ABBREVIATED_TITLES = {
    "PM": "Prime Minister",
    "FM": "Foreign Minister",
    "EAM": "External Affairs Minister",
    "NSA": "National Security Adviser",
    "DPM": "Deputy Prime Minister",
    "MoS": "Minister of State",
    "CDS": "Chief of Defence Staff",
}
# "Ambassador to India": the country of posting, kept apart from the envoy's own country.
_DESTINATION = re.compile(
    r"(?:Ambassador|Commissioner|Envoy|Representative)(?:-designate)?"
    r"(?P<to>\s(?P<preposition>to|for)\s+(?:the\s+)?(?P<destination>.+))$"
)
# A bare head with no office or qualifier says too little to name an actor by.
_GENERIC_TITLES = frozenset({"minister", "secretary", "chairman", "chairwoman", "chairperson"})
_NATIONALITY = rf"(?<![\w.])(?:{_alternation([*_ADJECTIVES, *_NOUNS])})(?![\w])"
_INSTITUTION = rf"(?<![\w.])(?:{_alternation(_INSTITUTIONS)})(?![\w])"
_QUALIFIER = (
    rf"(?:(?P<possessive>{_COUNTRY})['’]s|(?P<nationality>{_NATIONALITY}))"
    rf"(?:{_S}(?P<institution>{_INSTITUTION}))?|(?P<institution_alone>{_INSTITUTION})"
)
_MODIFIER = r"(?i:former|acting|then|outgoing|incoming|new|newly[- ]appointed|current)"
_TITLE_PHRASE = (
    rf"(?:(?P<modifier>{_MODIFIER}){_S})?(?:(?:{_QUALIFIER}){_S})?"
    rf"(?:(?P<modifier_after>{_MODIFIER}){_S})?(?P<title>{_TITLE})"
    rf"(?:{_S}of{_S}(?:the{_S})?(?P<of>{_COUNTRY}))?"
)
_HONORIFIC = (
    r"(?:Shri|Sri|Smt|Sh|Mr|Mrs|Ms|Dr|Prof|Hon|Km|Kumari|Honourable|Hon'ble|"
    r"His Excellency|Her Excellency|H\. ?E)(?:\.[ \t\u00a0]*|[ \t\u00a0]+)"
)
_INITIAL = rf"[{_UP}]\.(?:[ \t\u00a0]?[{_UP}]\.)*|[{_UP}](?=[ \t\u00a0]+[{_UP}])"
_PARTICLE = r"(?:bin|bint|ibn|al|el|de|da|di|du|van|von|der|den|del|la|le|dos|das|ul)"
_WORD = (
    rf"(?:(?:al|el|ul)-)?[{_UP}](?:[{_LO}]+(?:[{_UP}][{_LO}]+)?|['’][{_UP}][{_LO}]+)"
    rf"(?:-[{_UP}]?[{_LO}]+)*"
)
_NAME_UNIT = rf"(?:(?:{_INITIAL})[ \t\u00a0]*)*(?:{_PARTICLE}{_S})?(?:{_WORD})"
_NAME = rf"(?:{_NAME_UNIT})(?:{_S}(?:{_NAME_UNIT})){{0,5}}(?![\w-])"
_NAME_TOKEN = re.compile(
    rf"(?P<initial>{_INITIAL})|(?P<particle>\b{_PARTICLE}\b)|(?P<word>{_WORD})"
)

# The patterns below are tried only near an anchor word (a title's head, "Ministry"…):
# scanning every position of a text with them would be several times slower.
_WORD_START = re.compile(r"(?<![\w'’.-])\w")
_TITLE_HEAD = re.compile(
    r"(?<!\w)(?:(?i:minister|president|premier|chancellor|prince|king|queen|emir|envoy"
    r"|representative|ambassador|commissioner|consul|advis[eo]r|secretary|director"
    r"|spokes(?:person|man|woman)|staff|chief|chair(?:man|woman|person)|governor)"
    r"|PM|FM|EAM|NSA|DPM|MoS|CDS)(?!\w)"
)
_TITLE_BEFORE_NAME = re.compile(
    rf"{_TITLE_PHRASE}(?P<separator>,?{_S})(?P<honorific>(?:{_HONORIFIC})*)(?P<name>{_NAME})"
)
_APPOSITION = re.compile(
    rf",{_S}(?:(?i:the){_S})?{_TITLE_PHRASE}(?=[ \t]*(?:[,.;:)\]—–]|\r?\n|$)|[ \t]+who\b)"
)
_NAME_BEFORE_COMMA = re.compile(rf"(?<![\w'’.-])(?:{_NAME_UNIT})(?:{_S}(?:{_NAME_UNIT})){{0,5}}\Z")
_MINISTRY_HEAD = re.compile(r"(?<!\w)Ministry\b")
_MINISTRY_AFTER_OFFICE = re.compile(
    rf"(?:(?:(?P<possessive>{_COUNTRY})['’]s|(?P<nationality>{_NATIONALITY})){_S})?"
    rf"(?P<office>(?i:{_OFFICE})){_S}Ministry\b"
)
_MINISTRY_OF_OFFICE = re.compile(
    rf"Ministry{_S}(?:of|for){_S}(?:the{_S})?(?P<office>(?i:{_OFFICE}))"
    rf"(?:{_S}of{_S}(?:the{_S})?(?P<of>{_COUNTRY}))?"
)
_MISSION_HEAD = re.compile(rf"(?<!\w)(?:Embassy|High{_S}Commission|Consulate)\b")
_MISSION = re.compile(
    rf"(?:(?:(?P<possessive>{_COUNTRY})['’]s|(?P<nationality>{_NATIONALITY})){_S})?"
    rf"(?P<head>Embassy|High{_S}Commission|Consulate(?:[- ]General)?)"
    rf"(?:{_S}of{_S}(?:the{_S})?(?P<of>{_COUNTRY}))?"
    rf"(?:{_S}in{_S}(?P<city>[{_UP}][{_LO}]+(?:{_S}[{_UP}][{_LO}]+)?))?"
)
_ORGANISATION_HEADS = _words(
    """Fund Corporation Agency Council Organisation Organization Institute
    Bank Forum Company Association Federation Union Authority Service Commission Committee
    Board Alliance"""
)
_CAPITALISED = rf"[{_UP}0-9][\w'’-]*"
_ORGANISATION_HEAD = re.compile(rf"(?<!\w)(?:{_alternation(_ORGANISATION_HEADS)})\b")
_ORGANISATION = re.compile(
    rf"(?P<words>(?:{_CAPITALISED}{_S}(?:(?:of|for|and|&){_S})?){{1,5}})"
    rf"(?P<head>{_alternation(_ORGANISATION_HEADS)})\b"
    rf"(?:{_S}of{_S}(?:the{_S})?(?P<of>{_COUNTRY}))?"
    rf"(?:{_S}\((?P<acronym>[A-Z][A-Za-z]{{1,7}})\))?"
)

# Capitalised words that end (or, before an apposition, start) a name.
_NOT_NAMES = _words(
    """The A An And But Or Nor For So Yet On In At To Of By With From Into Onto Over Under
    During After Before Since Until While When Where Who Whom Whose Which What Why How That
    This These Those There Their They Them He His Him She Her It Its We Our Us You Your I My
    Me Both Each All Some Many Most Several Other Another Such As Also Amid Despite Via Per
    Today Yesterday Tomorrow Tonight Now Then Earlier Later Meanwhile However Moreover
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Jan Feb Mar Apr Jun Jul Aug
    Sep Sept Oct Nov Dec Said Says Say Told Tells Tell Added Noted Informed Stated Held
    Holds Hold Meets Meet Met Calls Call Called Thanks Thanked Discusses Discuss Discussed
    Visits Visit Visited Arrives Arrived Speaks Spoke Agrees Agreed Signs Signed Urges Dials
    Hails Reviews Invites Welcomes Talks Talk Leaves Lands Reaches Receives Greets Tweets
    Writes Stresses Assures Announces Expresses Conveys Raises Seeks Rejects Backs Asks
    Is Are Was Were Has Have Had Will Would Could Should Can May Might Must Do Does Did
    Minister Ministers Ministry President Presidents Prime Premier Foreign Affairs External
    Defence Defense Secretary Ambassador Envoy Spokesperson Spokesman Spokeswoman Government
    Embassy Council Union Summit Kremlin Parliament Cabinet State Deputy Chief Adviser
    Advisor Special Official Office National Security Home Commerce Trade Finance Covid
    Mr Mrs Ms Dr Prof Shri Sri Smt Sh Hon Km Kumari Honourable His Her Excellency"""
)
_HONORIFIC_WORDS = _words("Mr Mrs Ms Dr Prof Shri Sri Smt Sh Hon Km Kumari")
_SMALL_WORDS = _words("of for and to the in on at &")
_SURNAME_PREFIX = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Smt|Sh)\.?|Shri|PM|FM|EAM|NSA|DPM"
    rf"|(?:[{_UP}][{_LO}]+{_S}){{0,2}}(?:Minister|President|Ambassador|Secretary|Envoy"
    r"|Spokesperson|Spokesman|Spokeswoman|Chancellor|Premier|Adviser|Advisor))"
)


@dataclass
class _Draft:
    name: str
    kind: str
    country: str
    title: str
    start: int
    end: int
    name_start: int
    name_end: int
    rule: str
    aliases: list[str] = field(default_factory=list)


def propose_actors(text: str, known: AliasMatcher | None = None) -> list[ActorProposal]:
    """Propose actors named with a title ("Russian Foreign Minister Sergey Lavrov") or an
    apposition ("Sergey Lavrov, Russia's foreign minister"), and institutions named by
    pattern ("the Russian Emergencies Ministry"), skipping mentions `known` already matches.

    Proposals for one actor are merged ("PM Modi" joins "Prime Minister Narendra Modi")
    and returned in order of first mention.
    """
    drafts = [
        *_titles_before_names(text),
        *_names_then_titles(text),
        *_ministries(text),
        *_missions(text),
        *_organisations(text),
    ]
    if known is not None and drafts:
        covered = [(m.start, m.end) for m in known.find(text)]
        drafts = [
            draft
            for draft in drafts
            if not any(lo < draft.name_end and draft.name_start < hi for lo, hi in covered)
        ]
    merged = _merge(sorted(drafts, key=lambda draft: draft.start))
    for draft in merged:
        if draft.kind == "person":
            draft.aliases.extend(_surname_forms(text, draft.name))
    return [
        ActorProposal(
            name=draft.name,
            slug=slugify(draft.name),
            kind=draft.kind,
            country=draft.country,
            title=draft.title,
            aliases=tuple(dict.fromkeys(alias for alias in draft.aliases if alias)),
            start=draft.start,
            end=draft.end,
            rule=draft.rule,
        )
        for draft in merged
    ]


def _anchored(
    pattern: re.Pattern[str], text: str, anchors: Iterable[int], reach: int
) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of `pattern` that start at a word at most `reach` characters
    before an anchor and run past it; the leftmost start wins."""
    done = 0
    for anchor in anchors:
        if anchor < done:
            continue
        for word in _WORD_START.finditer(text, max(done, anchor - reach), anchor + 1):
            match = pattern.match(text, word.start())
            if match is not None and match.end() > anchor:
                yield match
                done = match.end()
                break


def _titles_before_names(text: str) -> Iterable[_Draft]:
    heads = [head.start() for head in _TITLE_HEAD.finditer(text)]
    for match in _anchored(_TITLE_BEFORE_NAME, text, heads, 100):
        name = _clean_name(text, match.start("name"), match.end("name"), after_title=True)
        if name is None:
            continue
        name_start, name_end = name
        title, country, qualified = _title_and_country(match)
        if not qualified and _too_vague(match["title"]):
            continue
        mention = _collapse(text[match.start() : name_end])
        name_text = _collapse(text[name_start:name_end])
        honorific = _collapse(match["honorific"])
        yield _Draft(
            name=name_text,
            kind="person",
            country=country,
            title=title,
            start=match.start(),
            end=name_end,
            name_start=name_start,
            name_end=name_end,
            rule="title-before-name",
            aliases=[mention, name_text, f"{honorific} {name_text}" if honorific else ""],
        )


def _names_then_titles(text: str) -> Iterable[_Draft]:
    if "," not in text:
        return
    done = 0
    for head in _TITLE_HEAD.finditer(text):
        comma = text.rfind(",", max(done, head.start() - 80), head.start())
        if comma < 1:
            continue
        match = _APPOSITION.match(text, comma)
        if match is None or match.end() <= head.start():
            continue
        before = _NAME_BEFORE_COMMA.search(text, max(0, comma - 120), comma)
        if before is None:
            continue
        name = _clean_name(text, before.start(), before.end(), after_title=False)
        if name is None:
            continue
        done = match.end()
        name_start, name_end = name
        title, country, qualified = _title_and_country(match)
        if not country:
            continue  # "Moscow, foreign minister …" is not an apposition to trust
        if not qualified and _too_vague(match["title"]):
            continue
        name_text = _collapse(text[name_start:name_end])
        yield _Draft(
            name=name_text,
            kind="person",
            country=country,
            title=title,
            start=name_start,
            end=match.end(),
            name_start=name_start,
            name_end=name_end,
            rule="name-then-title",
            aliases=[name_text],
        )


def _ministries(text: str) -> Iterable[_Draft]:
    if "Ministry" not in text:
        return
    heads = [head.start() for head in _MINISTRY_HEAD.finditer(text)]
    after_office = {m.start(): m for m in _anchored(_MINISTRY_AFTER_OFFICE, text, heads, 80)}
    for head in heads:
        match = next((m for m in after_office.values() if m.start() <= head < m.end()), None)
        if match is not None:
            office = _collapse(match["office"])
            stated = _stated_country(match["possessive"], match["nationality"])
            name = f"{_title_case(office)} Ministry"
        else:
            match = _MINISTRY_OF_OFFICE.match(text, head)
            if match is None:
                continue
            office = _collapse(match["office"])
            stated = _NOUNS.get(_collapse(match["of"] or ""))
            name = f"Ministry of {_title_case(office)}"
        if not office[0].isupper() or office.split()[0].lower() in ("minister", "ministry"):
            continue
        country = stated.code if stated else _office_country(office)
        if stated:
            name = f"{name} of {stated.name}"
        yield _institution(text, match, name, country, "ministry")


def _missions(text: str) -> Iterable[_Draft]:
    if "Embassy" not in text and "Commission" not in text and "Consulate" not in text:
        return
    heads = [head.start() for head in _MISSION_HEAD.finditer(text)]
    for match in _anchored(_MISSION, text, heads, 50):
        stated = _NOUNS.get(_collapse(match["of"] or "")) or _stated_country(
            match["possessive"], match["nationality"]
        )
        if stated is None:
            continue
        name = f"{_collapse(match['head'])} of {stated.name}"
        if match["city"]:
            name = f"{name} in {_collapse(match['city'])}"
        yield _institution(text, match, name, stated.code, "mission")


def _organisations(text: str) -> Iterable[_Draft]:
    heads = [head.start() for head in _ORGANISATION_HEAD.finditer(text)]
    for match in _anchored(_ORGANISATION, text, heads, 100):
        words = _collapse(match["words"]).split(" ")
        while words and (words[0] in _NOT_NAMES or words[0].lower() in _SMALL_WORDS):
            words.pop(0)
        qualifier = None
        if words and words[0].endswith(("'s", "’s")):
            qualifier = _NOUNS.get(words.pop(0)[:-2])
            if qualifier is None:
                continue
        if not words or all(word in _ADJECTIVES or word in _NOUNS for word in words):
            continue
        if any(word in _NOT_NAMES and word not in ("National", "Security") for word in words):
            continue
        name = " ".join([*words, match["head"]])
        stated = _NOUNS.get(_collapse(match["of"] or ""))
        if stated is not None:
            name = f"{name} of {_collapse(match['of'])}"
        elif qualifier is not None:
            name, stated = f"{name} of {qualifier.name}", qualifier
        else:
            stated = _ADJECTIVES.get(words[0])
        # Where the name really starts, once leading non-name words are dropped.
        start = text.index(words[0], match.start("words"))
        draft = _institution(text, match, name, stated.code if stated else "", "organization")
        draft.start = draft.name_start = start
        draft.aliases[0] = _collapse(text[start : match.end()])
        if match["acronym"]:
            draft.aliases.append(match["acronym"])
        yield draft


def _institution(text: str, match: re.Match[str], name: str, country: str, rule: str) -> _Draft:
    kind = "organization" if rule == "organization" else "government-body"
    return _Draft(
        name=name,
        kind=kind,
        country=country,
        title="",
        start=match.start(),
        end=match.end(),
        name_start=match.start(),
        name_end=match.end(),
        rule=rule,
        aliases=[_collapse(match.group()), name],
    )


def _clean_name(text: str, start: int, end: int, *, after_title: bool) -> tuple[int, int] | None:
    """The span of the name proper inside a candidate run of capitalised words.

    After a title the name ends at the first word that cannot belong to a name
    ("Putin On Wednesday"); before an apposition it starts after the last one
    ("Yesterday Sergey Lavrov, …").
    """
    tokens = [
        (m.lastgroup, m.start(), m.end(), m.group()) for m in _NAME_TOKEN.finditer(text, start, end)
    ]
    if after_title:
        for index, token in enumerate(tokens):
            if token[0] == "word" and token[3] in _NOT_NAMES:
                tokens = tokens[:index]
                break
    else:
        for index in range(len(tokens) - 1, -1, -1):
            if tokens[index][0] == "word" and tokens[index][3] in _NOT_NAMES:
                tokens = tokens[index + 1 :]
                break
    while tokens and (tokens[0][0] == "particle" or tokens[0][3] in _HONORIFIC_WORDS):
        tokens.pop(0)
    words = [index for index, token in enumerate(tokens) if token[0] == "word"]
    if not words:
        return None
    if len(words) > 4:
        if after_title:
            tokens = tokens[: words[3] + 1]
        else:
            first = words[-4]
            while first > 0 and tokens[first - 1][0] == "initial":
                first -= 1
            tokens = tokens[first:]
    while tokens and tokens[-1][0] != "word":
        tokens.pop()
    only_word = [token[3] for token in tokens if token[0] == "word"]
    if len(tokens) == 1 and (only_word[0] in _CITIES or only_word[0] in _NOUNS):
        return None
    return tokens[0][1], tokens[-1][2]


def _title_and_country(match: re.Match[str]) -> tuple[str, str, bool]:
    """(title as it should read, country code, whether anything qualified the title)."""
    raw_title = _collapse(match["title"])
    institution = match["institution"] or match["institution_alone"]
    stated = _NOUNS.get(_collapse(match["of"] or "")) or _stated_country(
        match["possessive"], match["nationality"]
    )
    country = stated.code if stated else ""
    if not country and institution:
        country = _INSTITUTIONS[_collapse(institution)]
    if not country:
        country = _office_country(raw_title)
    title = _title_case(raw_title)
    destination = ""
    to = _DESTINATION.search(title)
    if to is not None:
        preposition, destination = to["preposition"], to["destination"]
        title = title[: to.start("to")]
    if institution:
        title = f"{_title_case(_collapse(institution))} {title}"
    modifier = (match["modifier"] or match["modifier_after"] or "").lower()
    if modifier in ("former", "acting"):
        title = f"{modifier.capitalize()} {title}"
    if country and (stated or not institution):
        title = f"{title} of {_COUNTRY_BY_CODE[country].name}"
    if destination:
        destination = _NOUNS[destination].name if destination in _NOUNS else destination
        title = f"{title} {preposition} {destination}"
    return title, country, bool(stated or institution)


def _too_vague(raw_title: str) -> bool:
    """Whether a title without a qualifier is too bare to name anyone by: "Minister X",
    or a lowercase lone head such as "president X"."""
    title = _collapse(raw_title)
    return title.lower() in _GENERIC_TITLES or (title.islower() and " " not in title)


def _stated_country(possessive: str | None, nationality: str | None) -> _Country | None:
    if possessive:
        return _NOUNS.get(_collapse(possessive))
    if nationality:
        word = _collapse(nationality)
        return _ADJECTIVES.get(word) or _NOUNS.get(word)
    return None


def _office_country(office: str) -> str:
    lowered = office.lower()
    for phrase, code in _OFFICE_COUNTRIES:
        if lowered.startswith(phrase) or f" {phrase}" in f" {lowered}":
            return code
    return ""


def _title_case(phrase: str) -> str:
    if phrase in _ABBREVIATED_TITLES:
        return _ABBREVIATED_TITLES[phrase]
    words = []
    for index, word in enumerate(phrase.split(" ")):
        if word.isupper() or (index and word.lower() in _SMALL_WORDS):
            words.append(word if word.isupper() else word.lower())
        else:
            words.append(
                "-".join(
                    part.lower() if i and part.lower() in ("designate", "elect") else part.title()
                    for i, part in enumerate(word.split("-"))
                )
                if not word.startswith("(")
                else "(" + word[1:2].upper() + word[2:].lower()
            )
    return " ".join(words)


def _collapse(phrase: str) -> str:
    return " ".join(phrase.split())


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One draft per actor: same slug, or a lone surname that one fuller name ends with."""
    by_slug: dict[str, _Draft] = {}
    for draft in drafts:
        slug = slugify(draft.name)
        if not slug:
            continue
        existing = by_slug.get(slug)
        if existing is None:
            by_slug[slug] = replace(draft, aliases=list(draft.aliases))
        else:
            _absorb(existing, draft)
    people = [draft for draft in by_slug.values() if draft.kind == "person"]
    for draft in people:
        if " " in draft.name or "." in draft.name:
            continue
        fuller = [
            other
            for other in people
            if other is not draft
            and other.name.endswith(f" {draft.name}")
            and (not draft.country or not other.country or draft.country == other.country)
        ]
        if len(fuller) == 1:
            _absorb(fuller[0], draft)
            del by_slug[slugify(draft.name)]
    return sorted(by_slug.values(), key=lambda draft: draft.start)


def _absorb(into: _Draft, other: _Draft) -> None:
    into.aliases.extend(other.aliases)
    if not into.country and other.country:
        into.country, into.title = other.country, other.title
    if other.start < into.start:
        into.start, into.end = other.start, other.end
        into.name_start, into.name_end = other.name_start, other.name_end


def _surname_forms(text: str, name: str) -> list[str]:
    """The ways the text refers to a person by surname: "Lavrov", "FM Lavrov", "Mr. Lavrov"."""
    surname = name.rsplit(" ", 1)[-1]
    if len(surname) < 3 or surname not in text:
        return []
    full = re.compile(r"\s+".join(re.escape(part) for part in name.split(" ")))
    inside = [(m.start(), m.end()) for m in full.finditer(text)] if " " in name else []
    forms = []
    pattern = re.compile(
        rf"(?<![\w'’.-])(?:(?P<prefix>{_SURNAME_PREFIX}){_S})?{re.escape(surname)}(?![\w-])"
    )
    for match in pattern.finditer(text):
        at = match.end() - len(surname)
        if any(lo <= at < hi for lo, hi in inside):
            continue
        if match["prefix"]:
            forms.append(_collapse(match.group()))
        forms.append(surname)
    return forms
