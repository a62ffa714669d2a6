"""Published versions (open one, compare two), the meeting's bin (delete asks first, undo),
withdrawing a file, and the meeting's history. Visibility through ``meetings.access``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from meetings import selectors, services
from meetings.access import meeting_access
from meetings.models import AgendaItem, Attachment, Meeting, PublishedVersion
from meetings.selectors import MAX_ID


def _document(document: str) -> str:
    if document not in PublishedVersion.Document.values:
        raise Http404
    return document


@require_safe
def version_detail(request: HttpRequest, pk: int, document: str, number: int) -> HttpResponse:
    """One published version as it was published (closed content as the user may see)."""
    meeting = selectors.meeting_get_for_user(pk=pk, user=request.user)
    version, items = selectors.version_get_for_user(
        meeting=meeting, document=_document(document), number=number, user=request.user
    )
    return render(
        request,
        "meetings/version_detail.html",
        {"meeting": meeting, "version": version, "items": items},
    )


@require_safe
def version_compare(request: HttpRequest, pk: int, document: str, number: int) -> HttpResponse:
    """What changed from an earlier version (``?med=N``, default the one before) to this."""
    meeting = selectors.meeting_get_for_user(pk=pk, user=request.user)
    document = _document(document)
    versions = {v.number: v for v in meeting.published.filter(document=document)}
    new = versions.get(number)
    raw = request.GET.get("med", "")
    if raw and not (raw.isascii() and raw.isdigit()):
        return render(
            request,
            "meetings/version_compare.html",
            {"meeting": meeting, "error": _("Choose a version number to compare with.")},
            status=400,
        )
    old = versions.get(int(raw) if raw else number - 1)
    if new is None or old is None or old.pk == new.pk:
        raise Http404
    changes = selectors.versions_compare_for_user(
        meeting=meeting, old=old, new=new, user=request.user
    )
    return render(
        request,
        "meetings/version_compare.html",
        {
            "meeting": meeting,
            "old": old,
            "new": new,
            "changes": changes,
            "others": sorted(n for n in versions if n != number),
        },
    )


def _editable(request: HttpRequest, meeting: Meeting) -> None:
    if not meeting_access(request.user, meeting).may_edit:
        raise PermissionDenied


def _item_any(pk: int) -> AgendaItem:
    item = (
        AgendaItem.all_objects.select_related("meeting__body").filter(pk=pk).first()
        if 0 < pk <= MAX_ID
        else None
    )
    if item is None:
        raise Http404
    return item


def _attachment_any(pk: int) -> Attachment:
    attachment = (
        Attachment.all_objects.select_related("item__meeting__body").filter(pk=pk).first()
        if 0 < pk <= MAX_ID
        else None
    )
    if attachment is None:
        raise Http404
    return attachment


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Asks first (a page that works without JavaScript); the item goes to the bin."""
    item = _item_any(pk)
    _editable(request, item.meeting)
    if item.deleted_at is not None:
        raise Http404
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.agenda_item_delete(actor=request.user, item_id=item.pk)
        messages.success(
            request, _("The item is in the bin. You can restore it from there until it is emptied.")
        )
        return redirect(reverse("meetings:agenda_edit", args=[item.meeting_id]))
    return render(
        request,
        "meetings/confirm_delete.html",
        {
            "meeting": item.meeting,
            "what": _("the item “%(title)s”") % {"title": item.title},
            "consequence": _("Its sub-items and attachments go to the bin with it.")
            if item.parent_id is None
            else "",
            "cancel_url": reverse("meetings:agenda_edit", args=[item.meeting_id]),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attachment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment_any(pk)
    _editable(request, attachment.item.meeting)
    if attachment.deleted_at is not None:
        raise Http404
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.attachment_delete(actor=request.user, attachment_id=attachment.pk)
        messages.success(request, _("The attachment is in the bin."))
        return redirect(reverse("meetings:item_edit", args=[attachment.item_id]))
    return render(
        request,
        "meetings/confirm_delete.html",
        {
            "meeting": attachment.item.meeting,
            "what": _("the attachment “%(title)s”") % {"title": attachment.title},
            "consequence": _(
                "Published versions that list it keep their link to it; to take it away from "
                "them, withdraw it instead."
            ),
            "cancel_url": reverse("meetings:item_edit", args=[attachment.item_id]),
        },
    )


@login_required
@require_safe
def meeting_bin(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = Meeting.objects.select_related("body").filter(pk=pk).first() if pk <= MAX_ID else None
    if meeting is None:
        raise Http404
    _editable(request, meeting)
    items, attachments = selectors.meeting_bin(meeting=meeting)
    return render(
        request,
        "meetings/meeting_bin.html",
        {"meeting": meeting, "items": items, "attachments": attachments},
    )


@login_required
@require_POST
def item_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item_any(pk)
    _editable(request, item.meeting)
    try:
        services.agenda_item_restore(actor=request.user, item_id=item.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("meetings:meeting_bin", args=[item.meeting_id]))
    messages.success(request, _("The item is back on the agenda."))
    return redirect(reverse("meetings:agenda_edit", args=[item.meeting_id]) + f"#item-{item.pk}")


@login_required
@require_POST
def attachment_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment_any(pk)
    _editable(request, attachment.item.meeting)
    try:
        services.attachment_restore(actor=request.user, attachment_id=attachment.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("meetings:meeting_bin", args=[attachment.item.meeting_id]))
    messages.success(request, _("The attachment is back on its item."))
    return redirect(reverse("meetings:item_edit", args=[attachment.item_id]))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attachment_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Withdraw a file from every published version (for everyone but the secretariat)."""
    attachment = _attachment_any(pk)
    meeting = attachment.item.meeting
    _editable(request, meeting)
    error = ""
    reason = request.POST.get("reason", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            services.attachment_withdraw(
                actor=request.user, attachment_id=attachment.pk, reason=reason
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("The attachment is withdrawn from the public."))
            return redirect(reverse("meetings:item_edit", args=[attachment.item_id]))
    return render(
        request,
        "meetings/attachment_withdraw.html",
        {"meeting": meeting, "attachment": attachment, "reason": reason, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_safe
def meeting_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = Meeting.objects.select_related("body").filter(pk=pk).first() if pk <= MAX_ID else None
    if meeting is None:
        raise Http404
    try:
        entries = selectors.meeting_history(meeting=meeting, user=request.user)
    except PermissionError:
        raise PermissionDenied from None
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    return render(request, "meetings/meeting_history.html", {"meeting": meeting, "page": page})
