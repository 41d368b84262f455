"""Text to proposals: the plain-Python half of ingest (no database).

`analyse()` runs the stages over one article body: sentences, actors (known aliases
and new ones from title patterns), dates, event type and status, attribution. It
returns one proposed claim per event a sentence reports, each carrying the record
of the rules that fired, for a curator to see why it was proposed.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from events.dates import parse_date
from events.ingest.actors import ActorProposal, AliasMatch, AliasMatcher, propose_actors
from events.ingest.lexicon import (
    attribution_of,
    clause_around,
    contexts_of,
    event_cues,
    is_future,
    mode_of,
    status_of,
)
from events.ingest.sentences import Sentence, split_sentences
from events.ingest.temporal import TemporalExpression, find_temporal_expressions

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
        parsed = parse_date(self.edtf)
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
    lead_date: TemporalExpression | None = None
    for sentence in sentences:
        if len(sentence.text) > MAX_CLAIM_LENGTH:
            continue
        found, named = _actors_in(sentence, matchers)
        attribution = attribution_of(sentence.text)
        speaker = _speaker(attribution.speaker, matcher, named, sentence.text)
        # Whoever reports an event (a ministry's release, a tweet) is not a party to it.
        parties = [(key, position) for key, position in found if key != speaker]
        future = is_future(sentence.text)
        dates = find_temporal_expressions(sentence.text, published_on, future=future)
        if lead_date is None and not future and dates and _is_day(dates[0].edtf):
            lead_date = dates[0]
        cues = event_cues(sentence.text)
        if not cues:
            if parties:
                discourse_actors = [key for key, _ in parties]
            continue
        # A sentence that names no party tells more of the story so far ("The summit could
        # not happen"); its actors are those last named.
        inherited = not parties and bool(discourse_actors)
        if inherited:
            parties = [(key, -1) for key in discourse_actors]
        if not parties:
            continue
        if not inherited:
            discourse_actors = [key for key, _ in parties]
        mentioned = list(dict.fromkeys(key for key, _ in found))
        contexts = contexts_of(sentence.text)
        for cue in cues:
            clause = clause_around(sentence.text, cue.start)
            status, status_cue = status_of(sentence.text[clause[0] : clause[1]])
            date_choice = _date_for(dates, clause, status, published_on, lead_date)
            if date_choice is None:
                continue
            edtf, phrase, date_start, date_rule = date_choice
            claims.append(
                ProposedClaim(
                    start=sentence.start,
                    end=sentence.end,
                    quote=sentence.text,
                    event_type=cue.event_type,
                    family=cue.family,
                    mode=mode_of(sentence.text, cue.event_type),
                    contexts=contexts,
                    status=status,
                    status_stated=bool(status_cue) or not _HEADLINE.search(sentence.text),
                    edtf=edtf,
                    date_phrase=phrase,
                    date_start=None if date_start is None else sentence.start + date_start,
                    kind=attribution.kind,
                    speaker=speaker,
                    actors=_roles(parties, cue.start),
                    mentioned=mentioned,
                    extraction={
                        "type": {
                            "cue": cue.cue,
                            "family": cue.family,
                            "rule": f"lexicon:{cue.event_type}",
                        },
                        "status": {"status": status, "cue": status_cue},
                        "date": {"phrase": phrase, "edtf": edtf, "rule": date_rule},
                        "actors": {
                            "keys": [key for key, _ in parties],
                            "inherited": inherited,
                        },
                        "kind": {"kind": attribution.kind, "rule": attribution.rule},
                    },
                )
            )
    return Analysis(sentences=sentences, claims=claims, new_actors=new_actors)


def _unique_proposals(proposals: list[ActorProposal]) -> list[ActorProposal]:
    seen: dict[str, ActorProposal] = {}
    for proposal in proposals:
        seen.setdefault(proposal.slug, proposal)
    return list(seen.values())


def _actors_in(
    sentence: Sentence, matchers: tuple[AliasMatcher, ...]
) -> tuple[list[tuple[str, int]], list[AliasMatch]]:
    """(actor key, offset) for each actor named, first mention, in order; and the matches."""
    taken: list[AliasMatch] = []
    found: dict[str, int] = {}
    for matcher in matchers:  # known actors first: a new actor never shadows one
        for match in matcher.find(sentence.text):
            if any(other.start < match.end and match.start < other.end for other in taken):
                continue
            taken.append(match)
            found[match.key] = min(found.get(match.key, match.start), match.start)
    return sorted(found.items(), key=lambda pair: pair[1]), taken


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


def _date_for(
    dates: list[TemporalExpression],
    clause: tuple[int, int],
    status: str,
    published_on: date | None,
    lead_date: TemporalExpression | None,
) -> tuple[str, str, int | None, str] | None:
    """(edtf, phrase, phrase offset, rule): the cue's own date, or an honest default.

    A date in the cue's clause wins over one elsewhere in the sentence.
    """
    in_clause = [d for d in dates if clause[0] <= d.start < clause[1]]
    for expression in in_clause or dates:
        return expression.edtf, expression.phrase, expression.start, expression.rule
    if status == "occurred" and lead_date is not None:
        # News states the date once, in the lead; later sentences tell of the same day.
        return lead_date.edtf, lead_date.phrase, None, "inherited-from-lead"
    if published_on is None:
        return None
    if status == "occurred":
        return f"../{published_on.isoformat()}", "", None, "by-publication"
    return f"{published_on.isoformat()}/..", "", None, "after-publication"


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
        before = [m for m in named if 0 <= verb.start() - m.end <= 25]
        if before:
            return before[-1].key
    for verb in _SPOKEN_BY.finditer(sentence):
        after = [m for m in named if 0 <= m.start - verb.end() <= 40]
        if after:
            return after[0].key
    return None
