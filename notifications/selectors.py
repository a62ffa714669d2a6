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


@dataclass(frozen=True)
class SubscriptionState:
    state: str  # "subscribed", "member_default", "unsubscribed" or "none"
    frequency: str


def subscription_state(*, body: Body, email: str) -> SubscriptionState:
    """Whether this address gets the body's e-mails, by the same rule as the sending
    (``recipients_for_body``), and how often."""
    email = email.strip().lower()
    row = Subscription.objects.filter(body=body, email=email).first()
    recipient = next((r for r in recipients_for_body(body=body) if r.email == email), None)
    if row is not None and row.unsubscribed_at is not None:
        state = "unsubscribed"
    elif recipient is None:
        state = "none"
    else:
        state = "subscribed" if row is not None else "member_default"
    return SubscriptionState(state, recipient.frequency if recipient else Frequency.IMMEDIATE)


def emails_for_secretariat(*, body: Body) -> QuerySet[OutgoingEmail]:
    """The body's e-mails that are failed or still waiting, newest first."""
    return OutgoingEmail.objects.filter(
        body=body, status__in=[OutgoingEmail.Status.FAILED, OutgoingEmail.Status.QUEUED]
    ).order_by("-created_at")


def subscriber_count(*, body: Body) -> int:
    return len(recipients_for_body(body=body))
