"""Writes for the PDF of an agreement with its follow-up status (made by the Celery worker).

Rules enforced here (the same as for the meeting PDFs and the compiled answers of a request
for input, ``consultations.services_pdf``):
- a PDF is ordered as a pending row; the task is queued when the ordering transaction
  commits, so a worker never looks for a row that is not yet in the database; ordering again
  while one is waiting or being produced returns that one (also a database constraint:
  ``agr_pdf_one_in_progress``);
- a worker claims the row with a conditional update before producing it, so two workers
  never produce the same file at once; a claim older than ``PDF_LEASE_SECONDS`` counts as
  abandoned (the worker died) and may be taken over;
- the row is marked ready only after its file is completely written, so a half-written file
  is never served; after the last retry it is marked failed, with the error, for the
  secretariat to see and order again;
- the PDF holds only what every viewer of the agreement may read: no internal document, no
  reporter's name, no linked meeting item, a parent agreement only when it is public
  (``Agreement.objects.public()``). Who may order and download is decided in
  ``agreements.access`` (the views ask it).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agreements import selectors, selectors_plans
from agreements.models import Agreement
from agreements.models_pdf import AgreementPdf
from core import pdf

PDF_LANGUAGE = "da"
IN_PROGRESS = [AgreementPdf.Status.PENDING, AgreementPdf.Status.RENDERING]
logger = logging.getLogger(__name__)


def _queue(pdf_id: int) -> None:
    from agreements.tasks_pdf import render_agreement_pdf

    # Robust: if the broker is down the order still stands; the row waits as "pending" and
    # the resume job queues it.
    transaction.on_commit(lambda: render_agreement_pdf.delay(pdf_id=pdf_id), robust=True)


def agreement_pdf_request(*, actor: Any, agreement_id: int) -> AgreementPdf:
    """Order a new PDF of the agreement (made by the worker). While one is waiting or being
    produced, ordering again returns it instead of queuing a second one."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement_id)
        waiting = agreement.pdfs.filter(status__in=IN_PROGRESS).first()
        if waiting is not None:
            return waiting
        try:
            with transaction.atomic():
                made = AgreementPdf.objects.create(
                    agreement=agreement,
                    agreement_version=agreement.version,
                    requested_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:  # ordered at the same moment by someone else
            return agreement.pdfs.filter(status__in=IN_PROGRESS).get()
        _queue(made.pk)
        return made


def agreement_pdf_filename(agreement: Agreement) -> str:
    """``aftale-resultatkontrakt-2023.pdf``."""
    title = agreement.title.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return f"aftale-{slugify(title)[:80] or agreement.pk}.pdf"


def _chart_image(indicator: Any, chart: Any) -> str | None:
    """The chart as an SVG data URI for an ``<img>`` (the PDF tags it as a figure with the
    chart's description as its alternative text)."""
    if chart is None:
        return None
    svg = render_to_string(
        "agreements/pdf/chart.svg", {"chart": chart, "indicator": indicator}
    ).strip()
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def agreement_pdf_context(*, agreement: Agreement) -> dict[str, Any]:
    """What the PDF shows, the same for every viewer (see the module's docstring)."""
    agreement = Agreement.objects.select_related("body", "kind", "parent").get(pk=agreement.pk)
    parent = agreement.parent
    if parent is not None and not Agreement.objects.public().filter(pk=parent.pk).exists():
        parent = None
    goals = [
        {
            "view": view,
            "charts": [
                (item, _chart_image(item.indicator, item.chart))
                for item in view.indicators
                if item.chart is not None
            ],
        }
        for view in selectors.agreement_goals(agreement=agreement)
    ]
    return {
        "agreement": agreement,
        "parent": parent,
        "parties": list(agreement.parties.select_related("organisation", "body", "municipality")),
        "economy_lines": list(agreement.economy_lines.all()),
        "goals": goals,
        "status_rule": selectors.STATUS_RULE,
        "tracks": selectors_plans.agreement_tracks(agreement=agreement),
        "evaluations": selectors_plans.agreement_evaluations(agreement=agreement),
        "matrices": [
            selectors_plans.matrix_view(matrix=matrix) for matrix in agreement.matrices.all()
        ],
    }


def agreement_pdf_html(*, agreement: Agreement, now: dt.datetime | None = None) -> str:
    produced = timezone.localtime(now or timezone.now())
    with translation.override(PDF_LANGUAGE):
        context = agreement_pdf_context(agreement=agreement)
        title = _("Agreement: %(title)s") % {"title": agreement.title}
        return render_to_string(
            "agreements/pdf/agreement.html",
            {**context, "title": title, "language": PDF_LANGUAGE, "produced": produced},
        )


def _lease_expired(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.PDF_LEASE_SECONDS)


def agreement_pdf_render(*, pdf_id: int) -> bool:
    """Produce one ordered PDF. Returns False when there was nothing to do: already ready
    or failed, or being produced by a worker whose claim has not expired."""
    now = timezone.now()
    claimed = (
        AgreementPdf.objects.filter(pk=pdf_id)
        .filter(
            Q(status=AgreementPdf.Status.PENDING)
            | Q(status=AgreementPdf.Status.RENDERING, claimed_at__lt=_lease_expired(now))
        )
        .update(status=AgreementPdf.Status.RENDERING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    made = AgreementPdf.objects.select_related("agreement").get(pk=pdf_id)
    document = pdf.html_to_pdf(agreement_pdf_html(agreement=made.agreement, now=now))
    # Written under a new name first; the row points at it only when it is complete.
    field = AgreementPdf._meta.get_field("file")
    name = field.generate_filename(made, agreement_pdf_filename(made.agreement))
    name = field.storage.save(name, ContentFile(document), max_length=field.max_length)
    updated = AgreementPdf.objects.filter(
        pk=pdf_id, status=AgreementPdf.Status.RENDERING, claimed_at=now
    ).update(
        status=AgreementPdf.Status.READY,
        file=name,
        pages=pdf.pdf_page_count(document),
        rendered_at=timezone.now(),
        error="",
    )
    if not updated:
        # Another worker took over after our lease ran out and finished first.
        field.storage.delete(name)
    return bool(updated)


def agreement_pdf_release(*, pdf_id: int, error: str) -> None:
    """Give a claimed PDF back after a failed attempt, so the retry can claim it."""
    AgreementPdf.objects.filter(pk=pdf_id, status=AgreementPdf.Status.RENDERING).update(
        status=AgreementPdf.Status.PENDING, error=error[:2000]
    )


def agreement_pdf_fail(*, pdf_id: int, error: str) -> None:
    """Record that the last retry failed; the secretariat sees it and may order again."""
    AgreementPdf.objects.filter(pk=pdf_id).exclude(status=AgreementPdf.Status.READY).update(
        status=AgreementPdf.Status.FAILED, error=error[:2000]
    )


def agreement_pdfs_resume(*, now: dt.datetime | None = None) -> int:
    """Queue again every PDF left waiting or abandoned by a worker that died. Queuing one
    twice is harmless: only one task can claim it."""
    from agreements.tasks_pdf import render_agreement_pdf

    now = now or timezone.now()
    stale = list(
        AgreementPdf.objects.filter(
            Q(status=AgreementPdf.Status.PENDING, created_at__lt=now - dt.timedelta(minutes=1))
            | Q(status=AgreementPdf.Status.RENDERING, claimed_at__lt=_lease_expired(now))
        ).values_list("pk", flat=True)
    )
    for pk in stale:
        render_agreement_pdf.delay(pdf_id=pk)
    return len(stale)


def agreement_pdf_latest(*, agreement: Agreement) -> AgreementPdf | None:
    """The newest PDF of the agreement, whatever its state."""
    return agreement.pdfs.order_by("-created_at", "-pk").first()


def agreement_pdf_ready(*, agreement: Agreement) -> AgreementPdf | None:
    """The newest PDF that is ready (completely written)."""
    return (
        agreement.pdfs.filter(status=AgreementPdf.Status.READY)
        .order_by("-created_at", "-pk")
        .first()
    )
