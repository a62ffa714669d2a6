"""The rows of the response matrix and the export of the answers (CSV, Excel), made once
per state of the answers and cached.

The matrix of a request to every municipality has about a hundred rows; rendering them is
most of the page's work, and they change only when a response is saved, submitted or
reopened, a recipient is added, removed or reminded, or the request changes. So the rendered
rows are cached (Redis in production, ``core.cache``: without it they are rendered each
time) under a key that holds:

- ``selectors.response_matrix_stamp``: it changes with every such write (read from the
  database on every view, one query, so a write made any way shows at once);
- the viewer's ``RequestAccess.audience`` (what the access decisions depend on), so a part
  rendered for one kind of viewer is never served to another;
- the language and the status filter.

The export's file is cached the same way, its key also naming the questions as they are
(their text, kind, unit, choices and order: they may change before anybody answers without
any other trace) and the file type.

Nothing secret or personal to the viewer is in the cached part: the reopen buttons post
with the page's one form (``form="matrix-reopen"``), whose CSRF token is rendered per view.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consultations import selectors
from consultations.access import RequestAccess
from consultations.models import Question, RequestForInput, Response
from core.exports import table_response

# A renamed municipality, organisation or user shows after this at the latest (names are
# not in the stamp).
CACHE_SECONDS = 600
# A recipient id no URL has: reversed once, then replaced by each row's id.
_PLACEHOLDER = selectors.MAX_ID


@dataclass(frozen=True)
class MatrixTable:
    rows: SafeString  # the rendered <tr> elements
    shown: int  # rows shown (after the status filter)
    waiting: int  # recipients that have not submitted (before the filter)


def _url_maker(name: str, request_id: int) -> Any:
    prefix, suffix = reverse(name, args=[request_id, _PLACEHOLDER]).rsplit(str(_PLACEHOLDER), 1)
    return lambda recipient_id: f"{prefix}{recipient_id}{suffix}"


def _date(value: Any, format_name: str) -> str:
    if value is None:
        return "–"
    if format_name == "DATETIME_FORMAT":
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)


def _render(*, rfi: RequestForInput, wanted: str, reopens: bool) -> dict[str, Any]:
    rows = selectors.response_matrix(request=rfi)
    counts = selectors.reminder_counts(request=rfi)
    waiting = sum(1 for row in rows if row.status not in ("submitted", "submitted_late"))
    if wanted:
        rows = [row for row in rows if row.status == wanted]
    answer_url = _url_maker("consultations:response_form", rfi.pk)
    reopen_url = _url_maker("consultations:response_reopen", rfi.pk)
    shown = []
    for row in rows:
        recipient, response = row.recipient, row.response
        shown.append(
            {
                "name": recipient.name,
                "url": answer_url(recipient.pk),
                "status": row.status_label,
                "submitted": _date(response.submitted_at if response else None, "DATETIME_FORMAT"),
                "by": str(response.submitted_by) if response and response.submitted_by else "–",
                "reminders": counts.get(recipient.pk, 1 if recipient.reminded_on else 0),
                "reminded": _date(recipient.reminded_on, "DATE_FORMAT"),
                "reopen": reopen_url(recipient.pk)
                if reopens and response is not None and response.status == Response.Status.SUBMITTED
                else "",
            }
        )
    html = render_to_string("consultations/_matrix_rows.html", {"rows": shown})
    return {"html": str(html), "shown": len(shown), "waiting": waiting}


def matrix_table(*, rfi: RequestForInput, access: RequestAccess, wanted: str) -> MatrixTable:
    """The matrix's rows for ``wanted`` (a key of ``selectors.MATRIX_STATUS``, or "" for
    all), from the cache when nothing has changed since they were rendered."""
    stamp = selectors.response_matrix_stamp(request=rfi)
    # "r2": rows address recipients, not municipalities (decision 0023): older parts unused.
    key = f"consultations:matrix:r2:{stamp}:{access.audience}:{get_language()}:{wanted}"
    part = cache.get(key)
    if part is None:
        # Whether answers reopen is the access's rule (its inputs are in the key: the status
        # in the stamp, the right to edit in the audience).
        part = _render(rfi=rfi, wanted=wanted, reopens=access.may_manage_sent)
        cache.set(key, part, CACHE_SECONDS)
    # Rendered by _render from escaped values only.
    return MatrixTable(rows=mark_safe(part["html"]), shown=part["shown"], waiting=part["waiting"])  # noqa: S308


def _questions_digest(questions: list[Question]) -> str:
    described = repr(
        [
            (q.pk, q.position, q.kind, q.text, q.unit, q.choices, q.table_rows, q.table_columns)
            for q in questions
        ]
    )
    return hashlib.sha256(described.encode()).hexdigest()[:24]


def answers_export(*, rfi: RequestForInput, access: RequestAccess, extension: str) -> HttpResponse:
    """The answers as ``extension`` ("csv" or "xlsx"; ``core.exports.table_response``), from
    the cache when neither the answers, the recipients, the request nor its questions have
    changed since the file was made for the same audience and language."""
    questions = list(rfi.questions.all())
    stamp = selectors.response_matrix_stamp(request=rfi)
    key = (
        f"consultations:answers:r2:{stamp}:{_questions_digest(questions)}:{access.audience}"
        f":{get_language()}:{extension}"
    )
    cached = cache.get(key)
    if cached is not None:
        content, headers = cached
        return HttpResponse(content, headers=headers)
    response = table_response(
        selectors.answers_table(request=rfi, access=access, questions=questions),
        filename=f"hoeringssvar-{rfi.pk}",
        extension=extension,
        sheet_title=_("Answers"),
    )
    cache.set(key, (response.content, dict(response.headers)), CACHE_SECONDS)
    return response
