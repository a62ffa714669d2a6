"""``make run`` starts on a new SQLite database: every migration must apply there (and the
search index's be undone and done again), whatever PostgreSQL-only SQL it would write.
A migration that wrote ``NULLS LAST`` into an index once broke ``make run`` while every
PostgreSQL test passed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(database: Path, *args: str) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KKR_")}
    env = {
        **clean,
        "KKR_ENV": "development",
        "KKR_DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "kkr_portal.settings",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args, "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_every_migration_applies_to_a_new_sqlite_database(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    _manage(database, "migrate")
    _manage(database, "migrate", "search", "0006")
    _manage(database, "migrate")
    with sqlite3.connect(database) as connection:
        index = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'search_entry_newest_idx'"
        ).fetchone()
        table = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'search_searchentry'"
        ).fetchone()
    assert index is not None and '"date" DESC' in index[0]
    # The kinds' check, with the latest kind, survived the table's rebuilds.
    assert "'evaluation'" in table[0]
