from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from events import caching
from events.models import EventType
from events.relations import selectors
from events.relations.chart import pair_chart, timeline_link
from events.visibility import private_when_signed_in, sees_unverified

RELATION = "events/relation_detail.html"
_TYPE_LABELS = dict(EventType.choices)
SAME_ACTOR = "Choose two different actors: a relation is between two."


def _bad_pair(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    """A 400 page naming each bad parameter and why."""
    return render(request, RELATION, {"errors": errors}, status=400)


@require_safe
@private_when_signed_in
def relation_picker(request: HttpRequest) -> HttpResponse:
    """The pair picker's target (/relations/?a=…&b=…, from the actor list's form): a
    redirect to the pair's page, or a 400 naming the parameter that names no actor."""
    unverified = sees_unverified(request)
    found, errors = {}, {}
    for name in ("a", "b"):
        text = request.GET.get(name, "")
        actor = selectors.find_actor(text, unverified=unverified) if text.strip() else None
        if actor is None:
            errors[name] = [f"No actor is called “{text}”." if text.strip() else "Choose an actor."]
        found[name] = actor
    if not errors and found["a"].pk == found["b"].pk:
        errors["b"] = [SAME_ACTOR]
    if errors:
        return _bad_pair(request, errors)
    slugs = [found["a"].slug, found["b"].slug]
    return HttpResponseRedirect(reverse("events:relation-detail", args=slugs))


@require_safe
@private_when_signed_in
def relation_detail(request: HttpRequest, first: str, second: str) -> HttpResponse:
    # An actor the visitor may not see answers as if it did not exist (a 404).
    if first == second:
        return _bad_pair(request, {"actor": [SAME_ACTOR]})
    unverified = sees_unverified(request)

    def read() -> dict:
        try:
            one, other = selectors.pair(first, second, unverified=unverified)
        except ObjectDoesNotExist:
            raise Http404("No actor has this address.") from None
        found = selectors.engagements(one, other, unverified=unverified)
        link = timeline_link(one.slug, other.slug, unverified=unverified)
        undated = sum(found.undated.values())
        commitments = f"{reverse('events:commitment-list')}?" + urlencode(
            [("actor", one.slug), ("with", other.slug)]
        )
        return {
            "first": one,
            "second": other,
            "total": found.total,
            "timeline": link(),
            "chart": pair_chart(found.by_month, undated, link, (one.name, other.name)),
            "top_types": [
                {
                    "label": _TYPE_LABELS.get(value, value),
                    "kind": selectors.CLASS_OF_TYPE[value].key,
                    "count": count,
                    "href": link((value,)),
                }
                for value, count in found.top_types()
            ],
            "sides": selectors.sides(one, other, unverified=unverified),
            "commitments": [
                {"name": state, "count": count, "href": f"{commitments}&state={state}"}
                for state, count in found.commitments.items()
            ],
        }

    context = {
        "first_slug": first,
        "second_slug": second,
        # Read on a cache miss only: the page is cached per data version (see
        # events.caching), and for whether the visitor sees unverified events.
        "page": SimpleLazyObject(read),
        "data_version": caching.current(),
        "unverified": unverified,
        "cache_seconds": caching.CACHE_SECONDS,
    }
    return render(request, RELATION, context)
