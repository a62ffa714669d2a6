"""A Redis cache that degrades to no cache while Redis cannot be reached.

The portal's cache only saves work (the agenda fragment of a meeting page, rate-limit
counters): every page can be made without it. Django's ``RedisCache`` raises when Redis is
down, so one stopped Redis turned every meeting page into a 500. Here a connection error or
time-out is logged once and treated as a miss: reads return the default, writes do nothing.
For ``RETRY_SECONDS`` after a failure Redis is not asked at all, so a page does not wait on a
dead server once per fragment; then it is tried again.

``/healthz`` still reports Redis down: it asks Redis itself (``kkr_portal.health``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

T = TypeVar("T")
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 5.0

# Per server (LOCATION), shared by all threads: until when Redis is not asked.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one ``redis.Redis`` per connection pool.

    Django makes a new ``redis.Redis`` for every cache call, and its ``__init__`` fills a
    table of about 500 response callbacks: 60-80 µs a call, several calls a signed-in page,
    two for every kept public page. A ``redis.Redis`` on a pool is safe to share between
    threads, and the pool itself starts afresh in a forked worker.
    """

    # Django's RedisCacheClient has these (not in its stubs).
    _client: Callable[..., Any]
    _get_connection_pool: Callable[[bool], Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    """``RedisCache`` that answers "not cached" instead of raising when Redis is unreachable."""

    # Set by Django's RedisCache.__init__ (not in its stubs).
    _options: dict[str, Any]
    _servers: list[str]

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._options = {
            # Fail fast: a cache that makes a page wait is worse than no cache. redis-py
            # otherwise retries a refused connection with back-off (almost a second per call).
            "retry": Retry(NoBackoff(), 0),
            "socket_connect_timeout": 1,
            "socket_timeout": 1,
            **self._options,
        }
        self._location = ",".join(self._servers)
        self._class = ReusedClientRedisCacheClient

    def _call(self, method: Callable[..., T], fallback: T, *args: Any) -> T:
        if time.monotonic() < _down_until.get(self._location, 0.0):
            return fallback
        try:
            return method(*args)
        except UNAVAILABLE as error:
            with _lock:
                was_up = time.monotonic() >= _down_until.get(self._location, 0.0)
                _down_until[self._location] = time.monotonic() + RETRY_SECONDS
            if was_up:
                logger.warning(
                    "Cache unavailable, working without it for %.0f s (%s: %s: %s)",
                    RETRY_SECONDS,
                    method.__name__,
                    type(error).__name__,
                    error,
                )
            return fallback

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._call(super().add, False, key, value, timeout, version)

    def get(self, key: str, default: Any = None, version: Any = None) -> Any:
        return self._call(super().get, default, key, default, version)

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._call(super().set, None, key, value, timeout, version)

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key: str, version: Any = None) -> bool:
        return self._call(super().delete, False, key, version)

    def get_many(self, keys: Iterable[str], version: Any = None) -> dict[str, Any]:
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key: str, version: Any = None) -> bool:
        return self._call(super().has_key, False, key, version)

    def incr(self, key: str, delta: int = 1, version: Any = None) -> int:
        missing: Any = object()
        result = self._call(super().incr, missing, key, delta, version)
        if result is missing:
            # As for a key that is not cached, which every key is while Redis is away.
            raise ValueError(f"Key '{key}' not found")
        return result

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[str]:
        # Django's contract: the list of keys that could not be stored.
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys: Iterable[str], version: Any = None) -> None:
        self._call(super().delete_many, None, list(keys), version)

    # Django's RedisCache.clear returns the client's answer (a bool); its stubs say None.
    def clear(self) -> bool:  # type: ignore[override]  # see above
        return self._call(cast("Callable[[], bool]", super().clear), False)
