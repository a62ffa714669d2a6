"""Health of the parts the portal needs: database, cache/broker (Redis) and Celery workers."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return Check(False, f"{type(error).__name__}: {error}")
    return Check(True, connection.vendor)


def check_redis() -> Check:
    if not settings.REDIS_URL:
        return Check(True, "not configured (embedded cache, tasks run in-process)")
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1
        )
        client.ping()
    except Exception as error:
        return Check(False, f"{type(error).__name__}: {error}")
    return Check(True, "pong")


def check_worker() -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check(True, "eager (tasks run in-process)")
    from kkr_portal.celery import app

    try:
        replies = app.control.ping(timeout=1.0)
    except Exception as error:
        return Check(False, f"{type(error).__name__}: {error}")
    if not replies:
        return Check(False, "no worker answered within 1 second")
    return Check(True, f"{len(replies)} worker(s) answered")


def health_report() -> tuple[bool, dict[str, dict[str, object]]]:
    checks = {"database": check_database(), "redis": check_redis()}
    # Asking workers goes through the broker; with the broker down the answer is known.
    checks["worker"] = check_worker() if checks["redis"].ok else Check(False, "broker unreachable")
    healthy = all(check.ok for check in checks.values())
    return healthy, {name: {"ok": c.ok, "detail": c.detail} for name, c in checks.items()}
