"""The text of an attachment, read by the worker after the upload (issue 16).

One row per meetings attachment. It holds what search indexes (the text, capped), what the
secretariat is told about the file (its page count; whether it has a text layer at all), the
state of the reading and the SHA-256 of the bytes it was read from: the same bytes are not
read twice, whichever attachment they arrive as.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be read")
    DONE = "done", _("Text read")
    FAILED = "failed", _("Could not be read")
    UNSUPPORTED = "unsupported", _("Not a type whose text is read")


class AttachmentText(models.Model):
    Status = ExtractionStatus

    attachment = models.OneToOneField(
        "meetings.Attachment",
        on_delete=models.CASCADE,
        related_name="extracted_text",
        verbose_name=_("attachment"),
    )
    text = models.TextField(_("text"), blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    has_text_layer = models.BooleanField(_("has a text layer"), default=False)
    # The text was cut at the cap (extraction.extractors.MAX_TEXT_CHARS).
    truncated = models.BooleanField(_("cut short"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True, db_index=True)
    extracted_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attachment text")
        verbose_name_plural = _("attachment texts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExtractionStatus.values),
                name="extraction_attachmenttext_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attachment_id}: {self.status}"
