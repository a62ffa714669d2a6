"""Nominations (indstillinger): propose, accept, decline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from core.slugs import readable_slug
from councils.models import (
    Membership,
    Municipality,
    Nomination,
    Person,
    Seat,
)
from councils.services.composition.memberships import membership_appoint


def nomination_propose(
    *,
    actor: User | None,
    seat: Seat,
    candidate_name: str,
    candidate_title: str = "",
    candidate_email: str = "",
    candidate_is_elected_politician: bool = False,
    on_behalf_of_municipality: Municipality | None = None,
    motivation: str = "",
) -> Nomination:
    """Propose a candidate for a seat. The same name cannot be pending or accepted twice.

    A municipality's contact person proposes on behalf of one of their municipalities that
    the seat is open to (``accounts.rules.nomination_municipality_ids``); whoever decides
    for the seat may propose on behalf of any. ``actor=None`` is the system (demo, imports).
    """
    from accounts import rules

    if actor is not None:
        allowed = rules.nomination_municipality_ids(actor, seat)
        if allowed is not None and (
            on_behalf_of_municipality is None or on_behalf_of_municipality.pk not in allowed
        ):
            raise ValidationError(
                {"municipality": _("Your municipality does not propose candidates for this seat.")}
            )
    name = " ".join(candidate_name.split())
    if not name:
        raise ValidationError({"candidate_name": _("Write the candidate's name.")})
    duplicate = Nomination.objects.filter(
        seat=seat, candidate_name__iexact=name, status__in=["proposed", "accepted"]
    ).first()
    if duplicate is not None:
        raise ValidationError(
            {
                "candidate_name": _(
                    "%(name)s has already been proposed for this seat (%(status)s)."
                )
                % {"name": name, "status": duplicate.get_status_display().lower()}
            }
        )
    nomination = Nomination(
        seat=seat,
        candidate_name=name,
        candidate_title=candidate_title.strip(),
        candidate_email=candidate_email.strip(),
        candidate_is_elected_politician=candidate_is_elected_politician,
        on_behalf_of_municipality=on_behalf_of_municipality,
        motivation=motivation.strip(),
        proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            save_as(nomination, actor=actor)
    except IntegrityError:  # a concurrent proposal of the same name won the race
        raise ValidationError(
            {
                "candidate_name": _("%(name)s has already been proposed for this seat.")
                % {"name": name}
            }
        ) from None
    return nomination


@transaction.atomic
def nomination_accept(
    *,
    actor: User | None,
    nomination_id: int,
    start: dt.date,
    end: dt.date | None = None,
    decided_on: dt.date | None = None,
    decision_reference: str = "",
    confirm_not_politician: bool = False,
) -> Membership:
    """Accept a proposed candidate: the person (found by name, or created), the membership
    and the appointment are created together, and both secretariats are told."""
    nomination = Nomination.objects.select_for_update().select_related("seat").get(pk=nomination_id)
    if nomination.status != Nomination.Status.PROPOSED:
        raise ValidationError(_("The proposal has already been decided."))
    slug = readable_slug(nomination.candidate_name)
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        person = Person(
            name=nomination.candidate_name,
            slug=slug,
            title=nomination.candidate_title,
            email=nomination.candidate_email,
            municipality=nomination.on_behalf_of_municipality,
            is_elected_politician=nomination.candidate_is_elected_politician,
        )
        save_as(person, actor=actor)
    elif nomination.candidate_is_elected_politician and not person.is_elected_politician:
        person.is_elected_politician = True
        save_as(person, actor=actor, update_fields=["is_elected_politician"])
    membership = membership_appoint(
        actor=actor,
        seat=nomination.seat,
        person=person,
        start=start,
        end=end,
        municipality=nomination.on_behalf_of_municipality,
        decided_on=decided_on,
        decision_reference=decision_reference,
        confirm_not_politician=confirm_not_politician,
    )
    nomination.status = Nomination.Status.ACCEPTED
    nomination.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    nomination.decided_at = timezone.now()
    nomination.membership = membership
    save_as(
        nomination, actor=actor, update_fields=["status", "decided_by", "decided_at", "membership"]
    )

    from councils.tasks import send_appointment_notice

    send_appointment_notice.delay_on_commit(membership_id=membership.pk)
    return membership


@transaction.atomic
def nomination_decline(*, actor: User | None, nomination_id: int, reason: str) -> Nomination:
    nomination = Nomination.objects.select_for_update().get(pk=nomination_id)
    if nomination.status != Nomination.Status.PROPOSED:
        raise ValidationError(_("The proposal has already been decided."))
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Say why the proposal is declined.")})
    nomination.status = Nomination.Status.DECLINED
    nomination.decline_reason = reason.strip()
    nomination.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    nomination.decided_at = timezone.now()
    save_as(
        nomination,
        actor=actor,
        update_fields=["status", "decline_reason", "decided_by", "decided_at"],
    )
    return nomination
