"""What a sentence reports: PLOVER event type, mode, contexts, status and claim kind.

A shallow lexicon of cue phrases in the style of event coders like TABARI: fast,
explainable (each result names the cue that fired) and written for the language of
diplomatic reporting in general.
"""

import re
from dataclasses import dataclass

from events.ingest import cues

# Verbs whose base and -s forms are as often nouns ("a sign of", "the state of", "a host
# of"): those two forms count only where the words before make them a verb ("will sign",
# "to host", "India and Russia sign").
_NOUN_LIKE_VERBS = cues.word_set(
    """sign state note post term support review address exercise launch back call deal ban
    attack strike release comment host tour visit talk meet mention appeal request
    demand protest sanction supply export import purchase invest train partner pledge
    promise vow ease shell seal station embargo blockade arrest freeze set up approve
    adopt record engage receive attend chair brief maintain observe describe affirm
    confirm add write highlight stress question welcome back conduct build produce
    deliver sell buy share decline deny oppose dismiss"""
)
# Words after which a base or -s form that may be a noun is a verb.
_VERB_CONTEXT = cues.word_set(
    """will would shall can could may might must should to not also he she it they we i who
    which that jointly now then later today formally officially initially further soon
    eventually first still again together finally both leaders sides countries nations
    ministers governments"""
)
_DETERMINERS = cues.word_set("the a an this that these those its his her their our no any")
_TILDE = r"(?:[\w'’.-]+\s+){0,2}?"


@dataclass(frozen=True)
class _Entry:
    event_type: str
    lemma: str
    mode: str
    verb: bool
    pattern: re.Pattern[str]
    noun_like: bool  # a base or -s form of a verb that is as often a noun


def _phrase_pattern(form: str) -> str:
    """A cue form as a regex: words apart by any spacing, "~" up to two words of any kind."""
    parts = []
    for word in form.split(" "):
        parts.append(_TILDE if word == "~" else re.escape(word) + r"\s+")
    return "".join(parts).removesuffix(r"\s+") + r"(?![\w-])"


def _build_index() -> dict[str, list[_Entry]]:
    """Cue entries by the first word of their forms, longest forms tried first."""
    index: dict[str, list[tuple[int, _Entry]]] = {}
    for table, verb in ((cues.VERB_CUES, True), (cues.NOUN_CUES, False)):
        for event_type, lemma, mode in cues.table_entries(table):
            head = lemma.split(" ")[0]
            ambiguous = {head, cues.third_person(head)} if head in _NOUN_LIKE_VERBS else set()
            for form in cues.phrase_forms(lemma, verb=verb):
                first = form.split(" ")[0]
                entry = _Entry(
                    event_type,
                    lemma,
                    mode,
                    verb,
                    re.compile(_phrase_pattern(form), re.IGNORECASE),
                    verb and first in ambiguous,
                )
                index.setdefault(first.lower(), []).append((len(form), entry))
    return {
        word: [entry for _, entry in sorted(entries, key=lambda pair: -pair[0])]
        for word, entries in index.items()
    }


_INDEX = _build_index()
_CUE_WORD = re.compile(r"(?<![\w-])\w[\w-]*")
_LOWER_WORD = re.compile(r"\w+")
_WORD_BEFORE = re.compile(r"([\w'’]+)\W*$")


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

# The interaction an event took, as lowercase patterns (`mode_of` lowers the clause); the
# first that matches wins.
_MODES = [
    ("phone", re.compile(r"phone|telephon|\bcall\b|\bdialed|\bdialled|video ?conferenc|virtual")),
    (
        "visit",
        re.compile(r"\bvisit|\bsummit\b|\btour|arriv(?:e|ed|al) in|\btravel|\bhosted\b"),
    ),
    (
        "multilateral",
        re.compile(
            r"\bg-?20\b|\bbrics\b|\bsco\b|\bun(?:ga)?\b|\basean\b|\bquad\b summit"
            r"|sidelines of|multilateral"
        ),
    ),
    ("third-party", re.compile(r"mediat|\bbroker")),
]
# A mode only makes sense for the interactions it describes.
_MODE_TYPES = {"CONSULT", "AGREE", "SUPPORT", "REQUEST"}

# Words that place an event in a context, as lowercase patterns: `contexts_of` searches
# the lowered sentence, several times faster than a case-blind search.
_CONTEXTS = [
    ("health", r"covid|corona|pandemic|vaccin|sputnik|medic|health|oxygen|ventilator|hospital"),
    (
        "military",
        r"defen[cs]e|military|army|navy|troops|weapon|missile|s-400|arms\b|armed forces",
    ),
    (
        "economic",
        r"trade|investment|econom|business|tariff|rupee|rouble|ruble|bank|industr|compan",
    ),
    ("energy", r"energy|\boil\b|\bgas\b|nuclear power|hydrogen|renewable|crude|lng|coal"),
    ("space", r"\bspace\b|astronaut|cosmonaut|gaganyaan|satellite|rocket|isro|roscosmos"),
    ("technology", r"technolog|cyber|digital|semiconductor|artificial intelligence"),
    ("humanitarian", r"humanitarian|relief|refugee|disaster|emergency aid"),
    (
        "diplomatic",
        r"diplomat|dialogue|summit|bilateral|partnership|minister|talks|visit|ambassador",
    ),
]

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
    lemma: str = ""
    verb: bool = False
    mode: str = ""  # the interaction the cue names by itself: "dialled" a phone call

    @property
    def family(self) -> str:
        """A narrower kind of event within the type ("production", "training"), or ""."""
        for family, pattern in _FAMILIES.get(self.event_type, ()):
            if pattern.fullmatch(self.cue):
                return family
        return ""


def event_cues(sentence: str) -> list[EventCue]:
    """Every cue the sentence holds, in order, none overlapping another; at one place the
    longest form wins ("held talks" over "held")."""
    found: list[EventCue] = []
    position = 0
    for word in _CUE_WORD.finditer(sentence):
        if word.start() < position:
            continue
        for entry in _INDEX.get(word[0].lower(), ()):
            match = entry.pattern.match(sentence, word.start())
            if match is None or (entry.noun_like and not _verb_context(sentence, word.start())):
                continue
            event_type = entry.event_type
            if entry.lemma == "arrive" and _carries_cargo(sentence, word.start()):
                event_type = "COOPERATE"  # a delivery; its family says so ("arrive")
            found.append(
                EventCue(
                    event_type,
                    match.start(),
                    match.end(),
                    match[0],
                    entry.lemma,
                    entry.verb,
                    entry.mode,
                )
            )
            position = match.end()
            break
    return found


def _carries_cargo(sentence: str, start: int) -> bool:
    words = _LOWER_WORD.findall(sentence, max(0, start - 60), start)
    return any(word.lower() in cues.CARGO_WORDS for word in words)


def _verb_context(sentence: str, start: int) -> bool:
    """Whether a base or -s form that may be a noun stands as a verb: after a modal, "to",
    a pronoun or adverb ("will sign", "they sign"), or a name ("India signs"), but not a
    capitalised word after a name ("United States")."""
    before = _WORD_BEFORE.search(sentence, max(0, start - 40), start)
    if before is None:
        return False
    word = before[1].lower()
    if word.endswith(("'s", "’s")) or (before[1].isupper() and len(word) > 1):
        return False  # "the President's visit", "the PMO release"
    if word in _VERB_CONTEXT:
        return True
    return before[1][0].isupper() and not sentence[start].isupper() and word not in _DETERMINERS


def mode_of(sentence: str, event_type: str) -> str:
    if event_type not in _MODE_TYPES:
        return ""
    lowered = sentence.lower()
    for mode, pattern in _MODES:
        if pattern.search(lowered):
            return mode
    return ""


_CONTEXT_WORDS = re.compile("|".join(f"(?P<{context}>{pattern})" for context, pattern in _CONTEXTS))


def contexts_of(sentence: str) -> list[str]:
    found = {match.lastgroup for match in _CONTEXT_WORDS.finditer(sentence.lower())}
    return [context for context, _ in _CONTEXTS if context in found] or ["diplomatic"]


def is_future(sentence: str) -> bool:
    return bool(_FUTURE.search(sentence))


_CLAUSE_BREAK = re.compile(r"[,;:.!?]\s|\s(?:and|but|while|whereas|as|after|before)\s")


def clause_around(
    sentence: str, position: int, breaks: re.Pattern[str] = _CLAUSE_BREAK
) -> tuple[int, int]:
    """The clause holding `position`: "X expressed solidarity and assured that Y will…"
    has two, so the "will" of the second does not make the first a plan. Other `breaks`
    give other parts (where the subject changes, say)."""
    start, end = 0, len(sentence)
    for brk in breaks.finditer(sentence):
        if brk.end() <= position:
            start = brk.end()
        elif brk.start() >= position:
            end = brk.start()
            break
    return start, end


# --- status from the construction around one cue ------------------------------------

_ADVERBS = (
    r"(?:(?:also|now|then|initially|soon|later|jointly|further|formally|officially|personally"
    r"|again|finally|eventually|first|still|not\s+only|both|be|being|been|have)\s+)*"
)
# Said of the event after its cue: "the meeting was postponed", "the summit could not happen".
_CANCELLED_AFTER = re.compile(
    r"^[^,;]{0,60}?\b(?:(?:was|were|has\s+been|have\s+been|had\s+been|is|are|been|being|got)"
    r"\s+(?:\w+\s+)?(?:postponed|cancel(?:l)?ed|called\s+off|scrapped|put\s+off|deferred"
    r"|shelved|delayed|suspended)|could\s+not\s+(?:happen|take\s+place|be\s+held)"
    r"|did\s+not\s+(?:happen|take\s+place)|(?:will|would)\s+not\s+(?:happen|take\s+place"
    r"|be\s+held)|fell\s+through)\b",
    re.IGNORECASE,
)
# Said before the cue: "pulled out of the meeting", "his inability to attend", "skipped".
_CANCELLED_BEFORE = re.compile(
    r"\b(?:postpon(?:e|es|ed|ing)|cancel(?:s|l?ed|l?ing)?|call(?:s|ed|ing)?\s+off"
    r"|scrap(?:s|ped|ping)?|skip(?:s|ped|ping)?|pull(?:s|ed|ing)?\s+out\s+of"
    r"|withdr(?:ew|aw|aws|awn|awing)\s+from|boycott(?:s|ed|ing)?|put(?:s|ting)?\s+off"
    r"|defer(?:s|red|ring)?|shelv(?:e|es|ed|ing)|miss(?:es|ed|ing)?|inability\s+to"
    r"|unable\s+to|not\s+be\s+able\s+to|(?:refus|declin)(?:e|es|ed|ing)\s+to"
    r"|decid(?:e|es|ed|ing)\s+not\s+to|(?:will|would|shall|does|did|do)\s+not|won[’']t"
    r"|not\s+(?:planning|going|expected|scheduled)\s+to|no\s+plans?\s+to|ruled\s+out"
    r"|instead\s+of)\s+(?:[\w'’-]+\s+){0,4}$",
    re.IGNORECASE,
)
# Right before a verb: "will sign", "is set to visit", "looks forward to hosting".
_PLANNED_VERB = re.compile(
    r"\b(?:will|shall|would|[’']ll|(?:is|are|am|was|were)\s+(?:(?:also|now)\s+)?(?:to|set\s+to"
    r"|due\s+to|expected\s+to|scheduled\s+to|slated\s+to|likely\s+to|going\s+to|poised\s+to"
    r"|planning\s+to|hoping\s+to|about\s+to)|(?:plans?|planned|intends?|intended|aims?|aimed"
    r"|hopes?|hoped|wants?|wanted|proposes?|proposed|seeks?|sought|agreed|agrees|decided"
    r"|decides|committed|undertook|invited|invitation|ready|expected|scheduled|set|likely"
    r"|eager|keen)\s+to|look(?:s|ed|ing)?\s+forward\s+to|to)\s+" + _ADVERBS + r"$",
    re.IGNORECASE,
)
# Before a noun: "the upcoming visit", "a planned meeting", "ahead of the summit".
_PLANNED_NOUN_BEFORE = re.compile(
    r"\b(?:planned|upcoming|forthcoming|proposed|expected|scheduled|possible|potential|next"
    r"|future|prospective|coming|impending|anticipated|likely|mooted|intended|would-be"
    r"|ahead\s+of|preparations?\s+for|invit(?:ed|ation)\s+(?:to|for)|look(?:s|ed|ing)?\s+forward\s+to"
    r"|(?:will|to)\s+(?:hold|host|attend|have|make|pay|undertake|join|chair|co-chair|address|lead"
    r"|continue|resume))"
    r"\s+(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
# After a noun: "the summit is scheduled for", "talks to be held", "a visit that will".
_PLANNED_NOUN_AFTER = re.compile(
    r"^\s*(?:[\w'’-]+\s+){0,4}?(?:(?:is|are|was|were)\s+(?:(?:now|also|being)\s+)?"
    r"(?:scheduled|planned|expected|set|due|slated|likely|to\s+be\s+held|to\s+take\s+place"
    r"|going\s+to)|to\s+be\s+(?:held|hosted)|(?:will|would)\s+(?:be\s+held|take\s+place"
    r"|be\s+hosted))\b",
    re.IGNORECASE,
)


def status_at(sentence: str, cue: EventCue, clause: tuple[int, int]) -> tuple[str, str]:
    """Status of the event one cue names, from the words around it in its clause:
    "will sign", "the upcoming visit", "pulled out of the meeting", "was postponed".

    Returns (status, the words that decided it); a cue with none of them occurred.
    """
    before = sentence[max(clause[0], cue.start - 80) : cue.start]
    after = sentence[cue.end : clause[1]]
    cancelled = _CANCELLED_AFTER.search(after) or _CANCELLED_BEFORE.search(before)
    if cancelled:
        return "cancelled", " ".join(cancelled[0].split())
    if cue.verb:
        planned = _PLANNED_VERB.search(before)
        if planned and planned[0].strip().lower() == "to":
            if not _infinitive(cue):
                planned = None
            elif not _BARE_TO_LICENSED.search(before[: len(before) - len(planned[0])]):
                # "a move to launch", "efforts to resolve": no event is stated.
                return "", ""
    else:
        planned = None
    # A noun's markers, also for a verb form that may be a noun ("the upcoming visit").
    planned = planned or _PLANNED_NOUN_BEFORE.search(before) or _PLANNED_NOUN_AFTER.search(after)
    if planned:
        return "planned", " ".join(planned[0].split())
    return "occurred", ""


# What makes a bare "to" announce a plan: a headline's subject ("Lavrov to visit India"),
# or a journey it is the purpose of ("flew to Tokyo to attend").
_BARE_TO_LICENSED = re.compile(
    r"(?:(?:^|[.:!?]\s+)(?:[A-Z][\w'’.-]*\s+){1,4}|\b(?:travel(?:s|led|ed|ling|ing)?"
    r"|fl(?:y|ies|ew|own|ying)|arriv(?:e|es|ed|ing)|head(?:s|ed|ing)?|le(?:ave|aves|ft|aving)"
    r"|go(?:es|ing)?|went|gone|c(?:ome|omes|ame|oming)|visit(?:s|ed|ing)?|land(?:s|ed|ing)?)"
    r"\b[^,;]{0,60}?)$"
)


def _infinitive(cue: EventCue) -> bool:
    """Whether a verb cue stands in its base form ("to sign", not "to signed documents")."""
    first = cue.cue.split()[0].lower()
    return first == cue.lemma.split()[0] or first.endswith("ing")


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
