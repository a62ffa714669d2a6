"""What quotas shows on the pages of the apps below it (``core.contributions``); registered in
``QuotasConfig.ready``."""

from __future__ import annotations

from typing import Any

from accounts.pages import MY_TASKS
from councils.pages import MUNICIPALITY_PAGE
from quotas import selectors_municipality


def register() -> None:
    MUNICIPALITY_PAGE.provide("quotas", _municipality_quotas)
    MY_TASKS.provide("distribution_agreement_lines", _distribution_agreement_lines_awaiting)


def _municipality_quotas(*, municipality: Any, user: Any) -> Any:
    return selectors_municipality.municipality_quotas(municipality=municipality)


def _distribution_agreement_lines_awaiting(*, user: Any) -> list[Any]:
    return list(selectors_municipality.distribution_agreement_lines_awaiting(user=user))
