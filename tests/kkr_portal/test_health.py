"""GET /healthz: database, cache/broker and worker health."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings


def test_health_is_ok_on_the_embedded_setup(client: Client, db, settings) -> None:
    settings.REDIS_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"]["database"]["ok"] is True
    assert set(data["checks"]) == {"database", "redis", "worker"}


@override_settings(REDIS_URL="redis://127.0.0.1:1/0", CELERY_TASK_ALWAYS_EAGER=False)
def test_an_unreachable_redis_makes_the_portal_unhealthy(client: Client, db) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "error"
    assert data["checks"]["redis"]["ok"] is False
    assert data["checks"]["worker"] == {"ok": False, "detail": "broker unreachable"}


def test_a_broken_database_makes_the_portal_unhealthy(client: Client, db) -> None:
    from unittest import mock

    from django.db import connection

    failure = connection.Database.OperationalError("connection refused")
    # A stand-in for a database that is down: starting a real server only to kill it
    # would test PostgreSQL, not this check. Restored before the test database is torn down.
    with mock.patch.object(connection, "cursor", side_effect=failure):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "ok": False,
        "detail": "OperationalError: connection refused",
    }


@pytest.mark.redis
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_with_redis_up_and_no_worker_the_worker_check_fails(client: Client, db) -> None:
    response = client.get("/healthz")
    data = response.json()
    assert data["checks"]["redis"] == {"ok": True, "detail": "pong"}
    assert data["checks"]["worker"]["ok"] is False
    assert response.status_code == 503


@pytest.mark.worker
@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_with_redis_and_a_worker_running_the_portal_is_healthy(
    client: Client, celery_worker_process
) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["ok"] is True


def test_livez_answers_without_touching_the_database(client: Client) -> None:
    # No ``db`` fixture: pytest-django makes any database access in this test an error.
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok"
