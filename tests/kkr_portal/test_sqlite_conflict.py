"""Two saves at once on SQLite (development, the demo): the second waits its turn, and one
that waits too long gets a 503 "try again" with nothing written, never a 500 (issue 11,
hole 14). Real file databases and real threads; the test database itself is not used."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from kkr_portal.settings import database_settings

BUSY = "sqlite_conflict_busy"


def _connect(file: Path, alias: str, *, timeout: float | None = None) -> DatabaseWrapper:
    """A connection configured exactly as KKR_DATABASE_URL=sqlite:///... would be."""
    config = database_settings(f"sqlite:///{file}")
    if timeout is not None:
        config["OPTIONS"]["timeout"] = timeout
    config = connections.configure_settings({"default": config})["default"]
    wrapper = DatabaseWrapper(config, alias=alias)
    connections[alias] = wrapper  # this thread only: the handler keeps connections per thread
    return wrapper


@pytest.fixture
def database(tmp_path: Path, django_db_blocker) -> Iterator[Path]:
    """A file database of its own; pytest-django's guard is for the test database."""
    file = tmp_path / "portal.sqlite3"
    with django_db_blocker.unblock():
        yield from _create(file)


def _create(file: Path) -> Iterator[Path]:
    setup = _connect(file, "sqlite_conflict_setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
    setup.close()
    yield file


def _rows(file: Path) -> list[tuple[int, int]]:
    reader = _connect(file, "sqlite_conflict_reader")
    try:
        with reader.cursor() as cursor:
            cursor.execute("SELECT id, value FROM counter ORDER BY id")
            return cursor.fetchall()
    finally:
        reader.close()


def test_sqlite_transactions_take_the_write_lock_when_they_begin(tmp_path: Path) -> None:
    options = database_settings(f"sqlite:///{tmp_path / 'x.sqlite3'}")["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_two_saves_at_once_both_succeed_one_after_the_other(database: Path) -> None:
    """Each save reads, thinks a moment, then writes (as a service does). With SQLite's
    default (a deferred transaction) the second failed with "database is locked"."""
    errors: list[BaseException] = []

    def save(alias: str, delay: float) -> None:
        time.sleep(delay)
        wrapper = _connect(database, alias)
        try:
            with transaction.atomic(using=alias), wrapper.cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE id = 1")
                (value,) = cursor.fetchone()
                time.sleep(0.3)
                cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except BaseException as error:  # reported to the test thread below
            errors.append(error)
        finally:
            wrapper.close()

    threads = [
        threading.Thread(target=save, args=("sqlite_conflict_a", 0.0)),
        threading.Thread(target=save, args=("sqlite_conflict_b", 0.1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    # Neither save was lost: the second read what the first wrote.
    assert _rows(database) == [(1, 2)]


def _save_on_the_busy_database(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(using=BUSY), connections[BUSY].cursor() as cursor:
        cursor.execute("INSERT INTO counter (id, value) VALUES (2, 2)")
        cursor.execute("UPDATE counter SET value = 99 WHERE id = 1")
    return HttpResponse("saved")


urlpatterns = [
    path("gem/", _save_on_the_busy_database),
    path("api/gem/", _save_on_the_busy_database),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url", ["/gem/", "/api/gem/"])
def test_a_save_that_cannot_get_the_lock_in_time_is_a_503_and_writes_nothing(
    database: Path, url: str
) -> None:
    holder = _connect(database, "sqlite_conflict_holder")
    busy = _connect(database, BUSY, timeout=0.2)
    try:
        with transaction.atomic(using="sqlite_conflict_holder"), holder.cursor() as cursor:
            cursor.execute("UPDATE counter SET value = 1 WHERE id = 1")  # holds the write lock
            response = Client().post(url)
            cursor.execute("UPDATE counter SET value = 0 WHERE id = 1")
    finally:
        holder.close()
        busy.close()
    assert response.status_code == 503
    assert response["Retry-After"]
    if url.startswith("/api/"):
        assert set(response.json()) == {"detail"}
    else:
        assert "Databasen er optaget" in response.content.decode()
    assert _rows(database) == [(1, 0)]
