"""What other systems use to talk to the portal: API tokens (issue 15, decision 0031).

A token belongs to a body: its secretariat (or an administrator) makes it for a system that
reads the body's data, and may revoke it. Its scope is the public's view or the body's
members' view. Only the SHA-256 of the token is stored; the token itself is shown once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TokenScope(models.TextChoices):
    PUBLIC = "public", _("Public data only")
    MEMBERS = "members", _("The body's members' view (closed items included)")


class ApiToken(models.Model):
    # Never on a public page: writing one leaves the kept public pages alone (core.page_cache).
    shown_on_public_pages = False

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("Which system uses the token, e.g. “Region Midtjylland's intranet”."),
    )
    body = models.ForeignKey(
        "councils.Body",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("body"),
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.PUBLIC
    )
    # SHA-256 of the whole token: the tokens are random (256 bits), so a fast hash is enough
    # (a slow password hash would cost every API request; decision 0031).
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The token's first characters, to tell tokens apart in lists without revealing them.
    prefix = models.CharField(_("begins with"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    # Moved by a queryset update (at most once a minute), so it writes no history row.
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=["public", "members"]), name="api_token_scope_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def state(self) -> str:
        """ "revoked", "expired" or "active": the one rule of whether a token opens the API."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"


class WebhookEvent(models.TextChoices):
    """What a subscription may ask to be told (Standard Webhooks' ``type``)."""

    AGENDA_PUBLISHED = "agenda.published", _("Agenda published")
    AGENDA_CHANGED = "agenda.changed", _("Agenda changed (a new version published)")
    MINUTES_PUBLISHED = "minutes.published", _("Minutes published")
    MINUTES_CHANGED = "minutes.changed", _("Minutes changed (a new version published)")
    MINUTES_APPROVED = "minutes.approved", _("Minutes approved")
    MEETING_CHANGED = "meeting.changed", _("Meeting moved or changed")
    MEETING_CANCELLED = "meeting.cancelled", _("Meeting cancelled")
    NEWSLETTER_PUBLISHED = "newsletter.published", _("Newsletter published")
    AGREEMENT_CHANGED = "agreement.changed", _("Agreement changed, in force, ended or expired")
    REQUEST_PUBLIC = (
        "request_for_input.public",
        _("Request for input: the answers made public at the deadline"),
    )
    REQUEST_CLOSED = "request_for_input.closed", _("Request for input closed (a public one)")


class WebhookSubscription(models.Model):
    """A system's address that is told, signed, when something public happens in a body."""

    # Never on a public page: writing one leaves the kept public pages alone (core.page_cache).
    shown_on_public_pages = False

    body = models.ForeignKey(
        "councils.Body",
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("body"),
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Standard Webhooks' ``whsec_`` + base64 of 32 random bytes. Kept (not hashed): the
    # portal signs with it.
    secret = models.CharField(max_length=80, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Since when every delivery has failed (None while the last one succeeded).
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=300, blank=True)

    # The secret stays out of the history (it is not a change anyone reviews).
    history = HistoricalRecords(excluded_fields=["failing_since", "secret"])

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event for one subscription: the signed message and how its sending went."""

    # Never on a public page: writing one leaves the kept public pages alone (core.page_cache).
    shown_on_public_pages = False

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # Standard Webhooks' ``webhook-id``: the same for every attempt, so a receiver can
    # drop a message it already handled.
    message_id = models.CharField(max_length=40, unique=True)
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subscription", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "delivered", "failed"]),
                name="webhook_delivery_status_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.message_id}"
