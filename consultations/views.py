"""Pages of requests for input: the secretariat's (list, create, edit, questions, send,
deadline, close, response matrix, export) and a recipient's answer form. Each view
asks ``consultations.access`` (through the selectors) what the user may do, validates the
form, and calls one service."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.kept_pages import kept_for_user
from accounts.rules import Action, can
from consultations import matrix, selectors, services
from consultations.access import may_download_answer_file
from consultations.forms import (
    AnswerForm,
    AttachmentTitleForm,
    AttachmentUploadForm,
    DeadlineForm,
    QuestionForm,
    RequestFollowUpForm,
    RequestForm,
    answer_initial,
)
from consultations.models import (
    AnswerFile,
    Question,
    Recipient,
    RequestAttachment,
    RequestForInput,
    Response,
)
from core.errors import ConflictError
from councils.models import Municipality, Organisation
from councils.selectors import body_get

# Files that open in the browser; every other file is downloaded (as meeting attachments).
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif"}

GET_POST = ["GET", "HEAD", "POST"]


def _add_errors(form, error: ValidationError) -> None:  # type: ignore[no-untyped-def]
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def _editable(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    rfi, access = selectors.request_get_for_user(user=request.user, pk=pk)
    if not access.may_edit:
        raise PermissionDenied
    return rfi, access


def _region_municipalities(body) -> object:  # type: ignore[no-untyped-def]
    municipalities = Municipality.objects.order_by("name")
    if body.region_id is not None:
        municipalities = municipalities.filter(region_id=body.region_id)
    return municipalities


def _nominating_organisations(body) -> object:  # type: ignore[no-untyped-def]
    """The organisations a request of ``body`` may go to: those nominating to its seats
    (decision 0023)."""
    return Organisation.objects.filter(nominated_seats__body=body).distinct().order_by("name")


def request_list(request: HttpRequest) -> HttpResponse:
    """The requests the user may open: those of the bodies they edit, those sent to their
    municipalities, and the public ones.

    A visitor who is not signed in can only open the public ones, so they are sent to the
    public list (``/hoeringer/offentlige/``), which invites contact persons and secretariats
    to sign in. A redirect rather than the same list under a second address: the public list
    has one address to link, bookmark and index."""
    if not request.user.is_authenticated:
        return redirect("consultations:public_requests")
    return render(
        request,
        "consultations/request_list.html",
        {"requests": selectors.request_list_for_user(user=request.user)},
    )


@login_required
def body_requests(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_get(slug=slug)
    if not can(request.user, Action.EDIT_BODY, body):
        raise PermissionDenied
    return render(
        request,
        "consultations/body_requests.html",
        {"body": body, "requests": selectors.body_request_list(body=body)},
    )


@login_required
@require_http_methods(GET_POST)
def request_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = body_get(slug=slug)
    if not can(request.user, Action.EDIT_BODY, body):
        raise PermissionDenied
    form = RequestForm(
        request.POST or None,
        municipalities=_region_municipalities(body),
        organisations=_nominating_organisations(body),
        meeting_items=selectors.meeting_items_for(body=body),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rfi = services.request_create(
                actor=request.user,
                body=body,
                municipalities=data["recipients"],
                organisations=data["organisation_recipients"],
                **{name: data[name] for name in services.REQUEST_FIELDS},
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The request is saved as a draft. Add its questions."))
            return redirect(rfi.get_absolute_url())
    return render(
        request,
        "consultations/request_form.html",
        {"body": body, "form": form, "rfi": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(GET_POST)
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, access = _editable(request, pk)
    if rfi.status != RequestForInput.Status.DRAFT:
        if access.may_change_follow_up:
            return _follow_up_edit(request, rfi)
        messages.info(request, _("The request is closed and can no longer be changed."))
        return redirect(rfi.get_absolute_url())
    initial = {name: getattr(rfi, name) for name in services.REQUEST_FIELDS}
    initial["reminder_days"] = ", ".join(str(day) for day in rfi.reminder_days or [])
    initial["meeting_item"] = rfi.meeting_item_id
    initial["municipalities"] = list(
        rfi.recipients.filter(municipality__isnull=False).values_list("municipality_id", flat=True)
    )
    initial["organisations"] = list(
        rfi.recipients.filter(organisation__isnull=False).values_list("organisation_id", flat=True)
    )
    initial["version"] = rfi.version
    form = RequestForm(
        request.POST or None,
        initial=initial,
        municipalities=_region_municipalities(rfi.body),
        organisations=_nominating_organisations(rfi.body),
        meeting_items=selectors.meeting_items_for(body=rfi.body, current_id=rfi.meeting_item_id),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_update(
                actor=request.user,
                request_id=rfi.pk,
                expected_version=data["version"] or 0,
                municipalities=data["recipients"],
                organisations=data["organisation_recipients"],
                **{name: data[name] for name in services.REQUEST_FIELDS},
            )
        except ConflictError as error:
            conflict = error
            form.data = cast(QueryDict, form.data).copy()
            form.data["version"] = str(RequestForInput.objects.get(pk=rfi.pk).version)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The request is changed."))
            return redirect(rfi.get_absolute_url())
    return render(
        request,
        "consultations/request_form.html",
        {"body": rfi.body, "form": form, "rfi": rfi, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


def _follow_up_edit(request: HttpRequest, rfi: RequestForInput) -> HttpResponse:
    """A sent request: only the reminder plan and the meeting item the answers feed change
    here (the deadline has its own page, which tells the recipients)."""
    form = RequestFollowUpForm(
        request.POST or None,
        initial={
            "reminder_days": ", ".join(str(day) for day in rfi.reminder_days or []),
            "remind_after_deadline": rfi.remind_after_deadline,
            "meeting_item": rfi.meeting_item_id,
            "version": rfi.version,
        },
        meeting_items=selectors.meeting_items_for(body=rfi.body, current_id=rfi.meeting_item_id),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_follow_up_update(
                actor=request.user,
                request_id=rfi.pk,
                expected_version=data["version"] or 0,
                reminder_days=data["reminder_days"],
                remind_after_deadline=data["remind_after_deadline"],
                meeting_item=data["meeting_item"],
            )
        except ConflictError as error:
            conflict = error
            form.data = cast(QueryDict, form.data).copy()
            form.data["version"] = str(RequestForInput.objects.get(pk=rfi.pk).version)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The request is changed."))
            return redirect(rfi.get_absolute_url())
    return render(
        request,
        "consultations/request_follow_up_form.html",
        {"body": rfi.body, "form": form, "rfi": rfi, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, access = selectors.request_get_for_user(user=request.user, pk=pk)
    own = sorted(access.recipient_ids)
    return render(
        request,
        "consultations/request_detail.html",
        {
            "rfi": rfi,
            "access": access,
            "questions": list(rfi.questions.all()),
            "recipients": list(selectors.recipients_by_name(rfi.recipients.all()))
            if access.may_edit
            else [],
            "own_recipients": list(selectors.recipients_by_name(rfi.recipients.filter(pk__in=own))),
            "questions_locked": Response.objects.filter(recipient__request=rfi).exists(),
            "deadline_form": DeadlineForm(),
            "attachments": list(rfi.attachments.all()),
            "upload_form": AttachmentUploadForm() if access.may_edit else None,
            "meeting_link": selectors.request_meeting_link(user=request.user, request=rfi),
        },
    )


@login_required
@require_POST
def request_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat attaches files to the request (checked by ``core.uploads``)."""
    rfi, _access = _editable(request, pk)
    form = AttachmentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
        return redirect(rfi.get_absolute_url())
    uploads = form.cleaned_data["files"]
    title = form.cleaned_data["title"]
    try:
        services.request_attachments_add(
            actor=request.user,
            request_id=rfi.pk,
            files=[(title if len(uploads) == 1 else "", upload) for upload in uploads],
        )
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The attachments are added."))
    return redirect(f"{rfi.get_absolute_url()}#attachments")


def _attachment_of(rfi: RequestForInput, attachment_id: int) -> RequestAttachment:
    attachment = (
        rfi.attachments.filter(pk=attachment_id).first()
        if attachment_id <= selectors.MAX_ID
        else None
    )
    if attachment is None:
        raise Http404
    return attachment


@login_required
@require_POST
def request_attachment_update(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    rfi, _access = _editable(request, pk)
    attachment = _attachment_of(rfi, attachment_id)
    form = AttachmentTitleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("An attachment needs a title."))
        services.request_attachment_update(
            actor=request.user,
            request_id=rfi.pk,
            attachment_id=attachment.pk,
            title=form.cleaned_data["title"],
        )
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The title is changed."))
    return redirect(f"{rfi.get_absolute_url()}#attachments")


@login_required
@require_POST
def request_attachment_remove(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    rfi, _access = _editable(request, pk)
    attachment = _attachment_of(rfi, attachment_id)
    try:
        services.request_attachment_remove(
            actor=request.user, request_id=rfi.pk, attachment_id=attachment.pk
        )
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The attachment is removed."))
    return redirect(f"{rfi.get_absolute_url()}#attachments")


def _file_response(field_file: Any, *, content_type: str, filename: str) -> FileResponse:
    """A stored file: PDFs and images open in the browser, anything else is downloaded,
    never sniffed and never cached by a shared cache."""
    response = FileResponse(
        field_file.open("rb"),
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def request_attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """An attachment of the request, for whoever may view the request
    (``RequestAccess.may_view``: the secretariat, and the recipients once it is sent)."""
    rfi, _access = selectors.request_get_for_user(user=request.user, pk=pk)
    attachment = _attachment_of(rfi, attachment_id)
    name = attachment.file.name or ""
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    return _file_response(
        attachment.file,
        content_type=attachment.content_type,
        filename=f"{attachment.title}.{extension}" if extension else attachment.title,
    )


@login_required
@require_safe
def answer_file_download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """A file of a recipient's answer, for whoever may read that answer."""
    rfi, access = selectors.request_get_for_user(user=request.user, pk=pk)
    answer_file = (
        AnswerFile.objects.select_related("response__recipient", "response")
        .filter(pk=file_id, response__recipient__request=rfi)
        .first()
        if file_id <= selectors.MAX_ID
        else None
    )
    if answer_file is None or not may_download_answer_file(access, answer_file):
        raise Http404
    return _file_response(
        answer_file.file,
        content_type=answer_file.content_type,
        filename=answer_file.original_name,
    )


def _question_page(
    request: HttpRequest, rfi: RequestForInput, question: Question | None
) -> HttpResponse:
    initial = {}
    if question is not None:
        initial = {name: getattr(question, name) for name in services.QUESTION_FIELDS}
        initial["choices"] = "\n".join(question.choices)
        initial["table_rows"] = "\n".join(question.table_rows)
        initial["table_columns"] = "\n".join(question.table_columns)
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                services.question_add(actor=request.user, request=rfi, **form.cleaned_data)
            else:
                services.question_update(
                    actor=request.user, question_id=question.pk, **form.cleaned_data
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(rfi.get_absolute_url())
    return render(
        request,
        "consultations/question_form.html",
        {"rfi": rfi, "form": form, "question": question},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(GET_POST)
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, _access = _editable(request, pk)
    return _question_page(request, rfi, None)


@login_required
@require_http_methods(GET_POST)
def question_edit(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    rfi, _access = _editable(request, pk)
    question = (
        rfi.questions.filter(pk=question_id).first() if question_id <= selectors.MAX_ID else None
    )
    if question is None:
        raise Http404
    return _question_page(request, rfi, question)


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    for problem in error.messages:
        messages.error(request, problem)


@login_required
@require_POST
def request_send(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, _access = _editable(request, pk)
    try:
        services.request_send(actor=request.user, request_id=rfi.pk)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The request is sent. The contact persons get an e-mail."))
    return redirect(rfi.get_absolute_url())


@login_required
@require_http_methods(GET_POST)
def request_deadline(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, _access = _editable(request, pk)
    form = DeadlineForm(request.POST or None, initial={"deadline": rfi.deadline})
    if request.method == "POST" and form.is_valid():
        try:
            services.request_extend_deadline(
                actor=request.user, request_id=rfi.pk, deadline=form.cleaned_data["deadline"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The deadline is moved. The recipients are told."))
            return redirect(rfi.get_absolute_url())
    return render(
        request,
        "consultations/deadline_form.html",
        {"rfi": rfi, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, _access = _editable(request, pk)
    try:
        services.request_close(actor=request.user, request_id=rfi.pk)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The request is closed."))
    return redirect(rfi.get_absolute_url())


@login_required
@kept_for_user(params=("status",))
def response_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, access = _editable(request, pk)
    wanted = request.GET.get("status", "")
    if wanted not in selectors.MATRIX_STATUS:
        wanted = ""
    table = matrix.matrix_table(rfi=rfi, access=access, wanted=wanted)
    return render(
        request,
        "consultations/response_matrix.html",
        {
            "rfi": rfi,
            "access": access,
            "table": table,
            "statuses": selectors.MATRIX_STATUS.items(),
            "wanted": wanted,
            "waiting": table.waiting,
        },
    )


@login_required
@require_POST
def reminders_send_now(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat reminds every recipient that has not submitted, now (at most once a
    day per recipient, whether by this button or the morning job)."""
    rfi, _access = _editable(request, pk)
    try:
        reminded = services.reminders_send_now(actor=request.user, request_id=rfi.pk)
    except ValidationError as error:
        _refusal(request, error)
    else:
        if reminded:
            messages.success(
                request,
                ngettext(
                    "%(count)d recipient was reminded.",
                    "%(count)d recipients were reminded.",
                    reminded,
                )
                % {"count": reminded},
            )
        else:
            messages.info(
                request,
                _(
                    "Nobody was reminded: every recipient has submitted, or was already "
                    "reminded today."
                ),
            )
    return redirect("consultations:response_matrix", rfi.pk)


@login_required
def response_export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    rfi, access = _editable(request, pk)
    if extension not in ("csv", "xlsx"):
        raise Http404
    return matrix.answers_export(rfi=rfi, access=access, extension=extension)


def _table_cells(question: Question, value: Any) -> list[tuple[str, list[str]]] | None:
    """A table answer as rows of cell texts in the question's column order."""
    if not isinstance(value, dict):
        return None
    return [
        (row, [str((value.get(row) or {}).get(column, "")) for column in question.table_columns])
        for row in question.table_rows
    ]


@login_required
@require_http_methods(GET_POST)
def response_form_by_municipality(
    request: HttpRequest, pk: int, municipality_id: int
) -> HttpResponsePermanentRedirect:
    """The answer's address before decision 0023 (``/hoeringer/<id>/svar/<municipality
    id>/``, in e-mails already sent): a permanent redirect to the recipient's address, for
    whoever may open the request (others get the 404 they got before)."""
    rfi, _access = selectors.request_get_for_user(user=request.user, pk=pk)
    recipient_id = selectors.recipient_id_for_municipality(
        request=rfi, municipality_id=municipality_id
    )
    url = reverse("consultations:response_form", args=[rfi.pk, recipient_id])
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@require_http_methods(GET_POST)
def response_form(request: HttpRequest, pk: int, recipient_id: int) -> HttpResponse:
    """A recipient's one answer (a municipality's or an organisation's): save a draft,
    submit, change until the deadline. The secretariat (and other recipients, when the
    request allows it) read it here.

    A refused form (a required answer missing, a number out of range, a refused file)
    shows what was typed; files accepted in the same post are stored (see the services)
    and listed as stored, with a box to remove each.

    Without signing in, an answer that everyone may read (a request "public after the
    deadline", once it has passed) is shown read-only, as search links to it; any other
    answer asks the visitor to sign in, as before."""
    signed_in = request.user.is_authenticated
    try:
        rfi, access = selectors.request_get_for_user(user=request.user, pk=pk)
        recipient, response = selectors.response_for(request=rfi, recipient_id=recipient_id)
    except Http404:
        if signed_in:
            raise
        return redirect_to_login(request.get_full_path())
    writes = access.may_answer_for(recipient.pk)
    reads = writes or access.sees_response(response, recipient.pk)
    if not signed_in and (request.method != "GET" or not reads):
        return redirect_to_login(request.get_full_path())
    if not reads and not access.may_edit:
        raise Http404
    questions = list(rfi.questions.all())
    # The secretariat opens any recipient's page, but a draft's answers are the
    # recipient's own until submitted (consultations.access).
    answers = selectors.answers_of(response=response) if reads else {}
    stored = selectors.stored_files(response=response) if reads else {}
    submitted = response is not None and response.status == Response.Status.SUBMITTED
    editing = writes and (
        not submitted or request.GET.get("change") == "1" or request.method == "POST"
    )
    initial = {**answer_initial(questions, answers), "version": response.version if response else 0}
    form = AnswerForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        questions=questions,
        stored_files=[f for files in stored.values() for f in files],
    )
    conflict = None
    if request.method == "POST":
        if not writes:
            raise PermissionDenied
        if form.is_valid():
            submit = "submit" in request.POST
            service = services.response_submit if submit else services.response_save_draft
            try:
                service(
                    actor=request.user,
                    request_id=rfi.pk,
                    recipient_id=recipient.pk,
                    expected_version=form.cleaned_data["version"],
                    values=form.values(),
                    files=form.files_by_question(),
                    remove_files=form.cleaned_data["remove_files"],
                )
            except ConflictError as error:
                conflict = error
                form.data = cast(QueryDict, form.data).copy()
                current = Response.objects.filter(recipient=recipient).first()
                form.data["version"] = str(current.version if current else 0)
            except ValidationError as error:
                _add_errors(form, error)
                # Files accepted with this post are stored: show them, and carry the
                # version they were stored under.
                response = Response.objects.filter(recipient=recipient).first()
                stored = selectors.stored_files(response=response)
                form.data = cast(QueryDict, form.data).copy()
                form.data["version"] = str(response.version if response else 0)
            else:
                messages.success(
                    request,
                    _("Your answer is submitted. A receipt is e-mailed to you.")
                    if submit
                    else _("Your draft is saved."),
                )
                return redirect("consultations:response_form", rfi.pk, recipient.pk)
        elif "version" in form.cleaned_data and any(form.files_by_question().values()):
            # The form is refused, but the files that pass the upload check are kept.
            try:
                refused = services.response_keep_files(
                    actor=request.user,
                    request_id=rfi.pk,
                    recipient_id=recipient.pk,
                    expected_version=form.cleaned_data["version"],
                    files=form.files_by_question(),
                )
            except ConflictError as error:
                conflict = error
            except ValidationError as error:
                _add_errors(form, error)
            else:
                for name, problem in refused.items():
                    form.add_error(name, problem)
                response = Response.objects.filter(recipient=recipient).first()
                stored = selectors.stored_files(response=response)
                form.data = cast(QueryDict, form.data).copy()
                form.data["version"] = str(response.version if response else 0)
    removing = (
        {str(v) for v in cast(QueryDict, form.data).getlist("remove_files")}
        if form.is_bound
        else set()
    )
    entries = [
        (
            q,
            form[f"q{q.pk}"],
            stored.get(q.pk, []),
            form.table(q) if q.kind == Question.Kind.TABLE else None,
        )
        for q in questions
    ]
    shown = [
        (
            q,
            services.display_value(q, answers.get(q.pk)),
            stored.get(q.pk, []),
            _table_cells(q, answers.get(q.pk)) if q.kind == Question.Kind.TABLE else None,
        )
        for q in questions
    ]
    return render(
        request,
        "consultations/response_form.html",
        {
            "rfi": rfi,
            "access": access,
            "recipient": recipient,
            "response": response,
            "submitted": response is not None and response.status == Response.Status.SUBMITTED,
            "form": form,
            "editing": editing,
            "writes": writes,
            "reads": reads,
            "shown": shown,
            "entries": entries,
            "removing": removing,
            "conflict": conflict,
            "questions_changed_on": (
                selectors.questions_changed_on(request=rfi, response=response) if writes else None
            ),
            "kinds": Question.Kind,
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_POST
def response_reopen(request: HttpRequest, pk: int, recipient_id: int) -> HttpResponse:
    rfi, _access = _editable(request, pk)
    if not 0 < recipient_id <= selectors.MAX_ID:
        raise Http404
    try:
        services.response_reopen(actor=request.user, request_id=rfi.pk, recipient_id=recipient_id)
    except Recipient.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The answer is reopened. The contact persons are told."))
    return redirect("consultations:response_matrix", rfi.pk)
