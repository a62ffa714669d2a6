"""Rate limits on /api/ and /oparl/ (issue 15, decision 0031): per client address without a
token, per token with one; 429 with Retry-After beyond the limit, in the caller's language
and the interface's error format; the portal's pages are not limited."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import User
from councils.models import Body
from integrations import services
from integrations.models import TokenScope

pytestmark = pytest.mark.django_db


# 10 seconds into a minute: every request of a test falls in the same fixed window (a
# real clock could cross a minute's end mid-test and start a fresh count).
NOW = 1_800_000_010.0


@pytest.fixture(autouse=True)
def _fresh_windows(monkeypatch):
    monkeypatch.setattr("core.ratelimit.time", SimpleNamespace(time=lambda: NOW))
    cache.clear()
    yield
    cache.clear()


def _token(demo) -> str:
    _token, secret = services.token_create(
        actor=User.objects.get(username="sekretariat"),
        name="Intranet",
        body=Body.objects.get(slug="kd-net-midtjylland"),
        scope=TokenScope.PUBLIC,
        expires_at=timezone.now() + dt.timedelta(days=5),
    )
    return secret


@override_settings(API_RATE_LIMIT_PER_CLIENT=3, API_RATE_LIMIT_PER_TOKEN=5)
def test_a_client_without_a_token_is_limited_per_address(client: Client) -> None:
    answers = [client.get("/api/regions/", HTTP_ACCEPT_LANGUAGE="en") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    refused = answers[-1]
    assert refused["Retry-After"] == "50"
    assert refused["RateLimit-Reset"] == refused["Retry-After"]
    assert "at most 3 a minute" in refused.json()["detail"]
    # Another address has its own count; OParl shares the API's.
    other = client.get("/api/regions/", REMOTE_ADDR="10.0.0.7")
    assert other.status_code == 200
    # OParl answers in Accept-Language or Danish, never the portal's language cookie.
    client.cookies["django_language"] = "en"
    oparl = client.get("/oparl/v1.1/")
    assert oparl.status_code == 429
    assert oparl.json()["type"] == "https://schema.oparl.org/1.1/Error"
    assert "højst 3 i minuttet" in oparl.json()["message"]
    swedish = client.get("/oparl/v1.1/", HTTP_ACCEPT_LANGUAGE="sv")
    assert "högst 3 per minut" in swedish.json()["message"]


@override_settings(API_RATE_LIMIT_PER_CLIENT=2, API_RATE_LIMIT_PER_TOKEN=4)
def test_a_token_has_its_own_higher_limit(client: Client, demo) -> None:
    secret = _token(demo)
    for _ in range(2):
        assert client.get("/api/regions/").status_code == 200
    assert client.get("/api/regions/").status_code == 429
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    answers = [client.get("/api/regions/", **auth).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]


@override_settings(API_RATE_LIMIT_PER_CLIENT=1)
def test_pages_are_not_limited(client: Client, demo) -> None:
    for _ in range(3):
        response = client.get("/")
        assert response.status_code == 200
        assert "RateLimit-Limit" not in response


@override_settings(API_RATE_LIMIT_PER_CLIENT=0, API_RATE_LIMIT_PER_TOKEN=0)
def test_a_limit_of_zero_switches_it_off(client: Client) -> None:
    for _ in range(5):
        response = client.get("/api/regions/")
        assert response.status_code == 200
        assert "RateLimit-Limit" not in response


@override_settings(API_RATE_LIMIT_PER_CLIENT=2)
def test_guessing_tokens_counts_against_the_address(client: Client) -> None:
    bad = {"HTTP_AUTHORIZATION": "Bearer kkr_" + "x" * 43}
    answers = [client.get("/api/regions/", **bad).status_code for _ in range(3)]
    assert answers == [401, 401, 429]
    assert client.get("/api/regions/").status_code == 429
