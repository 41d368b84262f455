"""Text to proposals: the plain-Python half of ingest (no database).

`analyse()` runs the stages over one article body: sentences, actors (known aliases
and new ones from title patterns), dates, event type and status, attribution. It
returns one proposed claim per event a sentence reports, each carrying the record
of the rules that fired, for a curator to see why it was proposed.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from events.dates import parse_date
from events.ingest.actor_patterns import names_a_country
from events.ingest.actors import ActorProposal, propose_actors
from events.ingest.aliases import AliasMatch, AliasMatcher
from events.ingest.cues import TOPIC_NOUNS, word_set
from events.ingest.lexicon import (
    Attribution,
    EventCue,
    attribution_of,
    clause_around,
    contexts_of,
    event_cues,
    is_future,
    mode_of,
    status_at,
)
from events.ingest.sentences import Sentence, split_sentences
from events.ingest.temporal import TemporalExpression, dateline_of, find_temporal_expressions

# A line with no closing punctuation: a headline or subheading, in the historic present.
_HEADLINE = re.compile(r"[^.!?\"”’)]\s*:?$")

# A claim is a sentence; a very long "sentence" is a splitting accident, not evidence.
MAX_CLAIM_LENGTH = 1200


@dataclass(frozen=True)
class ActorRef:
    key: str  # an existing actor's slug or a proposed actor's slug
    role: str  # initiator, recipient, participant


@dataclass
class ProposedClaim:
    start: int
    end: int
    quote: str
    event_type: str
    family: str  # a narrower kind within the type, "" when the cue is general
    mode: str
    contexts: list[str]
    status: str
    status_stated: bool  # False for a headline whose tense says nothing ("X and Y discuss Z")
    edtf: str
    date_phrase: str
    date_start: int | None  # the phrase's offsets in the body, when the sentence states it
    kind: str
    speaker: str | None  # an actor key when the speaker is a known actor
    actors: list[ActorRef]
    mentioned: list[str]
    extraction: dict = field(default_factory=dict)

    @property
    def bounds(self) -> tuple[date | None, date | None]:
        return self.bounds_of(self.edtf)

    @staticmethod
    def bounds_of(edtf: str) -> tuple[date | None, date | None]:
        parsed = parse_date(edtf)
        return parsed.lower, parsed.upper


@dataclass
class Analysis:
    sentences: list[Sentence]
    claims: list[ProposedClaim]
    new_actors: list[ActorProposal]


def analyse(body: str, published_on: date | None, matcher: AliasMatcher) -> Analysis:
    """Propose claims for every event the body's sentences report."""
    sentences = split_sentences(body)
    new_actors = _unique_proposals(propose_actors(body, matcher))
    matchers = (
        matcher,
        AliasMatcher(
            (alias, proposal.slug) for proposal in new_actors for alias in proposal.aliases
        ),
    )
    claims: list[ProposedClaim] = []
    discourse_actors: list[str] = []
    lead_date = dateline_of(body, published_on)
    for sentence in sentences:
        if len(sentence.text) > MAX_CLAIM_LENGTH:
            continue
        found, named = _actors_in(sentence, matchers)
        attribution = attribution_of(sentence.text)
        speaker = _speaker(attribution.speaker, matcher, named, sentence.text)
        # Whoever reports an event (a ministry's release, a tweet) is not a party to it.
        parties = [(key, position) for key, position in found if key != speaker]
        readings = _Dates(sentence.text, published_on)
        if (
            lead_date is None
            and readings.past
            and _is_day(readings.past[0].edtf)
            and not is_future(sentence.text)
            and (published_on is None or readings.past[0].edtf <= published_on.isoformat())
        ):
            lead_date = readings.past[0]
        cues = event_cues(sentence.text)
        if not cues:
            if parties:
                discourse_actors = [key for key, _ in parties]
            continue
        # A sentence that names no party tells more of the story so far ("The summit could
        # not happen"); its actors are those last named.
        inherited = not found and bool(discourse_actors)
        if inherited:
            parties = [(key, -1) for key in discourse_actors]
        if not parties and not (speaker and any(c.event_type == "STATEMENT" for c in cues)):
            continue
        if not inherited and parties:
            discourse_actors = [key for key, _ in parties]
        claims += _claims_of(
            sentence,
            cues,
            _Reading(found, parties, inherited, speaker, attribution, readings),
            published_on,
            lead_date,
        )
    return Analysis(sentences=sentences, claims=claims, new_actors=new_actors)


@dataclass
class _Reading:
    """What the stages found in one sentence, besides its cues."""

    found: list[tuple[str, int]]  # every actor named, with its offset
    parties: list[tuple[str, int]]  # the actors taking part (named, or the story's so far)
    inherited: bool
    speaker: str | None
    attribution: Attribution
    dates: "_Dates"


# Rules of a date the text does not state for the event itself.
DEFAULT_DATE_RULES = frozenset(
    {
        "inherited-from-lead",
        "recent-before-publication",
        "around-publication",
        "year-after-publication",
    }
)


def _claims_of(
    sentence: Sentence,
    cues: list[EventCue],
    reading: _Reading,
    published_on: date | None,
    lead_date: TemporalExpression | None,
) -> list[ProposedClaim]:
    """One claim per event the sentence states: each cue with its status, date and actors;
    cues naming the same event ("met … the meeting", "a visit … for the summit") once."""
    text = sentence.text
    contexts = contexts_of(text)
    mentioned = [key for key, _ in reading.found]
    ordered: list[ProposedClaim] = []
    by_event: dict[tuple[str, str, str], list[ProposedClaim]] = {}
    # Whether a date stands in a clause that names no event is the same for every cue:
    # asked once per date, not once per cue and date (cubic in a long sentence of both).
    known: dict[int, bool] = {}

    def apart(position: int) -> bool:
        if position not in known:
            known[position] = _names_no_event(text, cues, position)
        return known[position]

    for cue, status, status_cue in _statuses(text, cues):
        clause = clause_around(text, cue.start)
        expression = _date_for(text, cue, clause, reading.dates, status, apart)
        status, status_cue = _status_by_date(status, status_cue, expression, published_on)
        date_choice = _dated(expression, status, published_on, lead_date)
        if date_choice is None:
            continue
        edtf, phrase, date_start, date_rule = date_choice
        # The actors of the cue's own part of the sentence, when it names any: "X visited
        # Paris, while Y travelled to Berlin" are two visits by two people.
        lo, hi = clause_around(text, cue.start, _PART_BREAK)
        own = [(key, at) for key, at in reading.parties if lo <= at < hi]
        actors = _parties_of(text, cue, own or reading.parties, reading.speaker)
        if not actors:
            continue
        same = by_event.setdefault((cue.event_type, cue.family, status), [])
        if any(claim.edtf == edtf for claim in same):
            continue  # the same event named twice ("met … the meeting")
        claim = ProposedClaim(
            start=sentence.start,
            end=sentence.end,
            quote=text,
            event_type=cue.event_type,
            family=cue.family,
            mode=cue.mode or mode_of(text[clause[0] : clause[1]], cue.event_type),
            contexts=contexts,
            status=status,
            status_stated=bool(status_cue) or not _HEADLINE.search(text),
            edtf=edtf,
            date_phrase=phrase,
            date_start=None if date_start is None else sentence.start + date_start,
            kind=reading.attribution.kind,
            speaker=reading.speaker,
            actors=actors,
            mentioned=mentioned,
            extraction={
                "type": {
                    "cue": cue.cue,
                    "lemma": cue.lemma,
                    "family": cue.family,
                    "rule": f"lexicon:{cue.event_type}",
                },
                "status": {"status": status, "cue": status_cue},
                "date": {"phrase": phrase, "edtf": edtf, "rule": date_rule},
                "actors": {
                    "keys": [ref.key for ref in actors],
                    "inherited": reading.inherited,
                },
                "kind": {
                    "kind": reading.attribution.kind,
                    "rule": reading.attribution.rule,
                },
            },
        )
        same.append(claim)
        ordered.append(claim)
    kept: set[int] = set()
    for same in by_event.values():
        dated = [c for c in same if c.extraction["date"]["rule"] not in DEFAULT_DATE_RULES]
        # Where one cue of the event states a date, the undated others name the same event.
        kept |= {id(claim) for claim in dated or same[:1]}
    return [claim for claim in ordered if id(claim) in kept]


class _Dates:
    """A sentence's temporal expressions, read for a past event and, when asked, for a
    planned one (which turns "on Friday" or "in May" forward)."""

    def __init__(self, text: str, published_on: date | None) -> None:
        self.text, self.published_on = text, published_on
        self.past = find_temporal_expressions(text, published_on, future=False)
        self._future: list[TemporalExpression] | None = None
        self._for_events: dict[str, list[TemporalExpression]] = {}

    def _read_for(self, status: str) -> list[TemporalExpression]:
        if status == "occurred" or not self.past:
            return self.past
        if self._future is None:
            self._future = find_temporal_expressions(self.text, self.published_on, future=True)
        return self._future

    def for_events(self, status: str) -> list[TemporalExpression]:
        """Those read for an event of `status` that are not part of an argument ("a goal for
        2035"): kept per status, as every cue of the sentence asks."""
        if status not in self._for_events:
            self._for_events[status] = [
                d for d in self._read_for(status) if not _argument_date(self.text, d, status)
            ]
        return self._for_events[status]


def _statuses(text: str, cues: list[EventCue]) -> list[tuple[EventCue, str, str]]:
    """Each cue's status; a cue that states none shares that of the verb it goes with:
    "will import and then manufacture", "will travel to Paris for a dinner"."""
    result: list[tuple[EventCue, str, str]] = []
    governing: tuple[EventCue, str, str] | None = None
    previous: EventCue | None = None
    quoted = [(m.start(), m.end()) for m in _QUOTATION.finditer(text)]
    for cue in cues:
        clause = clause_around(text, cue.start)
        status, marker = status_at(text, cue, clause)
        if not status:
            continue  # an infinitive that states no event ("a move to launch")
        if status == "occurred" and any(lo < cue.start < hi for lo, hi in quoted):
            continue  # words quoted: the statement quoting them is the event
        if _HYPOTHETICAL.search(text, clause[0], cue.start):
            continue  # "could discuss", "until their meeting is announced": not stated
        if _GENERIC.search(text, clause[0], cue.start):
            continue  # "such visits", "any announcement": no one occurrence
        if cue.event_type == "STATEMENT" and status == "cancelled":
            continue  # "will not comment": a statement not made is no event
        if cue.lemma == "ask" and _ASKED.search(text, clause[0], cue.start):
            continue  # "when asked if…": a reporter's question
        if status != "cancelled" and _NEGATED.search(text, max(0, cue.start - 40), cue.start):
            continue  # "we haven't made any announcement": nothing happened
        if not cue.verb and result and _SETTING.search(text, 0, cue.start):
            continue  # "met on the sidelines of the summit": the summit is where, not what
        if not cue.verb and _named(text, cue):
            continue  # "the Shanghai Cooperation Organisation": a word of a name
        if cue.lemma in TOPIC_NOUNS and len(cues) > 1:
            continue  # "talks to deepen cooperation": the relation is the topic
        if not marker and governing is not None and _continues(text, governing[0], cue):
            status, marker = governing[1], governing[2]
        if (
            previous is not None
            and previous.event_type == cue.event_type
            and marker.endswith(" to")
            and (cue.start - previous.end < 25 or _continues(text, previous, cue))
        ):
            continue  # "agreed to establish": the agreement is the event
        previous = cue
        result.append((cue, status, marker))
        if cue.event_type != "STATEMENT" and (cue.verb or marker):
            governing = (cue, status, marker) if marker else None
    return result


def _named(text: str, cue: EventCue) -> bool:
    """Whether a capitalised noun other than a meeting's stands inside a name."""
    return cue.cue[0].isupper() and cue.start > 0 and cue.event_type != "CONSULT"


# What a clause supposes rather than states.
_HYPOTHETICAL = re.compile(
    r"\b(?:could|might|may|until|unless|if|whether|once(?!\s+again))\s+(?:[\w'’-]+\s+){0,5}$",
    re.IGNORECASE,
)
_GENERIC = re.compile(r"\b(?:such|any|every|each)\s+(?:[\w'’-]+\s+)?$", re.IGNORECASE)
_ASKED = re.compile(r"\b(?:when|if|was|were|being|been)\s+$", re.IGNORECASE)
_QUOTATION = re.compile(r"[\"“][^\"“”]{12,}[\"”]")
_NEGATED = re.compile(
    r"\b(?:not|n[’']t|never|no|nor|without)\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE
)
_SETTING = re.compile(
    r"\b(?:sidelines|margins|side-lines)\s+of\s+(?:[\w'’-]+\s+){0,6}$", re.IGNORECASE
)
_CONTINUATION = re.compile(
    r"^(?:[^,;:.!?]|,(?=\s*\d))*?(?:\s(?:and|or)\s+(?:then\s+|also\s+|later\s+)?"
    r"|\s(?:for|to|at|with|during|on)\s(?:[\w'’-]+\s+){0,4}?)$",
    re.IGNORECASE,
)


# Where a sentence turns to another subject, for `clause_around`: "…, while her
# counterpart…", "…; the envoy…".
_PART_BREAK = re.compile(r";\s|,\s+(?:while|whereas|but|and|as)\s|\s(?:while|whereas)\s")


def _continues(text: str, verb: EventCue, cue: EventCue) -> bool:
    """Whether `cue` continues the verb phrase of `verb`: a second verb joined by "and", or
    the verb's object or complement ("travel to Paris for a dinner")."""
    between = text[verb.end : cue.start]
    return len(between) <= 80 and _CONTINUATION.match(between) is not None


def _parties_of(
    text: str, cue: EventCue, parties: list[tuple[str, int]], speaker: str | None
) -> list[ActorRef]:
    """The event's actors: for a statement its speaker first, as its initiator (the actor
    just before the verb, "Tokyo said", or just after "according to"; else the first
    actor named), then the others; for anything else the actors named, by their place
    around the cue. A statement by unnamed officials or a ministry has none."""
    if cue.event_type != "STATEMENT":
        return _roles(parties, cue.start)
    if speaker is None:
        speaker = _subject(text, cue, parties)
    if speaker is None:
        # "officials said", "the ministry said": a speaker the text does not name.
        if _ANONYMOUS.search(text, max(0, cue.start - _SUBJECT_REACH), cue.start):
            return []
        if not parties:
            return []
        speaker = parties[0][0]
    others = [
        ActorRef(key, "recipient" if at >= cue.start else "participant")
        for key, at in parties
        if key != speaker
    ]
    return [ActorRef(speaker, "initiator"), *others]


def _subject(text: str, cue: EventCue, parties: list[tuple[str, int]]) -> str | None:
    """The actor named right before a statement's verb, or right after "according to"."""
    if cue.lemma == "according to":
        after = [key for key, at in parties if 0 <= at - cue.end <= _SUBJECT_REACH]
        return after[0] if after else None
    before = [
        key
        for key, at in parties
        if 0 <= cue.start - at <= _SUBJECT_REACH and not _CLAUSE_MARK.search(text, at, cue.start)
    ]
    return before[-1] if before else None


_SUBJECT_REACH = 40
_CLAUSE_MARK = re.compile(r"[,;:()]")
_ANONYMOUS = re.compile(
    r"\b(?:officials?|sources?|media|reports?|analysts|experts|observers|diplomats|people"
    r"|ministry|government|office|spokes(?:person|man|woman)|embassy|agency)"
    r"\s+(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _unique_proposals(proposals: list[ActorProposal]) -> list[ActorProposal]:
    seen: dict[str, ActorProposal] = {}
    for proposal in proposals:
        seen.setdefault(proposal.slug, proposal)
    return list(seen.values())


def _actors_in(
    sentence: Sentence, matchers: tuple[AliasMatcher, ...]
) -> tuple[list[tuple[str, int]], list[AliasMatch]]:
    """(actor key, offset) for each actor named, first mention, in order; and the matches.

    The longest mention wins across matchers ("the Bank of Japan" is not "Japan"), a known
    actor a tie; a country named as a topic or a place ("the war in Ukraine") is no actor.
    """
    text = sentence.text
    ranked = sorted(
        ((match, rank) for rank, matcher in enumerate(matchers) for match in matcher.find(text)),
        key=lambda pair: (pair[0].start - pair[0].end, pair[1], pair[0].start),
    )
    taken: list[AliasMatch] = []
    for match, _ in ranked:
        if not any(other.start < match.end and match.start < other.end for other in taken):
            taken.append(match)
    taken.sort(key=lambda match: match.start)
    listed = _country_lists(text, taken)
    named = [m for m in taken if id(m) not in listed and not _topical_country(text, m)]
    found: dict[str, int] = {}
    for match in sorted(named, key=lambda match: match.start):
        found.setdefault(match.key, match.start)
    return list(found.items()), named


_TOPIC_BEFORE = re.compile(
    r"\b(?:in|on|over|about|regarding|concerning|against|into|across|throughout|within"
    r"|around|towards?|near|counter)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_TOPIC_AFTER = re.compile(
    r"\s*(?:conflict|war|crisis|issue|situation|question|border|peace|front|region|dispute)s?\b",
    re.IGNORECASE,
)


_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|-)")


def _country_lists(text: str, matches: list[AliasMatch]) -> set[int]:
    """Countries listed three or more in a row ("Brazil, Russia, India, China and South
    Africa", "Brazil-Russia-India"): a group's members, not the parties of one event."""
    listed: set[int] = set()
    run: list[AliasMatch] = []
    for match in [*matches, None]:
        if (
            match is not None
            and names_a_country(match.text)
            and (not run or _LIST_GAP.fullmatch(text, run[-1].end, match.start))
        ):
            run.append(match)
            continue
        if len(run) >= 3:
            listed |= {id(item) for item in run}
        run = [match] if match is not None and names_a_country(match.text) else []
    return listed


def _topical_country(text: str, match: AliasMatch) -> bool:
    """A country as what is talked about or where, not who acts: "the crisis in Ukraine",
    "the Ukraine conflict", "to counter China"."""
    if not names_a_country(match.text):
        return False
    return bool(
        _TOPIC_BEFORE.search(text, max(0, match.start - 20), match.start)
        or _TOPIC_AFTER.match(text, match.end)
    )


def _roles(found: list[tuple[str, int]], cue_start: int) -> list[ActorRef]:
    """Named before the cue: the actor side; after it: the recipients.

    "Modi and Putin agreed" makes both participants; "Putin thanked Modi" makes
    Putin the initiator and Modi the recipient.
    """
    before = [key for key, position in found if position < cue_start]
    after = [key for key, position in found if position >= cue_start]
    if len(before) == 1 and after:
        return [ActorRef(before[0], "initiator"), *(ActorRef(key, "recipient") for key in after)]
    return [ActorRef(key, "participant") for key in before + after]


def _is_day(edtf: str) -> bool:
    return len(edtf) == 10 and "/" not in edtf


_SAID_WHEN = re.compile(r"[^,;:\"“”]{0,25}?\b(?:on|in|at|late|early|last|this)?\s*$")
# Words before a date that make it part of an argument, not the event's date: "a goal for
# 2035", "a plan covering 2024-2030", "the first visit since 2018".
_ARGUMENT_LEADS = frozenset(
    ["for", "covering", "through", "till", "until", "by", "between", "since"]
)
_PLANNING_WORDS = word_set(
    """planned scheduled slated set due expected fixed postponed deferred moved"""
)
_TWO_WORDS_BEFORE = re.compile(r"(?:([\w'’]+)\s+)?([\w'’]+)\s*$")


def _argument_date(text: str, expression: TemporalExpression, status: str) -> bool:
    found = _TWO_WORDS_BEFORE.search(text, max(0, expression.start - 40), expression.start)
    if found is None or found[2].lower() not in _ARGUMENT_LEADS:
        return False
    if found[2].lower() == "since":
        return True
    # "planned for May", "a visit by March": a plan's date is its deadline or day.
    return status == "occurred" and (found[1] or "").lower() not in _PLANNING_WORDS


def _date_for(
    text: str,
    cue: EventCue,
    clause: tuple[int, int],
    readings: "_Dates",
    status: str,
    apart: Callable[[int], bool],
) -> TemporalExpression | None:
    """The date the cue's own clause states, nearest the cue; else one standing in a
    clause of the sentence that names no other event (`apart` tells, by the date's place)."""
    dates = readings.for_events(status)
    if cue.event_type == "STATEMENT":
        # What a statement reports carries its own dates: "said on Monday that the visit
        # will be in May" was said on Monday.
        dates = [d for d in dates if d.end <= cue.start or _SAID_WHEN.match(text, cue.end, d.start)]

    def distance(expression: TemporalExpression) -> int:
        return max(expression.start - cue.end, cue.start - expression.end, 0)

    in_clause = [d for d in dates if clause[0] <= d.start < clause[1]]
    if in_clause:
        return min(in_clause, key=distance)
    free = [expression for expression in dates if apart(expression.start)]
    return min(free, key=distance) if free else None


def _names_no_event(text: str, cues: list[EventCue], position: int) -> bool:
    """Whether the clause holding `position` holds no cue."""
    lo, hi = clause_around(text, position)
    return not any(lo <= cue.start < hi for cue in cues)


def _status_by_date(
    status: str, cue: str, expression: TemporalExpression | None, published_on: date | None
) -> tuple[str, str]:
    """A stated date after the publication makes a plan ("is arriving on 11 November"); a
    bare "to" before a date already past is what was done ("flew in on Monday to attend")."""
    if expression is None or published_on is None:
        return status, cue
    lower, upper = ProposedClaim.bounds_of(expression.edtf)
    # "later this year" starts on the publication day but lies ahead all the same.
    ahead = lower is not None and upper is not None and lower >= published_on < upper
    if status == "occurred" and ahead and (lower > published_on or _AHEAD.match(expression.rule)):
        return "planned", f"date after publication: {expression.phrase}"
    if status == "planned" and cue == "to" and upper is not None and upper < published_on:
        return "occurred", f"date before publication: {expression.phrase}"
    return status, cue


_AHEAD = re.compile(r"later-this-|coming-|next-|soon|tomorrow")
# An event the text does not date: occurred in the weeks before the report, or planned
# within the year after it.
RECENT = timedelta(days=30)
AHEAD = timedelta(days=365)


def _dated(
    expression: TemporalExpression | None,
    status: str,
    published_on: date | None,
    lead_date: TemporalExpression | None,
) -> tuple[str, str, int | None, str] | None:
    """(edtf, phrase, phrase offset, rule): the cue's own date, or an honest default."""
    if expression is not None:
        return expression.edtf, expression.phrase, expression.start, expression.rule
    if status == "occurred" and lead_date is not None:
        # News states the date once, in the lead; later sentences tell of the same day.
        return lead_date.edtf, lead_date.phrase, None, "inherited-from-lead"
    if published_on is None:
        return None
    if status == "occurred":
        return f"{published_on - RECENT}/{published_on}", "", None, "recent-before-publication"
    if status == "cancelled":
        return f"{published_on - RECENT}/{published_on + AHEAD}", "", None, "around-publication"
    return f"{published_on}/{published_on + AHEAD}", "", None, "year-after-publication"


_SPEECH_VERB = re.compile(
    r"\b(?:said|says|stated|informed|highlighted|added|noted|tweeted|announced)\b"
)
_SPOKEN_BY = re.compile(r"\b(?:according to|issued by|stated|said)\b")


def _speaker(
    handle: str | None, matcher: AliasMatcher, named: list[AliasMatch], sentence: str
) -> str | None:
    """The known actor who speaks: a tweet's handle, "the PMO statement said", "stated the MEA"."""
    if handle:
        matches = matcher.find(handle)
        if matches:
            return matches[0].key
    named = sorted(named, key=lambda match: match.start)
    for verb in _SPEECH_VERB.finditer(sentence):
        before = [
            m
            for m in named
            if 0 <= verb.start() - m.end <= 25
            and not _CLAUSE_MARK.search(sentence, m.end, verb.start())
        ]
        if before:
            return before[-1].key
    for verb in _SPOKEN_BY.finditer(sentence):
        after = [m for m in named if 0 <= m.start - verb.end() <= 40]
        if after:
            return after[0].key
    return None
