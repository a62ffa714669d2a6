"""The vocabulary of the access matrix (tests/test_access_matrix.py): outcomes per role, the
row type and the common expectations. Apps add their rows in ``tests/access_rows/<area>.py``
(a module-level ``ROWS`` list), so that work on separate apps does not edit one table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.access_matrix_fixtures import ROLES, World


class AccessMismatch(AssertionError):
    """A role got another outcome than the table declares (the only failure ``bug`` expects)."""


class ServerError(Exception):
    """A 5xx answer: never expected, never hidden by an expected failure."""


def expect(default: str, **cells: str) -> dict[str, str]:
    """One outcome per role: ``default`` for every role not named."""
    unknown = set(cells) - set(ROLES)
    assert not unknown, f"unknown roles: {unknown}"
    return {role: cells.get(role, default) for role in ROLES}


def bug(reason: str, *roles: str) -> dict[str, str]:
    """Mark cells where the code differs from the table today (a hole to close)."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles: {unknown}"
    return {role: reason for role in roles}


def bugs(*marks: dict[str, str]) -> dict[str, str]:
    """Several holes in one row: the reasons of a cell are joined."""
    joined: dict[str, str] = {}
    for mark in marks:
        for role, reason in mark.items():
            joined[role] = f"{joined[role]}; {reason}" if role in joined else reason
    return joined


PUBLIC = expect("ok")
SIGNED_IN = expect("ok", anon="login")
# The body's secretariat and the administrator: edit pages, history, unpublished meetings.
EDITORS = expect("deny", secretariat="ok", admin="ok")
EDITORS_LOGIN = expect("deny", anon="login", secretariat="ok", admin="ok")
# Closed material: also the body's members.
CLOSED = expect("deny", member="ok", secretariat="ok", admin="ok")
# Any secretariat manages its own appointments; any KKR secretariat does national quota work.
ANY_SECRETARIAT = expect("deny", secretariat="ok", other_secretariat="ok", admin="ok")
ANY_SECRETARIAT_LOGIN = {**ANY_SECRETARIAT, "anon": "login"}
ADMIN_ONLY = expect("deny", admin="ok")


@dataclass(frozen=True)
class Row:
    pattern: str
    expect: dict[str, str]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    variant: str = ""
    # "GET" for pages; "POST" for POST-only endpoints (then GET must answer 405 or refuse,
    # and an empty POST is sent); "POST+GET" for a page whose POST has its own rule.
    method: str = "GET"
    query: str = ""
    xfail: dict[str, str] = field(default_factory=dict)
    # Statuses that count as "ok" for this row although they are 5xx (the health check).
    also_ok: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.pattern}[{self.variant}]" if self.variant else self.pattern


def R(pattern: str, expected: dict[str, str], **options: Any) -> Row:
    return Row(pattern, expected, **options)
