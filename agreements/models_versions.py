"""The versions of an agreement: each change after it came into force is a new version with
a note saying what changed and why (``agreements.services``), and a snapshot of what the
agreement then said (``agreements.selectors_versions.agreement_snapshot``): its fields,
parties, economy, goals and their indicators' targets. Drafts have no versions; the first
is recorded when the agreement comes into force.

Who sees them is asked of ``agreements.access.may_see_versions`` (the versions of an
agreement are as public as the agreement).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgreementVersion(models.Model):
    """One version of an agreement, numbered from 1, immutable once recorded."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    note = models.TextField(_("what changed and why"))
    snapshot = models.JSONField(_("content"), default=dict)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agr_version_once"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="agr_version_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} v{self.number}"
