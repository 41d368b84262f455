from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from events import selectors


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "events/event_list.html", {"events": selectors.timeline_events()})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    if selectors.database_answers():
        return HttpResponse("ok\n", content_type="text/plain")
    return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
