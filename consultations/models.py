"""Requests for input (høringer): a body's secretariat asks municipalities (and organisations,
decision 0023) questions with a deadline; each recipient gives exactly one response, which
its contact persons write together. Who may see what is decided in ``consultations/access.py``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TIMESTAMPS, Timestamped, set_null_touching


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    CLOSED = "closed", _("Closed")


class AnswersVisibility(models.TextChoices):
    SECRETARIAT = "secretariat", _("The secretariat only")
    RECIPIENTS_AFTER_DEADLINE = (
        "recipients_after_deadline",
        _("All recipients, after the deadline"),
    )
    PUBLIC_AFTER_DEADLINE = "public_after_deadline", _("Everyone, after the deadline")


def default_reminder_days() -> list[int]:
    """Days before the deadline on which those who have not submitted are reminded."""
    return [7, 2]


class RequestForInput(Timestamped):
    """A request for input (høring) sent on behalf of a body to chosen municipalities."""

    Status = RequestStatus
    Visibility = AnswersVisibility

    body = models.ForeignKey(
        "councils.Body",
        on_delete=models.PROTECT,
        related_name="requests_for_input",
        verbose_name=_("body"),
    )
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    deadline = models.DateTimeField(_("deadline"))
    allows_late = models.BooleanField(
        _("accept late answers"),
        default=False,
        help_text=_("A first answer after the deadline is accepted and marked late."),
    )
    answers_visibility = models.CharField(
        _("who may read the answers"),
        max_length=30,
        choices=AnswersVisibility.choices,
        default=AnswersVisibility.SECRETARIAT,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    # When ``requests_opened_to_public`` last announced that the public may read the request
    # (webhooks, the change feed): once per deadline that passes.
    public_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The reminder plan: days before the deadline, and the day after it (only when late
    # answers are accepted, since otherwise nobody can answer any more).
    reminder_days = models.JSONField(
        _("reminders, days before the deadline"), default=default_reminder_days, blank=True
    )
    remind_after_deadline = models.BooleanField(
        _("remind the day after the deadline"), default=True
    )
    # The meeting item the answers feed (the compiled PDF can be attached to it as a bilag).
    meeting_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=set_null_touching,
        null=True,
        blank=True,
        related_name="requests_for_input",
        verbose_name=_("meeting item"),
    )
    # Bumped when the questions change after somebody has started answering; respondents
    # are told, and each response records the question version it was last saved against.
    questions_version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=[*TIMESTAMPS, "public_announced_at"])

    @classmethod
    def public_pks(cls, pks: Iterable[int]) -> set[int]:
        """The requests of ``pks`` the public may open (consultations.access decides)."""
        from consultations.access import requests_visible_to

        return set(
            requests_visible_to(AnonymousUser()).filter(pk__in=pks).values_list("pk", flat=True)
        )

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("request for input")
        verbose_name_plural = _("requests for input")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="rfi_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(answers_visibility__in=AnswersVisibility.values),
                name="rfi_answers_visibility_valid",
            ),
        ]
        indexes = [models.Index(fields=["body", "status"], name="rfi_body_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:request_detail", kwargs={"pk": self.pk})


class RequestAttachment(models.Model):
    """A file sent with a request (checked as meeting attachments are)."""

    request = models.ForeignKey(
        RequestForInput, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="consultations/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    position = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Recipient(models.Model):
    """A municipality or an organisation (decision 0023) a request is sent to; it answers
    once (``Response``), written by its contact persons."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        ORGANISATION = "organisation", _("Organisation")

    request = models.ForeignKey(
        RequestForInput, on_delete=models.CASCADE, related_name="recipients"
    )
    municipality = models.ForeignKey(
        "councils.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests_for_input",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests_for_input",
        verbose_name=_("organisation"),
    )
    # The day of the last reminder (one a day at most; the outbox key says the same).
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "municipality"], name="rfi_recipient_once_per_request"
            ),
            models.UniqueConstraint(
                fields=["request", "organisation"],
                name="rfi_recipient_organisation_once_per_request",
            ),
            models.CheckConstraint(
                condition=(
                    Q(municipality__isnull=False, organisation__isnull=True)
                    | Q(municipality__isnull=True, organisation__isnull=False)
                ),
                name="rfi_recipient_municipality_or_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def party(self) -> Any:
        """The municipality or the organisation that answers."""
        return self.municipality if self.municipality_id is not None else self.organisation

    @property
    def name(self) -> str:
        """What pages, the matrix, exports, the PDF, receipts and reminders print."""
        party = self.party
        return party.name if party is not None else ""

    @property
    def kind(self) -> str:
        return (
            self.Kind.MUNICIPALITY if self.municipality_id is not None else self.Kind.ORGANISATION
        )

    @property
    def outbox_key(self) -> str:
        """The recipient's part of the outbox keys: the municipality's id for a municipality
        (as before decision 0023, so nothing is sent twice across the change), ``org-<id>``
        for an organisation."""
        if self.municipality_id is not None:
            return str(self.municipality_id)
        return f"org-{self.organisation_id}"


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")
    DATE = "date", _("Date")
    FILE = "file", _("File upload")
    TABLE = "table", _("Table")


class Question(models.Model):
    Kind = QuestionKind

    request = models.ForeignKey(RequestForInput, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    # For choice questions: the options, a list of strings.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # For number questions.
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    min_value = models.DecimalField(
        _("smallest number"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # For table questions: the rows the secretariat gives and the columns to fill (lists of
    # strings); the answer is {"<row>": {"<column>": "<text>"}}.
    table_rows = models.JSONField(_("rows"), default=list, blank=True)
    table_columns = models.JSONField(_("columns"), default=list, blank=True)

    TOUCHES = ("request",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="rfi_question_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="rfi_question_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REOPENED = "reopened", _("Reopened")


class Response(models.Model):
    """The one response of a recipient municipality (its contact persons write it together).

    No row means "not opened". ``version`` is the optimistic lock (decision 0007): the form
    carries it, and a save against a stale version is a conflict.
    """

    Status = ResponseStatus

    recipient = models.OneToOneField(Recipient, on_delete=models.CASCADE, related_name="response")
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("submitted by"),
    )
    is_late = models.BooleanField(_("late"), default=False, editable=False)
    # The request's questions_version this response was last saved against.
    questions_version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ResponseStatus.values), name="rfi_response_status_valid"
            )
        ]

    def __str__(self) -> str:
        return str(self.recipient)


class Answer(models.Model):
    """One question's answer in a response; ``value`` as JSON (text, number as a string,
    a list of choices, a boolean or an ISO date)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(_("answer"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="rfi_answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response}: {self.question}"


class AnswerFile(models.Model):
    """A file given as (part of) the answer to a file-upload question."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="files")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="consultations/answers/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["response", "question", "pk"]
        verbose_name = _("answer file")
        verbose_name_plural = _("answer files")

    def __str__(self) -> str:
        return self.original_name


class CompiledPdfStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be produced")
    RENDERING = "rendering", _("Being produced")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class CompiledAnswersPdf(models.Model):
    """The compiled PDF of all submitted answers of a request, made by the worker.

    A new one is made on request; the newest ready one is served. Like the meeting PDFs a
    row is "ready" only after the file is completely written.
    """

    Status = CompiledPdfStatus

    request = models.ForeignKey(
        RequestForInput, on_delete=models.CASCADE, related_name="compiled_pdfs"
    )
    status = models.CharField(
        max_length=10, choices=CompiledPdfStatus.choices, default=CompiledPdfStatus.PENDING
    )
    file = models.FileField(upload_to="consultations/pdf/%Y/", blank=True)
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
        verbose_name = _("compiled PDF of the answers")
        verbose_name_plural = _("compiled PDFs of the answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CompiledPdfStatus.values), name="rfi_pdf_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=CompiledPdfStatus.READY) | ~Q(file=""),
                name="rfi_pdf_ready_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} (PDF {self.pk})"
