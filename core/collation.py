"""The ``danish`` collation, so names sort as Danes expect: ..., Z, Æ, Ø, Å, with "Aa" as "Å".

On PostgreSQL a migration creates it from ICU (``da-DK``). SQLite, the embedded default for
the demo, has no ICU; there the same rule is registered as a Python collation on every new
connection, so the demo sorts like production.
"""

from __future__ import annotations

import unicodedata
from typing import Any

COLLATION_NAME = "danish"

# After z come æ, ø, å, in that order; ä, ö and the double "aa" follow Danish dictionary use.
_LETTER_ORDER = {"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"}


def danish_sort_key(value: str) -> tuple[str, str]:
    """A key that orders strings by Danish rules; ties are broken on the exact text."""
    text = value.casefold().replace("aa", "å")
    folded = []
    for char in text:
        if char in _LETTER_ORDER:
            folded.append(_LETTER_ORDER[char])
            continue
        # Other accents (é, ü) sort with their base letter.
        base = unicodedata.normalize("NFD", char)[0]
        folded.append(base)
    return "".join(folded), value


def _compare(left: str, right: str) -> int:
    a, b = danish_sort_key(left), danish_sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION_NAME, _compare)
