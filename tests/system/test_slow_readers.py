"""Clients that stop reading cost a thread for a while, never the server (issue 15).

Each test serves the test database with gunicorn as `make serve` runs it (DIPLO_DEBUG=0,
diplo/gunicorn.conf.py) and opens raw connections that send a request and then read
nothing. Asked for /events.jsonl, they leave the server's sends blocked once the socket
buffers are full (their receive buffer is shrunk, and the export is larger than the
server's send buffer can grow): /healthz and / must answer within a second meanwhile, and
the send timeout must free the thread. Asked for a small answer with "Connection: close",
they make the server wait for a close that never comes: the pages must not wait with it.
"""

import runpy
import select
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from devdata import synthetic
from tests.servers import ROOT, fetch, production_env, serve, served_database_url

# Events enough that /events.jsonl (about 700 bytes an event) outgrows the socket buffers.
EVENTS = 8000
RECEIVE_BUFFER = 4096  # the stalled clients' (Linux doubles it)
ANSWER_WITHIN = 1.0  # seconds


def largest_send_buffer() -> int:
    """The most a TCP socket's send buffer grows to on this machine (Linux: tcp_wmem)."""
    return int(Path("/proc/sys/net/ipv4/tcp_wmem").read_text().split()[2])


@contextmanager
def stalled_readers(port: int, count: int, request: str) -> Iterator[list[socket.socket]]:
    """`count` connections that have sent `request` and read nothing until they close."""
    readers = []
    try:
        for _ in range(count):
            reader = socket.socket()
            reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
            reader.connect(("127.0.0.1", port))
            reader.sendall(request.encode())
            readers.append(reader)
        yield readers
    finally:
        for reader in readers:
            reader.close()


def get(path: str, *extra_headers: str) -> str:
    return "\r\n".join([f"GET {path} HTTP/1.1", "Host: 127.0.0.1", *extra_headers, "", ""])


def wait_until_answered(readers: list[socket.socket], seconds: float) -> int:
    """How many of `readers` have response bytes waiting, once all have or time is up
    (select only looks: nothing is read)."""
    deadline = time.monotonic() + seconds
    waiting = set(readers)
    while waiting and (remaining := deadline - time.monotonic()) > 0:
        answered, _, _ = select.select(list(waiting), [], [], remaining)
        waiting -= set(answered)
    return len(readers) - len(waiting)


def answer_times(port: int, paths: list[str], rounds: int = 3) -> dict[str, float]:
    """Each path's slowest answer over `rounds` requests, in seconds (inf: none within
    ANSWER_WITHIN)."""
    slowest = dict.fromkeys(paths, 0.0)
    for _ in range(rounds):
        for path in paths:
            started = time.monotonic()
            try:
                status = fetch(port, path, timeout=ANSWER_WITHIN)[0]
            except TimeoutError:
                slowest[path] = float("inf")
                continue
            assert status == 200, path
            slowest[path] = max(slowest[path], time.monotonic() - started)
    return slowest


def site_env(url: str, **extra: str) -> dict[str, str]:
    return production_env(DATABASE_URL=url, DIPLO_HTTPS="0", **extra)


@pytest.fixture
def large_export(tmp_path) -> Iterator[str]:
    """The test database with EVENTS events, as a server in another process reads it."""
    synthetic.generate_dataset(EVENTS, seed=1)
    yield served_database_url(tmp_path)
    synthetic.clear_generated()  # in bulk: SQLite's flush after the test deletes row by row


@pytest.mark.django_db(transaction=True)
def test_stalled_readers_of_the_export_leave_the_pages_answering(large_export, tmp_path):
    # A send timeout longer than the test: every stalled reader holds its thread throughout,
    # so this measures what the threads alone allow.
    with serve(site_env(large_export, GUNICORN_SEND_TIMEOUT="60"), tmp_path / "static") as port:
        export = fetch(port, "/events.jsonl")[2]
        assert len(export) > largest_send_buffer() + 2 * RECEIVE_BUFFER, "the export fits"
        for _ in range(6):  # both workers' caches warm, as on a server in use
            fetch(port, "/")
        for count in (2, 20):
            with stalled_readers(port, count, get("/events.jsonl")) as readers:
                answered = wait_until_answered(readers, seconds=20)
                slowest = answer_times(port, ["/healthz", "/"])
            assert max(slowest.values()) < ANSWER_WITHIN, (count, slowest)
            assert answered == count


@pytest.mark.django_db(transaction=True)
def test_a_reader_that_stopped_is_reset_after_the_send_timeout(large_export, tmp_path):
    # One thread in all: /healthz waits for the stalled export's thread to come back.
    env = site_env(
        large_export, WEB_CONCURRENCY="1", GUNICORN_THREADS="1", GUNICORN_SEND_TIMEOUT="1"
    )
    with (
        serve(env, tmp_path / "static") as port,
        stalled_readers(port, 1, get("/events.jsonl")) as (reader,),
    ):
        assert wait_until_answered([reader], seconds=10) == 1
        started = time.monotonic()
        assert fetch(port, "/healthz", timeout=15)[0] == 200
        # The export's buffers filling, then one to two send timeouts.
        assert time.monotonic() - started < 6
        received = 0
        reader.settimeout(5)
        with pytest.raises(ConnectionResetError):
            while data := reader.recv(1 << 16):
                received += len(data)
        assert received < len(fetch(port, "/events.jsonl")[2])


@pytest.mark.django_db(transaction=True)
def test_clients_that_neither_read_nor_close_leave_the_pages_answering(tmp_path):
    # Small answers fit the socket buffers, so no send blocks; with "Connection: close" the
    # server then waits for each client's close, which never comes.
    with serve(site_env(served_database_url(tmp_path)), tmp_path / "static") as port:
        for _ in range(6):
            fetch(port, "/")
        with stalled_readers(port, 20, get("/healthz", "Connection: close")) as readers:
            answered = wait_until_answered(readers, seconds=5)
            slowest = answer_times(port, ["/healthz", "/"])
        assert max(slowest.values()) < ANSWER_WITHIN, slowest
        assert answered == 20


def test_gunicorn_runs_threads_with_a_send_timeout_unless_told_otherwise(monkeypatch):
    conf = str(ROOT / "diplo" / "gunicorn.conf.py")
    for name in ("GUNICORN_THREADS", "GUNICORN_SEND_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    settings = runpy.run_path(conf)
    assert settings["worker_class"] == "diplo.gunicorn_worker.SendTimeoutWorker"
    assert (settings["threads"], settings["SEND_TIMEOUT"]) == (32, 5.0)
    monkeypatch.setenv("GUNICORN_THREADS", "8")
    monkeypatch.setenv("GUNICORN_SEND_TIMEOUT", "2.5")
    settings = runpy.run_path(conf)
    assert (settings["threads"], settings["SEND_TIMEOUT"]) == (8, 2.5)
