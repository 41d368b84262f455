"""URLs for the benchmark only (DIPLO_BENCH): the app's, plus a baseline page that runs no query.

The benchmark reports every page's throughput as a ratio to this baseline, measured in
the same run, because absolute numbers drift from run to run on a shared machine.
"""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from diplo import urls as app_urls


@require_GET
def baseline(request):
    return render(request, "bench/baseline.html", {"title": "Baseline"})


urlpatterns = [path("bench/baseline", baseline, name="bench-baseline"), *app_urls.urlpatterns]
handler500 = app_urls.handler500
