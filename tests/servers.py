"""Diplo served the production way for tests: its environment, gunicorn as `make serve`
runs it, and plain requests to it."""

import http.client
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from tests.tools import ROOT

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production server: debug off, a secret key, one host."""
    # Nothing of the test run's own: its database, debug mode, or the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE (which check --deploy rightly refuses).
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DIPLO_", "DATABASE_URL", "DJANGO_"))
    }
    return clean | {
        "DJANGO_SETTINGS_MODULE": "diplo.settings",
        "DIPLO_DEBUG": "0",
        "DIPLO_SECRET_KEY": secrets.token_urlsafe(50),
        "DIPLO_ALLOWED_HOSTS": "127.0.0.1",
        **extra,
    }


def in_fresh_interpreter(
    script: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run `script` in a new Python with Django set up from exactly this environment."""
    return subprocess.run(
        [PYTHON, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=env | {"DJANGO_SETTINGS_MODULE": "diplo.settings"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(
    port: int,
    path: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: str | None = None,
    timeout: float = 30,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request, redirects not followed: (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def served_database_url(folder: Path) -> str:
    """A DATABASE_URL at which a server in another process finds the test database as it
    is now: on SQLite a copy in `folder` (the test database lives in this process's memory),
    on PostgreSQL the database itself (so the test commits: django_db(transaction=True))."""
    if connection.vendor == "sqlite":
        copy = folder / "served.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return f"sqlite:///{copy}"
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


@contextmanager
def serve(env: dict[str, str], static_root: Path) -> Iterator[int]:
    """collectstatic, then gunicorn with diplo/gunicorn.conf.py; yields its port."""
    env = env | {"DIPLO_STATIC_ROOT": str(static_root)}
    collected = manage(env, "collectstatic", "--no-input")
    assert collected.returncode == 0, collected.stderr
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "-c", "diplo/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if fetch(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"gunicorn did not come up: {server.communicate()[1][-2000:]}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
