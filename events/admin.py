from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html

from events.curation import services
from events.ingest import tasks
from events.ingest.documents import MAX_BYTES, ArticleError, parse_article
from events.models import (
    Actor,
    ActorAlias,
    Claim,
    Event,
    EventActor,
    EventRedirect,
    IngestJob,
    JobState,
    ProposedFulfilment,
    ReviewStatus,
    Source,
    text_sha256,
)

CONTEXT_CHARS = 60


def _per_row_count(queryset, outer: str, counted: str, *, distinct: bool = False) -> Subquery:
    """A count for each listed row, as a subquery the database runs for the page's rows
    only: an aggregate over a join would group every row of the table before paging."""
    counts = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count(counted, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


class SourceFilter(admin.SimpleListFilter):
    """Claims of one source, chosen from the source list's claim counts: the sidebar names
    the chosen source only, rather than listing every source there is."""

    title = "source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        chosen = self.value()
        if not (chosen and chosen.isdigit()):
            return []
        return [
            (str(pk), title)
            for pk, title in Source.objects.filter(pk=chosen).values_list("pk", "title")
        ]

    def queryset(self, request, queryset):
        chosen = self.value()
        if chosen is None:
            return queryset
        if not chosen.isdigit():
            return queryset.none()
        return queryset.filter(source_id=int(chosen))


class YearFilter(admin.SimpleListFilter):
    """Events by the year they start in: the years between the first and the last (two
    index lookups), where a date hierarchy would read every row's date."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        bounds = Event.objects.aggregate(first=Min("date_lower"), last=Max("date_lower"))
        if bounds["first"] is None:
            return []
        years = range(bounds["last"].year, bounds["first"].year - 1, -1)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        chosen = self.value()
        if chosen is None:
            return queryset
        if not (chosen.isdigit() and 1 <= int(chosen) <= 9999):
            return queryset.none()
        year = int(chosen)
        return queryset.filter(date_lower__gte=date(year, 1, 1), date_lower__lte=date(year, 12, 31))


# A search's matches are counted this far: a changelist pages through them, newest first,
# and past a thousand a curator narrows the search rather than reads on.
SEARCH_COUNT_LIMIT = 1_000


class AtLeast(int):
    """A count that stopped at the limit, shown as "1,000+" (the admin's templates print
    a count as the number's text: "1,000+ results", "Select all 1,000+ events")."""

    def __str__(self):
        return f"{int(self):,}+"


class SearchPaginator(Paginator):
    """Pages of a search's matches, counted only as far as SEARCH_COUNT_LIMIT: counting
    tens of thousands of matches would cost more than listing a page of them."""

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: SEARCH_COUNT_LIMIT + 1].count()
        return AtLeast(SEARCH_COUNT_LIMIT) if counted > SEARCH_COUNT_LIMIT else counted


def _searching(request) -> bool:
    return bool(request.GET.get(SEARCH_VAR, "").strip())


class ChangeListAtScale:
    """Changelists that stay fast at 100,000 rows: no second count of the whole table;
    a search (through the full-text indexes: see the admins' get_search_results()) lists
    its matches newest first, in the order of the key, and counts them only so far."""

    show_full_result_count = False

    def get_ordering(self, request):
        return ["-pk"] if _searching(request) else super().get_ordering(request)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if _searching(request):
            return SearchPaginator(queryset, per_page, orphans, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)


def quote_in_context(claim: Claim) -> str:
    """The quote with a little of the text either side (W3C TextQuoteSelector style)."""
    text = claim.source.text
    before = text[max(claim.start - CONTEXT_CHARS, 0) : claim.start]
    after = text[claim.end : claim.end + CONTEXT_CHARS]
    return format_html("…{}<mark>{}</mark>{}…", before, claim.quote, after)


class ReviewActions:
    """Verify and reject, for the models with a review status."""

    @admin.action(description="Verify the selected %(verbose_name_plural)s")
    def verify(self, request, queryset):
        count = services.set_review_status(request.user, queryset, ReviewStatus.VERIFIED)
        self.message_user(request, f"{count} verified.", messages.SUCCESS)

    @admin.action(description="Reject the selected %(verbose_name_plural)s")
    def reject(self, request, queryset):
        count = services.set_review_status(request.user, queryset, ReviewStatus.REJECTED)
        self.message_user(request, f"{count} rejected.", messages.WARNING)


# The most rows one merge takes: duplicates come in handfuls, and the survivor is chosen
# from a list of all of them.
MERGE_AT_MOST = 20


def merge_action(modeladmin, request, queryset, merge, noun: str):
    """Ask which of the selected rows survives, then merge the others into it."""
    if request.POST.get("select_across") == "1":
        # "Select all N" would fold every match into one (and list them all to choose from).
        modeladmin.message_user(
            request,
            f"Merge takes the {noun} ticked on the page, not every match: "
            f"tick the two to {MERGE_AT_MOST} to merge.",
            messages.ERROR,
        )
        return None
    chosen = list(queryset[: MERGE_AT_MOST + 1])
    if not 2 <= len(chosen) <= MERGE_AT_MOST:
        modeladmin.message_user(
            request, f"Select two to {MERGE_AT_MOST} {noun} to merge.", messages.ERROR
        )
        return None
    if request.POST.get("survivor"):
        survivor = next((o for o in chosen if str(o.pk) == request.POST["survivor"]), None)
        if survivor is None:
            modeladmin.message_user(
                request, "The survivor must be one of the selected.", messages.ERROR
            )
            return None
        moved = merge(request.user, survivor, chosen)
        summary = ", ".join(f"{count} {what}" for what, count in moved.items())
        modeladmin.message_user(
            request, f"Merged {len(chosen) - 1} into “{survivor}”: {summary}.", messages.SUCCESS
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Merge {noun}",
        "objects": chosen,
        "opts": modeladmin.model._meta,
        "action": request.POST["action"],
        "noun": noun,
    }
    return TemplateResponse(request, "admin/events/merge.html", context)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name, each cleaned as a FileField cleans one."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(one, initial) for one in files if one]


class ArticleForm(forms.Form):
    """Articles for ingest, pasted or uploaded, with what the curator knows of them."""

    # Not stripped: a leading " date YYYY-MM-DD" line is the seed format's header.
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), required=False, strip=False)
    upload = MultipleFileField(
        required=False,
        label="Files",
        help_text=".txt files in UTF-8, up to 5 MB each; several at once become one job each.",
    )
    title = forms.CharField(max_length=300, required=False)
    publisher = forms.CharField(max_length=200, required=False)
    url = forms.URLField(label="URL", max_length=500, required=False, assume_scheme="https")
    published_on = forms.DateField(
        required=False, help_text="YYYY-MM-DD; a date header in the text wins."
    )

    def clean(self):
        cleaned = super().clean()
        text, uploads = cleaned.get("text"), cleaned.get("upload") or []
        if bool(text) == bool(uploads):
            raise forms.ValidationError("Paste the text or upload files (one of the two).")
        if text:
            inputs = [("pasted in admin", text.encode("utf-8"))]
        else:
            for upload in uploads:
                if upload.size > MAX_BYTES:
                    raise forms.ValidationError({"upload": f"{upload.name}: the limit is 5 MB."})
            inputs = [(upload.name, upload.read()) for upload in uploads]
            if len(inputs) > 1 and (cleaned.get("title") or cleaned.get("url")):
                raise forms.ValidationError(
                    "A title and a URL describe one article: leave them empty for several files."
                )
        cleaned["articles"] = [self._article(origin, raw, cleaned) for origin, raw in inputs]
        return cleaned

    def _article(self, origin: str, raw: bytes, cleaned: dict):
        try:
            article = parse_article(raw, origin=origin, published=cleaned.get("published_on"))
        except ArticleError as error:
            raise forms.ValidationError(f"{origin}: {error}") from None
        duplicate = Source.objects.filter(sha256=text_sha256(article.body)).first()
        if duplicate is not None:
            link = reverse("admin:events_source_change", args=[duplicate.pk])
            raise forms.ValidationError(
                format_html(
                    '{}: this text is already stored as <a href="{}">{}</a>.',
                    origin,
                    link,
                    duplicate,
                )
            )
        return replace(
            article,
            title=cleaned.get("title", ""),
            publisher=cleaned.get("publisher", ""),
            url=cleaned.get("url", ""),
        )


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "title", "events_count", "review_status"]
    list_filter = ["review_status", "kind", "country"]
    search_fields = ["name", "slug", "aliases__text"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ActorAliasInline]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(events_count=Count("event_roles"))

    @admin.display(description="events", ordering="events_count")
    def events_count(self, actor):
        return actor.events_count

    @admin.action(description="Merge the selected actors…")
    def merge(self, request, queryset):
        return merge_action(self, request, queryset, services.merge_actors, "actors")


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["text", "actor"]
    list_select_related = ["actor"]
    search_fields = ["text", "actor__name"]
    autocomplete_fields = ["actor"]


class ClaimInline(admin.TabularInline):
    model = Claim
    fk_name = "source"
    extra = 0
    fields = ["in_context", "event", "kind", "review_status"]
    readonly_fields = ["in_context"]
    autocomplete_fields = ["event"]
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "event")

    @admin.display(description="quote in its text")
    def in_context(self, claim):
        return quote_in_context(claim)


_NEEDS_A_WORKER = (
    "These articles are too long to analyse while you wait, and this site runs no ingest "
    "worker. Upload them one at a time if each is shorter, or ask the operator to run "
    "`manage.py ingest` on the files, or to set DIPLO_TASKS=database and run "
    "`manage.py db_worker` (see docs/operations.md)."
)


def _too_big_for_a_request(sizes: Iterable[int]) -> bool:
    """Whether texts of these sizes (characters, or bytes) are more than a request analyses."""
    return sum(sizes) > settings.DIPLO_INGEST_IN_REQUEST_BYTES


def jobs_summary(jobs: list[IngestJob]) -> str:
    """What became of jobs just handed in, and where to follow them."""
    states = Counter(job.state for job in jobs)
    counted = ", ".join(f"{count} {state}" for state, count in states.items())
    return (
        f"{len(jobs)} article(s) handed to ingest: {counted}. Each job is listed here with "
        "its state: a done one links to its source, a failed one says why."
    )


def _fulfilments_note(result: dict) -> str:
    proposed = result.get("fulfilments_proposed", 0)
    return f", {proposed} proposed fulfilment(s) of a planned event" if proposed else ""


@admin.register(Source)
class SourceAdmin(ChangeListAtScale, admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "date_basis", "claims_count", "origin"]
    list_filter = ["date_basis", "publisher"]
    search_fields = ["title", "slug", "publisher", "text"]
    readonly_fields = ["sha256"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"
    inlines = [ClaimInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(claims_count=_per_row_count(Claim.objects, "source", "pk"))
        )

    @admin.display(description="claims", ordering="claims_count")
    def claims_count(self, source):
        # The claim list has no sidebar of 10,000 sources: a source's claims are a link here.
        url = reverse("admin:events_claim_changelist") + f"?source={source.pk}"
        return format_html('<a href="{}">{}</a>', url, source.claims_count)

    def get_urls(self):
        add_article = self.admin_site.admin_view(self.add_article_view)
        return [
            path("add-article/", add_article, name="events_source_add_article"),
            *super().get_urls(),
        ]

    def add_article_view(self, request):
        """Paste an article or upload several; the ingest pipeline proposes what they state."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            articles = form.cleaned_data["articles"]
            sizes = (len(article.body.encode("utf-8")) for article in articles)
            if tasks.runs_in_request() and _too_big_for_a_request(sizes):
                form.add_error(None, _NEEDS_A_WORKER)
            else:
                with transaction.atomic():
                    jobs = [tasks.create_job(a, queued_by=request.user) for a in articles]
                outcomes = tasks.queue(jobs)
                jobs = tasks.as_they_are(jobs)
                if len(jobs) > 1 or jobs[0].state in (JobState.QUEUED, JobState.RUNNING):
                    self.message_user(request, jobs_summary(jobs), messages.INFO)
                    return redirect("admin:events_ingestjob_changelist")
                if jobs[0].state == JobState.DONE:
                    return self._ingested(request, outcomes[0].return_value)
                # Run at once and failed (its transaction rolled back): the form again, with
                # the reason, the curator's input kept.
                form.add_error(None, f"Ingest failed, nothing was stored: {jobs[0].reason}")
        context = {
            **self.admin_site.each_context(request),
            "title": "Add articles",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/events/source/add_article.html", context)

    def _ingested(self, request, result: dict):
        """To the new source, with what ingest proposed."""
        source = Source.objects.get(pk=result["source"])
        LogEntry.objects.log_actions(request.user.pk, [source], ADDITION, "Ingested.")
        self.message_user(
            request,
            f"Proposed {result['claims']} claim(s): {result['events_new']} new event(s), "
            f"{result['events_joined']} joined existing, {result['actors_new']} new "
            f"actor(s){_fulfilments_note(result)}. Review them below.",
            messages.SUCCESS,
        )
        return redirect("admin:events_source_change", source.pk)

    def get_readonly_fields(self, request, obj=None):
        # Claims are offsets into the text: once there are claims, the text is fixed.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.claims.exists():
            fields.append("text")
        return fields


class EventActorInline(admin.TabularInline):
    model = EventActor
    extra = 1
    autocomplete_fields = ["actor"]


class EventClaimInline(ClaimInline):
    fk_name = "event"
    fields = ["in_context", "source", "kind", "date_edtf", "status", "review_status"]
    readonly_fields = ["in_context", "source"]
    autocomplete_fields = []


class ProposedFulfilmentInline(admin.TabularInline):
    """On a planned event: the events ingest proposes carried it out. Setting one's review
    status to verified confirms it (the event then fulfils this one), rejected rejects it."""

    model = ProposedFulfilment
    fk_name = "commitment"
    fields = ["event", "reason", "review_status"]
    readonly_fields = ["event", "reason"]
    extra = 0
    can_delete = False
    verbose_name = "proposed fulfilment"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ChangeListAtScale, ReviewActions, admin.ModelAdmin):
    list_display = [
        "title",
        "date_display",
        "event_type",
        "mode",
        "status",
        "review_status",
        "sources_count",
    ]
    list_filter = ["review_status", "status", "event_type", "mode", YearFilter]
    search_fields = ["title", "slug", "summary"]  # searched as get_search_results() says
    readonly_fields = ["date_lower", "date_upper", "date_display"]
    autocomplete_fields = ["parent", "fulfils", "date_claim"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventActorInline, EventClaimInline, ProposedFulfilmentInline]
    actions = ["verify", "reject", "merge"]

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProposedFulfilment:
            return super().save_formset(request, form, formset, change)
        # A decision goes through curation, which links the events and logs it.
        for inline in formset.forms:
            decision = inline.cleaned_data.get("review_status")
            if "review_status" in inline.changed_data and decision != ReviewStatus.PROPOSED:
                chosen = ProposedFulfilment.objects.filter(pk=inline.instance.pk)
                services.decide_fulfilments(
                    request.user, chosen, confirm=decision == ReviewStatus.VERIFIED
                )
        # Nothing saved through the formset itself (curation logged each decision).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(sources_count=_per_row_count(Claim.objects, "event", "source", distinct=True))
        )

    def get_search_results(self, request, queryset, search_term):
        """Words of the title, summary or a quote (the timeline's search and its index), or
        the exact slug."""
        if not search_term.strip():
            return queryset, False
        found = Event.objects.matching(search_term).values("pk")
        slugged = Event.objects.filter(slug=search_term.strip()).values("pk")
        return queryset.filter(pk__in=found.union(slugged)), False

    @admin.display(description="sources", ordering="sources_count")
    def sources_count(self, event):
        return event.sources_count

    @admin.action(description="Merge the selected events…")
    def merge(self, request, queryset):
        return merge_action(self, request, queryset, services.merge_events, "events")


@admin.register(ProposedFulfilment)
class ProposedFulfilmentAdmin(admin.ModelAdmin):
    """Fulfilments ingest proposed, to confirm or reject in bulk."""

    list_display = ["event", "commitment", "reason", "review_status", "created_at"]
    list_select_related = ["event", "commitment"]
    list_filter = ["review_status"]
    fields = ["commitment", "event", "reason", "review_status", "created_at"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    actions = ["confirm", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Confirm: the event carried out the plan")
    def confirm(self, request, queryset):
        decided = services.decide_fulfilments(request.user, queryset, confirm=True)
        self.message_user(request, f"Confirmed {decided} fulfilment(s).", messages.SUCCESS)

    @admin.action(description="Reject: the event did not carry out the plan")
    def reject(self, request, queryset):
        decided = services.decide_fulfilments(request.user, queryset, confirm=False)
        self.message_user(request, f"Rejected {decided} fulfilment(s).", messages.SUCCESS)


@admin.register(EventActor)
class EventActorAdmin(admin.ModelAdmin):
    list_display = ["event", "actor", "role"]
    list_select_related = ["event", "actor"]
    list_filter = ["role"]
    search_fields = ["event__title", "actor__name"]
    autocomplete_fields = ["event", "actor"]


@admin.register(EventRedirect)
class EventRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "event", "merged_at"]
    list_select_related = ["event"]
    search_fields = ["old_slug", "event__title"]
    autocomplete_fields = ["event"]


class ClaimForm(forms.ModelForm):
    """A claim by its words: paste the quote, pick the source, and the offsets are found."""

    occurrence = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="When the quote occurs more than once in the text: which one (1 = first).",
    )

    class Meta:
        model = Claim
        fields = [
            "source",
            "quote",
            "occurrence",
            "event",
            "kind",
            "attributed_to",
            "actors",
            "date_edtf",
            "status",
            "review_status",
        ]

    def clean(self):
        cleaned = super().clean()
        source, quote = cleaned.get("source"), cleaned.get("quote")
        if source is None or not quote:
            return cleaned
        unchanged = self.instance.pk and (source, quote) == (
            self.instance.source,
            self.instance.quote,
        )
        if unchanged and cleaned.get("occurrence") is None:
            return cleaned  # the same words in the same text keep their place
        starts = []
        position = source.text.find(quote)
        while position >= 0:
            starts.append(position)
            position = source.text.find(quote, position + 1)
        occurrence = cleaned.get("occurrence")
        if not starts:
            raise forms.ValidationError(
                {"quote": f"These words are not in “{source}”: paste them exactly as written."}
            )
        if len(starts) > 1 and occurrence is None:
            raise forms.ValidationError(
                {
                    "occurrence": f"The quote occurs {len(starts)} times in the text; "
                    f"say which one (1–{len(starts)})."
                }
            )
        if occurrence is not None and occurrence > len(starts):
            raise forms.ValidationError(
                {"occurrence": f"The quote occurs only {len(starts)} time(s) in the text."}
            )
        start = starts[(occurrence or 1) - 1]
        self.instance.start, self.instance.end = start, start + len(quote)
        return cleaned


@admin.register(Claim)
class ClaimAdmin(ChangeListAtScale, ReviewActions, admin.ModelAdmin):
    form = ClaimForm
    list_display = ["excerpt", "source", "event", "kind", "review_status"]
    list_select_related = ["source", "event"]
    list_filter = ["review_status", "kind", SourceFilter]
    search_fields = ["quote", "source__title"]  # searched as get_search_results() says
    autocomplete_fields = ["source", "event", "attributed_to", "actors"]
    readonly_fields = ["start", "end", "in_context", "extraction"]
    actions = ["verify", "reject"]

    def get_fields(self, request, obj=None):
        fields = list(ClaimForm.Meta.fields)
        if obj is not None:
            fields += ["start", "end", "in_context", "extraction"]
        return fields

    def get_ordering(self, request):
        """Within one source, by place in it, a search's matches too (they are few)."""
        if request.GET.get(SourceFilter.parameter_name):
            return admin.ModelAdmin.get_ordering(self, request)
        return super().get_ordering(request)

    def get_search_results(self, request, queryset, search_term):
        """Claims whose quote holds the words (through the quotes' full-text index), or
        whose source's title holds the text."""
        term = search_term.strip()
        if not term:
            return queryset, False
        titled = Source.objects.filter(title__icontains=term).values("pk")
        quoting = Claim.objects.quoting(term).values("pk")
        if connections[queryset.db].vendor == "postgresql":
            # Each set hashed once, then the claims read newest first until a page is
            # full: bounded by one pass over the key however many match (the union of
            # a common word's hundred thousand matches costs more).
            return queryset.filter(Q(pk__in=quoting) | Q(source__in=titled)), False
        # One set of ids: SQLite would test an OR of the two against every claim.
        found = quoting.union(Claim.objects.filter(source__in=titled).values("pk"))
        return queryset.filter(pk__in=found), False

    @admin.display(description="quote", ordering="quote")
    def excerpt(self, claim):
        return str(claim)

    @admin.display(description="quote in its text")
    def in_context(self, claim):
        return quote_in_context(claim)


@admin.register(IngestJob)
class IngestJobAdmin(admin.ModelAdmin):
    """The articles handed to ingest and their state: queued, running, done (with a link to
    the source) or failed (with the reason). Jobs are added by ingest alone."""

    list_display = ["origin", "state_shown", "source_link", "attempts", "queued_at", "finished_at"]
    list_filter = ["state"]
    search_fields = ["origin"]
    actions = ["ingest"]
    fields = [
        "origin",
        "state",
        "reason",
        "source",
        "title",
        "publisher",
        "url",
        "published_on",
        "date_basis",
        "attempts",
        "queued_at",
        "started_at",
        "finished_at",
        "queued_by",
    ]
    show_full_result_count = False

    def get_queryset(self, request):
        # The article's text (up to 5 MB a job) is never read for the list.
        return super().get_queryset(request).defer("text").select_related("source")

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description="state", ordering="state")
    def state_shown(self, job):
        if job.state == JobState.FAILED:
            return format_html("failed: {}", job.reason)
        if job.state == JobState.RUNNING:
            return format_html("running since {:%Y-%m-%d %H:%M}", job.started_at)
        return job.state

    @admin.display(description="source")
    def source_link(self, job):
        if job.source is None:
            return "—"
        url = reverse("admin:events_source_change", args=[job.source_id])
        return format_html('<a href="{}">{}</a>', url, job.source)

    @admin.action(description="Ingest these uploaded files", permissions=["change"])
    def ingest(self, request, queryset):
        """Hand the chosen jobs to ingest again: the failed, and running ones whose worker
        died (a job that is in fact still running stores its source once all the same)."""
        jobs = list(
            queryset.exclude(state=JobState.DONE).defer("text").annotate(size=Length("text"))
        )
        if not jobs:
            self.message_user(request, "The chosen jobs are all done.", messages.INFO)
        elif tasks.runs_in_request() and _too_big_for_a_request(job.size for job in jobs):
            self.message_user(request, _NEEDS_A_WORKER, messages.ERROR)
        else:
            tasks.queue(jobs)
            self.message_user(request, jobs_summary(tasks.as_they_are(jobs)), messages.INFO)
