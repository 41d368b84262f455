"""The shared cache (DIPLO_CACHE_URL): Django's RedisCache, made to fail soft and to ask
once for what a page asks twice.

Every cached part is keyed by the data version and can be rendered again, so a Redis that
stops answering should cost pages their cache, not their answers. After a failure the
cache is left alone for RETRY_SECONDS: reads miss and writes are dropped without a round
trip, so a Redis that is gone does not add its timeout to every part of every page.

A page first asks for all its entries at once (to read the evidence of the missing ones
only), then its template asks for each again: what `get_many` found is kept until the
request ends (Django closes each thread's caches then), so those are answered from memory
instead of a round trip each, 25 on a timeline page.
"""

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


def _soft(fallback):
    """Answer `fallback(default)` instead of raising while Redis does not answer."""

    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            if time.monotonic() < self.resting_until:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except (ConnectionError, TimeoutError) as error:
                logger.warning(
                    "The shared cache does not answer (%s); pages go on without it", error
                )
                self.resting_until = time.monotonic() + RETRY_SECONDS
                return fallback(*args, **kwargs)

        return call

    return wrap


def _missing(key, default=None, **kwargs):
    return default


# Parts kept from one request's get_many at most (a command that never ends a request
# starts afresh past it).
KEPT_AT_MOST = 1000


class SharedCache(RedisCache):
    """One per thread (Django's cache handler), so what it keeps is its thread's request's."""

    resting_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self.found: dict[str, object] = {}

    @_soft(_missing)
    def get(self, key, default=None, version=None):
        if version is None and key in self.found:
            return self.found[key]
        return super().get(key, default, version)

    @_soft(lambda *args, **kwargs: {})
    def get_many(self, keys, version=None):
        found = super().get_many(keys, version)
        if version is None:
            if len(self.found) > KEPT_AT_MOST:
                self.found.clear()
            self.found.update(found)
        return found

    @_soft(lambda *args, **kwargs: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_soft(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.found.pop(key, None)
        return super().set(key, value, timeout, version)

    @_soft(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        for key in data:
            self.found.pop(key, None)
        return super().set_many(data, timeout, version)

    @_soft(lambda *args, **kwargs: False)
    def delete(self, key, version=None):
        self.found.pop(key, None)
        return super().delete(key, version)

    def close(self, **kwargs):
        self.found.clear()
        super().close(**kwargs)
