"""What the secretariats are told: the appointment notice, term and vacancy reminders."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.outbox import email_enqueue
from councils.models import (
    Appointment,
    Body,
    Membership,
    MembershipRole,
    Seat,
)
from councils.selectors import secretariat_emails
from councils.services.composition.common import _overlaps


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
                "date": membership.end.strftime("%d-%m-%Y") if membership.end else "",
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
