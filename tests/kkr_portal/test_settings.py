"""Settings from the environment: clear errors at start-up, secure production defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kkr_portal.env import Env

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "KKR_ENV": "production",
    "KKR_SECRET_KEY": "p" * 20 + "r0d-k3y-f0r-t3sts-0nly-with-enough-variety-!#%&",
    "KKR_ALLOWED_HOSTS": "kkr.example.org",
    "KKR_DATABASE_URL": "postgres://kkr:secret@db.example.org:5432/kkr",
    "KKR_REDIS_URL": "redis://redis.example.org:6379/0",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KKR_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean["DJANGO_SETTINGS_MODULE"] = "kkr_portal.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_is_clean_under_production_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_secure_by_default() -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = _manage("shell", "-v", "0", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "31536000", "False"]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"KKR_SECRET_KEY": ""}, "KKR_SECRET_KEY is required but not set"),
        ({"KKR_SECRET_KEY": "short"}, "KKR_SECRET_KEY must be at least 50 characters"),
        ({"KKR_ALLOWED_HOSTS": ""}, "KKR_ALLOWED_HOSTS is required"),
        ({"KKR_DATABASE_URL": "mysql://x"}, "KKR_DATABASE_URL must be a URL starting with"),
        (
            {"KKR_DATABASE_URL": "sqlite:////srv/kkr/db.sqlite3"},
            "KKR_DATABASE_URL must point to PostgreSQL (postgres://...) when KKR_ENV is production",
        ),
        ({"KKR_REDIS_URL": ""}, "KKR_REDIS_URL is required"),
        ({"KKR_DEBUG": "maybe"}, "KKR_DEBUG must be true or false"),
        ({"KKR_DEBUG": "true"}, "KKR_DEBUG must not be true when KKR_ENV is production"),
        ({"KKR_EMAIL_PORT": "twenty-five"}, "KKR_EMAIL_PORT must be a whole number"),
        ({"KKR_ENV": "staging"}, "KKR_ENV must be one of production, development"),
    ],
)
def test_a_missing_or_malformed_variable_stops_start_up_naming_it(
    override: dict[str, str], message: str
) -> None:
    result = _manage("check", env={**PRODUCTION_ENV, **override})
    assert result.returncode != 0
    assert message in result.stderr


def test_env_reader_parses_and_rejects() -> None:
    env = Env({"KKR_A": " yes ", "KKR_N": "7", "KKR_L": "a, b,,c"})
    assert env.bool("A") is True
    assert env.int("N", minimum=1) == 7
    assert env.list("L") == ["a", "b", "c"]
    assert env.str("MISSING", default="d") == "d"
    with pytest.raises(ImproperlyConfigured, match="KKR_N must be at least 10"):
        env.int("N", minimum=10)


@pytest.mark.postgres
def test_postgresql_connections_do_not_compile_queries_just_in_time(db: None) -> None:
    """JIT compiling cost a national search 48 of its 81 ms (docs/search.md): off for every
    connection the portal opens, whatever the server's default."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_jit_is_turned_off_beside_the_urls_own_options_and_can_be_left_to_the_database() -> None:
    from kkr_portal.settings import database_settings

    url = "postgres://kkr:x@db:5432/kkr?options=-c%20statement_timeout%3D5000"
    options = database_settings(url)["OPTIONS"]
    assert options["options"] == "-c statement_timeout=5000 -c jit=off"
    assert database_settings("postgres://kkr:x@db:5432/kkr")["OPTIONS"]["options"] == ("-c jit=off")
    # Behind PgBouncer, which refuses the start-up option (KKR_DATABASE_JIT_OFF=false).
    assert "options" not in database_settings("postgres://kkr:x@db:5432/kkr", jit_off=False).get(
        "OPTIONS", {}
    )
