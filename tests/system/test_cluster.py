"""Two app servers, one ingest worker, one PostgreSQL database and one Redis: what one
server does, the other shows (the topology of `make cluster`, docs/scaling.md)."""

import re
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.conf import settings
from django.contrib.auth import get_user_model

from events.models import IngestJob, ReviewStatus
from tests.factories import make_claim, make_event
from tests.servers import PYTHON, fetch, production_env, serve, served_database_url
from tests.tools import ROOT

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="app servers on several machines share a PostgreSQL database: this runs in "
        "the suite's PostgreSQL run",
    ),
]

CACHE = "redis://127.0.0.1:6379/14"  # a Redis database of the tests' own, emptied
PASSWORD = "correct horse battery staple"
ARTICLE = (
    " date 2021-07-08 Russian Foreign Minister Sergey Lavrov held talks with External "
    "Affairs Minister S. Jaishankar in Moscow on Thursday."
)


class Visitor:
    """One browser: its cookies go to every server (cookies ignore the port)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def get(self, port: int, path: str) -> tuple[int, str]:
        status, headers, body = fetch(port, path, self._headers())
        self._keep(headers)
        return status, body.decode()

    def post(self, port: int, path: str, form: dict) -> tuple[int, str]:
        """A form as the page at `path` (on this server) would send it, CSRF token and all."""
        _, page = self.get(port, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, _ = fetch(
            port,
            path,
            self._headers()
            | {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{port}",
            },
            method="POST",
            body=urlencode({"csrfmiddlewaretoken": token, **form}, doseq=True),
        )
        self._keep(headers)
        return status, headers.get("Location", "")

    def _headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _keep(self, headers) -> None:
        for cookie in headers.get_all("Set-Cookie", []):
            name, value = cookie.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value


@pytest.fixture
def shared_cache():
    cache = redis.Redis.from_url(CACHE)
    cache.flushdb()  # fails here, naming Redis, when it does not answer
    yield cache
    cache.flushdb()


@pytest.fixture
def cluster(tmp_path: Path, shared_cache):
    """Servers A and B (a worker of 4 threads each) and a `db_worker`, over this test's
    database and one Redis; yields their ports."""
    env = production_env(
        DATABASE_URL=served_database_url(tmp_path),
        DIPLO_CACHE_URL=CACHE,
        DIPLO_TASKS="database",
        DIPLO_HTTPS="0",
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="4",
    )
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        with serve(env, tmp_path / "static-a") as a, serve(env, tmp_path / "static-b") as b:
            yield a, b
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def test_two_app_servers_and_a_worker_act_as_one_site(cluster, shared_cache):
    users = get_user_model().objects
    users.create_superuser("cora", "cora@example.org", PASSWORD)
    users.create_superuser("victor", "victor@example.org", PASSWORD)
    event = make_event(title="Telephone conversation", slug="call")
    make_claim(event=event)
    a, b = cluster
    event_page = event.get_absolute_url()

    # An edit through A is on B's next page (its cached parts made stale by the write).
    anonymous = Visitor()
    assert anonymous.get(b, event_page)[0] == 200
    assert "Telephone conversation" in anonymous.get(b, "/")[1]
    cora = Visitor()
    assert (
        cora.post(a, "/admin/login/?next=/admin/", {"username": "cora", "password": PASSWORD})[0]
        == 302
    )
    changelist = "/admin/events/event/"
    status, _ = cora.post(a, changelist, {"action": "reject", "_selected_action": event.pk})
    assert status == 302
    event.refresh_from_db()
    assert event.review_status == ReviewStatus.REJECTED
    assert anonymous.get(b, event_page)[0] == 404
    assert "Telephone conversation" not in anonymous.get(b, "/")[1]

    # A filter set computed on A is served on B from the shared cache: nothing new to store.
    asked = "/?type=CONSULT&review=verified"
    assert anonymous.get(a, asked)[0] == 200
    stored, hits = shared_cache.dbsize(), shared_cache.info("stats")["keyspace_hits"]
    assert stored > 0
    assert anonymous.get(b, asked)[0] == 200
    assert shared_cache.dbsize() == stored
    assert shared_cache.info("stats")["keyspace_hits"] > hits

    # Five failed sign-ins spread over both servers lock the account on both.
    stranger = Visitor()
    for port in (a, b, a, b, a):
        status, _ = stranger.post(port, "/admin/login/", {"username": "victor", "password": "x"})
        assert status == 200
    for port in (a, b):
        status, _ = stranger.post(
            port, "/admin/login/", {"username": "victor", "password": PASSWORD}
        )
        assert status == 429

    # An article handed in through A is ingested by the worker and shown by both.
    status, location = cora.post(a, "/admin/events/source/add-article/", {"text": ARTICLE})
    assert (status, location) == (302, "/admin/events/ingestjob/")
    deadline = time.monotonic() + 60
    while (job := IngestJob.objects.get()).state not in ("done", "failed"):
        assert time.monotonic() < deadline, f"the worker left the job {job.state}"
        time.sleep(0.2)
    assert (job.state, job.reason) == ("done", "")
    for port in (a, b):
        status, page = cora.get(port, job.source.get_absolute_url())
        assert status == 200
        assert "Sergey Lavrov held talks" in page
