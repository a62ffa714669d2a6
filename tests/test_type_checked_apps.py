"""Every app of the project is type-checked (decision 0022): a new app must be added to
``[tool.mypy] files`` in pyproject.toml, or ``make check`` would silently skip it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_project_app_is_in_mypys_files() -> None:
    checked = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["files"])
    apps = {
        name
        for name in (app.split(".")[0] for app in settings.INSTALLED_APPS)
        if (ROOT / name / "__init__.py").is_file()
    }
    assert apps - checked == set()
