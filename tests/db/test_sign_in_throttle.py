"""Admin sign-in throttling (events.throttle): who a run of failures pauses, and that the
counts outlive a worker's memory."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone

from events.models import SignInFailures

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"
PAIR = settings.DIPLO_LOGIN_FAILURES
ADDRESS = settings.DIPLO_LOGIN_ADDRESS_FAILURES
ACCOUNT = settings.DIPLO_LOGIN_ACCOUNT_FAILURES


@pytest.fixture
def curators(db) -> list[User]:
    # A fast hasher: these tests sign in dozens of times, and each check costs nothing here.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield [
            User.objects.create_user(name, password=PASSWORD, is_staff=True)
            for name in ("cora", "dora")
        ]


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, headers=headers
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_limits_are_ordered_as_documented():
    assert (PAIR, ADDRESS, ACCOUNT) == (5, 20, 50)


def test_the_sixth_sign_in_after_five_failures_is_refused_unchecked(client, curators):
    for _ in range(PAIR):
        assert sign_in(client, "cora", "wrong").status_code == 200
    with mock.patch(
        "django.contrib.auth.forms.authenticate", side_effect=AssertionError("checked")
    ) as authenticate:
        response = sign_in(client, "cora", PASSWORD)
    assert response.status_code == 429
    assert not authenticate.called
    assert not signed_in(client)
    assert int(response["Retry-After"]) == settings.DIPLO_LOGIN_WINDOW_SECONDS
    assert b"5 failed sign-ins" in response.content
    assert b"paused for them for up to 15 minutes" in response.content


def test_the_counts_outlive_every_cache_a_worker_holds(client, curators):
    # What a worker killed for a slow client, or a restart, loses: its memory.
    for _ in range(PAIR):
        sign_in(client, "cora", "wrong")
    for cache in caches.all():
        cache.clear()
    assert sign_in(client, "cora", PASSWORD).status_code == 429
    assert SignInFailures.objects.count() == 3  # the account there, the address, the account


def test_a_stranger_failing_five_times_does_not_lock_out_a_colleague(client, curators):
    for _ in range(PAIR):
        sign_in(client, "cora", "wrong", address="203.0.113.9")
    assert sign_in(client, "cora", PASSWORD, address="203.0.113.9").status_code == 429
    assert sign_in(client, "cora", PASSWORD, address="10.0.0.2").status_code == 302
    assert signed_in(client)


def test_another_account_from_the_same_address_signs_in(client, curators):
    for _ in range(PAIR):
        sign_in(client, "cora", "wrong")
    assert sign_in(client, "dora", PASSWORD).status_code == 302


def test_guesses_spread_over_many_addresses_reach_the_account_ceiling(client, curators):
    for n in range(ACCOUNT - 1):
        sign_in(client, "Cora", "wrong", address=f"10.1.{n // 250}.{n % 250}")
    assert sign_in(client, "cora", "wrong", address="10.9.0.1").status_code == 200
    assert sign_in(client, "cora", PASSWORD, address="10.9.0.2").status_code == 429
    assert sign_in(client, "dora", PASSWORD, address="10.9.0.2").status_code == 302


@pytest.mark.parametrize("spelling", [" cora", "cora ", "ＣＯＲＡ", "\tCora\n"])
def test_the_account_is_paused_however_its_name_is_spelt(client, curators, spelling):
    # The login form cleans a username before authenticating; the throttle must count and
    # check the name it cleans to.
    for _ in range(PAIR):
        sign_in(client, "cora", "wrong")
    assert sign_in(client, spelling, PASSWORD).status_code == 429


def test_failures_across_accounts_pause_the_address(client, curators):
    for n in range(ADDRESS):
        assert sign_in(client, f"guess{n}", "wrong", address="10.0.0.1").status_code == 200
    assert sign_in(client, "cora", PASSWORD, address="10.0.0.1").status_code == 429
    assert sign_in(client, "cora", PASSWORD, address="10.0.0.2").status_code == 302


def test_a_success_clears_the_count(client, curators):
    for _ in range(PAIR - 1):
        sign_in(client, "cora", "wrong")
    assert sign_in(client, "cora", PASSWORD).status_code == 302
    client.logout()
    for _ in range(PAIR - 1):
        sign_in(client, "cora", "wrong")
    assert sign_in(client, "cora", PASSWORD).status_code == 302


def test_the_pause_ends_when_the_window_has_passed(client, curators):
    for _ in range(PAIR):
        sign_in(client, "cora", "wrong")
    assert sign_in(client, "cora", PASSWORD).status_code == 429
    later = timezone.now() + timedelta(seconds=settings.DIPLO_LOGIN_WINDOW_SECONDS + 1)
    with mock.patch("events.throttle.timezone.now", return_value=later):
        assert sign_in(client, "cora", "wrong").status_code == 200  # counted afresh
        # The stale counts are gone, the new failure counted once under each key.
        assert list(SignInFailures.objects.values_list("failures", flat=True)) == [1, 1, 1]
        assert sign_in(client, "cora", PASSWORD).status_code == 302


@override_settings(DIPLO_BEHIND_PROXY=True)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client, curators):
    # The client writes what it likes before the proxy's entry; only the last one counts.
    for n in range(ADDRESS):
        sign_in(client, f"guess{n}", "wrong", **{"X-Forwarded-For": f"192.0.2.{n}, 10.0.0.9"})
    refused = sign_in(client, "cora", PASSWORD, **{"X-Forwarded-For": "198.51.100.1, 10.0.0.9"})
    assert refused.status_code == 429
    allowed = sign_in(client, "cora", PASSWORD, **{"X-Forwarded-For": "10.0.0.8"})
    assert allowed.status_code == 302
