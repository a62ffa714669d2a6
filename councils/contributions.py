"""What councils shows on accounts' pages (``core.contributions``) and how accounts' rules find
a user's member bodies; registered in ``CouncilsConfig.ready``."""

from __future__ import annotations

from typing import Any

from accounts import rules
from accounts.pages import MY_TASKS, PROFILE_PAGE
from councils import selectors, selectors_composition


def register() -> None:
    rules.register_member_body_ids(selectors.current_member_body_ids)
    PROFILE_PAGE.provide("overview", _role_overview)
    MY_TASKS.provide("own_nominations", _own_nominations)
    MY_TASKS.provide("nominations_to_decide", _nominations_to_decide)


def _role_overview(*, user: Any) -> Any:
    return selectors.role_overview_for_user(user=user)


def _own_nominations(*, user: Any) -> list[Any]:
    return list(selectors.nominations_proposed_by(user=user))


def _nominations_to_decide(*, user: Any) -> list[Any]:
    return list(selectors_composition.nominations_for_user(user=user, pending=True))
