"""The production set-up: docker-compose.yml is valid, static files collect under the
production storage."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.kkr_portal.test_settings import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def compose_dir(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "docker-compose.yml", tmp_path)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    return tmp_path


@pytest.mark.compose
def test_docker_compose_config_is_valid(compose_dir: Path) -> None:
    result = subprocess.run(
        ["docker-compose", "config", "-q"], cwd=compose_dir, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        ["docker-compose", "config", "--services"],
        cwd=compose_dir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert set(services) == {
        "postgres",
        "redis",
        "cache",
        "migrate",
        "proxy",
        "web",
        "worker",
        "pdf-worker",
        "beat",
    }
    # Every queue the tasks are routed to has a worker.
    config = yaml.safe_load(
        subprocess.run(
            ["docker-compose", "config"],
            cwd=compose_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    # The cache has a Redis of its own that evicts when full, never the broker's.
    cache_command = " ".join(config["services"]["cache"]["command"])
    assert "--maxmemory-policy allkeys-lru" in cache_command
    queues = {
        config["services"][name]["command"][config["services"][name]["command"].index("-Q") + 1]
        for name in ("worker", "pdf-worker")
    }
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert queues == {settings.CELERY_TASK_DEFAULT_QUEUE} | routed
    # Two web and two worker replicas behind one database and broker, reached through the
    # proxy only (a replica publishing the port itself would collide with its twin).
    for name in ("web", "worker"):
        assert config["services"][name]["deploy"]["replicas"] == 2, name
    # The PDF worker runs a process per core (KKR_PDF_CONCURRENCY, 2 unless set), each
    # replaced after a task that left it above 300 MB.
    pdf_command = config["services"]["pdf-worker"]["command"]
    assert "--concurrency=2" in pdf_command
    assert "--max-memory-per-child=300000" in pdf_command
    assert "ports" not in config["services"]["web"]
    assert [p["published"] for p in config["services"]["proxy"]["ports"]] in ([8000], ["8000"])
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "dynamic a web 8000" in caddyfile and "health_uri /livez" in caddyfile


@pytest.mark.compose
def test_docker_compose_refuses_to_start_without_a_database_password(compose_dir: Path) -> None:
    env_file = compose_dir / ".env"
    env_file.write_text(
        "\n".join(
            line
            for line in env_file.read_text().splitlines()
            if not line.startswith("POSTGRES_PASSWORD")
        )
    )
    result = subprocess.run(
        ["docker-compose", "config", "-q"],
        cwd=compose_dir,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "POSTGRES_PASSWORD"},
    )
    assert result.returncode != 0
    assert "set POSTGRES_PASSWORD in .env" in result.stderr


def test_static_files_collect_with_hashed_names_under_production(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KKR_")}
    env.update(
        PRODUCTION_ENV, KKR_STATIC_ROOT=str(tmp_path), DJANGO_SETTINGS_MODULE="kkr_portal.settings"
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/dkfds/css/dkfds.min.css" in manifest
    assert list((tmp_path / "vendor" / "dkfds" / "css").glob("dkfds.min.*.css.gz"))


def test_the_web_worker_freezes_what_it_loaded_and_collects_in_larger_batches() -> None:
    """``kkr_portal/wsgi.py`` tunes the garbage collector once the application is loaded
    (``kkr_portal/runtime.py``); a fresh interpreter, as a gunicorn worker imports it."""
    from kkr_portal.runtime import GEN0_THRESHOLD

    clean = {k: v for k, v in os.environ.items() if not k.startswith("KKR_")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc, kkr_portal.wsgi; print(gc.get_freeze_count(), gc.get_threshold()[0])",
        ],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "kkr_portal.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    frozen, threshold = (int(n) for n in result.stdout.split())
    assert frozen > 10_000  # Django and the apps' modules, models and URL patterns
    assert threshold == GEN0_THRESHOLD


def test_gunicorn_replaces_its_workers_by_forking_the_loaded_application(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``gunicorn.conf.py``: the application is loaded once, in the master (``preload_app``),
    and every worker is replaced after ``KKR_WEB_MAX_REQUESTS`` requests; requests are
    answered throughout. The master holds the loaded application (Django's settings module
    is among its imports), so a replacement is a fork of it."""
    import urllib.request

    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    from run_tests import free_port, wait_for_port

    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KKR_")}
    env = {
        **clean,
        "KKR_ENV": "development",
        "KKR_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "kkr_portal.settings",
        "WEB_CONCURRENCY": "1",
        "KKR_WEB_MAX_REQUESTS": "5",
        "KKR_ACCESS_LOG": "",
    }
    log = tmp_path / "gunicorn.log"
    command = [str(Path(sys.executable).parent / "gunicorn"), "kkr_portal.wsgi"]
    command += ["--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, "gunicorn", server)
        statuses = []
        for _ in range(30):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/livez", timeout=30) as answer:
                statuses.append(answer.status)
        master_modules = Path(f"/proc/{server.pid}/maps").read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert statuses == [200] * 30
    text = log.read_text()
    assert text.count("Autorestarting worker") >= 3, text
    # The master mapped the compiled extensions the application loads (psycopg's), which a
    # gunicorn master without the application never imports.
    assert "psycopg" in master_modules or "_psycopg" in master_modules, text
