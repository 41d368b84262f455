"""The shared cache fails soft: a Redis that does not answer costs pages their cache, not
their answers, and is left alone for a while rather than asked for every part."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from redis import Redis
from redis.connection import Connection

from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every connection is refused at once.
NOBODY = override_settings(
    CACHES={
        "default": {
            "BACKEND": "diplo.cache.SharedCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
)


@pytest.fixture
def connections_tried(monkeypatch) -> list[int]:
    tried = []
    connect = Connection.connect

    def counting(self):
        tried.append(self.port)
        return connect(self)

    monkeypatch.setattr(Connection, "connect", counting)
    return tried


@NOBODY
def test_pages_answer_without_redis_which_is_asked_once_then_left_alone(client, connections_tried):
    make_claim(event=make_event(title="Telephone conversation", slug="call"))
    for path in ("/", "/events/call/", "/?type=CONSULT", "/events.json", "/actors/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Telephone conversation" in response.content.decode() or path == "/actors/"
    assert connections_tried == [1]


@NOBODY
def test_each_kind_of_call_falls_back_and_redis_is_asked_again_after_the_rest(
    connections_tried,
):
    cache = caches["default"]
    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}, 60) == ["a", "b"]
    assert cache.get_or_set("key", lambda: "computed", 60) == "computed"
    assert cache.add("key", 1) is False
    assert cache.delete("key") is False
    assert connections_tried == [1]
    cache.resting_until = 0  # the rest is over
    assert cache.get("key", "fallback") == "fallback"
    assert connections_tried == [1, 1]


LIVE = override_settings(
    CACHES={
        "default": {
            "BACKEND": "diplo.cache.SharedCache",
            "LOCATION": "redis://127.0.0.1:6379/13",  # the tests' own, emptied
        }
    }
)


@pytest.fixture
def commands_sent(monkeypatch) -> list[str]:
    sent = []
    execute = Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(Redis, "execute_command", counting)
    return sent


@LIVE
def test_a_warm_timeline_asks_redis_for_its_entries_once(client, commands_sent):
    caches["default"].clear()
    for n in range(25):
        make_claim(event=make_event(title=f"Call {n}"))
    assert client.get("/").status_code == 200  # renders and stores every part
    commands_sent.clear()
    page = client.get("/").content.decode()
    assert all(f"Call {n}<" in page for n in range(25))
    # The entries in one MGET; the template's lookups of them answered from memory. Each
    # further round trip is a part of its own (matches, page, facets, exports, chart).
    assert commands_sent.count("MGET") == 1
    assert len(commands_sent) <= 8, commands_sent
    caches["default"].clear()


@LIVE
def test_what_get_many_found_is_forgotten_when_changed_and_when_the_request_ends():
    cache = caches["default"]
    cache.clear()
    cache.set("a", 1)
    assert cache.get_many(["a"]) == {"a": 1}
    cache.set("a", 2)
    assert cache.get("a") == 2
    cache.get_many(["a"])
    cache.delete("a")
    assert cache.get("a") is None
    cache.get_many(["b"])
    cache.set_many({"a": 3})
    assert cache.get("a") == 3
    cache.get_many(["a"])
    cache.close()
    assert cache.found == {}
    cache.clear()
