"""Attendance (deltagere, afbud, "X for Y"): record, all present, remove."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import history_user_set, save_as
from meetings.access import MEMBER_ROLES
from meetings.models import (
    AgendaItem,
    Attendance,
    ItemDisqualification,
    Meeting,
)
from meetings.services.common import _touch


@transaction.atomic
def attendance_record(
    *,
    actor: User | None,
    meeting: Meeting,
    person: Any,
    status: str,
    substitute_for: Any = None,
    left_after: AgendaItem | None = None,
    joined_at: AgendaItem | None = None,
    note: str = "",
) -> Attendance:
    """Record (or correct) one person's attendance, e.g. "Peter Pedersen for Niels Højberg".

    ``joined_at`` is the item at which a late arrival joined, ``left_after`` the item after
    which someone left; joining after leaving is refused (record a disqualification for a
    person who steps out of one item)."""
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose how the person attended.")})
    if status == Attendance.Status.SUBSTITUTE and substitute_for is None:
        raise ValidationError({"substitute_for": _("Say whom the substitute attends for.")})
    if status != Attendance.Status.SUBSTITUTE:
        substitute_for = None
    if substitute_for is not None and substitute_for.pk == person.pk:
        raise ValidationError({"substitute_for": _("A person cannot substitute for themselves.")})
    if left_after is not None and left_after.meeting_id != meeting.pk:
        raise ValidationError({"left_after": _("The item is not on this meeting's agenda.")})
    if joined_at is not None and joined_at.meeting_id != meeting.pk:
        raise ValidationError({"joined_at": _("The item is not on this meeting's agenda.")})
    if (joined_at is not None or left_after is not None) and status == Attendance.Status.APOLOGIES:
        raise ValidationError(
            {"status": _("A person who sent apologies cannot join or leave at an item.")}
        )
    if joined_at is not None and left_after is not None:
        from meetings.numbering import agenda_order

        order = [item.pk for _n, item in agenda_order(meeting.items.all())]
        if order.index(joined_at.pk) > order.index(left_after.pk):
            raise ValidationError(
                {"joined_at": _("The person cannot join after the item after which they left.")}
            )
    attendance = (
        Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
    )
    if attendance is None:
        attendance = Attendance(meeting=meeting, person=person)
    attendance.status = status
    attendance.substitute_for = substitute_for
    attendance.left_after = left_after
    attendance.joined_at = joined_at
    attendance.note = note.strip()
    attendance.full_clean(validate_unique=False)
    save_as(attendance, actor=actor)
    # Who left or joined at an item is part of the minutes' items: a change is a draft.
    _touch(meeting)
    return attendance


@transaction.atomic
def item_disqualification_record(
    *, actor: User | None, item: AgendaItem, person: Any, note: str = ""
) -> ItemDisqualification:
    """Record that ``person`` was disqualified (inhabil) on ``item`` and took no part in it.
    Only a member or attendee of the meeting can be disqualified."""
    meeting = item.meeting
    attended = Attendance.objects.filter(meeting=meeting, person_id=person.pk).exclude(
        status=Attendance.Status.APOLOGIES
    )
    if not attended.exists():
        raise ValidationError(
            {"person": _("Only a person recorded as attending can be disqualified on an item.")}
        )
    row = ItemDisqualification.objects.filter(item=item, person_id=person.pk).first()
    if row is None:
        row = ItemDisqualification(item=item, person_id=person.pk)
    row.note = note.strip()
    save_as(row, actor=actor)
    _touch(meeting)
    return row


@transaction.atomic
def item_disqualification_remove(*, actor: User | None, item: AgendaItem, person_id: int) -> bool:
    """Remove a wrong disqualification (the history keeps it)."""
    row = ItemDisqualification.objects.filter(item=item, person_id=person_id).first()
    if row is None:
        return False
    history_user_set(row, actor=actor)
    row.delete()
    _touch(item.meeting)
    return True


ATTENDING_ROLES = MEMBER_ROLES


@transaction.atomic
def attendance_all_present(*, actor: User | None, meeting: Meeting) -> int:
    """Record every member of the body on the meeting's day (chair, vice chair, members;
    not substitutes, observers or secretaries) as present, in one action. Entries already
    recorded (an apology, a substitute) are left as they are. Returns how many were added."""
    from councils.models import Membership

    day = timezone.localtime(meeting.starts_at).date()
    recorded = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    person_ids = (
        Membership.objects.current(day)
        .filter(body_id=meeting.body_id, role__in=ATTENDING_ROLES)
        .values_list("person_id", flat=True)
        .distinct()
    )
    added = 0
    for person_id in sorted(set(person_ids) - recorded):
        save_as(
            Attendance(meeting=meeting, person_id=person_id, status=Attendance.Status.PRESENT),
            actor=actor,
        )
        added += 1
    return added


@transaction.atomic
def attendance_remove(*, actor: User | None, meeting: Meeting, person_id: int) -> bool:
    """Remove a wrong attendance entry (the history keeps it, with who removed it). False
    when there was none (removed by someone else meanwhile)."""
    attendance = (
        Attendance.objects.select_for_update().filter(meeting=meeting, person_id=person_id).first()
    )
    if attendance is None:
        return False
    history_user_set(attendance, actor=actor)
    attendance.delete()
    _touch(meeting)
    return True
