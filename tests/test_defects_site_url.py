"""Issue 12, defect: `make run PORT=…` served on that port while e-mails and PDFs linked to
port 8000. In development the site URL follows the server's address."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KKR_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, **extra}


def test_make_run_with_a_port_makes_links_with_that_port(tmp_path: Path) -> None:
    # Stand in for Python in the run target: migrate and load_demo do nothing, and instead
    # of starting the server the settings' SITE_URL is printed beside the served address.
    fake = tmp_path / "python"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$2" = runserver ]; then\n'
        f'  exec {sys.executable} -c "import os, django;'
        " os.environ['DJANGO_SETTINGS_MODULE'] = 'kkr_portal.settings';"
        " from django.conf import settings; print('SITE', settings.SITE_URL)\"\n"
        "fi\n"
    )
    fake.chmod(0o755)
    result = subprocess.run(
        ["make", "--no-print-directory", "run", "PORT=8123", f"PY={fake}"],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SITE http://127.0.0.1:8123" in result.stdout.splitlines()


def test_a_wildcard_address_links_to_localhost_and_an_explicit_site_url_wins() -> None:
    code = "from django.conf import settings; print(settings.SITE_URL)"

    def site_url(**env: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=ROOT,
            env=_clean_env(DJANGO_SETTINGS_MODULE="kkr_portal.settings", **env),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    dev = {"KKR_ENV": "development"}
    assert site_url(**dev, KKR_HOST="0.0.0.0", KKR_PORT="9000")  # noqa: S104 == "http://localhost:9000"
    assert site_url(**dev, KKR_PORT="9000", KKR_SITE_URL="https://kkr.example.dk/") == (
        "https://kkr.example.dk"
    )
