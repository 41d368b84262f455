"""Fixtures every test may ask for: a fresh cache, signed-in staff and curators, and an event
with unreviewed evidence. The builders are in tests/factories.py."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import migrations
from django.test import Client

from events.models import Event, ReviewStatus
from tests.factories import make_actor, make_claim, make_event, make_source

KINDS = ("unit", "db", "system", "browser")
# Modules of tests/unit and tests/db that take seconds each (a generated dataset of
# thousands of events, hundreds of fuzzed requests, every seed through ingest): left out
# of the inner loop, run by `make test`.
SLOW = {
    "db/test_bulk.py",
    "db/test_dataset.py",
    "db/test_evaluate_corpus.py",
    "db/test_export_dataset.py",
    "db/test_fuzz.py",
    "db/test_generate_dataset.py",
    "db/test_hostile_content.py",
    "db/test_ingest_command.py",
    "db/test_ingest_order.py",
    "unit/test_ingest_actors.py",
}


def pytest_collection_modifyitems(items):
    """Each test is marked with the kind its folder holds (tests/unit/, tests/db/, …) and
    `slow` when its module is, so `-m "(unit or db) and not slow"` is the inner loop
    (`make test-fast`)."""
    here = Path(__file__).parent
    for item in items:
        path = Path(item.fspath).relative_to(here)
        if path.parts[0] in KINDS:
            item.add_marker(getattr(pytest.mark, path.parts[0]))
        if path.as_posix() in SLOW:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _quick_password_hashing(request, settings):
    """Tests make and sign in many accounts: Django's PBKDF2 costs a few tenths of a second
    a password, most of the admin tests' time. Not the system tests: the servers they start
    hash as production does, and must check the passwords those tests store."""
    if request.node.get_closest_marker("system") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    # The migrations' functions, given the live registry, set the events app's
    # models_module to None when done (right for a migration's own registry): left so,
    # a later flush would not make the app's content types again, and a test would make
    # them inside its rolled-back transaction, leaving ids in ContentType's cache that
    # the next test's admin log entries point to in vain.
    config = django_apps.get_app_config("events")
    models_module = config.models_module
    try:
        for migration in (
            "0005_curators_group",
            "0022_ingest_jobs",
            "0023_claim_dates_disputes_fulfilments",
        ):
            module = importlib.import_module(f"events.migrations.{migration}")
            operation = next(
                op for op in module.Migration.operations if isinstance(op, migrations.RunPython)
            )
            operation.code(django_apps, None)
    finally:
        config.models_module = models_module


@pytest.fixture
def curator(client, monkeypatch):
    """A member of the Curators group, as create_curator makes one, signed in on `client`."""
    curators_group()
    monkeypatch.setenv("CURATOR_PASSWORD", "a-long-curator-passphrase")
    call_command("create_curator", "cora", "--password-env", "CURATOR_PASSWORD", verbosity=0)
    user = get_user_model().objects.get(username="cora")
    client.force_login(user)
    return user


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
