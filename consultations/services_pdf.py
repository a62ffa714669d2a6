"""Writes for the compiled PDF of all submitted answers of a request for input, and its
attachment to the meeting item the request feeds.

Rules enforced here (the same as for the meeting PDFs, ``meetings.services_pdf``):
- a PDF is ordered as a pending row; the task is queued when the ordering transaction
  commits, so a worker never looks for a row that is not yet in the database; ordering again
  while one is waiting or being produced returns that one;
- a worker claims the row with a conditional update before producing it, so two workers
  never produce the same file at once; a claim older than ``PDF_LEASE_SECONDS`` counts as
  abandoned (the worker died) and may be taken over;
- the row is marked ready only after its file is completely written, so a half-written file
  is never served; after the last retry it is marked failed, with the error, for the
  secretariat to see and order again;
- the PDF shows submitted answers only (never a draft) and is produced from the answers at
  the time it is produced; it says when.

Who may order, download and attach is decided in ``consultations.access`` (the views ask it).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from consultations import selectors
from consultations.models import CompiledAnswersPdf, RequestForInput
from core import pdf
from meetings import services as meeting_services

PDF_LANGUAGE = "da"
logger = logging.getLogger(__name__)


def _queue(pdf_id: int) -> None:
    from consultations.tasks import render_compiled_answers_pdf

    # Robust: if the broker is down the order still stands; the row waits as "pending" and
    # the resume job queues it.
    transaction.on_commit(lambda: render_compiled_answers_pdf.delay(pdf_id=pdf_id), robust=True)


@transaction.atomic
def compiled_pdf_request(*, actor: Any, request_id: int) -> CompiledAnswersPdf:
    """Order the compiled PDF of the request's submitted answers (made by the worker).

    Refused for a draft request (nothing has been answered). While a PDF is waiting or
    being produced, ordering again returns it instead of queuing a second one.
    """
    request = RequestForInput.objects.select_for_update().get(pk=request_id)
    if request.status == RequestForInput.Status.DRAFT:
        raise ValidationError(_("The request has not been sent: there are no answers yet."))
    waiting = request.compiled_pdfs.filter(
        status__in=[CompiledAnswersPdf.Status.PENDING, CompiledAnswersPdf.Status.RENDERING]
    ).first()
    if waiting is not None:
        return waiting
    compiled = CompiledAnswersPdf.objects.create(
        request=request,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _queue(compiled.pk)
    return compiled


def compiled_pdf_filename(request: RequestForInput) -> str:
    """``hoeringssvar-input-til-vaekststrategier-2014.pdf``."""
    title = request.title.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return f"hoeringssvar-{slugify(title)[:80] or request.pk}.pdf"


def compiled_pdf_html(*, request: RequestForInput, now: dt.datetime | None = None) -> str:
    """The document: a title page (request, body, deadline, how many answered, late,
    missing), then each recipient's submitted answers, late ones marked, and the recipients
    without an answer listed."""
    request = RequestForInput.objects.select_related("body").get(pk=request.pk)
    compiled = selectors.compiled_answers(request=request)
    produced = timezone.localtime(now or timezone.now())
    with translation.override(PDF_LANGUAGE):
        title = _("Answers: %(title)s") % {"title": request.title}
        return render_to_string(
            "consultations/pdf/compiled_answers.html",
            {
                "title": title,
                "language": PDF_LANGUAGE,
                "rfi": request,
                "compiled": compiled,
                "recipient_count": len(compiled.submitted) + len(compiled.missing),
                "produced": produced,
                "long_text": "long_text",
            },
        )


def _lease_expired(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.PDF_LEASE_SECONDS)


def compiled_pdf_render(*, pdf_id: int) -> bool:
    """Produce one ordered PDF. Returns False when there was nothing to do: already ready
    or failed, or being produced by a worker whose claim has not expired."""
    now = timezone.now()
    claimed = (
        CompiledAnswersPdf.objects.filter(pk=pdf_id)
        .filter(
            Q(status=CompiledAnswersPdf.Status.PENDING)
            | Q(status=CompiledAnswersPdf.Status.RENDERING, claimed_at__lt=_lease_expired(now))
        )
        .update(
            status=CompiledAnswersPdf.Status.RENDERING,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return False
    compiled = CompiledAnswersPdf.objects.select_related("request").get(pk=pdf_id)
    document = pdf.html_to_pdf(compiled_pdf_html(request=compiled.request, now=now))
    # Written under a new name first; the row points at it only when it is complete.
    field = CompiledAnswersPdf._meta.get_field("file")
    name = field.generate_filename(compiled, compiled_pdf_filename(compiled.request))
    name = field.storage.save(name, ContentFile(document), max_length=field.max_length)
    with transaction.atomic():
        updated = CompiledAnswersPdf.objects.filter(
            pk=pdf_id, status=CompiledAnswersPdf.Status.RENDERING, claimed_at=now
        ).update(
            status=CompiledAnswersPdf.Status.READY,
            file=name,
            pages=pdf.pdf_page_count(document),
            rendered_at=timezone.now(),
            error="",
        )
    if not updated:
        # Another worker took over after our lease ran out and finished first.
        field.storage.delete(name)
    return bool(updated)


def compiled_pdf_release(*, pdf_id: int, error: str) -> None:
    """Give a claimed PDF back after a failed attempt, so the retry can claim it."""
    CompiledAnswersPdf.objects.filter(pk=pdf_id, status=CompiledAnswersPdf.Status.RENDERING).update(
        status=CompiledAnswersPdf.Status.PENDING, error=error[:2000]
    )


def compiled_pdf_fail(*, pdf_id: int, error: str) -> None:
    """Record that the last retry failed; the secretariat sees it and may order again."""
    CompiledAnswersPdf.objects.filter(pk=pdf_id).exclude(
        status=CompiledAnswersPdf.Status.READY
    ).update(status=CompiledAnswersPdf.Status.FAILED, error=error[:2000])


def compiled_pdfs_resume(*, now: dt.datetime | None = None) -> int:
    """Queue again every PDF left waiting or abandoned by a worker that died. Queuing one
    twice is harmless: only one task can claim it."""
    from consultations.tasks import render_compiled_answers_pdf

    now = now or timezone.now()
    stale = list(
        CompiledAnswersPdf.objects.filter(
            Q(
                status=CompiledAnswersPdf.Status.PENDING,
                created_at__lt=now - dt.timedelta(minutes=1),
            )
            | Q(status=CompiledAnswersPdf.Status.RENDERING, claimed_at__lt=_lease_expired(now))
        ).values_list("pk", flat=True)
    )
    for pk in stale:
        render_compiled_answers_pdf.delay(pdf_id=pk)
    return len(stale)


def compiled_pdf_attachment_title(request: RequestForInput) -> str:
    # The title the secretariat has always used ("Opsummering af kommunernes input"), unless
    # organisations were asked too (decision 0023).
    if request.recipients.filter(organisation__isnull=False).exists():
        return _("Summary of the input – %(title)s") % {"title": request.title}
    return _("Summary of the municipalities' input – %(title)s") % {"title": request.title}


@transaction.atomic
def compiled_pdf_attach(*, actor: Any, request_id: int) -> Any:
    """Attach the newest ready compiled PDF to the meeting item the request feeds, as a
    bilag (through ``meetings.services.attachments_add``: the same checks as an upload).
    Refused without a linked item (or one in the bin) and without a ready PDF."""
    request = RequestForInput.objects.select_related("meeting_item__meeting").get(pk=request_id)
    item = request.meeting_item
    if item is None or item.deleted_at is not None:
        raise ValidationError(_("The request is not linked to a meeting item."))
    ready = selectors.compiled_pdf_ready(request=request)
    if ready is None:
        raise ValidationError(_("There is no compiled PDF yet. Make it first."))
    with ready.file.open("rb") as handle:
        content = handle.read()
    upload = SimpleUploadedFile(
        compiled_pdf_filename(request), content, content_type="application/pdf"
    )
    with translation.override(PDF_LANGUAGE):
        title = compiled_pdf_attachment_title(request)
    [attachment] = meeting_services.attachments_add(actor=actor, item=item, files=[(title, upload)])
    return attachment
