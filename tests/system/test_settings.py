import json
import os
import subprocess

import dj_database_url
import pytest
from django.conf import settings
from django.db import connection

from tests.servers import in_fresh_interpreter
from tests.tools import ROOT

# Generated once for these tests: what production needs (50+ characters, varied).
STRONG_KEY = "3vQ9-tZ2mL_8pWc4xR7nYb1kF6hJ0sDgA5eUiOqT2wNzVyXcBr"


def with_only(**env: str) -> dict[str, str]:
    """The test run's environment with exactly these DIPLO_/DATABASE_ vars."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DIPLO_", "DATABASE_URL"))
    }
    return clean | env


def load_settings(**env: str) -> subprocess.CompletedProcess:
    return in_fresh_interpreter(
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.DATABASES['default']['NAME'])",
        with_only(**env),
    )


def test_suite_runs_on_the_database_that_database_url_names():
    url = os.environ.get("DATABASE_URL")
    expected = dj_database_url.parse(url)["ENGINE"] if url else "django.db.backends.sqlite3"
    assert connection.settings_dict["ENGINE"] == expected
    assert settings.DATABASES["default"]["ENGINE"] == expected


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DIPLO_DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DIPLO_SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "a-35-character-key-that-only-warned",  # too short: started with a warning
        "x" * 64,  # long, but one character
        "django-insecure-" + STRONG_KEY,  # startproject's throwaway
    ],
)
def test_production_refuses_a_key_django_would_warn_about(key):
    result = load_settings(DIPLO_DEBUG="0", DIPLO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DIPLO_SECRET_KEY is too weak" in result.stderr
    assert key not in result.stderr  # the key is never echoed


def test_development_takes_any_key():
    result = load_settings(DIPLO_DEBUG="1", DIPLO_SECRET_KEY="k")
    assert result.returncode == 0, result.stderr


def test_production_starts_with_a_secret_key_and_its_hosts():
    result = load_settings(
        DIPLO_DEBUG="off",
        DIPLO_SECRET_KEY=STRONG_KEY,
        DIPLO_ALLOWED_HOSTS="diplo.example.org, www.diplo.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False ['diplo.example.org', 'www.diplo.example.org']")


def test_default_database_is_a_sqlite_file_under_var():
    result = load_settings(DIPLO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == str(ROOT / "var" / "diplo.sqlite3")
    assert (ROOT / "var").is_dir()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DIPLO_DEBUG": "maybe"}, "DIPLO_DEBUG='maybe' is not a boolean"),
        ({"DIPLO_DEBUG": "1", "DIPLO_ALLOWED_HOSTS": "a.org,,b.org"}, "DIPLO_ALLOWED_HOSTS="),
        ({"DIPLO_DEBUG": "1", "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL must point at"),
        ({"DIPLO_DEBUG": "1", "DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DIPLO_DEBUG": "1", "DIPLO_CACHE_ENTRIES": "many"}, "DIPLO_CACHE_ENTRIES='many'"),
        ({"DIPLO_DEBUG": "1", "DIPLO_CACHE_ENTRIES": "0"}, "of at least 1"),
        ({"DIPLO_DEBUG": "1", "DIPLO_HTTPS": "sometimes"}, "DIPLO_HTTPS='sometimes'"),
        ({"DIPLO_DEBUG": "1", "DIPLO_BEHIND_PROXY": "nginx"}, "DIPLO_BEHIND_PROXY='nginx'"),
        ({"DIPLO_DEBUG": "1", "DIPLO_HSTS_SECONDS": "a year"}, "DIPLO_HSTS_SECONDS='a year'"),
        ({"DIPLO_DEBUG": "1", "DIPLO_HSTS_PRELOAD": "later"}, "DIPLO_HSTS_PRELOAD='later'"),
        (
            {"DIPLO_DEBUG": "1", "DIPLO_HSTS_INCLUDE_SUBDOMAINS": "some"},
            "DIPLO_HSTS_INCLUDE_SUBDOMAINS='some'",
        ),
        ({"DIPLO_DEBUG": "1", "DIPLO_REQUIRE_LOGIN": "please"}, "DIPLO_REQUIRE_LOGIN='please'"),
        (
            {"DIPLO_DEBUG": "1", "DIPLO_PUBLIC_PROPOSALS": "maybe"},
            "DIPLO_PUBLIC_PROPOSALS='maybe'",
        ),
        ({"DIPLO_DEBUG": "1", "DIPLO_LOGIN_FAILURES": "0"}, "DIPLO_LOGIN_FAILURES='0'"),
        (
            {"DIPLO_DEBUG": "1", "DIPLO_LOGIN_WINDOW_SECONDS": "15m"},
            "DIPLO_LOGIN_WINDOW_SECONDS='15m'",
        ),
        ({"DIPLO_DEBUG": "1", "DIPLO_TASKS": "celery"}, "DIPLO_TASKS='celery'"),
        (
            {"DIPLO_DEBUG": "1", "DIPLO_CACHE_URL": "memcached://127.0.0.1:11211"},
            "DIPLO_CACHE_URL='memcached://127.0.0.1:11211' is not a Redis URL",
        ),
        (
            {"DIPLO_DEBUG": "1", "DIPLO_REPLICA_URLS": "postgres://h/db,"},
            "DIPLO_REPLICA_URLS='postgres://h/db,' has an empty entry",
        ),
        (
            {"DIPLO_DEBUG": "1", "DIPLO_REPLICA_URLS": "mysql://h/db"},
            "DIPLO_REPLICA_URLS must point at SQLite",
        ),
    ],
)
def test_a_bad_value_is_a_clear_improperly_configured(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:")
    assert message in last_line


def test_postgresql_connections_keep_their_url_options_and_turn_jit_off():
    from diplo.settings import env_database

    os.environ["DIPLO_TEST_DATABASE_URL"] = (
        "postgres://u@h/db?options=-c%20statement_timeout%3D5000"
    )
    try:
        config = env_database("DIPLO_TEST_DATABASE_URL", default="")
    finally:
        del os.environ["DIPLO_TEST_DATABASE_URL"]
    assert config["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"


def test_the_page_cache_holds_many_pages_and_its_size_is_configurable():
    sizes = []
    for extra in ({}, {"DIPLO_CACHE_ENTRIES": "50_000"}):
        result = in_fresh_interpreter(
            "from django.core.cache import cache; print(cache._max_entries)",
            with_only(DIPLO_DEBUG="1", **extra),
        )
        assert result.returncode == 0, result.stderr
        sizes.append(int(result.stdout))
    assert sizes == [20_000, 50_000]


def test_the_cache_url_shares_one_redis_and_the_tasks_variable_picks_the_queue():
    result = in_fresh_interpreter(
        "from django.conf import settings; from django.core.cache import caches; "
        "from django.tasks import task_backends; "
        "cache, tasks = caches['default'], task_backends['default']; "
        "print(type(cache).__name__, cache._servers[0], type(tasks).__name__, "
        "sorted(settings.DATABASES))",
        with_only(
            DIPLO_DEBUG="1",
            DIPLO_CACHE_URL="redis://127.0.0.1:6379/3",
            DIPLO_TASKS="database",
            DIPLO_REPLICA_URLS="postgres://u@h1/db,postgres://u@h2/db",
        ),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(maxsplit=3) == [
        "SharedCache",
        "redis://127.0.0.1:6379/3",
        "DatabaseBackend",
        "['default', 'replica_1', 'replica_2']\n",
    ]


HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
]


def https_settings(**env: str) -> dict:
    result = in_fresh_interpreter(
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {HTTPS_SETTINGS!r}}}))",
        with_only(**{"DIPLO_SECRET_KEY": STRONG_KEY, **env}),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DIPLO_DEBUG": "1"}, [False, False, False, 0, True, True, None]),
        ({"DIPLO_DEBUG": "0"}, [True, True, True, 31_536_000, True, True, None]),
        ({"DIPLO_DEBUG": "0", "DIPLO_HTTPS": "0"}, [False, False, False, 0, True, True, None]),
        (
            {
                "DIPLO_DEBUG": "0",
                "DIPLO_BEHIND_PROXY": "1",
                "DIPLO_HSTS_SECONDS": "3600",
                "DIPLO_HSTS_INCLUDE_SUBDOMAINS": "no",
                "DIPLO_HSTS_PRELOAD": "off",
            },
            [True, True, True, 3600, False, False, ["HTTP_X_FORWARDED_PROTO", "https"]],
        ),
    ],
    ids=["debug", "production", "plain-http", "proxy-and-short-hsts"],
)
def test_https_settings_follow_their_variables(env, expected):
    assert https_settings(**env) == dict(zip(HTTPS_SETTINGS, expected, strict=True))


def test_production_never_imports_the_development_data():
    script = (
        "import sys; from django.conf import settings; import diplo.wsgi; "
        "from django.urls import resolve; resolve('/'); "
        "print('devdata' in settings.INSTALLED_APPS, "
        "any(name.split('.')[0] == 'devdata' for name in sys.modules))"
    )
    production = in_fresh_interpreter(
        script, with_only(DIPLO_DEBUG="0", DIPLO_SECRET_KEY=STRONG_KEY, DIPLO_ALLOWED_HOSTS="x")
    )
    assert production.returncode == 0, production.stderr
    assert production.stdout.split() == ["False", "False"]
    benchmark = in_fresh_interpreter(
        script,
        with_only(
            DIPLO_DEBUG="0", DIPLO_SECRET_KEY=STRONG_KEY, DIPLO_ALLOWED_HOSTS="x", DIPLO_BENCH="1"
        ),
    )
    assert benchmark.returncode == 0, benchmark.stderr
    assert benchmark.stdout.split() == ["True", "True"]
