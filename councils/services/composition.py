"""A body's composition: seats, terms, appointments and nominations.

Rules enforced here (and tested in tests/councils/test_composition.py):
* a seat has at most one holder at a time, and at most one personal substitute, so a body
  never has more holders than seats and terms on the same seat do not overlap;
* a seat that requires an elected politician is only given to one;
* a membership cannot end before it starts;
* a body's terms of office do not overlap;
* the same candidate cannot be proposed twice for the same seat.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from councils.models import (
    Appointment,
    Body,
    Membership,
    MembershipRole,
    Municipality,
    Nomination,
    Organisation,
    Person,
    Seat,
    Term,
)
from councils.selectors import secretariat_emails
from kkr_portal.history import save_as
from kkr_portal.outbox import email_enqueue

__all__ = [
    "appointment_notice_send",
    "membership_appoint",
    "nomination_accept",
    "nomination_decline",
    "nomination_propose",
    "seats_create",
    "term_create",
    "term_reminders_send",
]

FAR_FUTURE = dt.date.max


def _overlaps(queryset: Any, start: dt.date, end: dt.date | None) -> Any:
    """Memberships in ``queryset`` whose period shares a day with [start, end]."""
    overlapping = queryset.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        overlapping = overlapping.filter(start__lte=end)
    return overlapping


@transaction.atomic
def seats_create(
    *,
    actor: Any,
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


@transaction.atomic
def term_create(*, actor: Any, body: Body, start: dt.date, end: dt.date) -> Term:
    """Add a term of office; terms of the same body may not overlap."""
    if end < start:
        raise ValidationError({"end": _("A term cannot end before it starts.")})
    clash = body.terms.filter(start__lte=end, end__gte=start).first()
    if clash is not None:
        raise ValidationError(
            _("The term overlaps the term %(start)s – %(end)s.")
            % {"start": clash.start.strftime("%d-%m-%Y"), "end": clash.end.strftime("%d-%m-%Y")}
        )
    term = Term(body=body, start=start, end=end)
    save_as(term, actor=actor)
    return term


@transaction.atomic
def membership_appoint(
    *,
    actor: Any,
    seat: Seat,
    person: Person,
    start: dt.date,
    end: dt.date | None = None,
    as_substitute: bool = False,
    municipality: Municipality | None = None,
    decided_on: dt.date | None = None,
    decision_reference: str = "",
    decision_url: str = "",
) -> Membership:
    """Appoint a person to a seat for a period, recording who appointed and where decided.

    Refuses, with a message saying why: an end before the start; a politician-only seat for
    someone who is not an elected politician; a seat (or its substitute place) already held
    during any part of the period; the same person twice on the same seat at once.
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
    if seat.requires_elected_politician and not as_substitute and not person.is_elected_politician:
        raise ValidationError(
            _("%(name)s is not registered as an elected politician, which this seat requires.")
            % {"name": person.name}
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


def nomination_propose(
    *,
    actor: Any,
    seat: Seat,
    candidate_name: str,
    candidate_title: str = "",
    candidate_email: str = "",
    candidate_is_elected_politician: bool = False,
    on_behalf_of_municipality: Municipality | None = None,
    motivation: str = "",
) -> Nomination:
    """Propose a candidate for a seat. The same name cannot be pending or accepted twice."""
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
    actor: Any,
    nomination_id: int,
    start: dt.date,
    end: dt.date | None = None,
    decided_on: dt.date | None = None,
    decision_reference: str = "",
) -> Membership:
    """Accept a proposed candidate: the person (found by name, or created), the membership
    and the appointment are created together, and both secretariats are told."""
    nomination = Nomination.objects.select_for_update().select_related("seat").get(pk=nomination_id)
    if nomination.status != Nomination.Status.PROPOSED:
        raise ValidationError(_("The proposal has already been decided."))
    slug = slugify(
        nomination.candidate_name.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    )
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
def nomination_decline(*, actor: Any, nomination_id: int, reason: str) -> Nomination:
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


def _secretariat_recipients(*bodies: Body | None) -> list[tuple[str, Body]]:
    """Each address of the bodies' secretariats once, with the body whose secretariat it
    belongs to: if the e-mail fails, that secretariat sees it among the body's e-mails."""
    recipients: dict[str, Body] = {}
    for body in bodies:
        if body is not None:
            for address in secretariat_emails(body):
                recipients.setdefault(address, body)
    return sorted(recipients.items(), key=lambda item: item[0])


def appointment_notice_send(*, membership_id: int) -> int:
    """Tell the appointing and the receiving body's secretariats about a new appointment.

    The appointment is marked as notified and the e-mails recorded in the outbox in one
    transaction (one e-mail per address, unique key), so a retried task sends nothing twice
    and a failed send is retried and shown to the secretariat. Returns the e-mails recorded.
    """
    with transaction.atomic():
        membership = (
            Membership.objects.select_related("person", "body", "seat__appointing_body")
            .filter(pk=membership_id)
            .first()
        )
        if membership is None:
            return 0
        if not Appointment.objects.filter(membership=membership, notified_at__isnull=True).update(
            notified_at=timezone.now()
        ):
            return 0
        appointing = membership.seat.appointing_body if membership.seat else None
        subject = _("Appointed: %(name)s to %(body)s") % {
            "name": membership.person.name,
            "body": membership.body.name,
        }
        text = _("%(name)s has been appointed to %(body)s (%(seat)s) from %(start)s.") % {
            "name": membership.person.name,
            "body": membership.body.name,
            "seat": membership.seat.label if membership.seat else "",
            "start": membership.start.strftime("%d-%m-%Y"),
        }
        recorded = 0
        for address, body in _secretariat_recipients(membership.body, appointing):
            recorded += email_enqueue(
                key=f"appointment-notice:{membership.pk}:{address}",
                to=address,
                subject=subject,
                text=text,
                body_id=body.pk,
            )
    return recorded


REMIND_DAYS_BEFORE_END = 60


def term_reminders_send(*, today: dt.date | None = None) -> int:
    """Tell secretariats, once each, of memberships ending within 60 days and of seats that
    have become vacant. Each membership and seat is claimed with a conditional update and its
    e-mails recorded in the outbox in the same transaction (unique key per address), so a
    retried or doubled task sends nothing twice and a failed send is retried and shown to
    the secretariat. Returns the number of memberships and seats told about."""
    today = today or timezone.localdate()
    sent = 0
    ending = Membership.objects.filter(
        end__gte=today,
        end__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE_END),
        end_reminded_at__isnull=True,
    ).select_related("person", "body", "seat__appointing_body")
    for membership in ending:
        with transaction.atomic():
            if not Membership.objects.filter(pk=membership.pk, end_reminded_at__isnull=True).update(
                end_reminded_at=timezone.now()
            ):
                continue
            appointing = membership.seat.appointing_body if membership.seat else None
            recipients = _secretariat_recipients(membership.body, appointing)
            values = {
                "name": membership.person.name,
                "body": membership.body.name,
                "date": membership.end.strftime("%d-%m-%Y"),
            }
            for address, body in recipients:
                email_enqueue(
                    key=f"term-ending:{membership.pk}:{membership.end:%Y-%m-%d}:{address}",
                    to=address,
                    subject=_("Term ending: %(name)s in %(body)s on %(date)s") % values,
                    text=_(
                        "The membership of %(name)s in %(body)s ends on %(date)s. Appoint a "
                        "successor or extend the membership on the KKR portal."
                    )
                    % values,
                    body_id=body.pk,
                )
            if recipients:
                sent += 1
    held_today = _overlaps(Membership.objects.exclude(role=MembershipRole.SUBSTITUTE), today, today)
    vacant = (
        Seat.objects.filter(is_active=True, vacancy_notified_at__isnull=True)
        .exclude(pk__in=held_today.filter(seat__isnull=False).values("seat_id"))
        .select_related("body", "appointing_body")
    )
    for seat in vacant:
        with transaction.atomic():
            if not Seat.objects.filter(pk=seat.pk, vacancy_notified_at__isnull=True).update(
                vacancy_notified_at=timezone.now()
            ):
                continue
            recipients = _secretariat_recipients(seat.body, seat.appointing_body)
            for address, body in recipients:
                email_enqueue(
                    key=f"seat-vacant:{seat.pk}:{today:%Y-%m-%d}:{address}",
                    to=address,
                    subject=_("Vacant seat in %(body)s") % {"body": seat.body.name},
                    text=_(
                        "The seat “%(seat)s” in %(body)s has no holder. Appoint someone on "
                        "the KKR portal."
                    )
                    % {"seat": seat.label, "body": seat.body.name},
                    body_id=body.pk,
                )
            if recipients:
                sent += 1
    return sent
