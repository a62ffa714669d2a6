"""Shared fixtures, and the rule that a test needing a missing service is skipped with a
reason, or fails the run when ``CI=true``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django would otherwise
# refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KKR_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _uses_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _missing_parts() -> dict[str, str]:
    missing = {}
    if not _uses_postgres():
        missing["postgres"] = "PostgreSQL is not configured (KKR_DATABASE_URL)"
    if not settings.REDIS_URL:
        missing["redis"] = "Redis is not configured (KKR_REDIS_URL)"
    if "postgres" in missing or "redis" in missing:
        missing["worker"] = "a real worker needs PostgreSQL and Redis"
    if not Path(CHROMIUM).exists() or not AXE.exists():
        missing["browser"] = f"{CHROMIUM} or node_modules/axe-core is missing"
    if shutil.which("java") is None or not VNU_JAR.exists():
        missing["vnu"] = "java or node_modules/vnu-jar is missing"
    if shutil.which("docker-compose") is None:
        missing["compose"] = "docker-compose is not installed"
    return missing


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = _missing_parts()
    needed = {m for item in items for m in missing if item.get_closest_marker(m)}
    if needed and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise pytest.UsageError(
            "CI=true and these parts are missing: " + "; ".join(missing[m] for m in sorted(needed))
        )
    for item in items:
        for marker, reason in missing.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def demo(db: None) -> dict[str, int]:
    from councils.demo import load_demo

    return load_demo()


@pytest.fixture
def tmp_mail_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "mail"
    directory.mkdir()
    return directory


def _database_url_for_test_db() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db: None, tmp_path: Path) -> Iterator[dict]:
    """A real ``celery worker`` process on the test database and the real Redis broker.

    Yields a dict with the process and the folder the worker writes e-mails to. The
    in-process app is switched from eager to the broker for the duration of the test.
    """
    from kkr_portal.celery import app

    mail_dir = tmp_path / "worker-mail"
    mail_dir.mkdir()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="kkr_portal.settings",
        KKR_ENV="development",
        KKR_DATABASE_URL=_database_url_for_test_db(),
        KKR_REDIS_URL=settings.REDIS_URL,
        KKR_CELERY_EAGER="false",
        KKR_EMAIL_BACKEND="file",
        KKR_EMAIL_FILE_PATH=str(mail_dir),
    )
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "kkr_portal",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            "-Q",
            settings.CELERY_TASK_DEFAULT_QUEUE,
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "the Celery worker did not start:\n" + (tmp_path / "worker.log").read_text()
                )
        yield {"process": process, "mail_dir": mail_dir, "log": tmp_path / "worker.log"}
    finally:
        app.conf.task_always_eager = True
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium through Playwright, once per test run."""
    from playwright.sync_api import sync_playwright

    from tests.browser_helpers import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, demo, transactional_db):
    """A fresh Danish browser tab on the live test server, with the demo data loaded."""
    # axe-core is injected as a script, which the portal's own CSP would rightly refuse.
    context = browser.new_context(bypass_csp=True, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    yield page
    context.close()
