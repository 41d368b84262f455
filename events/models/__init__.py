"""The tables, in four modules: domain (actors, sources, events, claims and what links them:
what curators and ingest write), links (fulfilments ingest proposes), upkeep (stamps,
disputes, the data version and tallies, which triggers keep), operations (failed
sign-ins, ingest jobs). Import them from here."""

from events.models.domain import (  # noqa: F401
    CHRONOLOGICAL,
    SORTED_CHRONOLOGICAL,
    Actor,
    ActorAlias,
    ActorAliasManager,
    ActorKind,
    ActorManager,
    ActorRole,
    Claim,
    ClaimKind,
    ClaimManager,
    ClaimQuerySet,
    Context,
    DateBasis,
    Event,
    EventActor,
    EventActorManager,
    EventManager,
    EventQuerySet,
    EventRedirect,
    EventRedirectManager,
    EventStatus,
    EventType,
    Mode,
    ReviewStatus,
    Source,
    SourceManager,
    context_token,
    contexts_as_text,
    detail_url,
    text_sha256,
)
from events.models.links import ProposedFulfilment  # noqa: F401
from events.models.operations import (  # noqa: F401
    IngestJob,
    JobState,
    SignInFailures,
)
from events.models.upkeep import (  # noqa: F401
    ActorTally,
    DataVersion,
    EventDispute,
    EventStamp,
    EventTally,
    KindTally,
    SourceTally,
)
