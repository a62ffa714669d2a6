"""What consultations shows on the pages of the apps below it (``core.contributions``);
registered in ``ConsultationsConfig.ready``."""

from __future__ import annotations

from typing import Any

from accounts.pages import MY_TASKS
from consultations import selectors


def register() -> None:
    MY_TASKS.provide("requests_for_input", _requests_to_answer)


def _requests_to_answer(*, user: Any) -> list[Any]:
    # The recipients the user answers for whose answer is not yet submitted
    # (consultations.access decides whose answers the user writes).
    return selectors.open_requests_for_contact(user=user)
