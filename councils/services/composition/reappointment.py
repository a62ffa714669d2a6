"""The re-appointment round at the start of an election period (genudpegning).

The round itself is a read (``councils.selectors_composition.reappointment_round``); its one
write is re-appointing the same person to the same seat for the new period, which goes
through ``membership_appoint`` with all its rules (one holder at a time, the politician
warning and its confirmation).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from councils.election_periods import country_of, election_period
from councils.models import Membership, MembershipRole
from councils.services.composition.memberships import membership_appoint


@transaction.atomic
def membership_reappoint(
    *,
    actor: User | None,
    membership_id: int,
    decided_on: dt.date | None = None,
    decision_reference: str = "",
    confirm_not_politician: bool = False,
) -> Membership:
    """Appoint the holder (or personal substitute) of a seat again for the next election
    period: from the day after the membership ends to the end of that period.

    Refuses a membership without a seat or without an end (it does not end with the
    period), and whatever ``membership_appoint`` refuses (e.g. someone else already holds
    the seat in the new period).
    """
    membership = (
        Membership.objects.select_related("seat__body__region", "person", "municipality")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None or membership.seat is None:
        raise ValidationError(_("Only a membership of a seat can be renewed."))
    if membership.end is None:
        raise ValidationError(
            _("The membership of %(name)s has no last day; it does not need renewing.")
            % {"name": membership.person.name}
        )
    seat = membership.seat
    start = membership.end + dt.timedelta(days=1)
    period = election_period(on=start, country=country_of(seat.body))
    return membership_appoint(
        actor=actor,
        seat=seat,
        person=membership.person,
        start=start,
        end=period.end,
        as_substitute=membership.role == MembershipRole.SUBSTITUTE,
        municipality=membership.municipality,
        decided_on=decided_on,
        decision_reference=decision_reference,
        confirm_not_politician=confirm_not_politician,
    )
