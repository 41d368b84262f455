"""Small explicit builders with a fixed cast; tests override what they care about."""

import importlib
import itertools
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import migrations
from django.test import Client

from events.models import (
    Actor,
    ActorAlias,
    Claim,
    Event,
    EventActor,
    ReviewStatus,
    Source,
)

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached figures and sign-in counts must not leak between tests (each test's database
    starts anew)."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture
def staff_client(django_user_model):
    """A client of its own signed in as staff, who may see unverified events; the plain
    `client` fixture stays anonymous beside it."""
    staff = Client()
    staff.force_login(django_user_model.objects.create_user("stella", is_staff=True))
    return staff


def curators_group() -> None:
    """The Curators group as the migrations make it, made again if a transactional test's
    flush took it away."""
    if Group.objects.filter(name="Curators").exists():
        return
    for migration in ("0005_curators_group", "0022_ingest_jobs"):
        module = importlib.import_module(f"events.migrations.{migration}")
        operation = next(
            op for op in module.Migration.operations if isinstance(op, migrations.RunPython)
        )
        operation.code(django_apps, None)


@pytest.fixture
def curator(client, monkeypatch):
    """A member of the Curators group, as create_curator makes one, signed in on `client`."""
    curators_group()
    monkeypatch.setenv("CURATOR_PASSWORD", "a-long-curator-passphrase")
    call_command("create_curator", "cora", "--password-env", "CURATOR_PASSWORD", verbosity=0)
    user = get_user_model().objects.get(username="cora")
    client.force_login(user)
    return user


SOURCE_TEXT = (
    "Prime Minister Narendra Modi and President Vladimir Putin spoke on Wednesday. "
    "They agreed to meet later this year."
)


def make_actor(**overrides) -> Actor:
    n = next(_serial)
    fields = {
        "name": f"Actor {n}",
        "slug": f"actor-{n}",
        "kind": "person",
        "country": "IN",
        "review_status": ReviewStatus.VERIFIED,  # as the curated dataset's
    }
    aliases = overrides.pop("aliases", [])
    actor = Actor.objects.create(**(fields | overrides))
    for text in aliases:
        ActorAlias.objects.create(actor=actor, text=text)
    return actor


def make_source(**overrides) -> Source:
    n = next(_serial)
    fields = {
        "title": f"Source {n}",
        "slug": f"source-{n}",
        "text": f"{SOURCE_TEXT} ({n})",
        "published_on": date(2021, 4, 28),
        "date_basis": "header",
    }
    return Source.objects.create(**(fields | overrides))


def make_event(**overrides) -> Event:
    n = next(_serial)
    fields = {
        "title": f"Event {n}",
        "slug": f"event-{n}",
        "event_type": "CONSULT",
        "mode": "phone",
        "contexts": ["diplomatic"],
        "status": "occurred",
        "date_edtf": "2021-04-28",
        "review_status": ReviewStatus.VERIFIED,
    }
    actors = overrides.pop("actors", [])
    event = Event.objects.create(**(fields | overrides))
    for actor, role in actors:
        EventActor.objects.create(event=event, actor=actor, role=role)
    return event


def make_claim(source: Source | None = None, quote: str = "spoke on Wednesday", **overrides):
    source = source or make_source()
    start = source.text.index(quote)
    fields = {
        "source": source,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "review_status": ReviewStatus.VERIFIED,
    }
    return Claim.objects.create(**(fields | overrides))


@pytest.fixture
def unreviewed_evidence() -> Event:
    """A verified phone call (slug "call") backed by a verified claim of the readout and,
    unverified, by a rumour: a proposed statement (its date was read from it) and a
    rejected claim; its actors Modi, verified, and Lavrov, whom ingest proposed. What the
    public may see of it: the readout's claim, and Lavrov's name (not his page)."""
    modi = make_actor(name="Narendra Modi", slug="modi")
    lavrov = make_actor(
        name="Sergey Lavrov", slug="lavrov", title="Foreign Minister", review_status="proposed"
    )
    call = make_event(
        title="Phone call",
        slug="call",
        date_phrase="on Wednesday",
        actors=[(modi, "initiator"), (lavrov, "participant")],
    )
    make_claim(make_source(title="The readout", slug="readout"), event=call)
    rumour = make_source(
        title="The rumour",
        slug="rumour",
        text="Sources say the leaders agreed to a summit in Kazan on Wednesday.",
    )
    dated = make_claim(
        rumour,
        quote="a summit in Kazan on Wednesday",
        event=call,
        kind="statement",
        review_status=ReviewStatus.PROPOSED,
    )
    make_claim(rumour, quote="leaders agreed", event=call, review_status=ReviewStatus.REJECTED)
    call.date_claim = dated
    call.save()
    return call
