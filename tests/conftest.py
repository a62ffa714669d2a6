"""Shared fixtures, and the rule that a test needing a missing service is skipped with a
reason, or fails the run when ``CI=true``."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
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
    if shutil.which("pdftotext") is None:
        missing["pdf"] = "pdftotext (poppler-utils) is missing"
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


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: rolled-back rows can come back with the same
    ids, and a fragment cached by an earlier test must not be served for them."""
    from django.core.cache import cache

    from core import page_cache

    cache.clear()
    # A test that pointed the cache at a dead Redis stops this process serving kept pages
    # for a while (page_cache.public_changed); the next test starts afresh.
    page_cache._unsure_until = 0.0
    yield
    cache.clear()


@pytest.fixture
def demo(db: None) -> dict[str, int]:
    from tests.demo_snapshot import load_demo_once

    return load_demo_once()


@pytest.fixture
def tmp_mail_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "mail"
    directory.mkdir()
    return directory


def _database_url_for_test_db() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class WorkerProcess:
    """A real ``celery worker`` process on the test database and the real Redis broker."""

    def __init__(self, tmp_path: Path, name: str = "worker", **extra_env: str) -> None:
        self.mail_dir = tmp_path / "worker-mail"
        self.mail_dir.mkdir(exist_ok=True)
        self.log = tmp_path / f"{name}.log"
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="kkr_portal.settings",
            KKR_ENV="development",
            KKR_DATABASE_URL=_database_url_for_test_db(),
            KKR_REDIS_URL=settings.REDIS_URL,
            KKR_CELERY_EAGER="false",
            KKR_EMAIL_BACKEND="file",
            KKR_EMAIL_FILE_PATH=str(self.mail_dir),
            KKR_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        )
        env.update(extra_env)
        self._log_file = self.log.open("w")
        self.process = subprocess.Popen(
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
                f"{settings.CELERY_TASK_DEFAULT_QUEUE},pdf",
                "-n",
                f"test-{name}-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            # Its own process group, so a test can kill the worker and everything it started.
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        from kkr_portal.celery import app

        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start:\n" + self.log.read_text())

    def kill(self) -> None:
        """Kill -9, as when a machine loses power: no clean shutdown, nothing acknowledged."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(20)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log_file.close()


@pytest.fixture
def worker_factory(
    transactional_db: None, tmp_path: Path
) -> Iterator[Callable[..., WorkerProcess]]:
    """Start real workers; the in-process app sends to the broker meanwhile."""
    from kkr_portal.celery import app

    started: list[WorkerProcess] = []

    def start(name: str = "worker", **extra_env: str) -> WorkerProcess:
        worker = WorkerProcess(tmp_path, name, **extra_env)
        started.append(worker)
        worker.wait_ready()
        return worker

    app.conf.task_always_eager = False
    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        for worker in started:
            worker.stop()


@pytest.fixture
def celery_worker_process(worker_factory: Callable[..., WorkerProcess]) -> dict:
    """One real worker. Yields a dict with the process and the folder it writes e-mails to."""
    worker = worker_factory()
    return {"process": worker.process, "mail_dir": worker.mail_dir, "log": worker.log}


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
