"""Read replicas: public reads go to one replica per request, everything else to the primary.

The replicas here are the aliases replica_1 and replica_2, configured for this module as
DIPLO_REPLICA_URLS configures them in a test run (`TEST: {"MIRROR": "default"}`): each is
a connection of its own to the test database, so a test sees which one ran a statement
(the alias of the connection executing it). A replica's connection sees only committed
rows, so the tests that read through one commit (django_db(transaction=True)).
"""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections, router
from django.http import HttpResponse

from diplo.replicas import ReplicaPerRequestMiddleware, ReplicaRouter, reading_from
from events.models import Claim, Event
from tests.factories import make_claim, make_event

REPLICAS = ["replica_1", "replica_2"]
PRIMARY = ["default"]
DATA_VERSION = "SELECT token FROM events_dataversion"

reads_replicas = pytest.mark.django_db(transaction=True, databases=["default", *REPLICAS])


@pytest.fixture(scope="module", autouse=True)
def replicas(django_db_setup) -> Iterator[None]:
    """REPLICAS, each a mirror of the test database, for this module's tests."""
    primary = connections["default"].settings_dict
    for alias in REPLICAS:
        # connections.settings is settings.DATABASES, which the middleware reads.
        connections.settings[alias] = primary | {"TEST": primary["TEST"] | {"MIRROR": "default"}}
    assert connections["replica_1"] is not connections["default"]
    yield
    for alias in REPLICAS:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


@contextmanager
def statements() -> Iterator[list[tuple[str, str]]]:
    """(alias, SQL) of each statement run meanwhile, the alias being the one of the
    connection that ran it."""
    ran: list[tuple[str, str]] = []

    def record(execute, sql, params, many, context):
        ran.append((context["connection"].alias, sql))
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(record))
        yield ran


def aliases(ran: list[tuple[str, str]]) -> set[str]:
    assert ran, "no statement ran"
    return {alias for alias, _ in ran}


def page_reads(client, path: str) -> list[tuple[str, str]]:
    with statements() as ran:
        assert client.get(path).status_code == 200
    return ran


@reads_replicas
@pytest.mark.parametrize("path", ["/", "/events/call/", "/events.json"])
def test_an_anonymous_visitor_reads_public_pages_from_a_replica(client, path):
    make_claim(event=make_event(title="Phone call", slug="call"))
    with statements() as ran:
        response = client.get(path)
    assert "Phone call" in response.content.decode()
    read_from = aliases(ran)
    assert len(read_from) == 1 and read_from <= set(REPLICAS)
    # The request's replica is forgotten once it is answered.
    assert reading_from.get() is None
    assert router.db_for_read(Event) == "default"


@reads_replicas
def test_the_data_version_is_read_from_the_pages_replica(client):
    make_event()
    with statements() as ran:
        client.get("/")
    # A replica behind the primary caches its rows under its own, older version.
    versions = {alias for alias, sql in ran if sql.startswith(DATA_VERSION)}
    assert len(versions) == 1 and versions == aliases(ran)


@reads_replicas
def test_each_request_reads_from_one_replica_and_requests_share_them(client):
    make_claim(event=make_event(slug="call"))
    chosen = set()
    for _ in range(30):
        cache.clear()  # so that every request reads the page afresh, in several queries
        reads = page_reads(client, "/events/call/")
        assert len(reads) > 1
        assert len(aliases(reads)) == 1
        chosen |= aliases(reads)
    assert chosen == set(REPLICAS)


@reads_replicas
@pytest.mark.parametrize("path", ["/", "/events/call/", "/admin/"])
def test_signed_in_staff_read_from_the_primary(staff_client, path):
    make_claim(event=make_event(slug="call"))
    with statements() as ran:
        assert staff_client.get(path).status_code == 200
    assert aliases(ran) == {"default"}


@reads_replicas
def test_a_sign_in_reads_and_writes_on_the_primary(client, django_user_model):
    django_user_model.objects.create_user("cora", password="a-long-passphrase", is_staff=True)
    with statements() as failed:
        client.post("/admin/login/", {"username": "cora", "password": "wrong"})
    with statements() as signed_in:
        response = client.post(
            "/admin/login/", {"username": "cora", "password": "a-long-passphrase"}
        )
    assert response.status_code == 302
    # The throttle reads the failures it counts (events.throttle) on the primary, too.
    assert any("events_signinfailures" in sql for _, sql in failed if sql.startswith("SELECT"))
    assert any(sql.startswith(("INSERT", "UPDATE")) for _, sql in failed)
    assert aliases(failed) == aliases(signed_in) == {"default"}


@reads_replicas
def test_a_streamed_export_is_read_from_the_primary(client):
    # An export is one long read, which a standby may cancel (diplo.replicas).
    make_claim(event=make_event(slug="call"))
    response = client.get("/events.jsonl")
    with statements() as streamed:
        body = b"".join(response.streaming_content).decode()
    assert body.startswith('{"id": "call"')
    assert aliases(streamed) == {"default"}
    # What the same export answers at once is read from the request's replica.
    assert aliases(page_reads(client, "/events.json")) <= set(REPLICAS)


def probe(request) -> HttpResponse:
    """A view answering with the database its reads go to."""
    return HttpResponse(router.db_for_read(Event))


@pytest.mark.parametrize(
    ("method", "path", "signed_in", "reads_from"),
    [
        ("GET", "/", False, REPLICAS),
        ("HEAD", "/events/call/", False, REPLICAS),
        ("OPTIONS", "/events.csv", False, REPLICAS),
        ("POST", "/", False, PRIMARY),
        ("DELETE", "/events/call/", False, PRIMARY),
        ("GET", "/admin/", False, PRIMARY),
        ("GET", "/admin/login/", False, PRIMARY),
        ("GET", "/", True, PRIMARY),
    ],
)
def test_a_replica_serves_safe_requests_outside_the_admin_by_visitors_not_signed_in(
    rf, method, path, signed_in, reads_from
):
    request = rf.generic(method, path)
    request.user = SimpleNamespace(is_authenticated=True) if signed_in else AnonymousUser()
    assert ReplicaPerRequestMiddleware(probe)(request).content.decode() in reads_from


def test_the_requests_replica_is_forgotten_even_when_the_view_raises(rf):
    def failing(request):
        assert reading_from.get() in REPLICAS
        raise RuntimeError("the view failed")

    request = rf.get("/")
    request.user = AnonymousUser()
    with pytest.raises(RuntimeError):
        ReplicaPerRequestMiddleware(failing)(request)
    assert reading_from.get() is None


@pytest.mark.django_db
def test_without_replicas_every_read_is_on_the_primary(client, monkeypatch):
    for alias in REPLICAS:
        monkeypatch.delitem(settings.DATABASES, alias)
    with pytest.raises(MiddlewareNotUsed):
        ReplicaPerRequestMiddleware(probe)
    answers = []
    read = ReplicaRouter.db_for_read

    def db_for_read(self, model, **hints):
        answers.append(read(self, model, **hints))
        return answers[-1]

    monkeypatch.setattr(ReplicaRouter, "db_for_read", db_for_read)
    make_claim(event=make_event(slug="call"))
    with statements() as ran:
        assert client.get("/").status_code == client.get("/events/call/").status_code == 200
    assert aliases(ran) == {"default"}
    assert answers and set(answers) == {None}


@reads_replicas
def test_writes_and_migrations_are_for_the_primary_alone():
    replicas = ReplicaRouter()
    token = reading_from.set("replica_1")
    try:
        assert replicas.db_for_read(Event) == "replica_1"
        assert replicas.db_for_write(Event) == "default"
    finally:
        reading_from.reset(token)
    assert replicas.allow_migrate("default", "events")
    assert not replicas.allow_migrate("replica_1", "events")
    # A row read from a replica may be referred to from the primary: they hold the same rows.
    claim = make_claim(event=make_event(slug="call"))
    claim.event = Event.objects.using("replica_2").get(slug="call")
    claim.save()
    assert Claim.objects.get(pk=claim.pk).event.slug == "call"
