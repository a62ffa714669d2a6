"""The meeting plan (mødeplan): a body's rule for agenda deadlines and publication
(decision 0025)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from core.outbox import email_enqueue
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


def overdue_agendas_remind(*, today: dt.date | None = None) -> int:
    """Tell each body's secretariat, once a day, of every agenda its meeting plan rule says
    should have been published by now and is not (``selectors_planning.agendas_overdue_all``).

    Through the outbox; the key names the meeting, the address and the day, so a second run
    the same day sends nothing. Each meeting's e-mails are recorded in their own transaction,
    so one body's failure does not hold back the others'. Returns the number recorded."""
    from councils.selectors import secretariat_emails
    from meetings.selectors_planning import agendas_overdue_all

    today = today or timezone.localdate()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for row in agendas_overdue_all(today=today):
            meeting = row.meeting
            assert row.dates.publish_by is not None  # overdue implies a date
            link = settings.SITE_URL + reverse("meetings:agenda_edit", args=[meeting.pk])
            values = {
                "body": meeting.body.name,
                "date": date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT"),
                "due": date_format(row.dates.publish_by, "DATE_FORMAT"),
                "link": link,
            }
            with transaction.atomic():
                for address in secretariat_emails(meeting.body):
                    sent += email_enqueue(
                        key=f"agenda-overdue:{meeting.pk}:{today.isoformat()}:{address}",
                        to=address,
                        subject=_("The agenda of %(body)s, %(date)s, is not published") % values,
                        text=_(
                            "By the meeting plan rule of %(body)s, the agenda of the meeting of "
                            "%(date)s should have been published by %(due)s. It is not yet "
                            "published.\n\nThe agenda: %(link)s\n"
                        )
                        % values,
                        body_id=meeting.body_id,
                    )
    return sent
