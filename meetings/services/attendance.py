"""Attendance (deltagere, afbud, "X for Y"): record, all present, remove."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import history_user_set, save_as
from meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
)


@transaction.atomic
def attendance_record(
    *,
    actor: User | None,
    meeting: Meeting,
    person: Any,
    status: str,
    substitute_for: Any = None,
    left_after: AgendaItem | None = None,
    note: str = "",
) -> Attendance:
    """Record (or correct) one person's attendance, e.g. "Peter Pedersen for Niels Højberg"."""
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
    attendance = (
        Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
    )
    if attendance is None:
        attendance = Attendance(meeting=meeting, person=person)
    attendance.status = status
    attendance.substitute_for = substitute_for
    attendance.left_after = left_after
    attendance.note = note.strip()
    attendance.full_clean(validate_unique=False)
    save_as(attendance, actor=actor)
    return attendance


ATTENDING_ROLES = ("chair", "vice_chair", "member")


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
    return True
