"""Ingest's writes: an analysed article stored as a Source with proposed claims, events
and actors, in one transaction, joining the events other articles reported."""

import hashlib
from copy import copy
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from events import caching
from events.ingest.aliases import AliasMatcher
from events.ingest.documents import Article
from events.ingest.fulfilments import propose_fulfilments
from events.ingest.joining import Candidate, EventIndex, interval_edtf, is_headline, narrower, side
from events.ingest.pipeline import Analysis, ProposedClaim, analyse
from events.models import (
    Actor,
    ActorAlias,
    ActorKind,
    ActorRole,
    Claim,
    Event,
    EventActor,
    ReviewStatus,
    Source,
    text_sha256,
)


class ActorDirectory:
    """The reviewed actors ingest knows, and a matcher over their names and aliases.

    Built once for a run of files; `refresh()` rebuilds it when reviewed actors or their
    aliases were added, verified or removed since (by a curator, or another run).
    """

    def __init__(self) -> None:
        self._load()

    def _load(self) -> None:
        # The fingerprint first: a change made while the rest is read shows up next time.
        self.fingerprint = _actors_fingerprint()
        # Only reviewed actors are looked for in a text. An actor ingest proposed is found
        # again only where a text proposes it anew (by the same name, so the same slug):
        # which articles came first never changes what a later one is read to say, and an
        # unreviewed guess does not spread to other sources before a curator sees it.
        reviewed = Actor.objects.exclude(review_status=ReviewStatus.PROPOSED)
        self.actors = {actor.slug: actor for actor in reviewed}
        pairs = list(
            ActorAlias.objects.filter(actor__in=reviewed).values_list("text", "actor__slug")
        )
        pairs += [(actor.name, slug) for slug, actor in self.actors.items()]
        self.matcher = AliasMatcher(pairs)

    def refresh(self) -> bool:
        """Rebuild if the actors changed; return whether it did."""
        if self.fingerprint == _actors_fingerprint():
            return False
        self._load()
        return True


def _actors_fingerprint() -> tuple[int, ...]:
    """Counts and highest ids of reviewed actors and their aliases: what verifying,
    adding or removing one changes (proposals, which the matcher leaves out, do not)."""
    quote = connection.ops.quote_name
    actor, alias = quote(Actor._meta.db_table), quote(ActorAlias._meta.db_table)
    reviewed = f"review_status <> '{ReviewStatus.PROPOSED}'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {actor} WHERE {reviewed}), "
            f"(SELECT MAX(id) FROM {actor} WHERE {reviewed}), "
            f"(SELECT COUNT(*) FROM {alias} WHERE actor_id IN (SELECT id FROM {actor} "
            f"WHERE {reviewed})), "
            f"(SELECT MAX(id) FROM {alias} WHERE actor_id IN (SELECT id FROM {actor} "
            f"WHERE {reviewed}))"
        )
        return tuple(value or 0 for value in cursor.fetchone())


@dataclass
class IngestResult:
    origin: str
    status: str  # new, duplicate
    source: Source
    claims: int = 0
    events_new: int = 0
    events_joined: int = 0
    actors_new: int = 0
    fulfilments_proposed: int = 0
    sentences: int = 0
    notes: list[str] = field(default_factory=list)


_VERBS = {
    ("CONSULT", "phone"): "speak by phone",
    ("CONSULT", "visit"): "meet during a visit",
    ("CONSULT", "multilateral"): "meet at a multilateral gathering",
    ("CONSULT", ""): "hold talks",
    ("AGREE", ""): "reach an agreement",
    ("SUPPORT", ""): "express support",
    ("COOPERATE", ""): "cooperate",
    ("AID", ""): "send aid",
    ("REQUEST", ""): "make a request",
    ("ACCUSE", ""): "accuse",
    ("REJECT", ""): "reject a proposal",
    ("THREATEN", ""): "threaten",
    ("PROTEST", ""): "protest",
    ("SANCTION", ""): "impose sanctions",
    ("MOBILIZE", ""): "mobilise forces",
    ("COERCE", ""): "use coercion",
    ("ASSAULT", ""): "use force",
    ("CONCEDE", ""): "make a concession",
    ("RETREAT", ""): "retreat",
    ("STATEMENT", ""): "make a statement",
}
_STATUS_PREFIX = {"planned": "Planned: ", "cancelled": "Cancelled: ", "occurred": ""}


def _title(claim: ProposedClaim, names: dict[str, str]) -> str:
    people = [names.get(ref.key, ref.key) for ref in claim.actors][:3]
    who = people[0] if len(people) == 1 else f"{', '.join(people[:-1])} and {people[-1]}"
    verb = _VERBS.get((claim.event_type, claim.mode)) or _VERBS[(claim.event_type, "")]
    topic = next((c for c in claim.contexts if c != "diplomatic"), "")
    about = f" ({topic})" if topic else ""
    return f"{_STATUS_PREFIX[claim.status]}{who} {verb}{about}"[:300]


def ingest_article(
    article: Article, directory: ActorDirectory, *, dry_run: bool = False
) -> IngestResult:
    """Store an article as a Source with proposed claims, events and actors, atomically.

    A text already stored (same sha256) changes nothing. Verified rows are never
    changed: a claim may join a verified event, but only proposed events are refined.
    """
    sha256 = text_sha256(article.body)
    existing = Source.objects.filter(sha256=sha256).first()
    if existing is not None:
        return IngestResult(article.origin, "duplicate", existing)
    # Text work first, outside the transaction: the write lock is held only to write.
    directory.refresh()
    analysis = analyse(article.body, article.published_on, directory.matcher)
    try:
        with transaction.atomic():
            _take_ingest_lock()
            existing = Source.objects.filter(sha256=sha256).first()
            if existing is not None:
                # Another ingest stored the same text while this one analysed it.
                return IngestResult(article.origin, "duplicate", existing)
            if directory.refresh():
                # Another ingest added actors meanwhile: read the text again knowing them,
                # so the result is what one ingest after the other would have stored.
                analysis = analyse(article.body, article.published_on, directory.matcher)
            result = _store(article, sha256, analysis, directory)
            if dry_run:
                transaction.set_rollback(True)
            return result
    except IntegrityError:
        existing = Source.objects.filter(sha256=sha256).first()
        if existing is None:
            raise
        # Stored a moment ago by a writer that takes no ingest lock (a curator's form).
        return IngestResult(article.origin, "duplicate", existing)


# Any constant will do: it names the lock all ingests take on PostgreSQL.
_INGEST_LOCK = 0x6469706C6F  # "diplo"


def _take_ingest_lock() -> None:
    """Make ingests write one at a time, each seeing the events and actors stored before it.

    SQLite's IMMEDIATE transactions (see settings) already take its one write lock at the
    start; PostgreSQL lets transactions write side by side, so they queue for this lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_INGEST_LOCK])


def _store(
    article: Article, sha256: str, analysis: Analysis, directory: ActorDirectory
) -> IngestResult:
    source = _create_source(article, sha256, analysis.sentences)
    result = IngestResult(article.origin, "new", source, sentences=len(analysis.sentences))
    used = {ref.key for claim in analysis.claims for ref in claim.actors}
    used |= {key for claim in analysis.claims for key in claim.mentioned}
    result.actors_new = _create_actors(
        [proposal for proposal in analysis.new_actors if proposal.slug in used]
    )
    speakers = {claim.speaker for claim in analysis.claims if claim.speaker}
    actors = {slug: directory.actors[slug] for slug in used | speakers if slug in directory.actors}
    if result.actors_new or len(actors) < len(used | speakers):
        # Proposed this time, or added since the directory was built.
        missing = (used | speakers) - actors.keys()
        actors |= {actor.slug: actor for actor in Actor.objects.filter(slug__in=missing)}
    actors |= _as_proposed_here(actors, analysis.new_actors)
    # The actors the article names, as its stored claims will say (their mentions): an
    # event another article made is joined only when this one names all of its actors,
    # and that other article's claims are read the same way.
    named = {key for claim in analysis.claims for key in claim.mentioned}
    index = EventIndex(analysis.claims, named, actors) if analysis.claims else None
    linked: list[Candidate | None] = [None] * len(analysis.claims)
    # Claims stating their date first: they decide which events the article reports, and
    # the claims dated only by a default then join those (or make their own).
    for number in sorted(
        range(len(analysis.claims)), key=lambda n: analysis.claims[n].date_start is None
    ):
        proposed = analysis.claims[number]
        candidate = index.match(proposed, actors)
        if candidate is None:
            candidate = _new_event(proposed, actors, sha256, number)
            index.add(candidate)
            result.events_new += 1
        else:
            result.events_joined += 1
            if candidate.event.review_status == ReviewStatus.PROPOSED:
                _refine(candidate, proposed, number, actors)
        candidate.linked = True
        linked[number] = candidate
    _save(source, analysis.claims, linked, actors)
    reported = {id(candidate): candidate.event for candidate in linked}
    result.fulfilments_proposed = propose_fulfilments(list(reported.values()))
    caching.bump()  # bulk writes send no signals
    result.claims = len(analysis.claims)
    return result


def _as_proposed_here(actors: dict[str, Actor], proposals) -> dict[str, Actor]:
    """Proposed actors this article proposes too, as it describes them (kind, country).

    Another article may have stored one with less (no country, say); this article's
    events are joined by what it says itself, so the order articles came in does not
    change them. The stored actors keep their first description for a curator to review.
    """
    own = {proposal.slug: proposal for proposal in proposals}
    described = {}
    for slug, actor in actors.items():
        proposal = own.get(slug)
        if proposal is None or actor.review_status != ReviewStatus.PROPOSED:
            continue
        if (actor.kind, actor.country) != (proposal.kind, proposal.country):
            described[slug] = copy(actor)
            described[slug].kind, described[slug].country = proposal.kind, proposal.country
    return described


def _create_source(article: Article, sha256: str, sentences) -> Source:
    first = article.title or (sentences[0].text if sentences else article.origin)
    title = first if len(first) <= 120 else f"{first[:119].rsplit(' ', 1)[0]}…"
    return Source.objects.create(
        title=title,
        slug=f"{slugify(title)[:70].strip('-') or 'source'}-{sha256[:8]}",
        publisher=article.publisher[:200],
        url=article.url[:500],
        text=article.body,
        published_on=article.published_on,
        date_basis=article.date_basis,
        origin=article.origin[:500],
    )


def _create_actors(proposals) -> int:
    """Store proposed actors the database lacks, with their aliases; return how many."""
    if not proposals:
        return 0
    existing = set(
        Actor.objects.filter(slug__in=[p.slug for p in proposals]).values_list("slug", flat=True)
    )
    fresh = Actor.objects.bulk_create(
        [
            Actor(
                slug=p.slug,
                name=p.name,
                kind=p.kind,
                country=p.country,
                title=p.title[:200],
                review_status=ReviewStatus.PROPOSED,
            )
            for p in proposals
            if p.slug not in existing
        ]
    )
    by_slug = {actor.slug: actor for actor in fresh}
    wanted = {
        alias[:200].lower(): (alias[:200], by_slug[p.slug])
        for p in proposals
        if p.slug in by_slug
        for alias in (p.name, *p.aliases)
    }
    taken = set(
        ActorAlias.objects.annotate(lowered=Lower("text"))
        .filter(lowered__in=list(wanted))
        .values_list("lowered", flat=True)
    )
    ActorAlias.objects.bulk_create(
        [
            ActorAlias(actor=actor, text=text)
            for key, (text, actor) in wanted.items()
            if key not in taken
        ]
    )
    return len(fresh)


def _new_event(
    proposed: ProposedClaim, actors: dict[str, Actor], sha256: str, number: int
) -> Candidate:
    names = {key: actor.name for key, actor in actors.items()}
    title = _title(proposed, names)
    # Unique without a query: the text's hash and the claim's place in it.
    suffix = hashlib.sha256(f"{sha256}:{number}".encode()).hexdigest()[:6]
    event = Event(
        title=title,
        slug=f"{slugify(title)[:80].strip('-')}-{suffix}",
        summary=proposed.quote[:1000],
        event_type=proposed.event_type,
        mode=proposed.mode,
        cue_family=proposed.family,
        contexts=proposed.contexts,
        status=proposed.status,
        date_edtf=proposed.edtf,
        date_phrase=proposed.date_phrase[:200],
        review_status=ReviewStatus.PROPOSED,
    )
    event.derive_dates()  # the bounds decide which later claims may join it
    roles = [(ref.key, ref.role) for ref in proposed.actors if ref.key in actors]
    return Candidate(
        event,
        {key: side(actors[key]) for key, _ in roles},
        bool(proposed.date_phrase),  # as read back from the database: it has a phrase
        new=True,
        date_claim=number,
        new_roles=roles,
        persons={key for key, _ in roles if actors[key].kind == ActorKind.PERSON},
        initiators={key for key, role in roles if role == ActorRole.INITIATOR},
        local=True,
    )


def _refine(
    candidate: Candidate, proposed: ProposedClaim, number: int, actors: dict[str, Actor]
) -> None:
    """A proposed event learns from a new claim: a stated date, mode, contexts, actors.

    The most precise stated date wins, whichever report came first: a stated date
    replaces a default ("by the publication date") or a wider stated one ("in March",
    then "on 20 March"); two defaults leave the days both allow. Only actors the claim's
    own sentence names are added: one it inherited from the sentences before is a guess,
    not this report's word.
    """
    event = candidate.event
    # A headline's date is the lead's or a default, and its tense says nothing: it dates
    # nothing.
    if not is_headline(proposed):
        _refine_date(candidate, proposed, number)
    if proposed.mode and not event.mode:  # "the talks", then "the phone call"
        event.mode = proposed.mode
        candidate.changed.add("mode")
    contexts = list(dict.fromkeys([*event.contexts, *proposed.contexts]))
    if contexts != event.contexts:
        event.contexts = contexts
        candidate.changed.add("contexts")
    for ref in proposed.actors:
        if ref.key in actors and ref.key in proposed.mentioned and ref.key not in candidate.actors:
            candidate.actors[ref.key] = side(actors[ref.key])
            candidate.new_roles.append((ref.key, ref.role))
            if actors[ref.key].kind == ActorKind.PERSON:
                candidate.persons.add(ref.key)


def _refine_date(candidate: Candidate, proposed: ProposedClaim, number: int) -> None:
    event = candidate.event
    if proposed.date_phrase and (
        not candidate.explicit_date or narrower(proposed.bounds, proposed.edtf, event)
    ):
        event.date_edtf, event.date_phrase = proposed.edtf, proposed.date_phrase[:200]
        event.derive_dates()
        candidate.date_claim = number
        candidate.explicit_date = True
        candidate.changed |= {"date_edtf", "date_lower", "date_upper", "date_display"}
        candidate.changed |= {"date_phrase", "date_claim"}
    elif not proposed.date_phrase and not candidate.explicit_date:
        # Two defaults: the event lies in both windows.
        lower, upper = proposed.bounds
        if event.date_lower is not None and (lower is None or lower < event.date_lower):
            lower = event.date_lower
        if event.date_upper is not None and (upper is None or upper > event.date_upper):
            upper = event.date_upper
        edtf = interval_edtf(lower, upper)
        if edtf != event.date_edtf:
            event.date_edtf = edtf
            event.derive_dates()
            candidate.changed |= {"date_edtf", "date_lower", "date_upper", "date_display"}


def _set_date_claims(pairs: list[tuple[int, int]]) -> None:
    """Point new events at the claims they were read from, in one statement.

    Hand-written: bulk_update builds a Case/When expression per row, which costs more
    than the update itself when an article makes a dozen events.
    """
    if not pairs:
        return
    cases = " ".join("WHEN %s THEN %s" for _ in pairs)
    marks = ", ".join("%s" for _ in pairs)
    params = [value for pair in pairs for value in pair] + [event for event, _ in pairs]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE events_event SET date_claim_id = CASE id {cases} END WHERE id IN ({marks})",
            params,
        )


def _implied(proposed: ProposedClaim) -> dict:
    """What the sentence itself says of its event's date and status (Claim.date_edtf and
    status), where it says it: a date read from its words, not a default, and a status
    it states. Bulk inserts skip Claim.save(), so the bounds are set here."""
    implied = {"status": proposed.status if proposed.status_stated else ""}
    if proposed.date_phrase:
        lower, upper = proposed.bounds
        implied |= {"date_edtf": proposed.edtf, "date_lower": lower, "date_upper": upper}
    return implied


def _save(
    source: Source,
    proposals: list[ProposedClaim],
    linked: list[Candidate],
    actors: dict[str, Actor],
) -> None:
    """Write the article's events, claims and links in a few bulk statements."""
    touched = list({id(c): c for c in linked}.values())
    fresh = [c for c in touched if c.new]
    Event.objects.bulk_create([c.event for c in fresh])
    # Two cues of one sentence that joined one event make one claim (the first's).
    first: dict[tuple[int, int, int], int] = {}
    for number, (proposed, candidate) in enumerate(zip(proposals, linked, strict=True)):
        first.setdefault((proposed.start, proposed.end, id(candidate)), number)
    kept = sorted(first.values())
    created = Claim.objects.bulk_create(
        [
            Claim(
                source=source,
                start=proposals[number].start,
                end=proposals[number].end,
                quote=proposals[number].quote,
                event=linked[number].event,
                kind=proposals[number].kind,
                attributed_to=actors.get(proposals[number].speaker),
                review_status=ReviewStatus.PROPOSED,
                extraction=proposals[number].extraction,
                **_implied(proposals[number]),
            )
            for number in kept
        ]
    )
    by_number = dict(zip(kept, created, strict=True))
    claims = [
        by_number[first[(proposed.start, proposed.end, id(candidate))]]
        for proposed, candidate in zip(proposals, linked, strict=True)
    ]
    Mentioned = Claim.actors.through
    Mentioned.objects.bulk_create(
        [
            Mentioned(claim_id=claim.pk, actor_id=actors[key].pk)
            for claim, proposed in zip(created, [proposals[n] for n in kept], strict=True)
            for key in proposed.mentioned
            if key in actors
        ]
    )
    EventActor.objects.bulk_create(
        [
            EventActor(event=c.event, actor=actors[key], role=role)
            for c in touched
            for key, role in c.new_roles
        ]
    )
    now = timezone.now()
    dated_new: list[tuple[int, int]] = []  # (event, claim) for events made just now
    by_fields: dict[tuple[str, ...], list[Event]] = {}  # one UPDATE per set of fields
    for candidate in touched:
        if candidate.date_claim is not None:
            candidate.event.date_claim = claims[candidate.date_claim]
            if candidate.new:
                # Inserted above as this article refined it: only its claim is to point at.
                dated_new.append((candidate.event.pk, candidate.event.date_claim.pk))
                continue
            candidate.changed.add("date_claim")
        if candidate.changed:
            candidate.event.updated_at = now
            by_fields.setdefault(tuple(sorted(candidate.changed)), []).append(candidate.event)
    for fields, events in by_fields.items():
        Event.objects.bulk_update(events, [*fields, "updated_at"])
    _set_date_claims(dated_new)
    for candidate in touched:
        candidate.changed, candidate.new, candidate.date_claim = set(), False, None
        candidate.new_roles = []
