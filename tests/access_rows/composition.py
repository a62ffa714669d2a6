"""Access rows for statutes as data and the re-appointment round (issue 18): the body's
secretariat keeps the statutes and works through its round; whoever decides for a seat
re-appoints to it; any secretariat sees the round of the seats it appoints to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access_matrix_base import ANY_SECRETARIAT_LOGIN, EDITORS_LOGIN, R, Row
from tests.access_matrix_fixtures import World


def _slug_a(w: World) -> dict[str, Any]:
    return {"slug": w.body_a.slug}


def _rule(w: World) -> dict[str, Any]:
    """A seat rule of A's statutes, made inside the test's rollback."""
    from councils import services
    from councils.models import StatuteSeatRule

    rule = StatuteSeatRule.objects.filter(statute__body=w.body_a).first()
    if rule is None:
        rule = services.statute_rule_create(actor=None, body=w.body_a, label="Matrix", count=2)
    return {"slug": w.body_a.slug, "rule_id": rule.pk}


def _ending_membership(w: World) -> dict[str, Any]:
    """A membership of a seat of A that ends with the 2022-2025 period."""
    from councils import services
    from councils.models import Membership, Seat

    membership = Membership.objects.filter(
        body=w.body_a, seat__label="Matrix round seat", end=dt.date(2025, 12, 31)
    ).first()
    if membership is None:
        seat = Seat.objects.create(
            body=w.body_a, label="Matrix round seat", appointing_body=w.body_a
        )
        membership = services.membership_appoint(
            actor=None,
            seat=seat,
            person=w.person,
            start=dt.date(2022, 1, 1),
            end=dt.date(2025, 12, 31),
        )
    return {"slug": w.body_a.slug, "pk": membership.pk}


ROWS: list[Row] = [
    R("councils:statute_manage", EDITORS_LOGIN, kwargs=_slug_a),
    R(
        "councils:statute_manage",
        EDITORS_LOGIN,
        variant="empty_post",
        method="POST+GET",
        kwargs=_slug_a,
    ),
    R("councils:statute_rule_create", EDITORS_LOGIN, kwargs=_slug_a),
    R("councils:statute_rule_edit", EDITORS_LOGIN, kwargs=_rule),
    R("councils:statute_rule_delete", EDITORS_LOGIN, kwargs=_rule),
    R(
        "councils:statute_rule_delete",
        EDITORS_LOGIN,
        variant="post",
        method="POST+GET",
        kwargs=_rule,
    ),
    R("councils:reappointment_body", EDITORS_LOGIN, kwargs=_slug_a),
    R("councils:membership_reappoint", EDITORS_LOGIN, kwargs=_ending_membership),
    R(
        "councils:membership_reappoint",
        EDITORS_LOGIN,
        variant="empty_post",
        method="POST+GET",
        kwargs=_ending_membership,
    ),
    R("councils:reappointment_overview", ANY_SECRETARIAT_LOGIN),
]
