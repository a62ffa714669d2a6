"""Subscriptions to a body's documents, and the outbox every e-mail of the portal's
notifications goes through (one row per e-mail, so none is sent twice)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("One e-mail per publication")
    DAILY = "daily", _("A daily digest")


class Subscription(models.Model):
    """Someone who wants e-mails about a body's agendas, minutes and newsletters.

    Members of the body are subscribed without a row; a row records their choice of a digest
    or that they unsubscribed. Anyone else needs a confirmed address.
    """

    Frequency = Frequency

    body = models.ForeignKey(
        "councils.Body", on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(_("e-mail"))
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["body", "email"]
        constraints = [
            models.UniqueConstraint(fields=["body", "email"], name="subscription_unique"),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="subscription_frequency_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.body}"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutgoingEmail(models.Model):
    """One e-mail to one address. ``key`` names the event and the address, so the same
    notification can be recorded only once; sending claims the row first."""

    # Never on a public page: writing one leaves the kept public pages alone (core.page_cache).
    shown_on_public_pages = False

    Status = EmailStatus

    key = models.CharField(max_length=300, unique=True)
    body = models.ForeignKey(
        "councils.Body", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    text = models.TextField()
    unsubscribe_url = models.URLField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EmailStatus.values), name="outgoing_email_status_valid"
            )
        ]
        indexes = [models.Index(fields=["body", "status"], name="outgoing_email_body_status")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class DigestEntry(models.Model):
    """An event waiting for someone's daily digest."""

    # Never on a public page: writing one leaves the kept public pages alone (core.page_cache).
    shown_on_public_pages = False

    key = models.CharField(max_length=300, unique=True)
    email = models.EmailField()
    body = models.ForeignKey("councils.Body", on_delete=models.CASCADE, related_name="+")
    line = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    digest = models.ForeignKey(
        OutgoingEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["email", "digest"], name="digest_entry_pending")]

    def __str__(self) -> str:
        return f"{self.email}: {self.line[:40]}"
