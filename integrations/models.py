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
