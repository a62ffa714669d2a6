"""The text of an uploaded file, read by the worker after the upload (issue 16).

One row per meetings attachment (``AttachmentText``), per agreement document
(``AgreementDocumentText``) and per evaluation with a document (``EvaluationText``). It
holds what search indexes (the text, capped), what the secretariat is told about the file
(its page count; whether it has a text layer at all), the state of the reading and the
SHA-256 of the bytes it was read from: the same bytes are not read twice, whichever file of
the same kind they arrive as.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be read")
    DONE = "done", _("Text read")
    FAILED = "failed", _("Could not be read")
    UNSUPPORTED = "unsupported", _("Not a type whose text is read")


class ExtractedText(models.Model):
    """What was read from one file; the concrete models add the file's owner."""

    Status = ExtractionStatus

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
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExtractionStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]


class AttachmentText(ExtractedText):
    attachment = models.OneToOneField(
        "meetings.Attachment",
        on_delete=models.CASCADE,
        related_name="extracted_text",
        verbose_name=_("attachment"),
    )

    class Meta(ExtractedText.Meta):
        verbose_name = _("attachment text")
        verbose_name_plural = _("attachment texts")

    def __str__(self) -> str:
        return f"{self.attachment_id}: {self.status}"


class AgreementDocumentText(ExtractedText):
    document = models.OneToOneField(
        "agreements.AgreementDocument",
        on_delete=models.CASCADE,
        related_name="extracted_text",
        verbose_name=_("agreement document"),
    )

    class Meta(ExtractedText.Meta):
        verbose_name = _("agreement document text")
        verbose_name_plural = _("agreement document texts")

    def __str__(self) -> str:
        return f"{self.document_id}: {self.status}"


class EvaluationText(ExtractedText):
    """The text of an agreement evaluation's document (``agreements.Evaluation.document``)."""

    evaluation = models.OneToOneField(
        "agreements.Evaluation",
        on_delete=models.CASCADE,
        related_name="extracted_text",
        verbose_name=_("evaluation"),
    )

    class Meta(ExtractedText.Meta):
        verbose_name = _("evaluation text")
        verbose_name_plural = _("evaluation texts")

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.status}"
