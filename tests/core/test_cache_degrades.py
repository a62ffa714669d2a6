"""The meeting page works when Redis is down: the cache degrades to no cache (issue 11,
hole 12). Redis "down" is a real closed port, not a mock."""

from __future__ import annotations

import datetime as dt
import logging
import socket
import time
from collections.abc import Iterator

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.utils import timezone

from core import cache as degrading_cache
from core.cache import DegradingRedisCache
from councils.models import Body
from kkr_portal.settings import cache_settings
from meetings import services


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on (bound once to find it, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings, closed_port: int) -> Iterator[str]:
    """The portal configured for a Redis that is not running."""
    url = f"redis://127.0.0.1:{closed_port}/0"
    degrading_cache._down_until.clear()
    settings.REDIS_URL = url
    settings.CACHES = cache_settings(url)
    yield url
    degrading_cache._down_until.clear()


@pytest.fixture
def meeting(demo):
    body = Body.objects.get(slug="kd-net-midtjylland")
    start = timezone.make_aware(dt.datetime(2014, 8, 22, 9))
    meeting = services.meeting_schedule(
        actor=None, body=body, starts_at=start, ends_at=start + dt.timedelta(hours=2), place="Vejle"
    )
    services.agenda_item_add(actor=None, meeting=meeting, title="Godkendelse af dagsorden")
    services.agenda_item_add(actor=None, meeting=meeting, title="Nyt fra kommunerne")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    return meeting


def test_with_a_redis_url_the_cache_is_redis_that_degrades(redis_down: str) -> None:
    assert isinstance(caches["default"], DegradingRedisCache)


def test_the_meeting_page_shows_the_agenda_while_redis_is_down(
    client: Client, meeting, redis_down: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for _ in range(2):
            response = client.get(f"/moeder/{meeting.pk}/")
            assert response.status_code == 200
            body = response.content.decode()
            assert "Godkendelse af dagsorden" in body
            assert "Nyt fra kommunerne" in body
    # Said once, not once per cache call.
    assert len([r for r in caplog.records if r.name == "core.cache"]) == 1


def test_health_still_reports_redis_down(client: Client, db, redis_down: str) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False


def test_every_cache_operation_answers_as_a_miss_and_quickly(redis_down: str) -> None:
    started = time.monotonic()
    assert cache.get("key") is None
    assert cache.get("key", "default") == "default"
    cache.set("key", "value")
    assert cache.get("key") is None
    assert cache.add("key", "value") is False
    assert cache.get_or_set("key", "computed") == "computed"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.has_key("key") is False
    assert cache.touch("key") is False
    assert cache.delete("key") is False
    cache.delete_many(["a", "b"])
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.clear() is False
    assert time.monotonic() - started < 2


def test_redis_is_asked_again_after_a_pause(
    redis_down: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.get("key") is None
        assert cache.get("key") is None  # within the pause: Redis is not asked
        assert len(caplog.records) == 1
        for location in degrading_cache._down_until:
            degrading_cache._down_until[location] = 0.0  # the pause is over
        assert cache.get("key") is None  # asked again: still down, still a miss
        assert len(caplog.records) == 2


@pytest.mark.redis
def test_with_redis_up_the_cache_stores_and_counts(settings) -> None:
    settings.CACHES = cache_settings(settings.REDIS_URL)
    degrading_cache._down_until.clear()
    cache.set("kkr-test-key", "value", 30)
    assert cache.get("kkr-test-key") == "value"
    assert cache.add("kkr-test-counter", 0, 30) is True
    assert cache.incr("kkr-test-counter") == 1
    cache.delete_many(["kkr-test-key", "kkr-test-counter"])


def test_the_cache_goes_to_its_own_redis_when_one_is_given() -> None:
    broker = "redis://broker:6379/2"
    assert cache_settings(broker)["default"]["LOCATION"] == "redis://broker:6379/3"
    own = cache_settings(broker, "redis://cache:6379/0")["default"]
    assert own["LOCATION"] == "redis://cache:6379/0"
    assert own["BACKEND"] == "core.cache.DegradingRedisCache"
    assert cache_settings(None, "redis://cache:6379/0")["default"]["LOCATION"] == (
        "redis://cache:6379/0"
    )
    assert "LocMemCache" in cache_settings(None)["default"]["BACKEND"]


@pytest.mark.redis
def test_one_redis_client_serves_every_call_and_thread() -> None:
    """Django made a ``redis.Redis`` (and its 500 response callbacks) for every call."""
    import threading

    backend = caches["default"]
    assert isinstance(backend, DegradingRedisCache)
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client(write=False) is client
    assert backend._cache.get_client("another key", write=True) is client
    found: dict[int, object] = {}

    def use(n: int) -> None:
        backend.set(f"reuse-{n}", n)
        found[n] = backend.get(f"reuse-{n}")

    threads = [threading.Thread(target=use, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == {n: n for n in range(8)}
    assert backend._cache.get_client() is client
