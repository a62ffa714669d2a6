"""The rate limiter for e-mails anyone can ask for (core/ratelimit.py)."""

from __future__ import annotations

import time

from django.test import RequestFactory

from core import ratelimit


def test_attempts_over_the_limit_are_refused_until_the_window_ends() -> None:
    results = [ratelimit.hit(scope="t", identity="a@example.org", limit=2, window=1) for _ in "123"]
    assert results == [True, True, False]
    assert ratelimit.hit(scope="t", identity="b@example.org", limit=2, window=1) is True
    assert ratelimit.hit(scope="other", identity="a@example.org", limit=2, window=1) is True
    time.sleep(1.1)
    assert ratelimit.hit(scope="t", identity="a@example.org", limit=2, window=1) is True


def test_the_address_is_counted_whatever_its_case_and_not_stored_in_the_clear() -> None:
    from django.core.cache import cache

    assert ratelimit.hit(scope="t", identity="A@Example.org ", limit=1, window=60) is True
    assert ratelimit.hit(scope="t", identity="a@example.org", limit=1, window=60) is False
    key = ratelimit._cache_key("t", "a@example.org")
    assert "example" not in key and cache.get(key) == 2


def test_a_client_over_its_limit_is_refused_for_any_address(settings) -> None:
    settings.RATELIMIT_EMAIL_PER_CLIENT = 2
    allowed = [
        ratelimit.email_allowed(scope="t", email=f"{n}@example.org", client="192.0.2.1")
        for n in range(3)
    ]
    assert allowed == [True, True, False]
    assert ratelimit.email_allowed(scope="t", email="3@example.org", client="192.0.2.2")


def test_when_the_cache_is_down_the_attempt_is_allowed(settings) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
        }
    }
    assert ratelimit.hit(scope="t", identity="a@example.org", limit=0, window=60) is True


def test_the_client_address_is_found_as_the_log_in_lock_out_finds_it() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.4")
    assert ratelimit.client_address(request) == "198.51.100.4"
