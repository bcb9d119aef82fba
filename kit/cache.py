"""The cache, degrading rather than failing: when Redis cannot be reached, each process
goes on with a cache of its own in memory, so pages, the API and logins keep answering, and
rate limits and the guard against a reused authenticator code still hold, per process,
until Redis is back (what was kept in Redis is not seen meanwhile, and what is kept in
memory is not carried back).

After a failure Redis is not asked again for ``RETRY_AFTER`` seconds, so an outage costs
each request nothing rather than a connection timeout per cache call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from .outage import Outage

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

RETRY_AFTER = 5.0
FAILURES = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


_outage = Outage("The cache (Redis)", RETRY_AFTER)


_local = LocMemCache("csoa-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _degrading(
    method: Callable[Concatenate[RedisCacheClient, P], T],
) -> Callable[Concatenate[RedisCacheClient, P], T]:
    """The client's method, or the same on the process's own cache while Redis is away."""
    fallback: Callable[P, T] = getattr(_local, method.__name__)

    def guarded(self: RedisCacheClient, /, *args: P.args, **kwargs: P.kwargs) -> T:
        if _outage.ongoing():
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except FAILURES as error:
            _outage.begin(error)
            return fallback(*args, **kwargs)

    guarded.__name__ = method.__name__
    return guarded


class ResilientRedisCacheClient(RedisCacheClient):
    """Django's client for Redis, keys and timeouts as its cache gives them; each method
    falls back to the local cache's method of the same name and arguments."""

    add = _degrading(RedisCacheClient.add)
    get = _degrading(RedisCacheClient.get)
    set = _degrading(RedisCacheClient.set)
    touch = _degrading(RedisCacheClient.touch)
    delete = _degrading(RedisCacheClient.delete)
    get_many = _degrading(RedisCacheClient.get_many)
    has_key = _degrading(RedisCacheClient.has_key)
    incr = _degrading(RedisCacheClient.incr)
    set_many = _degrading(RedisCacheClient.set_many)
    delete_many = _degrading(RedisCacheClient.delete_many)
    clear = _degrading(RedisCacheClient.clear)


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
