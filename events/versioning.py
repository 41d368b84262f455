"""Caching derived figures against the data version (see DataVersion)."""

import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from events.models import (
    Actor,
    ActorAlias,
    Claim,
    DataVersion,
    Event,
    EventActor,
    EventRedirect,
    Source,
)

CACHE_SECONDS = 600
# memcached refuses keys over 250 characters; a name holding a slug from the address
# (up to any length) is hashed past this.
LONGEST_NAME = 150
DOMAIN_MODELS = (Actor, ActorAlias, Source, Event, EventActor, Claim, EventRedirect)


_CURRENT = f"SELECT token FROM {DataVersion._meta.db_table} WHERE id = 1"


def current() -> str:
    """The current token (one query); made on first use."""
    # Every page asks, so the query is written out rather than compiled each time.
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT)
        row = cursor.fetchone()
    return row[0] if row else bump()


def bump() -> str:
    """Declare the data changed. Bulk writes call it; signals cover the rest."""
    token = secrets.token_hex(16)
    if not DataVersion.objects.filter(pk=1).update(token=token):
        DataVersion.objects.get_or_create(pk=1, defaults={"token": token})
    return token


def cache_key(version: str, name: str) -> str:
    if len(name) > LONGEST_NAME:
        name = hashlib.sha256(name.encode()).hexdigest()
    return f"diplo:{version}:{name}"


def cached(version: str, name: str, compute: Callable[[], Any]) -> Any:
    return cache.get_or_set(cache_key(version, name), compute, CACHE_SECONDS)


def _changed(sender, **kwargs) -> None:
    bump()


def connect_signals() -> None:
    for model in DOMAIN_MODELS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"version-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"version-delete-{model.__name__}")
    m2m_changed.connect(_changed, sender=Claim.actors.through, dispatch_uid="version-mentions")
