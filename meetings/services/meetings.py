"""Meetings (møder): schedule, change time, place and agenda deadline, plan a year, cancel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import ConflictError
from core.history import save_as
from meetings import signals
from meetings.access import minutes_approval_rule
from meetings.models import (
    AgendaItem,
    Meeting,
    MinutesApprovalRule,
    PublishedVersion,
)

MEETING_EDITABLE_FIELDS = ("starts_at", "ends_at", "place", "agenda_deadline")
# The facts members and subscribers are told about when they change after publishing.
MEETING_NOTIFIED_FIELDS = ("starts_at", "ends_at", "place")


@transaction.atomic
def meeting_schedule(
    *,
    actor: User | None,
    body: Any,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    place: str = "",
    agenda_deadline: dt.date | None = None,
) -> Meeting:
    """Create a meeting with the standing items; the minutes item links the previous meeting
    (left out when the body approves its minutes online or by justering)."""
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": _("A meeting cannot end before it starts.")})
    if agenda_deadline is not None and agenda_deadline > starts_at.date():
        raise ValidationError({"agenda_deadline": _("The agenda deadline is after the meeting.")})
    meeting = Meeting(
        body=body,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        agenda_deadline=agenda_deadline,
    )
    save_as(meeting, actor=actor)
    previous = (
        Meeting.objects.filter(body=body, starts_at__lt=starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    standing = [
        (AgendaItem.Standing.APPROVE_AGENDA, _("Approval of the agenda"), None),
        (
            AgendaItem.Standing.APPROVE_MINUTES,
            _("Approval of the minutes of the meeting of %(date)s")
            % {"date": timezone.localtime(previous.starts_at).strftime("%d-%m-%Y")}
            if previous
            else _("Approval of the minutes of the previous meeting"),
            previous,
        ),
        (AgendaItem.Standing.OTHER_BUSINESS, _("Any other business"), None),
        (AgendaItem.Standing.NEXT_MEETING, _("Next meeting"), None),
    ]
    if minutes_approval_rule(body.pk) != MinutesApprovalRule.NEXT_MEETING:
        # The body approves its minutes online or by justering, not at the next meeting.
        standing = [row for row in standing if row[0] != AgendaItem.Standing.APPROVE_MINUTES]
    for position, (kind, title, minutes_of) in enumerate(standing):
        item = AgendaItem(
            meeting=meeting,
            position=position,
            title=title,
            standing=kind,
            minutes_of=minutes_of,
            kind=AgendaItem.Kind.DECISION
            if minutes_of or kind == "approve_agenda"
            else AgendaItem.Kind.INFORMATION,
        )
        save_as(item, actor=actor)
    return meeting


def _meeting_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


@transaction.atomic
def meeting_update(
    *, actor: User | None, meeting_id: int, expected_version: int, **fields: Any
) -> Meeting:
    """Change a meeting's time, end, place or agenda deadline after it was created.

    Rules: the form carries ``Meeting.version`` as loaded (decision 0007). The agenda's
    edits also raise the version, so a stale version is a conflict only when someone else
    changed one of these facts since (found from the history row at the loaded version);
    then ``ConflictError`` names them and nothing is saved. A cancelled meeting is not
    changed. The meeting still ends after it starts and the deadline is not after it.

    Time and place are facts of the meeting, not of the agenda: the published snapshot is
    unchanged (the draft is not marked as differing from it), and the calendar and the
    meeting page show the new facts at once. When the agenda has been published, members
    and subscribers are told through the outbox (one e-mail per address per change).
    """
    unknown = set(fields) - set(MEETING_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting_id)
    )
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    if meeting.version != expected_version:
        loaded = (
            meeting.history.filter(version__lte=expected_version)
            .order_by("-version", "-history_id")
            .first()
        )
        changes = [
            (
                str(getattr(Meeting._meta.get_field(name), "verbose_name", name)),
                _meeting_value(getattr(meeting, name)),
            )
            for name in MEETING_EDITABLE_FIELDS
            if loaded is None or getattr(loaded, name) != getattr(meeting, name)
        ]
        if changes:
            raise ConflictError(
                _(
                    "Someone else changed this meeting while you were editing it. Their "
                    "version is shown below; your changes were not saved. Check them and "
                    "save again."
                ),
                changes=changes,
            )
    if "place" in fields:
        fields["place"] = (fields["place"] or "").strip()
    starts_at = fields.get("starts_at", meeting.starts_at)
    ends_at = fields.get("ends_at", meeting.ends_at)
    deadline = fields.get("agenda_deadline", meeting.agenda_deadline)
    if starts_at is None:
        raise ValidationError({"starts_at": _("A meeting needs a start.")})
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": _("A meeting cannot end before it starts.")})
    if deadline is not None and deadline > timezone.localtime(starts_at).date():
        raise ValidationError({"agenda_deadline": _("The agenda deadline is after the meeting.")})
    changed = [name for name, value in fields.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    loaded_version = meeting.version
    for name in changed:
        setattr(meeting, name, fields[name])
    meeting.version += 1
    meeting.full_clean()
    save_as(meeting, actor=actor, update_fields=[*changed, "version"])
    # The published snapshots hold no meeting facts: those that matched the draft still do.
    PublishedVersion.objects.filter(meeting=meeting, meeting_version=loaded_version).update(
        meeting_version=meeting.version
    )
    if meeting.agenda_is_published and set(changed) & set(MEETING_NOTIFIED_FIELDS):
        history_id = meeting.history.order_by("-history_id").values_list("history_id", flat=True)[0]
        signals.send_on_commit(
            signals.meeting_changed, meeting_id=meeting.pk, history_id=history_id
        )
    return meeting


@transaction.atomic
def meetings_plan(
    *,
    actor: User | None,
    body: Any,
    plan: list[tuple[dt.datetime, str, dt.date | None]],
) -> list[Meeting]:
    """Plan several meetings at once (a year's), each with its place and agenda deadline;
    all or none."""
    return [
        meeting_schedule(
            actor=actor, body=body, starts_at=starts_at, place=place, agenda_deadline=deadline
        )
        for starts_at, place, deadline in sorted(plan, key=lambda row: row[0])
    ]


@transaction.atomic
def meeting_cancel(*, actor: User | None, meeting_id: int) -> Meeting:
    """Cancel a meeting. It stays visible (and in calendars, marked cancelled) if its agenda
    had been published; if not, it stays unpublished (cancelling publishes nothing). Minutes
    cannot be published for it."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.minutes_are_published:
        raise ValidationError(_("A meeting with published minutes cannot be cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    save_as(meeting, actor=actor, update_fields=["status"])
    if meeting.agenda_is_published:
        signals.send_on_commit(signals.meeting_cancelled, meeting_id=meeting.pk)
    return meeting
