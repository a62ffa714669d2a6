"""Memberships and appointments (udpegninger): appoint to a seat, end a membership."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import roles_changed
from core.history import save_as
from councils.models import (
    Appointment,
    Membership,
    MembershipRole,
    Municipality,
    Person,
    Seat,
)
from councils.services.composition.common import _date, _overlaps

# The code of the refusal that a confirmation lifts: the seat requires an elected
# politician and the person is not registered as one (``membership_appoint``).
NOT_ELECTED_POLITICIAN = "not_elected_politician"


@transaction.atomic
def membership_end(*, actor: User | None, membership_id: int, end: dt.date) -> Membership:
    """End a membership on ``end`` (its last day), e.g. when someone leaves the seat.

    Refuses an end before the start, and moving the end later into a period in which the
    seat (or its substitute place) is held by someone else.
    """
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("person", "seat")
        .get(pk=membership_id)
    )
    if end < membership.start:
        raise ValidationError({"end": _("A membership cannot end before it starts.")})
    if membership.end == end:
        return membership
    if membership.seat is not None and (membership.end is not None and end > membership.end):
        same_kind = membership.seat.memberships.exclude(pk=membership.pk)
        same_kind = (
            same_kind.filter(role=MembershipRole.SUBSTITUTE)
            if membership.role == MembershipRole.SUBSTITUTE
            else same_kind.exclude(role=MembershipRole.SUBSTITUTE)
        )
        holder = _overlaps(same_kind, membership.start, end).select_related("person").first()
        if holder is not None:
            raise ValidationError(
                {
                    "end": _("%(name)s holds the seat from %(start)s.")
                    % {"name": holder.person.name, "start": _date(holder.start)}
                }
            )
    membership.end = end
    membership.end_reminded_at = None
    save_as(membership, actor=actor, update_fields=["end", "end_reminded_at"])
    roles_changed(Person.objects.filter(pk=membership.person_id).values_list("user_id", flat=True))
    return membership


@transaction.atomic
def membership_appoint(
    *,
    actor: User | None,
    seat: Seat,
    person: Person,
    start: dt.date,
    end: dt.date | None = None,
    as_substitute: bool = False,
    municipality: Municipality | None = None,
    decided_on: dt.date | None = None,
    decision_reference: str = "",
    decision_url: str = "",
    confirm_not_politician: bool = False,
) -> Membership:
    """Appoint a person to a seat for a period, recording who appointed and where decided.

    Refuses, with a message saying why: an end before the start; a seat (or its substitute
    place) already held during any part of the period; the same person twice on the same
    seat at once. A politician-only seat for someone not registered as an elected
    politician is refused with the code ``NOT_ELECTED_POLITICIAN`` unless
    ``confirm_not_politician`` says the secretariat has seen the warning and goes on.
    """
    # Lock only the seat row: PostgreSQL cannot lock the nullable side of the outer join.
    seat = (
        Seat.objects.select_for_update(of=("self",))
        .select_related("body", "appointing_body")
        .get(pk=seat.pk)
    )
    if end is not None and end < start:
        raise ValidationError({"end": _("A membership cannot end before it starts.")})
    if not seat.is_active:
        raise ValidationError(_("The seat has been abolished."))
    if as_substitute and not seat.has_personal_substitute:
        raise ValidationError(_("This seat has no personal substitute."))
    if (
        seat.requires_elected_politician
        and not as_substitute
        and not person.is_elected_politician
        and not confirm_not_politician
    ):
        raise ValidationError(
            _("%(name)s is not registered as an elected politician, which this seat requires.")
            % {"name": person.name},
            code=NOT_ELECTED_POLITICIAN,
        )
    role = MembershipRole.SUBSTITUTE if as_substitute else seat.role
    same_kind = (
        seat.memberships.filter(role=MembershipRole.SUBSTITUTE)
        if as_substitute
        else seat.memberships.exclude(role=MembershipRole.SUBSTITUTE)
    )
    if _overlaps(seat.memberships.filter(person=person), start, end).exists():
        raise ValidationError(
            _("%(name)s already holds this seat during that period.") % {"name": person.name}
        )
    holder = _overlaps(same_kind, start, end).select_related("person").first()
    if holder is not None:
        raise ValidationError(
            _(
                "The seat is held by %(name)s from %(start)s%(until)s; all seats of this kind "
                "are taken for that period."
            )
            % {
                "name": holder.person.name,
                "start": holder.start.strftime("%d-%m-%Y"),
                "until": _(" to %(end)s") % {"end": holder.end.strftime("%d-%m-%Y")}
                if holder.end
                else "",
            }
        )
    membership = Membership(
        person=person,
        body=seat.body,
        role=role,
        start=start,
        end=end,
        seat=seat,
        on_behalf_of=seat.nominating_organisation,
        municipality=municipality,
    )
    membership.full_clean()
    save_as(membership, actor=actor)
    roles_changed(Person.objects.filter(pk=person.pk).values_list("user_id", flat=True))
    appointment = Appointment(
        appointing_body=seat.appointing_body,
        membership=membership,
        decided_on=decided_on,
        decision_reference=decision_reference,
        decision_url=decision_url,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_as(appointment, actor=actor)
    Seat.objects.filter(pk=seat.pk).update(vacancy_notified_at=None)
    return membership
