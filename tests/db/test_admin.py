"""Curation in admin: pages, query counts, actions, the quote form, history and roles."""

from unittest import mock

import pytest
from django.contrib.admin import site
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from events import admin as events_admin
from events.admin import MERGE_AT_MOST, ClaimForm
from events.curation import services
from events.ingest import store
from events.models import (
    Actor,
    ActorAlias,
    Claim,
    Event,
    EventActor,
    EventRedirect,
    Source,
)
from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

MODELS = [Actor, ActorAlias, Source, Event, EventActor, Claim, EventRedirect]


def populate(n: int) -> None:
    for i in range(n):
        actor = make_actor(aliases=[f"Alias {Actor.objects.count()}"])
        event = make_event(title=f"Phone call {i}", actors=[(actor, "initiator")])
        claim = make_claim(event=event)
        claim.actors.set([actor])
        EventRedirect.objects.create(old_slug=f"old-{event.slug}", event=event)


def url(model, view: str, *args) -> str:
    return reverse(f"admin:events_{model._meta.model_name}_{view}", args=args)


def test_every_domain_model_is_registered():
    assert all(site.is_registered(model) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_and_change_pages_render_with_constant_queries(
    client, curator, model, django_assert_max_num_queries
):
    populate(3)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url(model, "changelist")).status_code == 200
    populate(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    assert client.get(url(model, "changelist"), {"q": "call"}).status_code == 200
    change = client.get(url(model, "change", model.objects.first().pk))
    assert change.status_code == 200


def test_event_list_shows_date_type_status_review_and_sources(client, curator):
    event = make_event(title="Phone call", date_edtf="2021-04-28")
    make_claim(event=event)
    make_claim(event=event)
    html = client.get(url(Event, "changelist")).content.decode()
    assert "28 Apr 2021" in html and "CONSULT" in html
    assert '<td class="field-sources_count">2</td>' in html


def test_claim_inline_shows_the_quote_in_its_text(client, curator):
    source = make_source(text="Before words. Modi and Putin spoke on Wednesday. After words.")
    make_claim(source=source, quote="spoke on Wednesday", event=make_event())
    html = client.get(url(Source, "change", source.pk)).content.decode()
    assert "Putin <mark>spoke on Wednesday</mark>. After" in html


def test_view_on_site_links_to_the_public_pages():
    assert make_event(slug="call").get_absolute_url() == "/events/call/"
    assert make_source(slug="readout").get_absolute_url() == "/sources/readout/"
    assert make_actor(slug="modi").get_absolute_url() == "/actors/modi/"


# The quote form


def quote_form(source, quote, occurrence=None, instance=None):
    data = {"source": source.pk, "quote": quote, "kind": "reported", "review_status": "proposed"}
    if occurrence is not None:
        data["occurrence"] = occurrence
    return ClaimForm(data, instance=instance)


def test_quote_form_finds_the_offsets():
    source = make_source(text="Modi and Putin spoke on Wednesday.")
    form = quote_form(source, "spoke on Wednesday")
    assert form.is_valid(), form.errors
    claim = form.save()
    assert (claim.start, claim.end) == (15, 33)
    assert source.text[claim.start : claim.end] == claim.quote


def test_quote_form_refuses_words_not_in_the_text():
    source = make_source(text="Modi and Putin spoke on Wednesday.")
    form = quote_form(source, "spoke on Tuesday")
    assert not form.is_valid()
    assert "These words are not in" in form.errors["quote"][0]


def test_quote_form_asks_which_occurrence_when_ambiguous():
    source = make_source(text="They met. Then they met again. They met once more.")
    form = quote_form(source, "met")
    assert not form.is_valid()
    assert "occurs 3 times" in form.errors["occurrence"][0]
    second = quote_form(source, "met", occurrence=2)
    assert second.is_valid(), second.errors
    claim = second.save()
    assert claim.start == source.text.index("met", source.text.index("met") + 1)
    assert not quote_form(source, "met", occurrence=4).is_valid()


def test_a_source_with_claims_keeps_its_text(client, curator):
    claim = make_claim()
    source = claim.source
    source.text = source.text.replace("Wednesday", "Tuesday")
    with pytest.raises(Exception, match="cannot change"):
        source.full_clean()
    html = client.get(url(Source, "change", source.pk)).content.decode()
    assert 'name="text"' not in html  # shown read-only


# Actions


def post_action(client, model, action, objects, **extra):
    data = {"action": action, "_selected_action": [o.pk for o in objects], **extra}
    return client.post(url(model, "changelist"), data)


def test_verify_and_reject_events_and_claims_with_history(client, curator):
    events = [make_event(review_status="proposed") for _ in range(3)]
    post_action(client, Event, "verify", events[:2])
    assert list(Event.objects.filter(review_status="verified")) == events[:2]
    post_action(client, Event, "reject", events[2:])
    assert Event.objects.get(pk=events[2].pk).review_status == "rejected"
    claim = make_claim(review_status="proposed")
    post_action(client, Claim, "verify", [claim])
    claim.refresh_from_db()
    assert claim.review_status == "verified"
    entry = LogEntry.objects.filter(object_id=str(events[0].pk), content_type__model="event").get()
    assert (entry.user, entry.change_message) == (curator, "Review status set to verified.")
    history = client.get(url(Event, "history", events[0].pk)).content.decode()
    assert "Review status set to verified." in history


def test_merging_events_moves_claims_actors_children_and_redirects(client, curator):
    modi, putin = make_actor(slug="modi"), make_actor(slug="putin")
    source = make_source()
    survivor = make_event(slug="call", actors=[(modi, "initiator")])
    duplicate = make_event(slug="call-again", actors=[(modi, "initiator"), (putin, "recipient")])
    make_claim(source=source, quote="spoke on Wednesday", event=survivor)
    same_span = make_claim(source=source, quote="spoke on Wednesday", event=duplicate)
    other = make_claim(source=source, quote="later this year", event=duplicate)
    child = make_event(slug="deal", parent=duplicate)
    EventRedirect.objects.create(old_slug="older-call", event=duplicate)

    response = post_action(client, Event, "merge", [survivor, duplicate], survivor=str(survivor.pk))

    assert response.status_code == 302
    assert not Event.objects.filter(slug="call-again").exists()
    assert set(survivor.claims.values_list("pk", flat=True)) >= {other.pk}
    assert not Claim.objects.filter(pk=same_span.pk).exists()  # one claim per span
    assert set(survivor.actors.values_list("slug", flat=True)) == {"modi", "putin"}
    child.refresh_from_db()
    assert child.parent == survivor
    assert client.get("/events/call-again/").headers["Location"] == "/events/call/"
    assert client.get("/events/older-call/").headers["Location"] == "/events/call/"
    history = LogEntry.objects.filter(
        object_id=str(survivor.pk), content_type__model="event"
    ).latest("action_time")
    assert f"claim {other.pk} moved from call-again" in history.change_message
    assert "child deal from call-again" in history.change_message


def test_merge_asks_which_event_survives_first(client, curator):
    events = [make_event(title="First"), make_event(title="Second")]
    response = post_action(client, Event, "merge", events)
    assert response.status_code == 200
    assert b'name="survivor"' in response.content
    assert Event.objects.count() == 2


def test_a_merge_of_more_than_twenty_is_refused_before_anything_is_listed(client, curator):
    events = [make_event() for _ in range(MERGE_AT_MOST + 1)]
    response = post_action(client, Event, "merge", events, survivor=str(events[0].pk))
    assert response.status_code == 302
    assert Event.objects.count() == MERGE_AT_MOST + 1
    page = client.get(response["Location"]).content.decode()
    assert f"Select two to {MERGE_AT_MOST} events to merge." in page
    asked = post_action(client, Event, "merge", events[:MERGE_AT_MOST])
    assert asked.content.count(b'name="survivor"') == MERGE_AT_MOST


@pytest.mark.parametrize("model", [Event, Actor])
def test_a_merge_of_every_match_is_refused(client, curator, model):
    rows = [make_event(), make_event()] if model is Event else [make_actor(), make_actor()]
    response = post_action(
        client, model, "merge", rows, select_across="1", survivor=str(rows[0].pk)
    )
    assert response.status_code == 302
    assert model.objects.filter(pk__in=[row.pk for row in rows]).count() == 2
    assert "not every match" in client.get(response["Location"]).content.decode()


def test_a_failed_merge_changes_nothing(curator):
    survivor, merged = make_event(slug="a"), make_event(slug="b")
    claim = make_claim(event=merged)
    with (
        mock.patch.object(EventRedirect.objects, "create", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        services.merge_events(curator, survivor, [survivor, merged])
    claim.refresh_from_db()
    assert claim.event == merged
    assert Event.objects.filter(slug="b").exists()


def test_merging_actors_moves_aliases_roles_and_collapses_duplicates(client, curator):
    modi = make_actor(name="Narendra Modi", slug="modi", aliases=["PM Modi"])
    twin = make_actor(name="N. Modi", slug="n-modi", aliases=["Modi"])
    both = make_event(actors=[(modi, "initiator"), (twin, "initiator")])
    only_twin = make_event(actors=[(twin, "recipient")])
    claim = make_claim(event=both, attributed_to=twin)
    claim.actors.set([modi, twin])

    post_action(client, Actor, "merge", [modi, twin], survivor=str(modi.pk))

    assert not Actor.objects.filter(slug="n-modi").exists()
    assert set(modi.aliases.values_list("text", flat=True)) == {"PM Modi", "Modi", "N. Modi"}
    assert both.event_actors.count() == 1
    assert only_twin.event_actors.get().actor == modi
    claim.refresh_from_db()
    assert claim.attributed_to == modi
    assert list(claim.actors.all()) == [modi]


# Roles


def test_curators_group_can_curate_but_not_manage_users(client, curator):
    assert curator.has_perm("events.change_event")
    assert curator.has_perm("events.delete_claim")
    assert not curator.has_perm("auth.change_user")
    assert client.get(url(Event, "changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_anonymous_and_non_staff_users_never_reach_admin(client):
    make_event()
    for path in [reverse("admin:index"), url(Event, "changelist"), url(Claim, "changelist")]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    reader = get_user_model().objects.create_user("reader", password="x" * 20)
    client.force_login(reader)
    response = client.get(url(Event, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_create_curator_refuses_weak_passwords_and_duplicates(monkeypatch):
    monkeypatch.setenv("WEAK", "123")
    with pytest.raises(Exception, match="too short"):
        call_command("create_curator", "weak", "--password-env", "WEAK")
    monkeypatch.setenv("GOOD", "a-long-curator-passphrase")
    call_command("create_curator", "cora", "--password-env", "GOOD", verbosity=0)
    with pytest.raises(Exception, match="already exists"):
        call_command("create_curator", "cora", "--password-env", "GOOD")


# Ingest from admin

ADD_ARTICLE = reverse("admin:events_source_add_article")
ARTICLE = (
    " date 2021-07-08 Russian Foreign Minister Sergey Lavrov held talks with Prime Minister "
    "Narendra Modi in New Delhi on Thursday."
)


def test_a_pasted_article_lands_on_its_source_with_the_proposals(client, curator):
    make_actor(name="Narendra Modi", slug="narendra-modi", aliases=["Narendra Modi"])
    response = client.post(
        ADD_ARTICLE, {"text": ARTICLE, "title": "Lavrov in Delhi", "publisher": "Wire"}
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(Source, "change", source.pk)
    assert (source.title, source.publisher, str(source.published_on)) == (
        "Lavrov in Delhi",
        "Wire",
        "2021-07-08",
    )
    event = Event.objects.get()
    assert (event.review_status, event.date_edtf) == ("proposed", "2021-07-08")
    page = client.get(response["Location"]).content.decode()
    assert "Proposed 1 claim(s)" in page
    assert "<mark>Russian Foreign Minister Sergey Lavrov held talks" in page


def test_an_uploaded_file_is_ingested_the_same_way(client, curator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("lavrov.txt", ARTICLE.encode(), content_type="text/plain")
    response = client.post(ADD_ARTICLE, {"upload": upload})
    assert response.status_code == 302
    assert Source.objects.get().origin == "lavrov.txt"


def test_a_failed_ingest_is_reported_as_a_failure_with_the_input_kept(client, curator):
    # The immediate task backend catches whatever the task raises (here the SystemExit of a
    # process told to stop, as a sync worker past its timeout was) and reports it failed;
    # the view said "queued" for anything but success.
    with mock.patch.object(store, "ingest_article", side_effect=SystemExit(1)):
        response = client.post(ADD_ARTICLE, {"text": ARTICLE, "title": "Lavrov in Delhi"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ingest failed, nothing was stored: SystemExit: 1" in html
    assert "queued" not in html
    assert 'value="Lavrov in Delhi"' in html
    assert not Source.objects.exists()


@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})
def test_a_queued_ingest_says_where_to_follow_it(client, curator):
    response = client.post(ADD_ARTICLE, {"text": ARTICLE}, follow=True)
    assert response.redirect_chain == [(reverse("admin:events_ingestjob_changelist"), 302)]
    assert "1 article(s) handed to ingest: 1 queued. Each job is listed here" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b"caf\xe9", "not valid UTF-8"),
        # Past the first 8 KB, which was all the check read: SQLite stored the NUL.
        (b"Modi and Putin met. " * 500 + b"\x00", "binary file (a NUL byte at byte 10000)"),
    ],
)
def test_a_bad_upload_gets_the_same_error_as_the_command_line(client, curator, content, reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bad.txt", content, content_type="text/plain")
    response = client.post(ADD_ARTICLE, {"upload": upload})
    assert response.status_code == 200
    assert f"bad.txt: {reason}" in response.content.decode()
    assert not Source.objects.exists()


def test_a_duplicate_text_says_which_source_it_duplicates(client, curator):
    existing = make_source(title="The readout", text="Modi and Putin spoke on Wednesday.")
    response = client.post(ADD_ARTICLE, {"text": "Modi and Putin spoke on Wednesday."})
    html = response.content.decode()
    assert "pasted in admin: this text is already stored as" in html
    assert url(Source, "change", existing.pk) in html
    assert Source.objects.count() == 1


def test_adding_an_article_needs_a_curator(client):
    response = client.get(ADD_ARTICLE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_event_list_filters_by_year_without_reading_every_date(client, curator):
    make_event(title="In 2019", date_edtf="2019-09")
    make_event(title="In 2021", date_edtf="2021-04-28")
    page = client.get(reverse("admin:events_event_changelist"), {"year": "2019"})
    assert page.status_code == 200
    listed = {event.title for event in page.context["cl"].result_list}
    assert listed == {"In 2019"}
    years = [
        choice["display"]
        for choice in page.context["cl"].filter_specs[-1].choices(page.context["cl"])
    ]
    assert years == ["All", "2021", "2020", "2019"]
    nonsense = client.get(reverse("admin:events_event_changelist"), {"year": "20x9"})
    assert list(nonsense.context["cl"].result_list) == []


def test_admin_searches_go_through_the_full_text_indexes(client, curator):
    source = make_source(title="Kremlin readout")
    call = make_event(title="Telephone conversation", summary="They discussed fertilisers.")
    make_event(title="Unrelated", slug="unrelated-one")
    claim = make_claim(source, event=call)
    other = make_claim(make_source(title="Other outlet"), quote="agreed to meet")
    events = client.get(reverse("admin:events_event_changelist"), {"q": "fertiliser"})
    assert [e.title for e in events.context["cl"].result_list] == ["Telephone conversation"]
    by_slug = client.get(reverse("admin:events_event_changelist"), {"q": "unrelated-one"})
    assert [e.title for e in by_slug.context["cl"].result_list] == ["Unrelated"]
    quoted = client.get(reverse("admin:events_claim_changelist"), {"q": "wednesday"})
    assert {c.pk for c in quoted.context["cl"].result_list} == {claim.pk}
    titled = client.get(reverse("admin:events_claim_changelist"), {"q": "Kremlin"})
    assert {c.pk for c in titled.context["cl"].result_list} == {claim.pk}
    assert other.pk not in {c.pk for c in titled.context["cl"].result_list}


def test_the_claim_list_names_the_chosen_source_only(client, curator):
    sources = [make_source() for _ in range(5)]
    claims = [make_claim(source) for source in sources]
    changelist = reverse("admin:events_claim_changelist")

    def sidebar(response) -> list[str]:
        """What the source filter offers."""
        changelist_ = response.context["cl"]
        specs = [spec for spec in changelist_.filter_specs if spec.title == "source"]
        return [choice["display"] for spec in specs for choice in spec.choices(changelist_)]

    assert sidebar(client.get(changelist)) == []  # no list of every source
    one = client.get(changelist, {"source": str(sources[2].pk)})
    assert {c.pk for c in one.context["cl"].result_list} == {claims[2].pk}
    assert sidebar(one) == ["All", sources[2].title]
    # The source list links to each source's claims.
    listing = client.get(reverse("admin:events_source_changelist")).content.decode()
    assert f"{changelist}?source={sources[2].pk}" in listing


def test_changelists_never_count_the_whole_table_twice(client, curator):
    populate(3)
    for model in (Event, Claim, Source):
        assert site._registry[model].show_full_result_count is False


def test_a_search_lists_its_matches_newest_first_and_counts_them_only_so_far(
    client, curator, monkeypatch
):
    """A common word may match tens of thousands of claims: the page is read newest
    first (no sort of every match) and the count stops past the limit, shown as such."""
    monkeypatch.setattr(events_admin, "SEARCH_COUNT_LIMIT", 3)
    source = make_source(title="Readout", text="They meet. We meet. You meet. I meet. All meet.")
    claims = [make_claim(source, quote=f"{who} meet") for who in ("They", "We", "You", "I")]
    claims.append(make_claim(source, quote="All meet"))  # the newest: first listed, last in place
    changelist = reverse("admin:events_claim_changelist")
    searched = client.get(changelist, {"q": "meet"})
    listed = [c.pk for c in searched.context["cl"].result_list]
    assert listed == sorted((c.pk for c in claims), reverse=True)
    assert searched.context["cl"].result_count == 3
    assert "3+ results" in searched.content.decode()
    few = client.get(changelist, {"q": "meet", "source": str(source.pk)})
    in_place = sorted(claims, key=lambda claim: claim.start)
    assert [c.pk for c in few.context["cl"].result_list] == [c.pk for c in in_place]
    assert searched.context["cl"].result_count == 3  # the count stops likewise
