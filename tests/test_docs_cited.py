"""Issue 12: `docs/` is true to the code. Every document that the code, the templates or
the docs themselves cite (``docs/….md``, ``decision 0018``) exists in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", ".tools", ".git", "var", "static", "bench/results"}
CITED = re.compile(r"(?<![\w/.])docs/[A-Za-z0-9_./-]+\.md")
DECISION = re.compile(r"\b[Dd]ecision (\d{4})\b")


def _sources() -> list[Path]:
    found: list[Path] = []
    for pattern in ("*.py", "*.html", "*.md", "Makefile", "*.toml"):
        for path in ROOT.rglob(pattern):
            relative = path.relative_to(ROOT).as_posix()
            if not any(relative == skip or relative.startswith(f"{skip}/") for skip in SKIP):
                found.append(path)
    return found


def test_every_cited_document_exists() -> None:
    missing = sorted(
        f"{path.relative_to(ROOT)} cites {cited}"
        for path in _sources()
        for cited in CITED.findall(path.read_text(encoding="utf-8", errors="replace"))
        if not (ROOT / cited.rstrip(".")).exists()
    )
    assert missing == []


def test_every_cited_decision_has_a_record() -> None:
    records = {path.name[:4] for path in (ROOT / "docs" / "decisions").glob("[0-9]*.md")}
    missing = sorted(
        f"{path.relative_to(ROOT)} cites decision {number}"
        for path in _sources()
        for number in DECISION.findall(path.read_text(encoding="utf-8", errors="replace"))
        if number not in records
    )
    assert missing == []
