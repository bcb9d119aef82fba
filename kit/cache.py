"""The cache, failing open: when Redis cannot be reached, reads miss and writes are dropped,
so pages, the API, logins and rate limits go on without it (rate limits are then not
applied, and cached figures are computed afresh). ``add`` answers True, as for a key that
was not there: a lock taken in a cache that is away guards nothing, and waiting on it would
refuse every login.

After a failure the cache is not asked again for ``RETRY_AFTER`` seconds, so an outage costs
each request nothing rather than a connection timeout per cache call.
"""

from __future__ import annotations

import logging
import threading
import time

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0
FAILURES = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class _Outage:
    """When Redis was last found unreachable, shared by the threads of a process."""

    def __init__(self) -> None:
        self.until = 0.0
        self.lock = threading.Lock()

    def ongoing(self) -> bool:
        return time.monotonic() < self.until

    def begin(self, error: Exception) -> None:
        with self.lock:
            if not self.ongoing():
                logger.warning("The cache (Redis) cannot be reached: %s", error)
            self.until = time.monotonic() + RETRY_AFTER


_outage = _Outage()


def _failing_open(method, fallback):
    def guarded(self, *args, **kwargs):
        if _outage.ongoing():
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except FAILURES as error:
            _outage.begin(error)
            return fallback(*args, **kwargs)

    guarded.__name__ = method.__name__
    return guarded


def _missing_key(*args, **kwargs):
    raise ValueError("The cache is not available.")  # incr's answer for a key not there


class ResilientRedisCacheClient(RedisCacheClient):
    add = _failing_open(RedisCacheClient.add, lambda *a, **k: True)
    get = _failing_open(RedisCacheClient.get, lambda key, default: default)
    set = _failing_open(RedisCacheClient.set, lambda *a, **k: None)
    touch = _failing_open(RedisCacheClient.touch, lambda *a, **k: False)
    delete = _failing_open(RedisCacheClient.delete, lambda *a, **k: False)
    get_many = _failing_open(RedisCacheClient.get_many, lambda *a, **k: {})
    has_key = _failing_open(RedisCacheClient.has_key, lambda *a, **k: False)
    incr = _failing_open(RedisCacheClient.incr, _missing_key)
    set_many = _failing_open(RedisCacheClient.set_many, lambda *a, **k: [])
    delete_many = _failing_open(RedisCacheClient.delete_many, lambda *a, **k: None)
    clear = _failing_open(RedisCacheClient.clear, lambda *a, **k: False)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
