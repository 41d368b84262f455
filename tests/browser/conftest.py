import os

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.tools import CHROMIUM

# Playwright's sync API runs an event loop in this thread; the ORM calls in these
# tests happen outside it, between page actions.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    assert CHROMIUM.exists(), "install Debian's chromium (make test does)"
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the curated dataset loaded; returns its base URL."""
    call_command("loaddata", settings.DIPLO_DATASET, verbosity=0)
    return live_server.url
