"""A database that cannot be reached: a 503 page, fast, and recovery without a restart."""

import contextlib
import socket
import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_claim, make_event
from tests.servers import fetch, free_port, production_env, serve

# The bound for a page or /healthz to answer while the database is away.
ANSWER_WITHIN_SECONDS = 1.0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [OperationalError("connection refused"), InterfaceError("connection already closed")],
    ids=["operational", "interface"],
)
def test_a_database_error_in_a_view_answers_the_503_page(client, error):
    client.raise_request_exception = False
    with (
        mock.patch("events.timeline.views.selectors.filter_events", side_effect=error),
        mock.patch("diplo.errors.selectors.database_answers", return_value=False),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert {"503.html", "base.html"} <= {template.name for template in response.templates}
    assert b"<h1>Temporarily unavailable</h1>" in response.content


@pytest.mark.django_db
def test_a_database_error_in_a_middleware_answers_the_503_page(client):
    # With DIPLO_REQUIRE_LOGIN the login check reads the session before any view runs.
    middleware = list(settings.MIDDLEWARE)
    after = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    middleware.insert(after, "django.contrib.auth.middleware.LoginRequiredMiddleware")
    client.raise_request_exception = False
    with (
        override_settings(MIDDLEWARE=middleware),
        mock.patch("django.contrib.auth.get_user", side_effect=OperationalError("gone")),
        mock.patch("diplo.errors.selectors.database_answers", return_value=False),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert b"<h1>Temporarily unavailable</h1>" in response.content


@pytest.mark.django_db
def test_a_database_error_while_the_database_answers_is_a_500(client):
    # On SQLite a missing table (a migration not run) is an OperationalError: a bug to
    # fix, not an outage to wait out.
    client.raise_request_exception = False
    error = OperationalError("no such table: events_event")
    with mock.patch("events.timeline.views.selectors.filter_events", side_effect=error):
        response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


class Forwarder:
    """A TCP relay to PostgreSQL that can be stopped, as if the server went away, and
    started again on the same port. Stopping closes the listener and every relayed
    connection, so clients see refused and broken connections as with a stopped server.
    """

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None

    def start(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone does not.
            self._close(listener)
        with self._lock:
            relayed, self._sockets = self._sockets, set()
        for sock in relayed:
            self._close(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            self._close(sock)

    @staticmethod
    def _close(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


def timed_fetch(port: int, path: str) -> tuple[int, dict, bytes, float]:
    started = time.monotonic()
    status, headers, body = fetch(port, path)
    return status, headers, body, time.monotonic() - started


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="a database server that goes away is PostgreSQL's fault; SQLite is a file in the "
    "process (the 503 handling itself is tested above on both engines)",
)
@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_postgresql_is_away_and_recover_by_themselves(tmp_path):
    event = make_event()
    make_claim(event=event)
    database = connection.settings_dict
    forwarder = Forwarder((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    forwarder.start()
    # The server reaches the test database only through the forwarder, over plain HTTP.
    url = f"postgres://{database['USER']}@127.0.0.1:{forwarder.port}/{database['NAME']}"
    pages = [
        "/",
        reverse("events:event-detail", args=[event.slug]),
        reverse("events:export-json"),
        reverse("events:export-atom"),
        reverse("events:export-csv"),
        reverse("events:export-plover"),
    ]
    try:
        with serve(production_env(DATABASE_URL=url, DIPLO_HTTPS="0"), tmp_path) as port:
            # Both workers hold a persistent connection before it breaks.
            for _ in range(4):
                for path in [*pages, "/healthz"]:
                    assert fetch(port, path)[0] == 200, path

            forwarder.stop()
            for _ in range(2):
                for path in pages:
                    status, headers, body, seconds = timed_fetch(port, path)
                    assert status == 503, path
                    assert headers["Retry-After"] == "5"
                    assert b"<h1>Temporarily unavailable</h1>" in body
                    assert seconds < ANSWER_WITHIN_SECONDS, (path, seconds)
                status, _, _, seconds = timed_fetch(port, "/healthz")
                assert status == 503
                assert seconds < ANSWER_WITHIN_SECONDS, ("/healthz", seconds)

            forwarder.start()
            deadline = time.monotonic() + 10
            while fetch(port, "/healthz")[0] != 200:
                assert time.monotonic() < deadline, "the server did not reconnect"
                time.sleep(0.1)
            for _ in range(4):
                for path in [*pages, "/healthz"]:
                    assert fetch(port, path)[0] == 200, path
    finally:
        forwarder.stop()
