"""Redis as a cache that degrades instead of failing the request.

Redis is the portal's cache and broker, not a single point of failure: when it cannot be reached,
every cache call answers as if from an empty cache, nothing raises, and the outage is logged once
a minute (not on every call). After a failure Redis is left alone for a few seconds, so a Redis
that hangs instead of refusing costs one timeout, not one per call.

Two behaviours, chosen per cache alias by OPTIONS["WHEN_DOWN"]:

- "memory" (the default cache): calls go to a memory cache of this process. What lives in the
  default cache is per-process by nature during an outage: allauth's sign-in rate limits (degraded
  to a per-process limit, not to none) and its used one-time codes.
- "miss" (the public page cache): reads miss and writes are dropped. A page cache must not keep a
  per-process copy, or one worker would serve a page another worker knows is out of date.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger("portal.cache")

LOG_EVERY = 60.0  # seconds between two log lines about the same outage
REST = 5.0  # seconds during which a Redis that just failed is not asked again


def _errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import RedisError

    return (RedisError, OSError)


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.when_down = options.pop("WHEN_DOWN", "memory")
        options.setdefault("socket_connect_timeout", 1.0)
        options.setdefault("socket_timeout", 2.0)
        super().__init__(server, {**params, "OPTIONS": options})
        self._memory = LocMemCache(f"degraded-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300),
                                                              "OPTIONS": {"MAX_ENTRIES": 5000}})
        self._down_until = 0.0
        self._logged_at = -LOG_EVERY

    # --- The outage -----------------------------------------------------------------------------
    @property
    def degraded(self) -> bool:
        return time.monotonic() < self._down_until

    def _failed(self, error: BaseException) -> None:
        now = time.monotonic()
        self._down_until = now + REST
        if now - self._logged_at >= LOG_EVERY:
            self._logged_at = now
            fallback = "this process's memory" if self.when_down == "memory" else "nothing (every read a miss)"
            log.warning("Redis cache unreachable (%s: %s); using %s until it answers again.",
                        error.__class__.__name__, error, fallback)

    def _call(self, name: str, miss, *args, **kwargs):
        if not self.degraded:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except _errors() as error:
                self._failed(error)
        if self.when_down == "memory":
            return getattr(self._memory, name)(*args, **kwargs)
        if isinstance(miss, BaseException):
            raise miss
        return miss(*args, **kwargs) if callable(miss) else miss

    # --- Every public call --------------------------------------------------------------------------
    def get(self, key, default=None, version=None):
        return self._call("get", lambda *a, **k: default, key, default, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", ValueError(f"Key '{key}' not found (the cache is unreachable)."), key, delta,
                          version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda *a, **k: list(data), data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        self._memory.clear()
        return self._call("clear", None)
