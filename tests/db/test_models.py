from datetime import date

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse, set_script_prefix

from events.models import Actor, ActorAlias, Claim, Event, Source, detail_url, text_sha256
from tests.factories import make_actor, make_claim, make_event, make_source

pytestmark = pytest.mark.django_db


def test_event_save_derives_bounds_and_display_from_edtf():
    event = make_event(date_edtf="2021-04-28/2021-12-31")
    event.refresh_from_db()
    assert (event.date_lower, event.date_upper) == (date(2021, 4, 28), date(2021, 12, 31))
    assert event.date_display == "later in 2021"

    event.date_edtf = "2019-09"
    event.save()
    event.refresh_from_db()
    assert (event.date_lower, event.date_upper, event.date_display) == (
        date(2019, 9, 1),
        date(2019, 9, 30),
        "Sep 2019",
    )


def test_open_start_is_stored_as_an_unknown_lower_bound():
    event = make_event(date_edtf="../2021-04-28")
    event.refresh_from_db()
    assert event.date_lower is None
    assert event.date_upper == date(2021, 4, 28)
    assert event.date_display == "by 28 Apr 2021"


def test_invalid_edtf_is_a_validation_error_naming_the_string():
    event = Event(title="T", slug="t", event_type="CONSULT", date_edtf="2021-13-45")
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "'2021-13-45' is not a valid EDTF date" in caught.value.message_dict["date_edtf"][0]
    with pytest.raises(ValidationError):
        event.save()
    assert not Event.objects.filter(slug="t").exists()


def test_event_contexts_must_be_known_values():
    event = make_event()
    event.contexts = ["diplomatic", "gossip"]
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "contexts" in caught.value.message_dict


def test_event_cannot_be_its_own_parent():
    event = make_event()
    event.parent = event
    with pytest.raises(ValidationError):
        event.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(parent=event)


def test_events_are_ordered_by_earliest_day_and_open_starts_by_latest_day():
    later = make_event(date_edtf="2021-05")
    child = make_event(date_edtf="2021-04-28", title="A thing agreed in the call")
    call = make_event(date_edtf="2021-04-28", title="The call")
    child.parent = call
    child.save()
    open_start = make_event(date_edtf="../2021-04-28")
    year = make_event(date_edtf="2020")
    assert list(Event.objects.all()) == [year, open_start, call, child, later]
    assert list(Event.objects.chronological()) == [year, open_start, call, child, later]
    assert list(Event.objects.chronological(few=True)) == [year, open_start, call, child, later]


def test_open_ends_sort_after_closed_ones_and_ties_by_id():
    open_end = make_event(date_edtf="2021-04-28/..", title="Same")
    first = make_event(date_edtf="2021-04-28", title="Same")
    second = make_event(date_edtf="2021-04-28", title="Same")
    assert list(Event.objects.chronological()) == [first, second, open_end]
    assert list(Event.objects.chronological().reverse()) == [open_end, second, first]
    assert list(Event.objects.chronological(few=True)) == [first, second, open_end]


def test_alias_text_is_unique_ignoring_case():
    actor = make_actor(aliases=["PM Modi"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorAlias.objects.create(actor=actor, text="pm modi")
    with pytest.raises(ValidationError):
        ActorAlias(actor=make_actor(), text="PM MODI").full_clean()


def test_actor_country_must_be_iso_alpha2():
    with pytest.raises(ValidationError) as caught:
        Actor(name="India", slug="india", kind="state", country="India").full_clean()
    assert "country" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        make_actor(country="in")


def test_source_sha256_is_of_the_text_and_unique():
    source = make_source(text="Same words.")
    assert source.sha256 == text_sha256("Same words.")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(text="Same words.")
    duplicate = Source(title="Again", slug="again", text="Same words.")
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "already stored as “" in caught.value.message_dict["text"][0]


def test_source_date_needs_a_basis():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(published_on="2021-04-28", date_basis="unknown")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(published_on=None, date_basis="header")


def test_claim_start_must_be_before_end():
    source = make_source()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(source=source, start=5, end=5, quote="")


def test_claim_quote_must_equal_its_span():
    claim = make_claim(quote="spoke on Wednesday")
    claim.full_clean()
    claim.quote = "spoke on Tuesday"
    with pytest.raises(ValidationError) as caught:
        claim.full_clean()
    assert "which reads “spoke on Wednesday”" in caught.value.message_dict["quote"][0]


def test_claim_beyond_the_text_is_refused():
    source = make_source(text="Short.")
    claim = Claim(source=source, start=0, end=99, quote="Short.")
    with pytest.raises(ValidationError) as caught:
        claim.full_clean()
    assert "has only 6 characters" in caught.value.message_dict["end"][0]


def test_deleting_a_source_with_claims_is_refused():
    claim = make_claim()
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.source.delete()


def test_deleting_an_event_keeps_its_claims_as_evidence():
    event = make_event()
    claim = make_claim(event=event)
    event.delete()
    claim.refresh_from_db()
    assert claim.event is None


def test_natural_keys_round_trip_through_serialization():
    modi = make_actor(slug="narendra-modi", aliases=["PM Modi"])
    event = make_event(slug="call", actors=[(modi, "initiator")])
    claim = make_claim(event=event)
    claim.actors.set([modi])
    loose = make_claim(source=claim.source, quote="later this year")
    objects = [
        modi,
        *modi.aliases.all(),
        claim.source,
        event,
        *event.event_actors.all(),
        claim,
        loose,
    ]
    dumped = serializers.serialize(
        "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    assert '"pk"' not in dumped
    before = {type(obj).__name__: type(obj).objects.count() for obj in objects}
    for deserialized in serializers.deserialize("json", dumped, handle_forward_references=True):
        assert deserialized.object.pk is not None, deserialized.object
        deserialized.save()
    after = {type(obj).__name__: type(obj).objects.count() for obj in objects}
    assert after == before


def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    "name", ["events:event-detail", "events:actor-detail", "events:source-detail"]
)
@pytest.mark.parametrize("slug", ["modi", "gen-12-a_b", "2021-04-28-call", "ünïcode", "a b"])
def test_detail_addresses_are_what_reverse_gives_under_any_script_prefix(name, slug):
    def address(build) -> str:
        try:
            return build(name, slug)
        except NoReverseMatch:  # no slug the pattern refuses gets an address either way
            return "no address"

    try:
        for prefix in ("/", "/diplo/"):
            set_script_prefix(prefix)
            assert address(detail_url) == address(lambda n, s: reverse(n, args=[s]))
    finally:
        set_script_prefix("/")
