import hashlib
import re
from datetime import date

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Q
from django.db.models.functions import Cast, Coalesce, Lower
from django.db.models.lookups import IsNull
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import cached_property

from events import documents
from events.dates import InvalidEDTF, date_precision, html_datetime, parse_date
from events.indexes import (
    EVENT_SPAN,
    QUOTE_DOCUMENT,
    SEARCH_CONFIG,
    fts5_query,
    search_words,
    sqlite_begun_before_ids,
    sqlite_matches,
    sqlite_span_ids,
)


class ReviewStatus(models.TextChoices):
    PROPOSED = "proposed", "proposed"
    VERIFIED = "verified", "verified"
    REJECTED = "rejected", "rejected"


class ActorKind(models.TextChoices):
    PERSON = "person", "person"
    STATE = "state", "state"
    ORGANIZATION = "organization", "organization"
    GOVERNMENT_BODY = "government-body", "government body"
    PROGRAMME = "programme", "programme"


class ActorManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


# A detail page's address is built for every entry a page lists (the event's, its actors',
# its sources'): reverse() resolves the pattern each time, which was nearly half the cost
# of rendering an entry. The address of a placeholder slug is reversed once per script
# prefix and the slug put in its place; a slug is ASCII letters, digits, "-" and "_"
# (SlugField), which an address holds as they are.
_SLUG_PLACEHOLDER = "0slug0"
_SAFE_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_detail_addresses: dict[tuple[str, str], str] = {}


def detail_url(name: str, slug: str) -> str:
    """reverse(name, args=[slug]), for the detail pages named by a slug."""
    if not _SAFE_SLUG.fullmatch(slug):
        return reverse(name, args=[slug])
    key = (name, get_script_prefix())
    if key not in _detail_addresses:
        _detail_addresses[key] = reverse(name, args=[_SLUG_PLACEHOLDER])
    return _detail_addresses[key].replace(_SLUG_PLACEHOLDER, slug, 1)


class Actor(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ActorKind)
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use an ISO 3166 alpha-2 code such as IN.")],
        help_text="ISO 3166 alpha-2 code, blank for none.",
    )
    title = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    review_status = models.CharField(
        max_length=10,
        choices=ReviewStatus,
        default=ReviewStatus.PROPOSED,
        help_text="Actors the ingest pipeline proposes wait for a curator, like events.",
    )

    objects = ActorManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country="") | models.Q(country__regex=r"^[A-Z]{2}$"),
                name="actor_country_iso_alpha2",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("events:actor-detail", self.slug)

    def natural_key(self):
        return (self.slug,)


class ActorAliasManager(models.Manager):
    def get_by_natural_key(self, text):
        return self.get(text__iexact=text)


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=200)

    objects = ActorAliasManager()

    class Meta:
        ordering = ["text"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(
                Lower("text"),
                name="actor_alias_text_unique_ci",
                violation_error_message="This alias is already used (ignoring case).",
            ),
        ]
        indexes = [models.Index(fields=["actor"], name="actor_alias_actor_idx")]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.text,)


class DateBasis(models.TextChoices):
    HEADER = "header", "header"
    TEXT = "text", "text"
    UNKNOWN = "unknown", "unknown"


class SourceManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Source(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    date_basis = models.CharField(
        max_length=10,
        choices=DateBasis,
        default=DateBasis.UNKNOWN,
        help_text="Where the publication date comes from.",
    )
    text = models.TextField(help_text="The body, verbatim: claims are offsets into it.")
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    origin = models.CharField(max_length=500, blank=True, help_text="File name or URL.")
    ingested_at = models.DateTimeField(default=timezone.now)

    objects = SourceManager()

    class Meta:
        ordering = ["published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(published_on__isnull=True, date_basis=DateBasis.UNKNOWN)
                    | (
                        models.Q(published_on__isnull=False)
                        & ~models.Q(date_basis=DateBasis.UNKNOWN)
                    )
                ),
                name="source_date_basis_matches_date",
                violation_error_message=(
                    "A publication date needs a basis (header or text); no date means unknown."
                ),
            ),
        ]
        indexes = [models.Index(fields=["published_on"], name="source_published_on_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sha256 = text_sha256(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return detail_url("events:source-detail", self.slug)

    @property
    def web_url(self) -> str:
        """The url if it is a web address, else "": only such a one may become a link (a
        javascript: or data: URL stored by ingest or a fixture would run in the browser)."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        if self.pk is not None and self.claims.exists():
            stored = Source.objects.filter(pk=self.pk).values_list("text", flat=True).first()
            if stored is not None and stored != self.text:
                raise ValidationError(
                    {
                        "text": "This text has claims: their offsets point into it, so it "
                        "cannot change. Add the corrected text as a new source instead."
                    }
                )
        self.sha256 = text_sha256(self.text)
        duplicate = Source.objects.filter(sha256=self.sha256).exclude(pk=self.pk).first()
        if duplicate is not None:
            raise ValidationError({"text": f"This text is already stored as “{duplicate}”."})


class EventType(models.TextChoices):
    """PLOVER event types (the CAMEO successor used by POLECAT), and STATEMENT.

    A public statement is typed by what it says where PLOVER has a type for it ("urged"
    is REQUEST, "welcomed" SUPPORT); STATEMENT is for the rest, CAMEO's "make public
    statement", which PLOVER dropped. The PLOVER export leaves STATEMENT events out.
    """

    AGREE = "AGREE", "agree"
    CONSULT = "CONSULT", "consult"
    SUPPORT = "SUPPORT", "support"
    CONCEDE = "CONCEDE", "concede"
    COOPERATE = "COOPERATE", "cooperate"
    AID = "AID", "aid"
    RETREAT = "RETREAT", "retreat"
    REQUEST = "REQUEST", "request"
    ACCUSE = "ACCUSE", "accuse"
    REJECT = "REJECT", "reject"
    THREATEN = "THREATEN", "threaten"
    PROTEST = "PROTEST", "protest"
    SANCTION = "SANCTION", "sanction"
    MOBILIZE = "MOBILIZE", "mobilize"
    COERCE = "COERCE", "coerce"
    ASSAULT = "ASSAULT", "assault"
    STATEMENT = "STATEMENT", "public statement"


class Mode(models.TextChoices):
    PHONE = "phone", "phone"
    VISIT = "visit", "visit"
    THIRD_PARTY = "third-party", "third party"
    MULTILATERAL = "multilateral", "multilateral"


class Context(models.TextChoices):
    DIPLOMATIC = "diplomatic", "diplomatic"
    MILITARY = "military", "military"
    ECONOMIC = "economic", "economic"
    HEALTH = "health", "health"
    HUMANITARIAN = "humanitarian", "humanitarian"
    TECHNOLOGY = "technology", "technology"
    SPACE = "space", "space"
    ENERGY = "energy", "energy"


class EventStatus(models.TextChoices):
    OCCURRED = "occurred", "occurred"
    PLANNED = "planned", "planned"
    CANCELLED = "cancelled", "cancelled"


def _is_null(field: str) -> IsNull:
    return IsNull(models.F(field), True)


# Open-start intervals ("by 28 Apr 2021") sort at their latest possible day, before the
# events known to fall on it; open-ended ones after those that end; on one day, an event
# comes before those that happened within it; the id makes the order total, so pages
# never share or skip an event. NULLs are ordered by IS NULL terms rather than NULLS
# FIRST/LAST, which SQLite's CREATE INDEX does not accept: the same expressions make up
# the chronological index, so both engines read pages in index order instead of sorting.
CHRONOLOGICAL = (
    Coalesce("date_lower", "date_upper").asc(),
    _is_null("date_upper").asc(),
    models.F("date_upper").asc(),
    _is_null("date_lower").desc(),
    _is_null("parent").desc(),
    models.F("title").asc(),
    models.F("id").asc(),
)
# The same order in terms no index provides (CASE is the indexed COALESCE spelled so
# neither engine's planner recognises it). When the filters pick out a few thousand
# events through an index of their own (an actor's, the search or date-span index),
# sorting those beats walking the chronological index until enough of them turn up.
SORTED_CHRONOLOGICAL = (
    models.Case(
        models.When(date_lower__isnull=False, then="date_lower"), default="date_upper"
    ).asc(),
    *CHRONOLOGICAL[1:],
)


def contexts_as_text():
    """Event.contexts read as JSON text, so membership is a portable substring test."""
    return Cast("contexts", models.TextField())


def context_token(context: str) -> str:
    """How one context appears inside contexts_as_text(): a quoted JSON string."""
    return f'"{context}"'


class EventQuerySet(models.QuerySet):
    def chronological(self, *, few: bool = False):
        """In date order (see CHRONOLOGICAL); `few` when the filters match few events."""
        # Explicit, because Meta.ordering is dropped from aggregating (GROUP BY) queries.
        return self.order_by(*(SORTED_CHRONOLOGICAL if few else CHRONOLOGICAL))

    def verified(self):
        return self.filter(review_status=ReviewStatus.VERIFIED)

    def overlapping(self, lower: date | None, upper: date | None):
        """Events whose possible days meet [lower, upper]; a None bound is open.

        Through the date-span index on either engine (see events.indexes).
        """
        if lower is None and upper is None:
            return self
        if connections[self.db].vendor == "postgresql":
            window = DateRange(lower, upper, "[]")
            return self.alias(span=EVENT_SPAN).filter(span__overlap=window)
        return self.filter(pk__in=sqlite_span_ids(lower, upper))

    def begun_before(self, day: date):
        """Events with a known first day before `day` whose span holds it, and the
        undated (whose span holds every day): those a window from `day` meets but that
        do not begin in it, the open starts aside."""
        undated = Q(date_lower__isnull=True, date_upper__isnull=True)
        if connections[self.db].vendor == "postgresql":
            # The condition of the index of spans without the open starts (migration 0016).
            known_start = Q(date_lower__isnull=False) | Q(date_upper__isnull=True)
            spans = self.filter(known_start).overlapping(day, day)
            return spans.filter(undated | Q(date_lower__lt=day))
        return self.filter(pk__in=sqlite_begun_before_ids(day))

    def involving(self, actors):
        return self.filter(pk__in=EventActor.objects.filter(actor__in=actors).values("event"))

    def disputed(self):
        """Events whose sources disagree (see events.disputes)."""
        from events.models.upkeep import EventDispute  # upkeep's tables refer to events

        return self.filter(pk__in=EventDispute.objects.values("event_id"))

    def with_dispute_flag(self):
        """Annotate is_disputed: whether the event's sources disagree."""
        from events.models.upkeep import EventDispute

        return self.annotate(
            is_disputed=models.Exists(EventDispute.objects.filter(event=models.OuterRef("pk")))
        )

    def reported_by(self, sources, *, unverified: bool):
        """Events a claim of one of `sources` backs: any claim for a visitor who may see
        unverified evidence (see events.visibility), else a verified claim."""
        claims = Claim.objects.filter(source__in=sources)
        if not unverified:
            claims = claims.filter(review_status=ReviewStatus.VERIFIED)
        return self.filter(pk__in=claims.values("event"))

    def with_contexts_text(self):
        """Alias contexts_text, so Q(contexts_text__contains=context_token(c)) tests membership."""
        return self.alias(contexts_text=contexts_as_text())

    def matching(self, text: str, *, unverified: bool = True):
        """Events whose title, summary and unrejected quotes together hold every searched
        word of `text` (see search_words()): one lookup of their search documents
        (events.documents), on either engine. For a visitor who may not see unverified
        evidence (`unverified` False, see events.visibility), verified events whose title,
        summary and verified quotes hold them; the default, everything, is the admin's."""
        words = search_words(text)
        if not words:
            return self if not text.strip() else self.none()
        return self.filter(pk__in=documents.matching_ids(words, self.db, unverified=unverified))

    def search_is_broad(self, text: str, limit: int, *, unverified: bool = True) -> bool:
        """Whether the searched words of `text` are in more than `limit` events' search
        documents (as matching() reads them): the index read no further than that."""
        words = search_words(text)
        return bool(words) and documents.more_than(words, limit, self.db, unverified=unverified)


class EventManager(models.Manager.from_queryset(EventQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Event(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    event_type = models.CharField("type", max_length=10, choices=EventType)
    mode = models.CharField(max_length=15, choices=Mode, blank=True)
    cue_family = models.CharField(
        max_length=20,
        blank=True,
        help_text="For proposed events: the narrower kind within the type the ingest cue "
        "named (production, delivery, training, approval), so reports of different "
        "undertakings are not merged.",
    )
    contexts = models.JSONField(
        default=list, blank=True, help_text=f"Several of: {', '.join(Context.values)}."
    )
    status = models.CharField(max_length=10, choices=EventStatus, default=EventStatus.OCCURRED)
    date_edtf = models.CharField(
        "date (EDTF)",
        max_length=64,
        help_text="e.g. 2021-04-28, 2019-09, 2020, 2021-04-28/2021-12-31, ../2021-04-28",
    )
    date_lower = models.DateField(null=True, editable=False, help_text="Earliest possible day.")
    date_upper = models.DateField(null=True, editable=False, help_text="Latest possible day.")
    date_display = models.CharField(max_length=64, editable=False)
    date_phrase = models.CharField(
        max_length=200, blank=True, help_text="The words the date was read from."
    )
    date_claim = models.ForeignKey(
        "Claim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The claim the date was read from.",
    )
    location = models.CharField(max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="The event this one happened within, e.g. the call an agreement was made in.",
    )
    fulfils = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fulfilled_by",
        help_text="The planned event this one carried out.",
    )
    review_status = models.CharField(
        max_length=10, choices=ReviewStatus, default=ReviewStatus.PROPOSED
    )
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventManager()

    class Meta:
        ordering = list(CHRONOLOGICAL)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_lower__isnull=True)
                | models.Q(date_upper__isnull=True)
                | models.Q(date_lower__lte=models.F("date_upper")),
                name="event_date_bounds_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="event_not_own_parent",
            ),
            models.CheckConstraint(
                condition=~models.Q(fulfils=models.F("pk")),
                name="event_not_fulfilling_itself",
            ),
        ]
        indexes = [
            # The public timeline: one review status, in order (see CHRONOLOGICAL).
            # date_lower and parent as plain columns too, so PostgreSQL can read a page's
            # ids from the index alone (it cannot see them inside the expressions).
            models.Index(
                models.F("review_status"),
                *CHRONOLOGICAL,
                models.F("date_lower"),
                models.F("parent"),
                name="event_chronological_idx",
            ),
            models.Index(fields=["date_lower", "date_upper"], name="event_date_bounds_idx"),
            models.Index(fields=["date_upper"], name="event_date_upper_idx"),
            # Also ingest's search for events a claim may join: a type and a date range,
            # and among events dated only by a default (wider), the same.
            models.Index(fields=["event_type", "date_lower"], name="event_type_date_idx"),
            models.Index(
                fields=["event_type", "date_lower"],
                condition=models.Q(date_phrase="", review_status="proposed"),
                name="event_default_date_idx",
            ),
            models.Index(fields=["status"], name="event_status_idx"),
            models.Index(fields=["review_status"], name="event_review_status_idx"),
            # Commitments (events.commitments): the planned and cancelled events with what
            # their state needs, so counting them by state reads no event row; and
            # whether an event the visitor may see carries one out, likewise.
            models.Index(
                fields=["review_status", "status", "date_upper", "id"],
                condition=models.Q(status__in=["planned", "cancelled"]),
                name="event_commitment_idx",
            ),
            models.Index(fields=["fulfils", "review_status"], name="event_fulfils_review_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date_display})"

    def save(self, *args, **kwargs):
        self.derive_dates()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return detail_url("events:event-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        errors = {}
        try:
            self.derive_dates()
        except ValidationError as error:
            errors.update(error.message_dict)
        if not isinstance(self.contexts, list) or not all(
            context in Context.values for context in self.contexts
        ):
            errors["contexts"] = f"Contexts must be a list of: {', '.join(Context.values)}."
        if self.pk is not None and self.parent_id == self.pk:
            errors["parent"] = "An event cannot be its own parent."
        if self.pk is not None and self.fulfils_id == self.pk:
            errors["fulfils"] = "An event cannot fulfil itself."
        if errors:
            raise ValidationError(errors)

    # Its evidence, as the pages show it. Computed from its claims as prefetched by the
    # selectors that list events (selectors.add_evidence(): those its visitor may see,
    # sources joined; verified ones alone for a visitor who may not see unverified
    # evidence, see events.visibility), or read here when they were not; admin's
    # changelist annotates its own sources_count over these.

    @cached_property
    def shown_claims(self) -> list["Claim"]:
        """Its claims a curator has not rejected (of those prefetched): a rejected claim is
        evidence for nothing."""
        claims = self.claims.all()
        return [claim for claim in claims if claim.review_status != ReviewStatus.REJECTED]

    @cached_property
    def sources_count(self) -> int:
        return len({claim.source_id for claim in self.shown_claims})

    @cached_property
    def best_claim(self) -> "Claim | None":
        """The claim to show first: the one its date comes from, then one in someone's own
        words over a report, then the earliest published, then the first in its text."""
        return min(
            self.shown_claims,
            key=lambda claim: (
                claim.pk != self.date_claim_id,
                _KIND_STRENGTH.get(claim.kind, len(_KIND_STRENGTH)),
                claim.source.published_on is None,
                claim.source.published_on,
                claim.start,
            ),
            default=None,
        )

    @property
    def html_datetime(self) -> str | None:
        return html_datetime(self.date_edtf)

    @property
    def date_precision(self) -> str:
        """day, month, year, span (a closed interval) or open (an end unknown)."""
        return date_precision(self.date_lower, self.date_upper)

    def derive_dates(self):
        """Set date_lower, date_upper and date_display from date_edtf."""
        try:
            bounds = parse_date(self.date_edtf)
        except InvalidEDTF as error:
            raise ValidationError({"date_edtf": str(error)}) from None
        self.date_lower, self.date_upper = bounds.lower, bounds.upper
        self.date_display = bounds.display


class EventRedirectManager(models.Manager):
    def get_by_natural_key(self, old_slug):
        return self.get(old_slug=old_slug)


class EventRedirect(models.Model):
    """A merged event's old address, kept so links to it still lead somewhere."""

    old_slug = models.SlugField(max_length=200, unique=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="redirects")
    merged_at = models.DateTimeField(auto_now_add=True)

    objects = EventRedirectManager()

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.event.slug}"

    def natural_key(self):
        return (self.old_slug,)

    natural_key.dependencies = ["events.event"]


class ActorRole(models.TextChoices):
    INITIATOR = "initiator", "initiator"
    RECIPIENT = "recipient", "recipient"
    PARTICIPANT = "participant", "participant"


class EventActorManager(models.Manager):
    def get_by_natural_key(self, event_slug, actor_slug):
        return self.get(event__slug=event_slug, actor__slug=actor_slug)


class EventActor(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_actors")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(max_length=12, choices=ActorRole, default=ActorRole.PARTICIPANT)

    objects = EventActorManager()

    class Meta:
        ordering = ["event", "role", "actor"]
        constraints = [
            models.UniqueConstraint(fields=["event", "actor"], name="event_actor_unique"),
        ]
        indexes = [models.Index(fields=["actor", "event"], name="event_actor_actor_idx")]

    def __str__(self):
        return f"{self.actor} ({self.role}) in {self.event.title}"

    def natural_key(self):
        return (*self.event.natural_key(), *self.actor.natural_key())

    natural_key.dependencies = ["events.event", "events.actor"]


class ClaimKind(models.TextChoices):
    REPORTED = "reported", "reported"
    DIRECT_QUOTE = "direct-quote", "direct quote"
    STATEMENT = "statement", "statement"
    SOCIAL_POST = "social-post", "social post"


# A claim in someone's own words is the strongest evidence to show first.
_KIND_STRENGTH = {
    ClaimKind.STATEMENT: 0,
    ClaimKind.DIRECT_QUOTE: 1,
    ClaimKind.SOCIAL_POST: 2,
    ClaimKind.REPORTED: 3,
}


class ClaimQuerySet(models.QuerySet):
    def quoting(self, text: str):
        """Claims whose quote holds every searched word of `text` (see search_words()),
        through the quotes' full-text index on either engine."""
        words = search_words(text)
        if not words:
            return self if not text.strip() else self.none()
        if connections[self.db].vendor == "postgresql":
            query = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="plain")
            return self.alias(document=QUOTE_DOCUMENT).filter(document=query)
        return self.filter(pk__in=sqlite_matches("events_claim_search", fts5_query(words)))


class ClaimManager(models.Manager.from_queryset(ClaimQuerySet)):
    def get_by_natural_key(self, source_slug, start, end, event_slug):
        lookup = {"event__slug": event_slug} if event_slug else {"event__isnull": True}
        return self.get(source__slug=source_slug, start=start, end=end, **lookup)


class Claim(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    start = models.PositiveIntegerField(help_text="Offset of the first character in the text.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    quote = models.TextField(help_text="Exactly the source text between start and end.")
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims"
    )
    attributed_to = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributed_claims",
        help_text="Who is quoted: a ministry's release, a tweet, a readout.",
    )
    kind = models.CharField(max_length=15, choices=ClaimKind, default=ClaimKind.REPORTED)
    actors = models.ManyToManyField(
        Actor, blank=True, related_name="mentioned_in", help_text="Actors the quote mentions."
    )
    review_status = models.CharField(
        max_length=10, choices=ReviewStatus, default=ReviewStatus.PROPOSED
    )
    extraction = models.JSONField(
        default=dict, blank=True, help_text="For proposed claims: the rules that fired."
    )
    # What this claim itself says of its event's date and status, where it says it: ingest
    # fills them from the sentence, a curator corrects them. Two sources whose claims
    # disagree here make their event disputed (see events.disputes).
    date_edtf = models.CharField(
        "date it implies",
        max_length=64,
        blank=True,
        db_default="",
        default="",
        help_text="EDTF of the date this quote gives the event, e.g. 2021-04 or "
        "2021-04-28/2021-12-31; blank when it gives none.",
    )
    date_lower = models.DateField(null=True, editable=False)
    date_upper = models.DateField(null=True, editable=False)
    status = models.CharField(
        "status it implies",
        max_length=10,
        choices=EventStatus,
        blank=True,
        db_default="",
        default="",
        help_text="Whether this quote reports the event as occurred, planned or cancelled; "
        "blank when it does not say.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimManager()

    class Meta:
        ordering = ["source", "start", "end"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="claim_start_before_end"
            ),
            models.UniqueConstraint(
                fields=["source", "start", "end", "event"], name="claim_span_event_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["source", "start"], name="claim_source_start_idx"),
            models.Index(fields=["event", "source"], name="claim_event_source_idx"),
        ]

    def __str__(self):
        excerpt = self.quote if len(self.quote) <= 60 else f"{self.quote[:59]}…"
        return f"“{excerpt}”"

    def save(self, *args, **kwargs):
        self.derive_dates()
        super().save(*args, **kwargs)

    def natural_key(self):
        event_slug = self.event.slug if self.event_id else None
        return (*self.source.natural_key(), self.start, self.end, event_slug)

    natural_key.dependencies = ["events.source", "events.event"]

    def derive_dates(self):
        """Set date_lower and date_upper from date_edtf (none when it is blank)."""
        if not self.date_edtf:
            self.date_lower = self.date_upper = None
            return
        try:
            bounds = parse_date(self.date_edtf)
        except InvalidEDTF as error:
            raise ValidationError({"date_edtf": str(error)}) from None
        self.date_lower, self.date_upper = bounds.lower, bounds.upper

    @property
    def implied_date_display(self) -> str:
        return parse_date(self.date_edtf).display if self.date_edtf else ""

    def clean(self):
        super().clean()
        self.derive_dates()
        if self.source_id is None or self.start is None or self.end is None:
            return
        text = self.source.text
        if self.end > len(text):
            raise ValidationError(
                {"end": f"The source text has only {len(text)} characters; end is {self.end}."}
            )
        span = text[self.start : self.end]
        if self.quote != span:
            raise ValidationError(
                {
                    "quote": f"The quote differs from the source text at {self.start}–{self.end}, "
                    f"which reads “{span}”."
                }
            )
