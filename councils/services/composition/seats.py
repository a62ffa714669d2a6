"""Seats (pladser): create, change, abolish."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from core.models import tombstone_if_withdrawn
from councils.models import (
    Body,
    MembershipRole,
    Organisation,
    Seat,
)
from councils.services.composition.common import _date, _ongoing


@transaction.atomic
def seats_create(
    *,
    actor: User | None,
    body: Body,
    count: int,
    label: str,
    role: str = MembershipRole.MEMBER,
    nominating_organisation: Organisation | None = None,
    appointing_body: Body | None = None,
    requires_elected_politician: bool = False,
    has_personal_substitute: bool = False,
) -> list[Seat]:
    """Add ``count`` seats of one kind to a body (e.g. six seats nominated by DA)."""
    if count < 1:
        raise ValidationError({"count": _("A body needs at least one seat of a kind.")})
    if role == MembershipRole.SUBSTITUTE:
        raise ValidationError(
            {"role": _("Substitutes are attached to a seat, not seats of their own.")}
        )
    start = body.seats.count()
    seats = []
    for number in range(count):
        seat = Seat(
            body=body,
            label=label,
            role=role,
            nominating_organisation=nominating_organisation,
            appointing_body=appointing_body,
            requires_elected_politician=requires_elected_politician,
            has_personal_substitute=has_personal_substitute,
            position=start + number,
        )
        save_as(seat, actor=actor)
        seats.append(seat)
    return seats


SEAT_EDITABLE_FIELDS = (
    "label",
    "role",
    "nominating_organisation",
    "appointing_body",
    "requires_elected_politician",
    "has_personal_substitute",
)


@transaction.atomic
def seat_update(
    *,
    actor: User | None,
    seat_id: int,
    label: str,
    role: str,
    nominating_organisation: Organisation | None = None,
    appointing_body: Body | None = None,
    requires_elected_politician: bool = False,
    has_personal_substitute: bool = False,
) -> Seat:
    """Change a seat's label, role, who nominates and who appoints to it, and its demands.

    Refuses a substitute's role (substitutes belong to a seat), an empty name, and taking
    away the personal substitute while someone is registered as it now or later (end that
    membership first).
    """
    seat = Seat.objects.select_for_update(of=("self",)).get(pk=seat_id)
    if not seat.is_active:
        raise ValidationError(_("The seat has been abolished."))
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": _("Give the seat a name.")})
    if role == MembershipRole.SUBSTITUTE:
        raise ValidationError(
            {"role": _("Substitutes are attached to a seat, not seats of their own.")}
        )
    today = timezone.localdate()
    if (
        seat.has_personal_substitute
        and not has_personal_substitute
        and _ongoing(seat.memberships.filter(role=MembershipRole.SUBSTITUTE), today).exists()
    ):
        raise ValidationError(
            {
                "has_personal_substitute": _(
                    "The seat has a substitute now or later; end that membership first."
                )
            }
        )
    values = {
        "label": label,
        "role": role,
        "nominating_organisation": nominating_organisation,
        "appointing_body": appointing_body,
        "requires_elected_politician": requires_elected_politician,
        "has_personal_substitute": has_personal_substitute,
    }
    changed = [name for name, value in values.items() if getattr(seat, name) != value]
    if changed:
        for name in changed:
            setattr(seat, name, values[name])
        seat.full_clean()
        save_as(seat, actor=actor, update_fields=changed)
    return seat


@transaction.atomic
def seat_end(*, actor: User | None, seat_id: int, last_day: dt.date | None = None) -> Seat:
    """Abolish a seat (it stays in the history, with its former holders).

    Refuses while anyone holds it, or is its substitute, after ``last_day`` (today by
    default): end those memberships first, so nobody silently loses a seat.
    """
    last_day = last_day or timezone.localdate()
    seat = Seat.objects.select_for_update(of=("self",)).get(pk=seat_id)
    if not seat.is_active:
        raise ValidationError(_("The seat has been abolished."))
    remaining = _ongoing(seat.memberships.all(), last_day).select_related("person").first()
    if remaining is not None:
        raise ValidationError(
            _("%(name)s holds the seat after %(date)s. End that membership first.")
            % {"name": remaining.person.name, "date": _date(last_day)}
        )
    seat.is_active = False
    save_as(seat, actor=actor, update_fields=["is_active"])
    # The public lists active seats only: a system syncing them learns it is gone.
    tombstone_if_withdrawn(seat, was_public=True)
    return seat


@transaction.atomic
def seat_holders_announce(*, today: dt.date | None = None) -> int:
    """Move ``modified`` of the seats whose holder today is not the one the change feed last
    showed: an appointment that begins or ends on a date changes the seat's holder without
    any write, and a system syncing seats by ``modified_since`` must still see it. Run by
    Celery beat every hour (a missed run is caught up by the next: it compares, it does not
    count days). Returns how many seats moved."""
    from councils.selectors_composition import _seats_with_holders, seat_holder

    today = today or timezone.localdate()
    changed: dict[int | None, list[int]] = {}
    for seat in _seats_with_holders(today).select_related(None).only("pk", "announced_holder_id"):
        holder = seat_holder(seat, today)
        person_id = holder.person_id if holder else None
        if person_id != seat.announced_holder_id:
            changed.setdefault(person_id, []).append(seat.pk)
    for person_id, seat_ids in changed.items():
        # A TimestampedQuerySet update: ``modified`` moves with it.
        Seat.objects.filter(pk__in=seat_ids).update(announced_holder_id=person_id)
    return sum(len(ids) for ids in changed.values())
