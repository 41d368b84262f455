"""Who may see events no curator has verified: the one place that decides it.

Ingest proposes events, and until a curator verifies them they are raw machine output;
rejected ones are its mistakes. Signed-in staff see them (on the timeline when they ask,
with the review-status filter, and on their own pages); everyone else sees verified events
only, as if the others did not exist, unless the deployment opens proposals to the public
(DIPLO_PUBLIC_PROPOSALS). Views ask sees_unverified() and pass the answer to the filters
and selectors, which read accordingly; what is cached is keyed by it (events.caching and
the templates' {% cache %} blocks), so a page rendered for staff is never served to others.

Imports settings only: views and exports use it, selectors are told its answer.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def sees_unverified(request: HttpRequest) -> bool:
    """Whether the request may see proposed and rejected events."""
    # An anonymous request without a session cookie answers without a query.
    return settings.DIPLO_PUBLIC_PROPOSALS or request.user.is_staff


def private_when_signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a signed-in visitor's responses private: a shared cache (a proxy, a CDN) must
    not keep what staff see and serve it to anonymous visitors."""

    @wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response

    return answer
