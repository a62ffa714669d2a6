"""Reads for requests for input, through ``consultations.access``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.access import RequestAccess, request_access, requests_visible_to
from consultations.models import Answer, Question, Recipient, RequestForInput, Response
from consultations.services import display_value

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


def response_matrix(*, request: RequestForInput) -> list[MatrixRow]:
    """One row per recipient with its response's status, when and by whom it was submitted:
    one query however many recipients."""
    recipients = request.recipients.select_related(
        "municipality", "response", "response__submitted_by"
    ).order_by("municipality__name")
    rows = []
    for recipient in recipients:
        response = getattr(recipient, "response", None)
        rows.append(MatrixRow(recipient=recipient, response=response, status=_status(response)))
    return rows


def response_for(
    *, request: RequestForInput, municipality_id: int
) -> tuple[Recipient, Response | None]:
    recipient = (
        Recipient.objects.select_related("municipality", "response", "response__submitted_by")
        .filter(request=request, municipality_id=municipality_id)
        .first()
        if 0 < municipality_id <= MAX_ID
        else None
    )
    if recipient is None:
        raise Http404
    return recipient, getattr(recipient, "response", None)


def answers_of(*, response: Response | None) -> dict[int, Any]:
    if response is None:
        return {}
    return dict(response.answers.values_list("question_id", "value"))


def answers_table(*, request: RequestForInput, access: RequestAccess) -> list[list[Any]]:
    """The export: a header, then one row per recipient (municipality, status, submitted,
    by whom), one column per question; answers only where ``access`` lets the user read them.
    Four queries however many recipients and questions."""
    questions = list(request.questions.all())
    matrix = response_matrix(request=request)
    readable = [
        row.response.pk
        for row in matrix
        if row.response is not None
        and access.sees_response(row.response, row.recipient.municipality_id)
    ]
    values: dict[tuple[int, int], Any] = {
        (response_id, question_id): value
        for response_id, question_id, value in Answer.objects.filter(
            response_id__in=readable
        ).values_list("response_id", "question_id", "value")
    }
    header = [
        str(_("Municipality")),
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
                row.recipient.municipality.name,
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
