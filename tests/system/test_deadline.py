"""A web request's SQL statement runs at most DIPLO_STATEMENT_MS, and one stopped at that
deadline is answered 503 with Retry-After, on either engine (diplo.deadline)."""

import os
import subprocess
import sys
import time

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from diplo import deadline, errors

pytestmark = pytest.mark.django_db

# Counts to a hundred million, one row at a time: seconds on any machine.
SLOW = {
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
    "WHERE x < 100000000) SELECT count(*) FROM c",
    "postgresql": "SELECT pg_sleep(5)",
}


@pytest.fixture
def limited(settings):
    """The test's connection with a 100 ms deadline, as a web worker's would have."""
    settings.STATEMENT_MILLISECONDS = 100
    if connection.vendor == "sqlite":
        deadline.limit_statements(sender=None, connection=connection)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 100")
    yield
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(None, 0)
        connection.execute_wrappers[:] = [
            w for w in connection.execute_wrappers if not hasattr(w, "diplo_deadline")
        ]


def test_a_statement_past_its_deadline_is_stopped_and_answered_503(limited):
    started = time.monotonic()
    with pytest.raises(OperationalError) as stopped, connection.cursor() as cursor:
        cursor.execute(SLOW[connection.vendor])
    assert time.monotonic() - started < 2
    assert deadline.cancelled(stopped.value)
    request = RequestFactory().get("/")
    try:
        raise stopped.value
    except OperationalError:
        response = errors.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)


def test_statements_within_the_deadline_run(limited):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_other_database_errors_stay_500():
    request = RequestFactory().get("/")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
    except Exception:  # whatever the engine raises
        response = errors.server_error(request)
    assert response.status_code == 500


def test_web_entry_points_limit_statements_and_commands_do_not():
    environment = {k: v for k, v in os.environ.items() if k != "DIPLO_STATEMENT_MS"}
    for module, expected in (("diplo.wsgi", "3000"), ("diplo.asgi", "3000"), ("", "0")):
        code = (f"import {module}; " if module else "import django; django.setup(); ") + (
            "from django.conf import settings; print(settings.STATEMENT_MILLISECONDS)"
        )
        environment.setdefault("DJANGO_SETTINGS_MODULE", "diplo.settings")
        out = subprocess.run(
            [sys.executable, "-c", code], env=environment, capture_output=True, text=True
        )
        assert out.stdout.strip() == expected, out.stderr
