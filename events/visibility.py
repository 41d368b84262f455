"""Who may see what no curator has verified: the one place that decides it.

Ingest proposes events, the claims that back them (also joined to events already
verified) and the actors they name, and until a curator verifies them they are raw
machine output; rejected ones are its mistakes. Signed-in staff see them: unverified
events on the timeline when they ask (the review-status filter) and on their own pages,
proposed claims as evidence, proposed actors with their pages. Everyone else, unless the
deployment opens proposals to the public (DIPLO_PUBLIC_PROPOSALS), is shown verified
records only, as if the others did not exist:

- events: verified ones; another's page, or an address merged into it, is a 404;
- claims: verified ones, as evidence (quotes, the count of sources, the best quote), on
  source pages, in searches (events.documents), exports and every count: a source is
  counted for an event only through a verified claim (events.tallies);
- actors: verified ones are listed, counted, filtered by and have pages (another's is a
  404). A verified event's actor no curator has verified is shown by the name and role
  the event gives it, without a link or anything else of its record: the curator who
  verified the event verified who took part in it (its title names them), not the
  actor's record (its page, aliases, kind, country, title), which may yet be merged
  into another or rejected.

Rejected claims are evidence for nobody. Views ask sees_unverified() and pass the answer
to the filters and selectors, which read accordingly; what is cached is keyed by it
(events.caching and the templates' {% cache %} blocks), so a page rendered for staff is
never served to others.

Imports settings only: views and exports use it, selectors are told its answer.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def sees_unverified(request: HttpRequest) -> bool:
    """Whether the request may see proposed and rejected events, claims and actors."""
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
