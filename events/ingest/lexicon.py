"""What a sentence reports: PLOVER event type, mode, contexts, status and claim kind.

A shallow lexicon of cue phrases in the style of event coders like TABARI: fast,
explainable (each result names the cue that fired) and written for the language of
diplomatic reporting in general.
"""

import re
from dataclasses import dataclass


def _words(*phrases: str) -> str:
    return "|".join(phrases)


# Cue phrases per PLOVER type. Order matters only for reading; every type that
# fires in a sentence is reported, each with its first cue.
_TYPE_CUES: dict[str, str] = {
    "AGREE": _words(
        r"agreed",
        r"agree(?:s)? to",
        r"agreement",
        r"signed",
        r"inked",
        r"decided to",
        r"have decided",
        r"memorand(?:um|a) of understanding",
        r"MoUs?",
        r"pact",
        r"treaty",
        r"announced the establishment",
        r"(?:will|to) establish",
        r"reached (?:an? )?(?:agreement|deal|consensus)",
        r"deal",
    ),
    "CONSULT": _words(
        r"telephonic conversation",
        r"telephone conversation",
        r"phone[- ]?call",
        r"telephone call",
        r"spoke (?:to|with|over the phone|by phone)",
        r"dialed|dialled",
        r"held talks",
        r"talks",
        r"met",
        r"meets?",
        r"meeting",
        r"summit",
        r"visit(?:s|ed|ing)?",
        r"conversation",
        r"discuss(?:ed|es|ing)?",
        r"consultations?",
        r"reviewed",
        r"review(?:s|ing)?",
        r"call(?:ed)? on",
        r"hosted",
        r"received",
        r"dialogue",
        r"bilateral (?:meeting|talks)",
        r"tour(?:ed)?",
    ),
    "SUPPORT": _words(
        r"expressed (?:his |her |their )?solidarity",
        r"solidarity",
        r"supported",
        r"thanked",
        r"thanks",
        r"lauded",
        r"welcomed",
        r"appreciat(?:ed|es|ion)",
        r"praised",
        r"hailed",
        r"backed",
        r"endorsed",
        r"congratulated",
        r"condolences?",
        r"expressed (?:his |her |their )?(?:support|satisfaction)",
        r"assured",
    ),
    "COOPERATE": _words(
        r"cooperat(?:e|ed|ion|ing)",
        r"co-operation",
        r"collaborat(?:e|ed|ion)",
        r"jointly",
        r"joint (?:venture|production|exercise|development)",
        r"(?:will be|to be) (?:manufactured|produced)",
        r"produc(?:e|tion) of",
        r"manufactur(?:e|ed|ing)",
        r"trained",
        r"training",
        r"partnership",
        r"approv(?:al|ed) for",
        r"registration of",
        r"supply of",
        r"deliver(?:y|ies|ed)",
        r"arrive",
        r"shipment",
    ),
    "AID": _words(
        r"humanitarian (?:aid|assistance|supplies)",
        r"emergency aid",
        r"relief",
        r"aid",
        r"assistance",
        r"donat(?:ed|ion|es)",
        r"sending \d",
        r"sent \d",
        r"oxygen",
        r"ventilators",
    ),
    "REQUEST": _words(r"urged", r"called (?:up)?on", r"requested", r"appealed", r"sought"),
    "ACCUSE": _words(
        r"accused", r"criticis(?:ed|es)", r"criticiz(?:ed|es)", r"blamed", r"condemned"
    ),
    "REJECT": _words(r"rejected", r"refused", r"declined", r"turned down", r"dismissed"),
    "THREATEN": _words(r"threaten(?:ed|s)?", r"warned"),
    "PROTEST": _words(
        r"protest(?:ed|s)?", r"summoned", r"demarche", r"lodged a (?:strong )?protest"
    ),
    "SANCTION": _words(r"sanction(?:s|ed)?", r"expelled", r"embargo", r"banned", r"suspended"),
    "MOBILIZE": _words(r"mobili[sz](?:ed|ation)", r"deployed", r"military (?:drills|exercises)"),
    "COERCE": _words(r"seized", r"arrested", r"detained", r"blockade"),
    "ASSAULT": _words(r"attacked", r"air ?strikes?", r"shelling", r"killed"),
    "CONCEDE": _words(r"conceded", r"eased", r"lifted (?:the )?sanctions", r"released"),
    "RETREAT": _words(r"withdr(?:ew|awn|awal)", r"pulled out", r"pull back"),
}
# One pass over a sentence finds every type's cues: a named group per type.
_CUES = re.compile(
    "|".join(
        rf"(?<![\w-])(?P<{event_type}>{cues})(?![\w])" for event_type, cues in _TYPE_CUES.items()
    ),
    re.IGNORECASE,
)

# Within one type, cues that name different undertakings: producing a vaccine and
# delivering its first batch are both COOPERATE, but not one event.
_FAMILIES = {
    "COOPERATE": [
        ("production", re.compile(r".*(?:produc|manufactur).*", re.I)),
        ("delivery", re.compile(r"supply of|deliver.*|arrive|shipment", re.I)),
        ("training", re.compile(r"train.*", re.I)),
        ("approval", re.compile(r"approv.*|registration of", re.I)),
    ],
}

_MODES = [
    (
        "phone",
        re.compile(r"phone|telephon|\bcall\b|\bdialed|\bdialled|video ?conferenc|virtual", re.I),
    ),
    (
        "visit",
        re.compile(
            r"\bvisit|\bsummit\b|\btour|arriv(?:e|ed|al) in|\btravel|\bhosted\b|state visit", re.I
        ),
    ),
    (
        "multilateral",
        re.compile(
            r"\bG-?20\b|\bBRICS\b|\bSCO\b|\bUN(?:GA)?\b|\bASEAN\b|\bQuad\b summit"
            r"|sidelines of|multilateral",
            re.I,
        ),
    ),
    ("third-party", re.compile(r"mediat|\bbroker", re.I)),
]
# A mode only makes sense for the interactions it describes.
_MODE_TYPES = {"CONSULT", "AGREE", "SUPPORT", "REQUEST"}

_CONTEXTS = [
    (
        "health",
        re.compile(
            r"covid|corona|pandemic|vaccin|sputnik|medic|health|oxygen|ventilator|hospital", re.I
        ),
    ),
    (
        "military",
        re.compile(
            r"defen[cs]e|military|army|navy|troops|weapon|missile|S-400|arms\b|armed forces", re.I
        ),
    ),
    (
        "economic",
        re.compile(
            r"trade|investment|econom|business|tariff|rupee|rouble|ruble|bank|industr|compan", re.I
        ),
    ),
    (
        "energy",
        re.compile(r"energy|\boil\b|\bgas\b|nuclear power|hydrogen|renewable|crude|LNG|coal", re.I),
    ),
    (
        "space",
        re.compile(
            r"\bspace\b|astronaut|cosmonaut|gaganyaan|satellite|rocket|ISRO|Roscosmos", re.I
        ),
    ),
    (
        "technology",
        re.compile(r"technolog|cyber|digital|semiconductor|artificial intelligence", re.I),
    ),
    ("humanitarian", re.compile(r"humanitarian|relief|refugee|disaster|emergency aid", re.I)),
    (
        "diplomatic",
        re.compile(
            r"diplomat|dialogue|summit|bilateral|partnership|minister|talks|visit|ambassador", re.I
        ),
    ),
]

_CANCELLED = re.compile(
    r"could not (?:happen|take place|be held)|did not (?:happen|take place)|"
    r"(?:was|were|has been|have been) (?:cancelled|canceled|called off|postponed|scrapped)|"
    r"\b(?:cancelled|canceled|called off|postponed|scrapped)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|would (?:visit|hold|travel|meet|provide|be)|is set to|are set to|"
    r"is to|are to|is expected to|are expected to|is scheduled|are scheduled|"
    r"plans? to|planned|upcoming|forthcoming|look(?:s|ed)? forward to|"
    r"is likely to|are likely to|to be held|is slated|next (?:week|month|year))\b",
    re.IGNORECASE,
)

_TWEET = re.compile(r"[—–-]\s*[^()\n]{1,80}\(@\w{1,30}\)\s*\w+ \d{1,2}, \d{4}\s*$")
_HANDLE = re.compile(r"\(@(\w{1,30})\)")
_QUOTED = re.compile(r"[\"“][^\"“”]{12,}[\"”]")
_SPEECH = re.compile(
    r"\b(?:said|says|stated|told|added|noted|informed|highlighted|according to|tweeted|"
    r"wrote|posted)\b",
    re.IGNORECASE,
)
_STATEMENT = re.compile(
    r"\b(?:statement|press[- ]release|readout|communiqu[eé]|joint declaration|"
    r"spokesperson|briefing)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EventCue:
    event_type: str
    start: int
    end: int
    cue: str

    @property
    def family(self) -> str:
        """A narrower kind of event within the type ("production", "training"), or ""."""
        for family, pattern in _FAMILIES.get(self.event_type, ()):
            if pattern.fullmatch(self.cue):
                return family
        return ""


def event_cues(sentence: str) -> list[EventCue]:
    """The first cue of each PLOVER type (and family within it) the sentence reports."""
    cues: dict[tuple[str, str], EventCue] = {}
    for match in _CUES.finditer(sentence):
        cue = EventCue(match.lastgroup, match.start(), match.end(), match.group(0))
        cues.setdefault((cue.event_type, cue.family), cue)
    return sorted(cues.values(), key=lambda cue: cue.start)


def mode_of(sentence: str, event_type: str) -> str:
    if event_type not in _MODE_TYPES:
        return ""
    for mode, pattern in _MODES:
        if pattern.search(sentence):
            return mode
    return ""


_CONTEXT_WORDS = re.compile(
    "|".join(f"(?P<{context}>{pattern.pattern})" for context, pattern in _CONTEXTS), re.IGNORECASE
)


def contexts_of(sentence: str) -> list[str]:
    found = {match.lastgroup for match in _CONTEXT_WORDS.finditer(sentence)}
    return [context for context, _ in _CONTEXTS if context in found] or ["diplomatic"]


def is_future(sentence: str) -> bool:
    return bool(_FUTURE.search(sentence))


_CLAUSE_BREAK = re.compile(r"[,;:.!?]\s|\s(?:and|but|while|whereas|as|after|before)\s")


def clause_around(sentence: str, position: int) -> tuple[int, int]:
    """The clause holding `position`: "X expressed solidarity and assured that Y will…"
    has two, so the "will" of the second does not make the first a plan."""
    start, end = 0, len(sentence)
    for brk in _CLAUSE_BREAK.finditer(sentence):
        if brk.end() <= position:
            start = brk.end()
        elif brk.start() >= position:
            end = brk.start()
            break
    return start, end


def status_of(sentence: str) -> tuple[str, str]:
    """occurred, planned or cancelled, with the cue that decided it."""
    cancelled = _CANCELLED.search(sentence)
    if cancelled:
        return "cancelled", cancelled.group(0)
    future = _FUTURE.search(sentence)
    if future:
        return "planned", future.group(0)
    return "occurred", ""


@dataclass(frozen=True)
class Attribution:
    kind: str  # reported, direct-quote, statement, social-post
    speaker: str | None  # the words naming who speaks: "PMO", "@narendramodi", …
    rule: str


def attribution_of(sentence: str) -> Attribution:
    """Who is speaking in a sentence, as far as its own words say."""
    if _TWEET.search(sentence):
        handle = _HANDLE.search(sentence)
        return Attribution("social-post", f"@{handle.group(1)}" if handle else None, "tweet")
    quoted = _QUOTED.search(sentence)
    statement = _STATEMENT.search(sentence)
    if quoted and _SPEECH.search(sentence):
        return Attribution("direct-quote", None, "quotation-with-speech-verb")
    if statement:
        return Attribution("statement", None, f"statement:{statement.group(0).lower()}")
    return Attribution("reported", None, "reported")
