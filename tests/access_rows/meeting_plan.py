"""Access rows for the meeting plan (issue 18, decision 0025): the secretariat's page of
deadlines, late items and overdue agendas; nobody else sees it, members included."""

from __future__ import annotations

from typing import Any

from tests.access_matrix_base import EDITORS_LOGIN, R, Row
from tests.access_matrix_fixtures import World


def _slug_a(w: World) -> dict[str, Any]:
    return {"slug": w.body_a.slug}


ROWS: list[Row] = [
    R("meetings:meeting_plan", EDITORS_LOGIN, kwargs=_slug_a),
    R(
        "meetings:meeting_plan",
        EDITORS_LOGIN,
        kwargs=_slug_a,
        method="POST+GET",
        variant="empty_post",
    ),
]
