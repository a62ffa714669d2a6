"""The meeting plan (mødeplan): a body's rule for agenda deadlines and publication
(decision 0025)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from meetings.models import MeetingPlanRule

MAX_WORKING_DAYS = 60


@transaction.atomic
def meeting_plan_rule_set(
    *,
    actor: User | None,
    body: Any,
    item_deadline_working_days: int | None,
    publication_working_days: int | None,
) -> MeetingPlanRule:
    """Set ``body``'s meeting plan rule: items for the agenda are due N working days before
    each meeting, and the agenda is published M working days before it (either may be
    empty: no such rule).

    Rules: 0 to ``MAX_WORKING_DAYS`` working days; items are due no later than the agenda is
    published (N ≥ M). A meeting's own agenda deadline still overrides the item rule. The
    change is kept in the rule's history with the actor.
    """
    errors: dict[str, str] = {}
    for name, value in (
        ("item_deadline_working_days", item_deadline_working_days),
        ("publication_working_days", publication_working_days),
    ):
        if value is not None and not 0 <= value <= MAX_WORKING_DAYS:
            errors[name] = _("Between 0 and %(max)d working days.") % {"max": MAX_WORKING_DAYS}
    if errors:
        raise ValidationError(errors)
    if (
        item_deadline_working_days is not None
        and publication_working_days is not None
        and item_deadline_working_days < publication_working_days
    ):
        raise ValidationError(
            {
                "item_deadline_working_days": _(
                    "Items must be due before the agenda is published: at least as many "
                    "working days before the meeting."
                )
            }
        )
    row = MeetingPlanRule.objects.select_for_update().filter(body_id=body.pk).first()
    if row is None:
        row = MeetingPlanRule(body_id=body.pk)
    elif (
        row.item_deadline_working_days == item_deadline_working_days
        and row.publication_working_days == publication_working_days
    ):
        return row  # nothing changed: no history row
    row.item_deadline_working_days = item_deadline_working_days
    row.publication_working_days = publication_working_days
    save_as(row, actor=actor)
    return row
