"""Diplo served the production way: deploy checks, headers, cookies, static files, error
pages and DIPLO_REQUIRE_LOGIN (sign-in throttling: test_sign_in_throttle).

The server tests run gunicorn with DIPLO_DEBUG=0, as `make serve` does, on a migrated
SQLite file of their own; the rest use the test client.
"""

import http.client
import json
import re
import runpy
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import make_actor, make_claim, make_event, make_source
from tests.servers import ROOT, fetch, in_fresh_interpreter, manage, production_env, serve

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/"


@pytest.fixture(scope="module")
def production_database(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A migrated SQLite file with one curator; the folder and a production environment."""
    folder = tmp_path_factory.mktemp("production")
    env = production_env(DATABASE_URL=f"sqlite:///{folder / 'diplo.sqlite3'}")
    for args in (
        ("migrate", "--no-input"),
        ("createsuperuser", "--no-input", "--username", "cora", "--email", "cora@example.org"),
    ):
        result = manage(env | {"DJANGO_SUPERUSER_PASSWORD": PASSWORD}, *args)
        assert result.returncode == 0, result.stderr
    return folder, env


@pytest.fixture(scope="module")
def production_site(production_database) -> Iterator[int]:
    """gunicorn in production mode behind a (pretend) TLS proxy."""
    folder, env = production_database
    with serve(env | {"DIPLO_BEHIND_PROXY": "1"}, folder / "static") as port:
        yield port


# What a proxy that terminates TLS adds to each request.
OVER_HTTPS = {"X-Forwarded-Proto": "https"}


def test_deploy_check_finds_no_issue_in_production():
    result = manage(production_env(), "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


def test_deploy_check_flags_serving_plain_http():
    result = manage(production_env(DIPLO_HTTPS="0"), "check", "--deploy")
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


def test_a_page_over_https_carries_the_security_headers(production_site):
    status, headers, body = fetch(production_site, "/", OVER_HTTPS)
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["Content-Security-Policy"].split(";")
    )
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    nonce = re.fullmatch(r"'self' 'nonce-([^']+)'", policy["script-src"]).group(1)
    assert policy["style-src"] == "'self'"
    assert "unsafe" not in headers["Content-Security-Policy"]
    # Every script of the page carries this response's nonce.
    scripts = re.findall(rb"<script[^>]*>", body)
    assert scripts
    assert all(f'nonce="{nonce}"'.encode() in script for script in scripts)


def test_plain_http_is_redirected_to_https_but_healthz_answers(production_site):
    status, headers, _ = fetch(production_site, "/actors/?page=2")
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{production_site}/actors/?page=2"
    assert "Strict-Transport-Security" not in headers
    assert fetch(production_site, "/healthz")[0] == 200


def test_without_a_proxy_a_client_cannot_claim_https(production_database):
    # Only DIPLO_BEHIND_PROXY makes the scheme header count; gunicorn must not believe it
    # either, not even from a local client.
    folder, env = production_database
    with serve(env, folder / "static-direct") as port:
        assert fetch(port, "/", OVER_HTTPS)[0] == 301


def cookies(headers: http.client.HTTPMessage) -> dict[str, str]:
    """Set-Cookie headers by cookie name."""
    return {value.split("=", 1)[0]: value for value in headers.get_all("Set-Cookie", [])}


def test_session_and_csrf_cookies_are_secure(production_site):
    status, headers, body = fetch(production_site, "/admin/login/", OVER_HTTPS)
    assert status == 200
    csrf_cookie = cookies(headers)["csrftoken"]
    assert "Secure" in csrf_cookie
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = f"csrfmiddlewaretoken={token}&username=cora&password={PASSWORD.replace(' ', '+')}"
    status, headers, _ = fetch(
        production_site,
        "/admin/login/?next=/admin/",
        OVER_HTTPS
        | {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": csrf_cookie.split(";", 1)[0],
            "Origin": f"https://127.0.0.1:{production_site}",
        },
        method="POST",
        body=form,
    )
    assert status == 302, "the curator signs in"
    session_cookie = cookies(headers)["sessionid"]
    assert "Secure" in session_cookie
    assert "HttpOnly" in session_cookie


def test_hashed_static_files_are_served_compressed_and_cached_for_good(production_site):
    _, _, body = fetch(production_site, "/", OVER_HTTPS)
    stylesheet = re.search(rb'href="(/static/css/diplo\.[0-9a-f]{12}\.css)"', body).group(1)
    status, headers, _ = fetch(
        production_site, stylesheet.decode(), OVER_HTTPS | {"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    cache_control = headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600
    assert "immutable" in cache_control


def test_an_unknown_event_shows_the_site_404_page_in_production(production_site):
    status, headers, body = fetch(production_site, "/events/no-such-event/", OVER_HTTPS)
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"<h1>Not found</h1>" in body
    assert b"<code>/events/no-such-event/</code>" in body
    assert b'class="site-header"' in body


# Error pages through the test client (pytest-django turns DEBUG off for tests).


def template_names(response) -> set[str]:
    return {template.name for template in response.templates}


@pytest.mark.django_db
def test_an_unknown_event_answers_the_site_404_page(client):
    response = client.get("/events/no-such-event/")
    assert response.status_code == 404
    assert {"404.html", "base.html"} <= template_names(response)


@pytest.mark.django_db
def test_the_404_page_shows_the_address_as_text(client):
    response = client.get("/<script>alert(1)</script>/")
    assert response.status_code == 404
    assert b"<script>alert(1)" not in response.content
    assert b"<code>/&lt;script&gt;alert(1)&lt;/script&gt;/</code>" in response.content


@pytest.mark.django_db
def test_an_unexpected_error_answers_the_site_500_page(client):
    client.raise_request_exception = False
    failing = mock.patch(
        "events.timeline.views.selectors.filter_events", side_effect=RuntimeError("secret")
    )
    with failing:
        response = client.get("/")
    assert response.status_code == 500
    assert {"500.html", "base.html"} <= template_names(response)
    assert b"secret" not in response.content


@pytest.mark.django_db
def test_a_host_not_allowed_answers_the_site_400_page(client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert {"400.html", "base.html"} <= template_names(response)
    assert b"evil.example" not in response.content


@pytest.mark.django_db
def test_a_page_the_account_may_not_open_answers_the_site_403_page(client):
    client.force_login(User.objects.create_user("intern", is_staff=True))
    response = client.get("/admin/events/event/add/")
    assert response.status_code == 403
    assert {"403.html", "base.html"} <= template_names(response)


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_answers_the_site_page():
    # Django's own page for it carries an inline style, which the CSP blocks.
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "cora"})
    assert response.status_code == 403
    assert {"403_csrf.html", "base.html"} <= template_names(response)
    assert b"<style" not in response.content


# DIPLO_REQUIRE_LOGIN.


def middleware_of(**env: str) -> list[str]:
    """settings.MIDDLEWARE as diplo.settings builds it from this environment."""
    result = in_fresh_interpreter(
        "from django.conf import settings; import json; print(json.dumps(settings.MIDDLEWARE))",
        production_env(DIPLO_DEBUG="1", **env),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def login_required():
    """The real settings' middleware with DIPLO_REQUIRE_LOGIN=1, for the test client."""
    # WhiteNoise then serves the static files from the folders, as collectstatic would.
    with override_settings(
        MIDDLEWARE=middleware_of(DIPLO_REQUIRE_LOGIN="1"), WHITENOISE_USE_FINDERS=True
    ):
        yield


@pytest.fixture
def every_page(db) -> list[str]:
    actor = make_actor()
    source = make_source()
    event = make_event(actors=[(actor, "initiator")])
    make_claim(source, event=event)
    return [
        reverse("events:event-list"),
        reverse("events:event-detail", args=[event.slug]),
        reverse("events:source-list"),
        reverse("events:source-detail", args=[source.slug]),
        reverse("events:actor-list"),
        reverse("events:actor-detail", args=[actor.slug]),
        *(
            reverse(f"events:export-{name}")
            for name in ("csv", "json", "plover", "timelinejs", "ics", "atom")
        ),
        "/admin/",
    ]


def test_the_login_check_is_off_unless_asked():
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" not in middleware_of()


def test_without_require_login_pages_are_public(client, every_page):
    for path in every_page[:-1]:
        assert client.get(path).status_code == 200, path


def test_require_login_sends_anonymous_visitors_to_the_login_page(
    client, every_page, login_required
):
    for path in every_page:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{LOGIN}?next={path}"


def test_require_login_opens_every_page_to_a_signed_in_account(client, every_page, login_required):
    client.force_login(User.objects.create_user("reader"))
    for path in every_page[:-1]:
        assert client.get(path).status_code == 200, path


def test_require_login_marks_every_page_private(client, every_page, login_required):
    # A shared cache (a proxy, a CDN) must not keep a page that needs an account.
    client.force_login(User.objects.create_user("reader"))
    for path in every_page:
        directives = client.get(path)["Cache-Control"].replace(" ", "").split(",")
        assert "private" in directives, path


def test_require_login_leaves_login_health_and_static_files_open(client, db, login_required):
    assert client.get(LOGIN).status_code == 200
    assert client.get(reverse("events:healthz")).status_code == 200
    static = client.get(f"{settings.STATIC_URL}css/diplo.css")
    assert static.status_code == 200
    assert static["Content-Type"].startswith("text/css")


def test_gunicorn_runs_two_workers_unless_told_otherwise(monkeypatch):
    conf = str(ROOT / "diplo" / "gunicorn.conf.py")
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert runpy.run_path(conf)["workers"] == 2
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert runpy.run_path(conf)["workers"] == 5
