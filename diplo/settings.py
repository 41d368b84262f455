"""Diplo's settings: one file, configured by environment variables.

Every variable goes through a typed helper that raises ImproperlyConfigured
with the variable's name when its value is unusable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if not all(items):
        raise ImproperlyConfigured(
            f"{name}={raw!r} has an empty entry: give a comma-separated list."
        )
    return items


def env_int(name: str, default: int, *, minimum: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number of at least {minimum}.")
    return value


def env_database(name: str, default: str) -> dict:
    return database_config(name, os.environ.get(name) or default)


def database_config(name: str, raw: str) -> dict:
    """One database's settings from its URL; `name` is the variable it came from."""
    try:
        config = dj_database_url.parse(raw, conn_max_age=600, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a usable database URL: {error}") from None
    if config.get("ENGINE") not in {
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    }:
        raise ImproperlyConfigured(
            f"{name} must point at SQLite (sqlite:///path) or PostgreSQL (postgres://…), "
            f"not {config.get('ENGINE')!r}."
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            # The default database lives under var/; create its folder on demand.
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            # WAL lets pages read while an ingest writes; NORMAL sync is safe with WAL.
            # Reads through a memory map take pages from the OS's cache without a copy
            # (every connection shares it): a filter set never asked reads pages no
            # connection has read yet.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA mmap_size=1073741824;",
            # Writers queue for the lock up front instead of failing mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        # JIT compilation pays off for long analytical queries, not for pages: for the
        # full export's query it took a second to compile what runs in a third of one.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
        # A server that does not answer fails the request (a 503 page) rather than holding
        # the worker; two seconds is the shortest wait libpq and psycopg accept.
        options.setdefault("connect_timeout", 2)
        if STATEMENT_MILLISECONDS:
            # A web request's statement that runs longer is cancelled (a 503 page).
            options["options"] += f" -c statement_timeout={STATEMENT_MILLISECONDS}"
    return config


# How long one SQL statement of a web request may run, in milliseconds (0: no limit). The
# WSGI and ASGI entry points set 3,000 unless told otherwise; management commands (ingest,
# loads, migrations) run without a limit. On PostgreSQL it is the statement_timeout; on
# SQLite a progress handler interrupts the statement (see diplo.deadline).
STATEMENT_MILLISECONDS = env_int("DIPLO_STATEMENT_MS", 0, minimum=0)


DEBUG = env_bool("DIPLO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DIPLO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DIPLO_SECRET_KEY is required when DIPLO_DEBUG is off. "
            "Set DIPLO_SECRET_KEY, or DIPLO_DEBUG=1 for local development."
        )
    SECRET_KEY = "diplo-local-development-only-not-secret"
elif not DEBUG and not (
    len(SECRET_KEY) >= SECRET_KEY_MIN_LENGTH
    and len(set(SECRET_KEY)) >= SECRET_KEY_MIN_UNIQUE_CHARACTERS
    and not SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    # What `check --deploy` only warns about (security.W009): sessions, password resets
    # and signed values are as strong as this key.
    raise ImproperlyConfigured(
        f"DIPLO_SECRET_KEY is too weak: it needs at least {SECRET_KEY_MIN_LENGTH} "
        f"characters, {SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different, and not Django's "
        f"'{SECRET_KEY_INSECURE_PREFIX}' prefix. Generate one with: python -c "
        "'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("DIPLO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])

DATABASES = {
    "default": env_database(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'diplo.sqlite3'}"
    )
}
# Read replicas of the default database (comma-separated URLs): public pages read from one
# of them per request, admin, signed-in staff and every write use the primary (diplo.replicas).
DIPLO_REPLICA_URLS = env_list("DIPLO_REPLICA_URLS", default=[])
for _number, _url in enumerate(DIPLO_REPLICA_URLS, start=1):
    DATABASES[f"replica_{_number}"] = {
        **database_config("DIPLO_REPLICA_URLS", _url),
        # The test run reads its replicas from the test database itself.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["diplo.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Pages cache their parts per data version (timeline entries, JSON records, detail bodies).
# By default in each worker's own memory: an actor page alone holds a hundred entries, so
# Django's default of 300 entries would evict pages as fast as they are cached. With
# DIPLO_CACHE_URL (redis://host:port/db) every worker of every app server shares one Redis:
# a part rendered by one is served by all (Redis's own maxmemory policy evicts).
DIPLO_CACHE_URL = os.environ.get("DIPLO_CACHE_URL", "").strip()
if DIPLO_CACHE_URL:
    if not DIPLO_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"DIPLO_CACHE_URL={DIPLO_CACHE_URL!r} is not a Redis URL: use "
            "redis://host:port/db, rediss://… or unix://path, or leave it unset for each "
            "worker's own memory."
        )
    CACHES = {
        "default": {
            "BACKEND": "diplo.cache.SharedCache",
            "LOCATION": DIPLO_CACHE_URL,
            # A Redis that stops answering costs pages their cache for a while (diplo.cache).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("DIPLO_CACHE_ENTRIES", 20_000, minimum=1)},
        },
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    # The database task queue's table exists whichever backend runs: switching
    # DIPLO_TASKS needs no migration.
    "django_tasks_db",
    "events",
]
# Development and benchmark data (the synthetic dataset and its commands, the benchmark's
# baseline page): with debug on, or for the benchmark; production never imports it.
DIPLO_BENCH = env_bool("DIPLO_BENCH", default=False)
if DEBUG or DIPLO_BENCH:
    INSTALLED_APPS.append("devdata")

# How ingest jobs run (events.ingest.tasks): "immediate" inside the request that hands them in,
# for one machine; "database" queues them in the database for `manage.py db_worker`
# processes on any machine.
_TASK_BACKENDS = {
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
DIPLO_TASKS = os.environ.get("DIPLO_TASKS", "immediate").strip().lower()
if DIPLO_TASKS not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DIPLO_TASKS={DIPLO_TASKS!r} is not a task backend: use immediate or database."
    )
TASKS = {"default": _TASK_BACKENDS[DIPLO_TASKS]}
# With the immediate backend, the most an admin request ingests itself: analysis takes about
# 5 s a MB on a small machine, and storing a text dense with events as long again, inside
# gunicorn's 30 s timeout; larger articles need the queue or `manage.py ingest`.
DIPLO_INGEST_IN_REQUEST_BYTES = env_int("DIPLO_INGEST_IN_REQUEST_BYTES", 1_000_000, minimum=1)

# For teams whose sources are not public: every page and export needs a signed-in
# account; the login page, /healthz and the static files (WhiteNoise, above it) do not.
DIPLO_REQUIRE_LOGIN = env_bool("DIPLO_REQUIRE_LOGIN", default=False)
# Events, claims and actors the ingest pipeline proposed (and those a curator rejected) are
# shown to signed-in staff only; a deployment that wants its raw proposals public turns this
# on (events.visibility).
DIPLO_PUBLIC_PROPOSALS = env_bool("DIPLO_PUBLIC_PROPOSALS", default=False)
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "diplo.replicas.ReplicaPerRequestMiddleware",
    *(["django.contrib.auth.middleware.LoginRequiredMiddleware"] if DIPLO_REQUIRE_LOGIN else []),
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# The benchmark (make bench) adds a baseline page with no query; nothing else serves it.
ROOT_URLCONF = "devdata.urls" if DIPLO_BENCH else "diplo.urls"
WSGI_APPLICATION = "diplo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

LOGIN_URL = "admin:login"
# Failed sign-ins allowed within the window for an account from one address, from one
# address over every account, and for an account from every address; then the login page
# answers 429 there until the window has passed. Counted in the database (events.throttle).
DIPLO_LOGIN_FAILURES = env_int("DIPLO_LOGIN_FAILURES", 5, minimum=1)
DIPLO_LOGIN_ADDRESS_FAILURES = env_int("DIPLO_LOGIN_ADDRESS_FAILURES", 20, minimum=1)
DIPLO_LOGIN_ACCOUNT_FAILURES = env_int("DIPLO_LOGIN_ACCOUNT_FAILURES", 50, minimum=1)
DIPLO_LOGIN_WINDOW_SECONDS = env_int("DIPLO_LOGIN_WINDOW_SECONDS", 15 * 60, minimum=1)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DIPLO_STATIC_ROOT") or BASE_DIR / "var" / "static")
# WhiteNoise warns on every start while collectstatic has not yet run.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
if not DEBUG:
    # collectstatic names each file by its content's hash, so WhiteNoise can serve it
    # compressed and cached for good; pages then need collectstatic to have run.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Production is reached over HTTPS; DIPLO_HTTPS=0 serves plain HTTP (a local try-out).
DIPLO_HTTPS = env_bool("DIPLO_HTTPS", default=not DEBUG)
# Behind a proxy, the client's address and scheme come from the headers the proxy sets
# (X-Forwarded-For, X-Forwarded-Proto); it must overwrite a client's own copies.
DIPLO_BEHIND_PROXY = env_bool("DIPLO_BEHIND_PROXY", default=False)
if DIPLO_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = DIPLO_HTTPS
# Load balancers probe the app itself, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = DIPLO_HTTPS
CSRF_COOKIE_SECURE = DIPLO_HTTPS
SECURE_HSTS_SECONDS = env_int(
    "DIPLO_HSTS_SECONDS", 365 * 24 * 3600 if DIPLO_HTTPS else 0, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DIPLO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DIPLO_HSTS_PRELOAD", default=True)

# The curated dataset `make run` loads into an empty database.
DIPLO_DATASET = BASE_DIR / "fixtures" / "india_russia.json"
