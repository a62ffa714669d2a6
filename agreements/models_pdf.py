"""The PDF of an agreement with its follow-up status, made by the Celery worker
(``agreements.services_pdf``).

One audience: the PDF holds only what everybody who may see the agreement may read (no
internal document, no reporter's name, no linked meeting item), so one file serves the
public and the secretariat alike; whether someone may download it is asked of
``agreements.access`` for the agreement, as for the page. A new one is made on request; the
newest ready one is served. A row is "ready" only after its file is completely written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgreementPdfStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be produced")
    RENDERING = "rendering", _("Being produced")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class AgreementPdf(models.Model):
    """The PDF of one agreement as it was when produced (``agreement_version`` records the
    agreement's version at the order)."""

    Status = AgreementPdfStatus

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="pdfs"
    )
    agreement_version = models.PositiveIntegerField(_("agreement version"), default=1)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AgreementPdfStatus.choices,
        default=AgreementPdfStatus.PENDING,
    )
    file = models.FileField(upload_to="agreements/pdf/%Y/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("agreement PDF")
        verbose_name_plural = _("agreement PDFs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AgreementPdfStatus.values), name="agr_pdf_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=AgreementPdfStatus.READY) | ~Q(file=""),
                name="agr_pdf_ready_has_file",
            ),
            # At most one waiting or being produced per agreement (ordering again returns it).
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status__in=["pending", "rendering"]),
                name="agr_pdf_one_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} (PDF {self.pk})"
