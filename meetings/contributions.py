"""What meetings shows on the pages of the apps below it (``core.contributions``); registered
in ``MeetingsConfig.ready``."""

from __future__ import annotations

from typing import Any

from accounts.pages import MY_TASKS
from councils.pages import BODY_PAGE, FRONT_PAGE
from meetings import selectors, selectors_front, selectors_planning


def register() -> None:
    FRONT_PAGE.provide("coming_meetings", _coming_meetings)
    FRONT_PAGE.provide("latest_minutes", _latest_minutes)
    BODY_PAGE.provide("meetings", _body_meetings)
    MY_TASKS.provide("meetings", _meetings_awaiting_agenda)
    MY_TASKS.provide("failed_pdfs", _failed_pdfs)
    MY_TASKS.provide("agendas_overdue", _agendas_overdue)


def _coming_meetings(*, user: Any) -> Any:
    return selectors_front.coming_meetings(user=user)


def _latest_minutes(*, user: Any) -> Any:
    return selectors_front.latest_minutes(user=user)


def _body_meetings(*, body: Any, user: Any) -> Any:
    return selectors.meetings_for_body(body=body, user=user)


def _meetings_awaiting_agenda(*, user: Any) -> list[Any]:
    return list(selectors_front.meetings_awaiting_agenda(user=user))


def _failed_pdfs(*, user: Any) -> list[Any]:
    return list(selectors_front.failed_pdfs(user=user)[:50])


def _agendas_overdue(*, user: Any) -> list[Any]:
    return selectors_planning.agendas_overdue(user=user)
