"""Reads for notifications: who gets e-mails about a body, and what the secretariat sees."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from councils.models import Body
from councils.selectors import membership_current_list
from notifications.models import Frequency, OutgoingEmail, Subscription


@dataclass(frozen=True)
class Recipient:
    email: str
    frequency: str


def _member_addresses(body: Body) -> set[str]:
    addresses = set()
    for membership in membership_current_list(body=body).select_related("person__user"):
        person = membership.person
        address = person.email or (person.user.email if person.user else "")
        if address:
            addresses.add(address.strip().lower())
    return addresses


def recipients_for_body(*, body: Body) -> list[Recipient]:
    """Current members (subscribed by default) and confirmed subscribers, less everyone who
    unsubscribed; each with the frequency they chose. Three queries."""
    rows = {s.email: s for s in Subscription.objects.filter(body=body)}
    addresses = _member_addresses(body) | {
        email for email, s in rows.items() if s.confirmed_at is not None
    }
    recipients = []
    for address in sorted(addresses):
        row = rows.get(address)
        if row is not None and row.unsubscribed_at is not None:
            continue
        recipients.append(Recipient(address, row.frequency if row else Frequency.IMMEDIATE))
    return recipients


def member_emails(*, body: Body) -> list[str]:
    """Members' addresses for reminders of their meetings, less those who unsubscribed."""
    unsubscribed = set(
        Subscription.objects.filter(body=body, unsubscribed_at__isnull=False).values_list(
            "email", flat=True
        )
    )
    return sorted(_member_addresses(body) - unsubscribed)


def subscription_for(*, body: Body, email: str) -> Subscription | None:
    return Subscription.objects.filter(body=body, email=email.strip().lower()).first()


def is_member_address(*, body: Body, email: str) -> bool:
    return email.strip().lower() in _member_addresses(body)


def emails_for_secretariat(*, body: Body) -> QuerySet[OutgoingEmail]:
    """The body's e-mails that are failed or still waiting, newest first."""
    return OutgoingEmail.objects.filter(
        body=body, status__in=[OutgoingEmail.Status.FAILED, OutgoingEmail.Status.QUEUED]
    ).order_by("-created_at")


def subscriber_count(*, body: Body) -> int:
    return len(recipients_for_body(body=body))
