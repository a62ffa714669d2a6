"""Reads for requests for input, through ``consultations.access``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Collate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.access import (
    RequestAccess,
    public_requests,
    recipients_answered_by,
    request_access,
    requests_visible_to,
)
from consultations.models import (
    Answer,
    AnswerFile,
    CompiledAnswersPdf,
    Question,
    Recipient,
    RequestForInput,
    Response,
)
from consultations.services import display_value
from core.collation import COLLATION_NAME
from meetings.access import item_is_closed, meeting_access
from meetings.models import AgendaItem

MAX_ID = 2**31 - 1

MATRIX_STATUS = {
    "not_opened": _("Not opened"),
    "draft": _("Draft"),
    "submitted": _("Submitted"),
    "submitted_late": _("Submitted late"),
    "reopened": _("Reopened"),
}


def request_get_for_user(*, user: Any, pk: int) -> tuple[RequestForInput, RequestAccess]:
    """The request and the user's access to it; 404 when the user may not see it (a draft
    of another body is not even admitted to exist)."""
    request = (
        RequestForInput.objects.select_related("body").filter(pk=pk).first()
        if 0 < pk <= MAX_ID
        else None
    )
    if request is None:
        raise Http404
    access = request_access(user, request)
    if not access.may_view:
        raise Http404
    return request, access


def request_list_for_user(*, user: Any) -> QuerySet[RequestForInput]:
    return requests_visible_to(user).select_related("body").order_by("-deadline", "-pk")


def body_request_list(*, body: Any) -> QuerySet[RequestForInput]:
    return body.requests_for_input.order_by("-deadline", "-pk")


@dataclass(frozen=True)
class MatrixRow:
    recipient: Recipient
    response: Response | None
    status: str

    @property
    def status_label(self) -> str:
        return str(MATRIX_STATUS[self.status])


def _status(response: Response | None) -> str:
    if response is None:
        return "not_opened"
    if response.status == Response.Status.REOPENED:
        return "reopened"
    if response.status == Response.Status.SUBMITTED:
        return "submitted_late" if response.is_late else "submitted"
    return "draft"


def recipients_by_name(queryset: QuerySet[Recipient]) -> QuerySet[Recipient]:
    """Recipients with their municipality or organisation, by ``Recipient.name`` in Danish
    order (municipalities and organisations mixed, as one list of names)."""
    return queryset.select_related("municipality", "organisation").order_by(
        Collate(Coalesce(F("municipality__name"), F("organisation__name")), COLLATION_NAME),
        "pk",
    )


def response_matrix(*, request: RequestForInput) -> list[MatrixRow]:
    """One row per recipient with its response's status, when and by whom it was submitted:
    one query however many recipients."""
    recipients = recipients_by_name(request.recipients.all()).select_related(
        "response", "response__submitted_by"
    )
    rows = []
    for recipient in recipients:
        response = getattr(recipient, "response", None)
        rows.append(MatrixRow(recipient=recipient, response=response, status=_status(response)))
    return rows


def response_matrix_stamp(*, request: RequestForInput) -> str:
    """A short text that changes with every write the response matrix and the export show,
    whichever way it was made: a response created, saved, submitted or reopened (their
    number, the sum of their versions, the latest save), a recipient added, removed or
    reminded (the recipients' history: every save adds a row), and the request itself (its
    version, status and question version, read from ``request``). One query however many
    recipients. Names (of municipalities, organisations, users) are not in it: a renamed one
    shows when the cached part expires (``consultations.matrix.CACHE_SECONDS``)."""
    recipients_changed = Subquery(
        Recipient.history.filter(request_id=OuterRef("pk"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    stamp = (
        RequestForInput.objects.filter(pk=request.pk)
        .values("pk")
        .annotate(
            stamp_responses=Count("recipients__response"),
            stamp_versions=Sum("recipients__response__version"),
            stamp_saved=Max("recipients__response__updated_at"),
            stamp_recipients=recipients_changed,
        )
        .values_list("stamp_responses", "stamp_versions", "stamp_saved", "stamp_recipients")
        .first()
    )
    responses, versions, saved, recipients = stamp or (0, 0, None, None)
    saved_at = saved.timestamp() if saved is not None else 0
    return (
        f"{request.pk}.{request.version}.{request.status}.{request.questions_version}"
        f"-{responses}.{versions or 0}.{saved_at}-{recipients or 0}"
    )


def response_for(
    *, request: RequestForInput, recipient_id: int
) -> tuple[Recipient, Response | None]:
    """The request's recipient (404 when it is not one of the request's) and its response."""
    recipient = (
        Recipient.objects.select_related(
            "municipality", "organisation", "response", "response__submitted_by"
        )
        .filter(request=request, pk=recipient_id)
        .first()
        if 0 < recipient_id <= MAX_ID
        else None
    )
    if recipient is None:
        raise Http404
    return recipient, getattr(recipient, "response", None)


def recipient_id_for_municipality(*, request: RequestForInput, municipality_id: int) -> int:
    """The id of the request's recipient for a municipality (the answer's address before
    decision 0023, still in e-mails already sent); 404 when the municipality is not one."""
    recipient_id = (
        request.recipients.filter(municipality_id=municipality_id)
        .values_list("pk", flat=True)
        .first()
        if 0 < municipality_id <= MAX_ID
        else None
    )
    if recipient_id is None:
        raise Http404
    return recipient_id


def answers_of(*, response: Response | None) -> dict[int, Any]:
    if response is None:
        return {}
    return dict(response.answers.values_list("question_id", "value"))


def answers_table(
    *, request: RequestForInput, access: RequestAccess, questions: list[Question] | None = None
) -> list[list[Any]]:
    """The export: a header, then one row per recipient (its name, status, submitted,
    by whom), one column per question; answers only where ``access`` lets the user read them.
    Four queries however many recipients and questions (three when ``questions`` are
    given)."""
    if questions is None:
        questions = list(request.questions.all())
    matrix = response_matrix(request=request)
    readable = [
        row.response.pk
        for row in matrix
        if row.response is not None and access.sees_response(row.response, row.recipient.pk)
    ]
    values: dict[tuple[int, int], Any] = {
        (response_id, question_id): value
        for response_id, question_id, value in Answer.objects.filter(
            response_id__in=readable
        ).values_list("response_id", "question_id", "value")
    }
    header = [
        str(_("Recipient")),
        str(_("Status")),
        str(_("Submitted")),
        str(_("Submitted by")),
        *[_question_heading(q) for q in questions],
    ]
    rows: list[list[Any]] = [header]
    for row in matrix:
        response = row.response
        submitted = response.submitted_at if response is not None else None
        rows.append(
            [
                row.recipient.name,
                row.status_label,
                timezone.localtime(submitted).replace(tzinfo=None) if submitted else None,
                str(response.submitted_by or "") if response is not None else "",
                *[
                    display_value(q, values.get((response.pk, q.pk))) if response else ""
                    for q in questions
                ],
            ]
        )
    return rows


def _question_heading(question: Question) -> str:
    return f"{question.position}. {question.text}"


# --- What comes out of a request: answers side by side, the compiled PDF, the public list ---


@dataclass(frozen=True)
class RecipientAnswer:
    recipient: Recipient
    text: str
    is_late: bool
    is_html: bool


@dataclass(frozen=True)
class QuestionAnswers:
    question: Question
    answers: list[RecipientAnswer]


def answers_by_question(
    *, request: RequestForInput, access: RequestAccess
) -> list[QuestionAnswers]:
    """Per question, each recipient's answer as the user may read it (``sees_response``:
    never another recipient's draft); recipients without a readable answer are left out.
    Three queries however many recipients and questions."""
    questions = list(request.questions.all())
    readable = {
        row.response.pk: row
        for row in response_matrix(request=request)
        if row.response is not None and access.sees_response(row.response, row.recipient.pk)
    }
    values: dict[tuple[int, int], Any] = {
        (response_id, question_id): value
        for response_id, question_id, value in Answer.objects.filter(
            response_id__in=list(readable)
        ).values_list("response_id", "question_id", "value")
    }
    result = []
    for question in questions:
        answers = []
        for response_id, row in readable.items():
            text = display_value(question, values.get((response_id, question.pk)))
            if text:
                answers.append(
                    RecipientAnswer(
                        recipient=row.recipient,
                        text=text,
                        is_late=bool(row.response and row.response.is_late),
                        is_html=question.kind == Question.Kind.LONG_TEXT,
                    )
                )
        result.append(QuestionAnswers(question=question, answers=answers))
    return result


@dataclass(frozen=True)
class CompiledRecipient:
    recipient: Recipient
    response: Response | None
    answers: list[tuple[Question, str]]


@dataclass(frozen=True)
class CompiledAnswers:
    """What the compiled PDF shows: the submitted answers per recipient, and who is missing."""

    questions: list[Question]
    submitted: list[CompiledRecipient]
    missing: list[Recipient]  # recipients without a submitted answer
    late_count: int


def compiled_answers(*, request: RequestForInput) -> CompiledAnswers:
    """Every submitted answer (a reopened answer counts with what was submitted before; a
    draft never), in the recipients' order, for the compiled PDF. Three queries."""
    questions = list(request.questions.all())
    matrix = response_matrix(request=request)
    submitted_rows = [
        row for row in matrix if row.response is not None and row.response.submitted_at
    ]
    values: dict[tuple[int, int], Any] = {
        (response_id, question_id): value
        for response_id, question_id, value in Answer.objects.filter(
            response_id__in=[row.response.pk for row in submitted_rows if row.response]
        ).values_list("response_id", "question_id", "value")
    }
    submitted = [
        CompiledRecipient(
            recipient=row.recipient,
            response=row.response,
            answers=[
                (q, display_value(q, values.get((row.response.pk, q.pk))))
                for q in questions
                if row.response is not None
            ],
        )
        for row in submitted_rows
    ]
    missing = [
        row.recipient for row in matrix if row.response is None or not row.response.submitted_at
    ]
    return CompiledAnswers(
        questions=questions,
        submitted=submitted,
        missing=missing,
        late_count=sum(1 for r in submitted if r.response and r.response.is_late),
    )


def compiled_pdf_latest(*, request: RequestForInput) -> CompiledAnswersPdf | None:
    """The newest compiled PDF of the request, whatever its state."""
    return request.compiled_pdfs.order_by("-created_at", "-pk").first()


def compiled_pdf_ready(*, request: RequestForInput) -> CompiledAnswersPdf | None:
    """The newest compiled PDF that is ready (completely written)."""
    return (
        request.compiled_pdfs.filter(status=CompiledAnswersPdf.Status.READY)
        .order_by("-created_at", "-pk")
        .first()
    )


def public_request_list() -> QuerySet[RequestForInput]:
    """The requests everyone may read (``access.public_requests``), newest deadline first."""
    return public_requests().select_related("body").order_by("-deadline", "-pk")


def open_requests_for_contact(*, user: Any) -> list[Recipient]:
    """ "Mine opgaver": the recipients the user answers for whose answer is not submitted
    (none, a draft, or reopened) and can still be given (the deadline is ahead, or the
    request takes late answers), earliest deadline first."""
    now = timezone.now()
    recipients = list(
        recipients_by_name(recipients_answered_by(user))
        .exclude(response__status=Response.Status.SUBMITTED)
        .filter(
            Q(request__deadline__gt=now)
            | Q(request__allows_late=True, response__isnull=True)
            | Q(request__allows_late=True, response__submitted_at__isnull=True)
            | Q(response__status=Response.Status.REOPENED)
        )
        .select_related("request__body")
        .order_by(
            "request__deadline",
            "request__pk",
            Collate(Coalesce(F("municipality__name"), F("organisation__name")), COLLATION_NAME),
        )[:50]
    )
    for recipient in recipients:
        # Late answers are still taken: shown as overdue.
        recipient.is_overdue = recipient.request.deadline <= now  # type: ignore[attr-defined]
    return recipients


def answer_values(*, response_ids: list[int]) -> dict[tuple[int, int], Any]:
    """(response id, question id) -> stored value, for the given responses: one query."""
    return {
        (response_id, question_id): value
        for response_id, question_id, value in Answer.objects.filter(
            response_id__in=response_ids
        ).values_list("response_id", "question_id", "value")
    }


def reminder_counts(*, request: RequestForInput) -> dict[int, int]:
    """How many reminders each recipient got: the days in its history on which
    ``reminded_on`` was set (one reminder a day at most). One query however many
    recipients."""
    return dict(
        Recipient.history.filter(request_id=request.pk, reminded_on__isnull=False)
        .values("id")
        .annotate(days=Count("reminded_on", distinct=True))
        .values_list("id", "days")
    )


def stored_files(*, response: Response | None) -> dict[int, list[AnswerFile]]:
    """The files stored with a response, per question id: one query."""
    by_question: dict[int, list[AnswerFile]] = {}
    if response is not None:
        for answer_file in AnswerFile.objects.filter(response=response):
            by_question.setdefault(answer_file.question_id, []).append(answer_file)
    return by_question


def questions_changed_on(
    *, request: RequestForInput, response: Response | None
) -> dt.datetime | None:
    """When the questions last changed, if after this response was last saved (the
    respondents are asked to check their answer); None otherwise."""
    if response is None or response.questions_version >= request.questions_version:
        return None
    change = (
        request.history.filter(questions_version=request.questions_version)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return change or request.created_at


def request_meeting_link(*, user: Any, request: RequestForInput) -> dict[str, Any] | None:
    """The meeting item the request feeds, as the viewer may see it: a link only when
    ``meetings.access`` lets the viewer see the meeting; a closed item's title only to
    those who see closed items."""
    if request.meeting_item_id is None:
        return None
    item = (
        AgendaItem.objects.select_related("meeting__body", "parent")
        .filter(pk=request.meeting_item_id)
        .first()
    )
    if item is None:
        return None
    access = meeting_access(user, item.meeting)
    if not access.may_view:
        return None
    closed = item_is_closed(item, item.parent)
    return {
        "url": f"{item.meeting.get_absolute_url()}#item-{item.pk}",
        "meeting": item.meeting,
        "title": None if closed and not access.sees_closed else item.title,
    }


def meeting_items_for(*, body: Any, current_id: int | None = None) -> QuerySet[AgendaItem]:
    """The items of the body's meetings for the request form: coming meetings first (the
    soonest first), then those of the past year (the newest first), and the item already
    chosen; one query with the meeting joined."""
    now = timezone.now()
    recent = Q(meeting__starts_at__gte=now - dt.timedelta(days=366))
    if current_id is not None:
        recent |= Q(pk=current_id)
    return (
        AgendaItem.objects.filter(recent, meeting__body=body)
        .select_related("meeting")
        .annotate(
            coming=Case(
                When(Q(meeting__starts_at__gte=now), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by(
            "coming",
            Case(When(coming=0, then="meeting__starts_at")).asc(),
            Case(When(coming=1, then="meeting__starts_at")).desc(),
            "position",
            "pk",
        )
    )
