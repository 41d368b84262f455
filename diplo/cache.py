"""The shared cache (DIPLO_CACHE_URL): Django's RedisCache, made to fail soft.

Every cached part is keyed by the data version and can be rendered again, so a Redis that
stops answering should cost pages their cache, not their answers. After a failure the
cache is left alone for RETRY_SECONDS: reads miss and writes are dropped without a round
trip, so a Redis that is gone does not add its timeout to every part of every page.
"""

import functools
import logging
import time

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


class SharedCache(RedisCache):
    resting_until = 0.0

    get = _soft(_missing)(RedisCache.get)
    get_many = _soft(lambda *args, **kwargs: {})(RedisCache.get_many)
    add = _soft(lambda *args, **kwargs: False)(RedisCache.add)
    set = _soft(lambda *args, **kwargs: None)(RedisCache.set)
    set_many = _soft(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete = _soft(lambda *args, **kwargs: False)(RedisCache.delete)
