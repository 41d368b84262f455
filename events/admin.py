from django.contrib import admin

from events.models import Actor, ActorAlias, Claim, Event, EventActor, Source


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "title", "review_status"]
    list_filter = ["review_status", "kind", "country"]
    search_fields = ["name", "slug", "aliases__text"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["text", "actor"]
    list_select_related = ["actor"]
    search_fields = ["text", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "date_basis", "origin"]
    list_filter = ["date_basis", "publisher"]
    search_fields = ["title", "slug", "publisher", "text"]
    readonly_fields = ["sha256"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date_display", "event_type", "mode", "status", "review_status"]
    list_filter = ["review_status", "status", "event_type", "mode"]
    search_fields = ["title", "slug", "summary"]
    readonly_fields = ["date_lower", "date_upper", "date_display"]
    autocomplete_fields = ["parent", "fulfils", "date_claim"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(EventActor)
class EventActorAdmin(admin.ModelAdmin):
    list_display = ["event", "actor", "role"]
    list_select_related = ["event", "actor"]
    list_filter = ["role"]
    search_fields = ["event__title", "actor__name"]
    autocomplete_fields = ["event", "actor"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "event", "kind", "review_status"]
    list_select_related = ["source", "event"]
    list_filter = ["review_status", "kind", "source"]
    search_fields = ["quote", "source__title", "event__title"]
    autocomplete_fields = ["source", "event", "attributed_to", "actors"]
