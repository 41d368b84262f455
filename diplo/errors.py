"""The site's handler for uncaught exceptions (Django's handler500).

A database that cannot be reached is an outage the client may wait out, not a bug: it
answers 503 with Retry-After, as does a statement stopped at its deadline (diplo.deadline:
a request that would tie up a worker). A database error while the database does answer (on SQLite
a missing table is an OperationalError too) is a bug, and stays a 500. The handler runs
for exceptions raised anywhere in the request (views, templates and middleware such as
the login check), which a middleware's process_exception would not see.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from diplo import deadline
from events.timeline import selectors

RETRY_AFTER_SECONDS = 5


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls the handler while the exception is being handled.
    error = sys.exception()
    if isinstance(error, OperationalError | InterfaceError) and (
        deadline.cancelled(error) or not selectors.database_answers()
    ):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render(request, "500.html", status=500)
