"""Read replicas (DIPLO_REPLICA_URLS): which database each query of a request goes to.

Owns the router (settings.DATABASE_ROUTERS) and the middleware that picks a replica. A
public read (a GET, HEAD or OPTIONS outside the admin by a visitor who is not signed in)
reads from one replica, the same for the whole request so that its parts agree. Everything
else reads from the primary ("default"), where every write goes: signed-in staff see their
edits at once, and a sign-in checks the failures just counted.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.urls import reverse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# The replica the current request reads from; None leaves reads on the primary.
reading_from: ContextVar[str | None] = ContextVar("diplo_reading_from", default=None)


def is_replica(alias: str | None) -> bool:
    return alias is not None and alias.startswith("replica_")


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        return reading_from.get()

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # A replica holds the primary's rows: an object read from one may refer to the other's.
        if all(obj._state.db == "default" or is_replica(obj._state.db) for obj in (obj1, obj2)):
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # A replica copies the primary's schema along with its rows.
        return db == "default"


class ReplicaPerRequestMiddleware:
    def __init__(self, get_response):
        self.replicas = [alias for alias in settings.DATABASES if is_replica(alias)]
        if not self.replicas:
            raise MiddlewareNotUsed  # left out of the chain: it costs nothing
        self.get_response = get_response
        self.admin_prefix = reverse("admin:index")

    def __call__(self, request):
        if not self.reads_from_replica(request):
            return self.get_response(request)
        token = reading_from.set(random.choice(self.replicas))
        try:
            return self.get_response(request)
        finally:
            # A streamed body (the exports) is read once this has returned, so from the
            # primary. Deliberately: an export is one long read, which a PostgreSQL standby
            # may cancel mid-file when replaying the primary's changes conflicts with it, and
            # the exports check that the primary answers before the headers go
            # (events.exports._download).
            reading_from.reset(token)

    def reads_from_replica(self, request) -> bool:
        # The user last: finding out may read the session, from the primary.
        return (
            request.method in SAFE_METHODS
            and not request.path_info.startswith(self.admin_prefix)
            and not request.user.is_authenticated
        )
