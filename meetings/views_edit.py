"""The secretariat's pages: schedule and plan meetings, build the agenda, attach files,
publish, write decisions and minutes, record attendance. Each view checks the right to edit
the body (accounts.rules), validates the form, and calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.rules import Action, can
from councils.selectors import body_get
from kkr_portal.errors import ConflictError
from meetings import selectors, services, services_pdf
from meetings.forms import (
    AttachmentForm,
    AttendanceForm,
    ItemEditForm,
    ItemForm,
    MeetingForm,
    MeetingPlanForm,
    PublishForm,
)
from meetings.models import AgendaItem, Attendance, Meeting, MeetingPdf


def _editable_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("body").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if not selectors.may_edit(request.user, meeting):
        raise PermissionDenied
    return meeting


def _editable_item(request: HttpRequest, pk: int, *, include_bin: bool = False) -> AgendaItem:
    manager = AgendaItem.all_objects if include_bin else AgendaItem.objects
    item = (
        manager.select_related("meeting__body", "presenter").filter(pk=pk).first()
        if 0 < pk <= selectors.MAX_ID
        else None
    )
    if item is None:
        raise Http404
    if not selectors.may_edit(request.user, item.meeting):
        raise PermissionDenied
    return item


def _item_deleted_meanwhile(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    """The item went to the bin while someone edited it: say so, keep what they typed (in
    the form, not saved) and point to the bin, where it can be restored."""
    form = ItemEditForm(request.POST or None, meeting=item.meeting, item=item)
    if request.method == "POST":
        form.is_valid()  # fills the form again with what was typed
    return render(
        request,
        "meetings/item_edit.html",
        {
            "item": item,
            "meeting": item.meeting,
            "form": form,
            "upload": AttachmentForm(prefix="upload"),
            "conflict": None,
            "deleted_meanwhile": True,
            "attachments": [],
        },
        status=409 if request.method == "POST" else 200,
    )


def _editor_url(meeting: Meeting) -> str:
    return reverse("meetings:agenda_edit", args=[meeting.pk])


def _add_errors(form, error: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_get(slug=slug)
    if not can(request.user, Action.EDIT_BODY, body):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    plan = MeetingPlanForm(request.POST or None, prefix="plan")
    if request.method == "POST":
        if "plan-dates" in request.POST:
            if plan.is_valid():
                for starts_at, place in plan.cleaned_data["dates"]:
                    services.meeting_schedule(
                        actor=request.user, body=body, starts_at=starts_at, place=place
                    )
                messages.success(
                    request,
                    _("%(count)d meetings are planned.")
                    % {"count": len(plan.cleaned_data["dates"])},
                )
                return redirect(body.get_absolute_url())
            form = MeetingForm()
        elif form.is_valid():
            try:
                meeting = services.meeting_schedule(
                    actor=request.user, body=body, **form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The meeting is created with the standing items."))
                return redirect(_editor_url(meeting))
            plan = MeetingPlanForm(prefix="plan")
    return render(
        request,
        "meetings/meeting_create.html",
        {"body": body, "form": form, "plan": plan},
        status=400 if (form.errors or plan.errors) else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _editable_meeting(request, pk)
    form = ItemForm(request.POST or None, meeting=meeting, initial={"kind": "information"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parent = data.pop("parent")
        try:
            services.agenda_item_add(actor=request.user, meeting=meeting, parent=parent, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The item is added."))
            return redirect(_editor_url(meeting))
    return render(
        request,
        "meetings/agenda_edit.html",
        {
            "meeting": meeting,
            "items": selectors.agenda_for_user(meeting=meeting, user=request.user),
            "form": form,
            "publish_form": PublishForm(),
            "published": meeting.published.order_by("document", "number"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk, include_bin=True)
    meeting = item.meeting
    if item.deleted_at is not None:
        return _item_deleted_meanwhile(request, item)
    initial = {name: getattr(item, name) for name in services.ITEM_EDITABLE_FIELDS}
    initial["version"] = item.version
    form = ItemEditForm(request.POST or None, meeting=meeting, item=item, initial=initial)
    upload = AttachmentForm(prefix="upload")
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.agenda_item_update(
                actor=request.user, item_id=item.pk, expected_version=version, **data
            )
        except ConflictError as error:
            conflict = error
            form.data = form.data.copy()
            form.data["version"] = str(AgendaItem.objects.get(pk=item.pk).version)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect(_editor_url(meeting))
    return render(
        request,
        "meetings/item_edit.html",
        {
            "item": item,
            "meeting": meeting,
            "form": form,
            "upload": upload,
            "conflict": conflict,
            "attachments": item.attachments.all(),
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_POST
def item_attachments_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    upload = AttachmentForm(request.POST, request.FILES, prefix="upload")
    if upload.is_valid():
        try:
            added = services.attachments_add(
                actor=request.user,
                item=item,
                files=[("", f) for f in upload.cleaned_data["files"]],
                is_closed=upload.cleaned_data["is_closed"],
            )
        except ValidationError as error:
            _add_errors(upload, error)
        else:
            messages.success(request, _("%(count)d attachment(s) added.") % {"count": len(added)})
            return redirect(reverse("meetings:item_edit", args=[item.pk]))
    initial = {name: getattr(item, name) for name in services.ITEM_EDITABLE_FIELDS}
    initial["version"] = item.version
    return render(
        request,
        "meetings/item_edit.html",
        {
            "item": item,
            "meeting": item.meeting,
            "upload": upload,
            "conflict": None,
            "form": ItemEditForm(meeting=item.meeting, item=item, initial=initial),
            "attachments": item.attachments.all(),
        },
        status=400,
    )


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move by the up/down buttons (no JavaScript needed) or to a position (drag and drop)."""
    item = _editable_item(request, pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        position = item.position + (-1 if direction == "up" else 1)
    else:
        try:
            position = int(request.POST.get("position", ""))
        except ValueError:
            return JsonResponse({"error": _("Say where to move the item.")}, status=400)
    services.agenda_item_move(actor=request.user, item_id=item.pk, position=position)
    if request.headers.get("Accept") == "application/json":
        numbers = [
            {"id": view.pk, "number": view.number}
            for view in selectors.agenda_for_user(meeting=item.meeting, user=request.user)
        ]
        return JsonResponse({"items": numbers})
    return redirect(_editor_url(item.meeting) + f"#item-{item.pk}")


@login_required
@require_POST
def publish(request: HttpRequest, pk: int, document: str) -> HttpResponse:
    meeting = _editable_meeting(request, pk)
    form = PublishForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors.values()))
        if document == "agenda":
            services.agenda_publish(
                actor=request.user,
                meeting_id=meeting.pk,
                change_note=form.cleaned_data["change_note"],
                at=form.cleaned_data["at"],
            )
            messages.success(
                request,
                _("The agenda is published.")
                if not form.cleaned_data["at"]
                else _("The agenda will be published."),
            )
        elif document == "minutes":
            services.minutes_publish(
                actor=request.user,
                meeting_id=meeting.pk,
                change_note=form.cleaned_data["change_note"],
                confirm_missing=form.cleaned_data["confirm_missing"],
            )
            messages.success(request, _("The minutes are published."))
        else:
            raise Http404
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    return redirect(_editor_url(meeting))


@login_required
@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    try:
        services.minutes_approve(actor=request.user, item_id=item.pk)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The minutes of the previous meeting are approved."))
    return redirect(_editor_url(item.meeting))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _editable_meeting(request, pk)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect(reverse("meetings:attendance", args=[meeting.pk]))
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "rows": Attendance.objects.filter(meeting=meeting).select_related(
                "person", "substitute_for"
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _editable_meeting(request, pk)
    try:
        services.meeting_cancel(actor=request.user, meeting_id=meeting.pk)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The meeting is cancelled."))
    return redirect(_editor_url(meeting))


@login_required
@require_POST
def pdf_retry(request: HttpRequest, pk: int) -> HttpResponse:
    meeting_pdf = MeetingPdf.objects.select_related("version__meeting__body").filter(pk=pk).first()
    if meeting_pdf is None:
        raise Http404
    meeting = meeting_pdf.version.meeting
    if not selectors.may_edit(request.user, meeting):
        raise PermissionDenied
    services_pdf.meeting_pdf_retry(actor=request.user, pdf_id=meeting_pdf.pk)
    messages.success(request, _("The PDF is being produced again."))
    return redirect("meetings:meeting_pdfs", pk=meeting.pk, document=meeting_pdf.version.document)
