"""Admin sign-in throttling: a run of failed sign-ins pauses whoever is guessing, not the
account's owner.

Failures are counted under three keys, each within DIPLO_LOGIN_WINDOW_SECONDS of its
first failure:

- an account from one address: DIPLO_LOGIN_FAILURES (5) pause that account there only, so
  a stranger failing five times does not lock a colleague out;
- an address, over every account: DIPLO_LOGIN_ADDRESS_FAILURES (20) pause the address;
- an account, from every address: DIPLO_LOGIN_ACCOUNT_FAILURES (50), a ceiling on guessing
  spread over many addresses.

While any of them is full the login view answers 429 without checking the password. The
counts live in the database (SignInFailures), so every worker sees them and neither a
restart nor a worker killed for a slow client clears them.
"""

import hashlib
import unicodedata
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from events.models import SignInFailures


def client_address(request: HttpRequest) -> str:
    if settings.DIPLO_BEHIND_PROXY:
        # The proxy appends the address it saw; anything before it the client wrote.
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def _account(username: str) -> str:
    # As the login form cleans it before authenticating (NFKC, stripped), or " cora" or a
    # full-width "ｃｏｒａ" would be checked under a count that never fills.
    return unicodedata.normalize("NFKC", username).strip().casefold()


def _limits(request: HttpRequest, username: str) -> dict[str, int]:
    """Each key the attempt counts under, with the failures that fill it."""
    account, address = _account(username), client_address(request)
    counted = {
        ("account at address", account, address): settings.DIPLO_LOGIN_FAILURES,
        ("address", address): settings.DIPLO_LOGIN_ADDRESS_FAILURES,
        ("account", account): settings.DIPLO_LOGIN_ACCOUNT_FAILURES,
    }
    # Hashed: a username (or a forwarded address) may hold anything; the key is short.
    return {
        hashlib.sha256(repr(parts).encode()).hexdigest(): limit for parts, limit in counted.items()
    }


def _window_start():
    return timezone.now() - timedelta(seconds=settings.DIPLO_LOGIN_WINDOW_SECONDS)


def paused(request: HttpRequest, username: str) -> int:
    """The failures of a full count this attempt falls under (0 when none is full)."""
    limits = _limits(request, username)
    counts = SignInFailures.objects.filter(key__in=limits, since__gt=_window_start())
    full = [n for key, n in counts.values_list("key", "failures") if n >= limits[key]]
    return max(full, default=0)


def throttle_logins(login_view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(login_view)
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        failures = request.method == "POST" and paused(request, request.POST.get("username", ""))
        if failures:
            window = settings.DIPLO_LOGIN_WINDOW_SECONDS
            context = {"failures": failures, "minutes": max(1, round(window / 60))}
            response = render(request, "429.html", context, status=429)
            response["Retry-After"] = str(window)
            return response
        return login_view(request, *args, **kwargs)

    return view


@receiver(user_login_failed)
def count_failure(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    if request is None:
        return  # authenticate() called outside a request: nobody to throttle
    now, window_start = timezone.now(), _window_start()
    # Counts whose window has passed start again; the table holds one window's guesses.
    SignInFailures.objects.filter(since__lte=window_start).delete()
    for key in _limits(request, credentials.get("username", "")):
        # One statement, so concurrent failures in several workers are all counted.
        counted = SignInFailures.objects.filter(key=key).update(failures=F("failures") + 1)
        if not counted:
            _, created = SignInFailures.objects.get_or_create(
                key=key, defaults={"failures": 1, "since": now}
            )
            if not created:  # another worker's failure made it first
                SignInFailures.objects.filter(key=key).update(failures=F("failures") + 1)


@receiver(user_logged_in)
def clear_failures(sender, request: HttpRequest | None, user, **kwargs):
    # Accounts are curators' (there is no sign-up), so a success from an address clears
    # that address too: a colleague's typos do not lock out the office.
    if request is not None:
        SignInFailures.objects.filter(key__in=_limits(request, user.get_username())).delete()
