"""What notifications shows on the pages of the apps below it (``core.contributions``);
registered in ``NotificationsConfig.ready``."""

from __future__ import annotations

from typing import Any

from accounts.pages import MY_TASKS
from notifications import selectors_tasks


def register() -> None:
    MY_TASKS.provide("failed_emails", _failed_emails)


def _failed_emails(*, user: Any) -> list[Any]:
    return list(selectors_tasks.failed_emails(user=user)[:50])
