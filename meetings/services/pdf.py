"""Writes for the PDF files of published agendas and minutes.

Rules enforced here:
- each published version gets one PDF per audience (public and members; unique constraint);
  the public file is made from the same selector as the public page, so a closed item's
  content never reaches it;
- the HTML is fixed when the version is published, so a PDF produced later still shows
  that version;
- a worker claims a PDF with a conditional update before producing it, so two workers never
  produce the same file at once; a claim older than ``PDF_LEASE_SECONDS`` counts as
  abandoned (the worker died) and may be taken over;
- a PDF is marked ready only after its files are completely written, so a half-written file
  is never served; after the last retry it is marked failed, with the error, for the
  secretariat to see and retry.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from accounts.models import User
from core import pdf
from meetings.access import pdf_shows_attendance
from meetings.agenda import agenda_views, closed_ids
from meetings.minutes import appeal_period_ends, minutes_state
from meetings.models import (
    Attendance,
    AttendanceStatus,
    MeetingPdf,
    MinutesAdjuster,
    PublishedVersion,
)

PDF_LANGUAGE = "da"
logger = logging.getLogger(__name__)


def _document_label(version: PublishedVersion) -> str:
    return "Referat" if version.document == PublishedVersion.Document.MINUTES else "Dagsorden"


def pdf_filename(meeting_pdf: MeetingPdf, *, combined: bool) -> str:
    """``samlet-referat-kd-net-midtjylland-2014-08-22-v2.pdf``: the version is in the name,
    so a saved older file is never mistaken for the current one."""
    version = meeting_pdf.version
    meeting = version.meeting
    local_start = timezone.localtime(meeting.starts_at)
    name = slugify(
        f"{_document_label(version)} {meeting.body.short_name or meeting.body.name} "
        f"{local_start:%Y-%m-%d} v{version.number}"
    )
    if meeting_pdf.audience == MeetingPdf.Audience.PUBLIC:
        name += "-offentlig"
    return f"samlet-{name}.pdf" if combined else f"{name}.pdf"


def _render_html(version: PublishedVersion, *, public: bool) -> tuple[str, str, list[dict]]:
    meeting = version.meeting
    minutes = version.document == PublishedVersion.Document.MINUTES
    # From the version's snapshot: the PDF shows exactly what was published.
    shows_attendance = pdf_shows_attendance(meeting.body, public=public)
    items = agenda_views(
        version.snapshot,
        see_closed=not public,
        show_decisions=minutes,
        show_attendance=shows_attendance,
    )
    attendance = None
    if minutes and shows_attendance:
        attendance = list(
            Attendance.objects.filter(meeting=meeting).select_related(
                "person", "substitute_for", "left_after"
            )
        )
        numbers: dict[int | None, str] = {item.pk: item.number for item in items}
        for entry in attendance:
            entry.left_after_number = numbers.get(entry.left_after_id, "")  # type: ignore[attr-defined]  # for the template
    state = minutes_state(meeting)
    if state.uses_justering and state.announced_at is None:
        # Rendered while the first minutes are being published: that is the announcement.
        state = dataclasses.replace(
            state,
            announced_at=version.published_at,
            appeal_ends=appeal_period_ends(version.published_at),
        )
    adjusters = (
        list(MinutesAdjuster.objects.filter(meeting=meeting).select_related("person"))
        if minutes and state.uses_justering
        else []
    )
    label = _document_label(version)
    local_start = timezone.localtime(meeting.starts_at)
    with translation.override(PDF_LANGUAGE):
        title = f"{label}: {meeting.body.name} {local_start:%d.%m.%Y}"
        html = render_to_string(
            "meetings/pdf/document.html",
            {
                "title": title,
                "header": f"{meeting.body.name} · {label.lower()} {local_start:%d.%m.%Y}",
                "document_label": label,
                "meeting": meeting,
                "version": version,
                # Marked as the public edition only when it leaves something out: otherwise
                # both editions are one document, produced once (``meeting_pdf_render``).
                "left_out": public and any(closed_ids(version.snapshot)),
                "items": items,
                "show_decisions": minutes,
                "attendance": attendance,
                "minutes_state": state,
                "adjusters": adjusters,
                "present": [a for a in attendance or [] if a.status != AttendanceStatus.APOLOGIES],
                "apologies": [
                    a for a in attendance or [] if a.status == AttendanceStatus.APOLOGIES
                ],
                "site_url": settings.SITE_URL,
            },
        )
    appendices = [
        {"attachment_id": a.pk, "number": a.number, "title": a.title}
        for item in items
        for a in item.attachments
        if a.content_type == "application/pdf"
    ]
    return title, html, appendices


def meeting_pdfs_request(*, version: PublishedVersion) -> list[MeetingPdf]:
    """Fix the HTML of a just-published version for both audiences and queue its PDFs.

    Called inside the publishing transaction; the tasks are queued when it commits, so a
    worker never looks for a version that is not yet in the database.
    """
    from meetings.tasks import render_meeting_pdf

    created = []
    for audience in MeetingPdf.Audience.values:
        title, html, appendices = _render_html(
            version, public=audience == MeetingPdf.Audience.PUBLIC
        )
        meeting_pdf, _new = MeetingPdf.objects.get_or_create(
            version=version,
            audience=audience,
            defaults={"title": title, "html": html, "appendices": appendices},
        )
        created.append(meeting_pdf)
        # Robust: if the broker is down the publication still stands; the PDF waits as
        # "pending" and the periodic resume job queues it.
        transaction.on_commit(
            functools.partial(render_meeting_pdf.delay, pdf_id=meeting_pdf.pk), robust=True
        )
    return created


def _lease_expired(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.PDF_LEASE_SECONDS)


def meeting_pdf_render(*, pdf_id: int) -> bool:
    """Produce the document and the combined PDF of one version for one audience.

    Returns False when there was nothing to do: already ready, or being produced by a
    worker whose claim has not expired.
    """
    now = timezone.now()
    claimed = (
        MeetingPdf.objects.filter(pk=pdf_id)
        .filter(_claimable(now))
        .update(status=MeetingPdf.Status.RENDERING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    meeting_pdf = MeetingPdf.objects.select_related("version__meeting__body").get(pk=pdf_id)
    rows = [meeting_pdf, *_claim_twins(meeting_pdf, now)]
    try:
        document, combined, skipped = meeting_pdf_produce(meeting_pdf)
        if skipped:
            # Listed (with a link) in the document, only missing from the combined file.
            logger.warning("PDF %s: attachments not readable as PDF: %s", pdf_id, skipped)
        pages, combined_pages = pdf.pdf_page_count(document), pdf.pdf_page_count(combined)
        done = [_store(row, now, document, combined, pages, combined_pages) for row in rows]
    except Exception:
        # The task retries this PDF. A twin not yet stored is given back at once (not after
        # the lease), so this PDF's retry, or the resume job, can claim it again.
        MeetingPdf.objects.filter(
            pk__in=[row.pk for row in rows[1:]],
            status=MeetingPdf.Status.RENDERING,
            claimed_at=now,
        ).update(status=MeetingPdf.Status.PENDING)
        raise
    return done[0]


def _claimable(now: dt.datetime) -> Q:
    """A PDF a worker may claim: waiting, or claimed by a worker whose lease ran out."""
    return Q(status=MeetingPdf.Status.PENDING) | Q(
        status=MeetingPdf.Status.RENDERING, claimed_at__lt=_lease_expired(now)
    )


def meeting_pdf_produce(meeting_pdf: MeetingPdf) -> tuple[bytes, bytes, list[str]]:
    """The document and the combined file (the document with its PDF attachments appended)
    of one PDF, and the attachments that could not be appended. Writes nothing."""
    document = pdf.html_to_pdf(meeting_pdf.html)
    attachments = _attachment_files(meeting_pdf.appendices)
    combined, skipped = pdf.pdf_append(
        document,
        [
            pdf.Appendix(f"Bilag {a['number']}: {a['title']}", attachments[a["attachment_id"]])
            for a in meeting_pdf.appendices
            if a["attachment_id"] in attachments
        ],
    )
    return document, combined, skipped


def _claim_twins(meeting_pdf: MeetingPdf, now: dt.datetime) -> list[MeetingPdf]:
    """The other audience's PDF of the same version when it is the same document (nothing
    closed, attendance shown alike) and waiting: claimed, to be produced from one rendering.
    Its own task then finds it ready and does nothing."""
    twins = [
        other
        for other in MeetingPdf.objects.filter(version_id=meeting_pdf.version_id)
        .exclude(pk=meeting_pdf.pk)
        .select_related("version__meeting__body")
        if other.html == meeting_pdf.html and other.appendices == meeting_pdf.appendices
    ]
    if not twins:
        return []
    MeetingPdf.objects.filter(pk__in=[t.pk for t in twins]).filter(_claimable(now)).update(
        status=MeetingPdf.Status.RENDERING, claimed_at=now, attempts=F("attempts") + 1
    )
    claimed = set(
        MeetingPdf.objects.filter(
            pk__in=[t.pk for t in twins], status=MeetingPdf.Status.RENDERING, claimed_at=now
        ).values_list("pk", flat=True)
    )
    return [t for t in twins if t.pk in claimed]


def _store(
    meeting_pdf: MeetingPdf,
    now: dt.datetime,
    document: bytes,
    combined: bytes,
    pages: int,
    combined_pages: int,
) -> bool:
    """Write one PDF's files and mark it ready, if this worker's claim (``now``) still holds."""
    # Written under new names first; the row points at them only when both are complete.
    field = MeetingPdf._meta.get_field("file")
    file_name = field.generate_filename(meeting_pdf, pdf_filename(meeting_pdf, combined=False))
    combined_name = field.generate_filename(meeting_pdf, pdf_filename(meeting_pdf, combined=True))
    # Within the column: a body's long name (without a short name) makes a long file name,
    # which the storage shortens rather than the database refusing it on every retry.
    file_name = field.storage.save(file_name, ContentFile(document), max_length=field.max_length)
    combined_name = field.storage.save(
        combined_name, ContentFile(combined), max_length=field.max_length
    )
    with transaction.atomic():
        updated = MeetingPdf.objects.filter(
            pk=meeting_pdf.pk, status=MeetingPdf.Status.RENDERING, claimed_at=now
        ).update(
            status=MeetingPdf.Status.READY,
            file=file_name,
            combined_file=combined_name,
            pages=pages,
            combined_pages=combined_pages,
            rendered_at=timezone.now(),
            error="",
        )
    if not updated:
        # Another worker took over after our lease ran out and finished first.
        field.storage.delete(file_name)
        field.storage.delete(combined_name)
    return bool(updated)


def _attachment_files(appendices: list[dict]) -> dict[int, bytes]:
    from meetings.models import Attachment

    contents = {}
    for attachment in Attachment.objects.filter(pk__in=[a["attachment_id"] for a in appendices]):
        try:
            with attachment.file.open("rb") as handle:
                contents[attachment.pk] = handle.read()
        except OSError:
            continue  # a missing file is listed in the document but not appended
    return contents


def meeting_pdf_release(*, pdf_id: int, error: str) -> None:
    """Give a claimed PDF back after a failed attempt, so the retry can claim it."""
    MeetingPdf.objects.filter(pk=pdf_id, status=MeetingPdf.Status.RENDERING).update(
        status=MeetingPdf.Status.PENDING, error=error[:2000]
    )


def meeting_pdf_fail(*, pdf_id: int, error: str) -> None:
    """Record that the last retry failed; the secretariat sees it and may try again."""
    MeetingPdf.objects.filter(pk=pdf_id).exclude(status=MeetingPdf.Status.READY).update(
        status=MeetingPdf.Status.FAILED, error=error[:2000]
    )


def meeting_pdf_retry(*, actor: User | None, pdf_id: int) -> MeetingPdf:
    """Queue a failed PDF again (the secretariat's "try again")."""
    from meetings.tasks import render_meeting_pdf

    with transaction.atomic():
        MeetingPdf.objects.filter(pk=pdf_id, status=MeetingPdf.Status.FAILED).update(
            status=MeetingPdf.Status.PENDING, attempts=0
        )
        transaction.on_commit(lambda: render_meeting_pdf.delay(pdf_id=pdf_id), robust=True)
    return MeetingPdf.objects.get(pk=pdf_id)


def meeting_pdfs_resume(*, now: dt.datetime | None = None) -> int:
    """Queue again every PDF left waiting or abandoned by a worker that died.

    Run when a worker starts and every few minutes by beat. Queuing a PDF twice is harmless:
    only one task can claim it.
    """
    from meetings.tasks import render_meeting_pdf

    now = now or timezone.now()
    stale = list(
        MeetingPdf.objects.filter(
            Q(status=MeetingPdf.Status.PENDING, created_at__lt=now - dt.timedelta(minutes=1))
            | Q(status=MeetingPdf.Status.RENDERING, claimed_at__lt=_lease_expired(now))
        ).values_list("pk", flat=True)
    )
    for pk in stale:
        render_meeting_pdf.delay(pdf_id=pk)
    return len(stale)
