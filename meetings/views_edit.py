"""The secretariat's pages: schedule and plan meetings, build the agenda, attach files,
publish, write decisions and minutes, record attendance. Each view checks the right to edit
the body (accounts.rules), validates the form, and calls one service."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.kept_pages import kept_for_user
from accounts.rules import Action, can
from core.errors import ConflictError
from councils.selectors import body_get
from meetings import selectors, selectors_planning, services
from meetings.access import item_is_closed, may_see_planning
from meetings.agenda import with_sub_items
from meetings.filetypes import type_label
from meetings.forms import (
    AttachmentForm,
    AttachmentTitleForm,
    AttendanceForm,
    DisqualificationForm,
    ItemEditForm,
    ItemForm,
    ItemReparentForm,
    MeetingEditForm,
    MeetingForm,
    MeetingPlanForm,
    MeetingPlanRuleForm,
    PublishForm,
)
from meetings.minutes import minutes_state
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    ItemDisqualification,
    Meeting,
    MeetingPdf,
)
from meetings.numbering import agenda_order
from meetings.planning import skips_public_holidays, working_days_before


def _editable_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related("body").filter(pk=pk).first()
        if 0 < pk <= selectors.MAX_ID
        else None
    )
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


def _attachment_rows(item: AgendaItem) -> list[Attachment]:
    """The item's attachments, each with its type's short name ("PDF") for the list."""
    rows = list(item.attachments.all())
    for attachment in rows:
        attachment.type_label = type_label(attachment.content_type)  # type: ignore[attr-defined]  # shown by the template only
    return rows


def _editor_url(meeting: Meeting) -> str:
    return reverse("meetings:agenda_edit", args=[meeting.pk])


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """One meeting, or a year of them: the plan is shown with its deadlines first ("plan-
    preview"), then saved ("plan-confirm"; a plan posted without either is saved at once)."""
    body = body_get(slug=slug)
    if not can(request.user, Action.EDIT_BODY, body):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    rule = selectors_planning.plan_rule(body)
    country = selectors_planning.body_country(body)
    # The body's item deadline rule is the plan's default (decision 0025).
    plan = MeetingPlanForm(
        request.POST or None,
        prefix="plan",
        initial={"deadline_working_days": rule.item_deadline_working_days if rule else None},
    )
    preview = None
    if request.method == "POST":
        if "plan-dates" in request.POST:
            form = MeetingForm()
            if plan.is_valid():
                if "plan-preview" in request.POST:
                    preview = [
                        (
                            starts_at,
                            place,
                            deadline,
                            working_days_before(
                                timezone.localtime(starts_at).date(),
                                rule.publication_working_days,
                                country,
                            )
                            if rule and rule.publication_working_days is not None
                            else None,
                        )
                        for starts_at, place, deadline in plan.plan(country)
                    ]
                else:
                    try:
                        planned = services.meetings_plan(
                            actor=request.user, body=body, plan=plan.plan(country)
                        )
                    except ValidationError as error:
                        _add_errors(plan, error)
                    else:
                        messages.success(
                            request,
                            _("%(count)d meetings are planned.") % {"count": len(planned)},
                        )
                        return redirect(body.get_absolute_url())
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
        {
            "body": body,
            "form": form,
            "plan": plan,
            "preview": preview,
            "rule": rule,
            "skips_public_holidays": skips_public_holidays(country),
        },
        status=400 if (form.errors or plan.errors) else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change the meeting's time, end, place and agenda deadline (with a version check)."""
    meeting = _editable_meeting(request, pk)
    initial = {name: getattr(meeting, name) for name in services.MEETING_EDITABLE_FIELDS}
    initial["version"] = meeting.version
    form = MeetingEditForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.meeting_update(
                actor=request.user, meeting_id=meeting.pk, expected_version=version, **data
            )
        except ConflictError as error:
            conflict = error
            form.data = cast(QueryDict, form.data).copy()
            form.data["version"] = str(Meeting.objects.get(pk=meeting.pk).version)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The meeting is changed. Members and subscribers are told.")
                if meeting.agenda_is_published
                else _("The meeting is changed."),
            )
            return redirect(_editor_url(meeting))
    return render(
        request,
        "meetings/meeting_edit.html",
        {"meeting": meeting, "form": form, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@kept_for_user()
def agenda_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
    planning = selectors_planning.meeting_planning(meeting)
    return render(
        request,
        "meetings/agenda_edit.html",
        {
            "meeting": meeting,
            "planning": planning,
            "late_ids": {late.item.pk for late in planning.late},
            "today": timezone.localdate(),
            "agenda": with_sub_items(selectors.agenda_for_user(meeting=meeting, user=request.user)),
            "form": form,
            "publish_form": PublishForm(),
            "published": meeting.published.order_by("document", "number"),
            "minutes": minutes_state(meeting),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
            form.data = cast(QueryDict, form.data).copy()
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
            "attachments": _attachment_rows(item),
            "reparent": ItemReparentForm(item=item),
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_POST
def item_attachments_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
            "attachments": _attachment_rows(item),
            "reparent": ItemReparentForm(item=item),
        },
        status=400,
    )


@login_required
@require_POST
def item_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def publish(request: AuthenticatedHttpRequest, pk: int, document: str) -> HttpResponse:
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
def minutes_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    try:
        services.minutes_approve(actor=request.user, item_id=item.pk)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The minutes of the previous meeting are approved."))
    return redirect(_editor_url(item.meeting))


def _attendance_initial(request: HttpRequest, meeting: Meeting) -> dict:
    """To correct an entry: the form filled with it (``?person=<id>``)."""
    raw = request.GET.get("person", "")
    if not (raw.isascii() and raw.isdigit()) or int(raw) > selectors.MAX_ID:
        return {}
    row = Attendance.objects.filter(meeting=meeting, person_id=int(raw)).first()
    if row is None:
        return {}
    return {
        "person": row.person_id,
        "status": row.status,
        "substitute_for": row.substitute_for_id,
        "left_after": row.left_after_id,
        "joined_at": row.joined_at_id,
        "note": row.note,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _editable_meeting(request, pk)
    initial = _attendance_initial(request, meeting) if request.method != "POST" else {}
    disqualifying = request.method == "POST" and "disqualify" in request.POST
    form = AttendanceForm(
        request.POST if request.method == "POST" and not disqualifying else None,
        meeting=meeting,
        initial=initial,
    )
    disqualify = DisqualificationForm(
        request.POST if disqualifying else None, meeting=meeting, prefix="dq"
    )
    if request.method == "POST" and "undisqualify" in request.POST:
        item = AgendaItem.objects.filter(meeting=meeting, pk=_int(request.POST.get("item"))).first()
        if item is not None:
            services.item_disqualification_remove(
                actor=request.user, item=item, person_id=_int(request.POST.get("person"))
            )
            messages.success(request, _("The disqualification is removed."))
        return redirect(reverse("meetings:attendance", args=[meeting.pk]))
    if disqualifying and disqualify.is_valid():
        try:
            services.item_disqualification_record(
                actor=request.user,
                item=disqualify.cleaned_data["item"],
                person=disqualify.cleaned_data["person"],
                note=disqualify.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(disqualify, error)
        else:
            messages.success(request, _("The disqualification is recorded."))
            return redirect(reverse("meetings:attendance", args=[meeting.pk]))
    if request.method == "POST" and not disqualifying and form.is_valid():
        try:
            services.attendance_record(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect(reverse("meetings:attendance", args=[meeting.pk]))
    rows = list(
        Attendance.objects.filter(meeting=meeting).select_related("person", "substitute_for")
    )
    numbers: dict[int | None, str] = {
        item.pk: number for number, item in agenda_order(meeting.items.all())
    }
    for row in rows:
        row.left_after_number = numbers.get(row.left_after_id, "")  # type: ignore[attr-defined]  # for the template
        row.joined_at_number = numbers.get(row.joined_at_id, "")  # type: ignore[attr-defined]  # for the template
    disqualified = list(
        ItemDisqualification.objects.filter(item__meeting=meeting).select_related("person")
    )
    for entry in disqualified:
        entry.item_number = numbers.get(entry.item_id, "")  # type: ignore[attr-defined]  # for the template
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "rows": rows,
            "correcting": bool(initial),
            "disqualify": disqualify,
            "disqualified": disqualified,
        },
        status=400 if (form.errors or disqualify.errors) else 200,
    )


def _int(raw: str | None) -> int:
    """A posted id, or 0 (matches nothing) when it is not a number in range."""
    raw = raw or ""
    if raw.isascii() and raw.isdigit() and int(raw) <= selectors.MAX_ID:
        return int(raw)
    return 0


@login_required
@require_POST
def attendance_all_present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record every member of the body as present; apologies and substitutes follow."""
    meeting = _editable_meeting(request, pk)
    added = services.attendance_all_present(actor=request.user, meeting=meeting)
    messages.success(
        request,
        _("%(count)d members are recorded as present. Now mark apologies and substitutes.")
        % {"count": added},
    )
    return redirect(reverse("meetings:attendance", args=[meeting.pk]))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance_remove(request: AuthenticatedHttpRequest, pk: int, person: int) -> HttpResponse:
    """Remove a wrong entry; asks first."""
    meeting = _editable_meeting(request, pk)
    back = reverse("meetings:attendance", args=[meeting.pk])
    row = (
        Attendance.objects.select_related("person")
        .filter(meeting=meeting, person_id=person)
        .first()
        if 0 < person <= selectors.MAX_ID
        else None
    )
    if row is None:
        messages.info(request, _("That attendance entry has already been removed."))
        return redirect(back)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.attendance_remove(actor=request.user, meeting=meeting, person_id=row.person_id)
        messages.success(request, _("The entry is removed."))
        return redirect(back)
    return render(
        request,
        "meetings/attendance_remove.html",
        {"meeting": meeting, "row": row, "cancel_url": back},
    )


@login_required
@require_POST
def item_reparent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move an item under another item (or out to the top level)."""
    item = _editable_item(request, pk)
    form = ItemReparentForm(request.POST, item=item)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
        return redirect(reverse("meetings:item_edit", args=[item.pk]))
    try:
        moved = services.agenda_item_reparent(
            actor=request.user, item_id=item.pk, parent_id=form.cleaned_data["parent"]
        )
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
        return redirect(reverse("meetings:item_edit", args=[item.pk]))
    if moved.parent_id is not None and item_is_closed(moved, moved.parent):
        messages.success(request, _("The item is moved. It is closed, like the item it is under."))
    elif moved.is_closed and not item.is_closed:
        messages.success(
            request,
            _("The item is moved. It stays closed; open it on its page if it should be public."),
        )
    else:
        messages.success(request, _("The item is moved."))
    return redirect(_editor_url(item.meeting) + f"#item-{item.pk}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attachment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change an attachment's title."""
    attachment = (
        Attachment.objects.select_related("item__meeting__body").filter(pk=pk).first()
        if 0 < pk <= selectors.MAX_ID
        else None
    )
    if attachment is None:
        raise Http404
    if not selectors.may_edit(request.user, attachment.item.meeting):
        raise PermissionDenied
    form = AttachmentTitleForm(request.POST or None, initial={"title": attachment.title})
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_update(
                actor=request.user, attachment_id=attachment.pk, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The attachment's title is saved."))
            return redirect(reverse("meetings:item_edit", args=[attachment.item_id]))
    return render(
        request,
        "meetings/attachment_edit.html",
        {"meeting": attachment.item.meeting, "attachment": attachment, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def meeting_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def pdf_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting_pdf = MeetingPdf.objects.select_related("version__meeting__body").filter(pk=pk).first()
    if meeting_pdf is None:
        raise Http404
    meeting = meeting_pdf.version.meeting
    if not selectors.may_edit(request.user, meeting):
        raise PermissionDenied
    services.meeting_pdf_retry(actor=request.user, pdf_id=meeting_pdf.pk)
    messages.success(request, _("The PDF is being produced again."))
    return redirect("meetings:meeting_pdfs", pk=meeting.pk, document=meeting_pdf.version.document)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_plan(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The body's meeting plan (mødeplan) for its secretariat: the deadline rule (items due
    and agenda published N working days before), each meeting's item deadline and planned
    publication date, overdue agendas and late items ("Sene punkter")."""
    body = body_get(slug=slug)
    if not may_see_planning(request.user, body):
        raise PermissionDenied
    rule = selectors_planning.plan_rule(body)
    form = MeetingPlanRuleForm(
        request.POST or None,
        initial={
            "item_deadline_working_days": rule.item_deadline_working_days if rule else None,
            "publication_working_days": rule.publication_working_days if rule else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_plan_rule_set(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting plan rule is saved."))
            return redirect(reverse("meetings:meeting_plan", args=[body.slug]))
    plan = selectors_planning.meeting_plan(body=body)
    return render(
        request,
        "meetings/meeting_plan.html",
        {
            "body": body,
            "form": form,
            "rule": rule,
            "plan": plan,
            "late": [(row.meeting, late) for row in plan for late in row.late],
            "overdue": [row for row in plan if row.dates.publication_overdue],
            "skips_public_holidays": skips_public_holidays(selectors_planning.body_country(body)),
        },
        status=400 if form.errors else 200,
    )
