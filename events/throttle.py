"""Admin sign-in throttling: a run of failed sign-ins pauses an account and an address.

After settings.DIPLO_LOGIN_FAILURES failures for one username, or from one client
address, within DIPLO_LOGIN_WINDOW_SECONDS of the first, the login view refuses further
attempts with a 429 without checking the password, until the window has passed. Counts
live in the cache: each worker's own memory, so N workers allow up to N times as many.
"""

import hashlib
import unicodedata
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import caches
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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


def _failure_keys(request: HttpRequest, username: str) -> list[str]:
    # Hashed: a username (or a forwarded address) may hold anything, a cache key may not.
    counted = (("account", _account(username)), ("address", client_address(request)))
    return [
        "login-failures:" + hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()
        for kind, value in counted
    ]


# Apart from the page cache, whose traffic would evict the counts (see settings.CACHES).
counts = caches["sign-ins"]


def throttle_logins(login_view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(login_view)
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            keys = _failure_keys(request, request.POST.get("username", ""))
            limit = settings.DIPLO_LOGIN_FAILURES
            if any(counts.get(key, 0) >= limit for key in keys):
                window = settings.DIPLO_LOGIN_WINDOW_SECONDS
                context = {"failures": limit, "minutes": max(1, round(window / 60))}
                response = render(request, "429.html", context, status=429)
                response["Retry-After"] = str(window)
                return response
        return login_view(request, *args, **kwargs)

    return view


@receiver(user_login_failed)
def count_failure(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    if request is None:
        return  # authenticate() called outside a request: nobody to throttle
    window = settings.DIPLO_LOGIN_WINDOW_SECONDS
    for key in _failure_keys(request, credentials.get("username", "")):
        # The window runs from the first failure: add() leaves a running count alone.
        counts.add(key, 0, window)
        try:
            counts.incr(key)
        except ValueError:  # expired between add() and incr()
            counts.set(key, 1, window)


@receiver(user_logged_in)
def clear_failures(sender, request: HttpRequest | None, user, **kwargs):
    # Accounts are curators' (there is no sign-up), so a success from an address clears
    # that address too: a colleague's typos do not lock out the office.
    if request is not None:
        counts.delete_many(_failure_keys(request, user.get_username()))
