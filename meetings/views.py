from __future__ import annotations

import functools

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.kept_pages import kept_for_user
from core.contributions import file_caller
from meetings import selectors
from meetings.access import may_read_minutes_draft, meeting_access, sees_minutes_approval
from meetings.minutes import minutes_state
from meetings.services.pdf import pdf_filename

INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif"}


@require_safe
@kept_for_user()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(pk=pk, user=request.user)
    access = meeting_access(request.user, meeting)
    # Without the snapshots: the agenda fragment is kept, and on a miss only the current
    # version's snapshot is read (agenda_of_source).
    published = list(meeting.published.defer("snapshot").order_by("document", "number"))
    source = selectors.agenda_source_for_user(
        meeting=meeting, user=request.user, versions=published
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            # Called by the template only when the agenda fragment is not cached. It is
            # cached per source (the published version as the user's audience sees it, with
            # the withdrawn files; or the draft's version) and language: a new publication,
            # a withdrawal or another audience is a new key.
            "items": functools.partial(
                selectors.agenda_of_source, source=source, meeting=meeting, versions=published
            ),
            "agenda_key": source.key
            or (f"draft-{meeting.version}" if source.sees_draft else "none"),
            "attendance": selectors.attendance_for_user(meeting=meeting, user=request.user),
            "may_edit": access.may_edit,
            "unpublished_changes": access.may_edit
            and selectors.has_unpublished_changes(meeting, published),
            "published": published,
            "newsletter": selectors.newsletter_for_meeting(meeting=meeting, user=request.user),
            "pdf_documents": sorted({(v.document, v.get_document_display()) for v in published}),
            "minutes": minutes_state(meeting),
            "sees_minutes_approval": sees_minutes_approval(request.user, meeting),
            "reads_minutes_draft": may_read_minutes_draft(request.user, meeting),
        },
    )


@require_safe
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file, if the user may see it. PDFs and images open in the browser; other files are
    downloaded, so an uploaded document never runs as a page of the portal."""
    # A system reading the API with a token fetches the files it links to with that token.
    attachment = selectors.attachment_get_for_user(pk=pk, user=file_caller(request))
    name = attachment.file.name or ""
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type not in INLINE_TYPES,
        filename=f"{attachment.title}.{extension}" if extension else attachment.title,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def meeting_pdfs(request: HttpRequest, pk: int, document: str) -> HttpResponse:
    """Where the PDF of the agenda or minutes is fetched: the current version's files when
    they are ready, "being produced" until then (never an older version in its place), and
    the older versions below, marked as replaced."""
    meeting = selectors.meeting_get_for_user(pk=pk, user=request.user)
    pdfs = selectors.meeting_pdfs_for_user(meeting=meeting, document=document, user=request.user)
    current = pdfs[0] if pdfs else None
    response = render(
        request,
        "meetings/meeting_pdfs.html",
        {
            "meeting": meeting,
            "document": document,
            "current": current,
            "older": pdfs[1:],
            "may_edit": selectors.may_edit(request.user, meeting),
            "working": current is not None and current.status in ("pending", "rendering"),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def meeting_pdf_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    if kind not in ("dokument", "samlet"):
        raise Http404
    meeting_pdf = selectors.meeting_pdf_get_for_user(pk=pk, user=file_caller(request))
    combined = kind == "samlet"
    stored = meeting_pdf.combined_file if combined else meeting_pdf.file
    response = FileResponse(
        stored.open("rb"),
        content_type="application/pdf",
        filename=pdf_filename(meeting_pdf, combined=combined),
    )
    response["X-Content-Type-Options"] = "nosniff"
    if meeting_pdf.audience == "members":
        response["Cache-Control"] = "private, no-store"
    return response
