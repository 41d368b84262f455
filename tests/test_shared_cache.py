"""The shared cache fails soft: a Redis that does not answer costs pages their cache, not
their answers, and is left alone for a while rather than asked for every part."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from redis.connection import Connection

from tests.conftest import make_claim, make_event

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
