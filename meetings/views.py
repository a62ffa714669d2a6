from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from meetings import selectors

INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif"}


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(pk=pk, user=request.user)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": selectors.agenda_for_user(meeting=meeting, user=request.user),
            "attendance": selectors.attendance_for_user(meeting=meeting, user=request.user),
            "may_edit": selectors.may_edit(request.user, meeting),
            "published": meeting.published.order_by("document", "number"),
        },
    )


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file, if the user may see it. PDFs and images open in the browser; other files are
    downloaded, so an uploaded document never runs as a page of the portal."""
    attachment = selectors.attachment_get_for_user(pk=pk, user=request.user)
    extension = attachment.file.name.rsplit(".", 1)[-1] if "." in attachment.file.name else ""
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type not in INLINE_TYPES,
        filename=f"{attachment.title}.{extension}" if extension else attachment.title,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
