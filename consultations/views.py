"""Pages of requests for input: the secretariat's (list, create, edit, questions, send,
deadline, close, response matrix, export) and the municipality's answer form. Each view
asks ``consultations.access`` (through the selectors) what the user may do, validates the
form, and calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.rules import Action, can
from consultations import selectors, services
from consultations.forms import (
    AnswerForm,
    DeadlineForm,
    QuestionForm,
    RequestForm,
    answer_initial,
)
from consultations.models import Question, Recipient, RequestForInput, Response
from core.errors import ConflictError
from core.exports import table_response
from councils.models import Municipality
from councils.selectors import body_get

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


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    """The requests the user may open: those of the bodies they edit, and those sent to
    their municipalities."""
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
    form = RequestForm(request.POST or None, municipalities=_region_municipalities(body))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rfi = services.request_create(
                actor=request.user,
                body=body,
                title=data["title"],
                introduction=data["introduction"],
                deadline=data["deadline"],
                allows_late=data["allows_late"],
                answers_visibility=data["answers_visibility"],
                municipalities=data["recipients"],
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
    rfi, _access = _editable(request, pk)
    if rfi.status != RequestForInput.Status.DRAFT:
        messages.info(request, _("The request has been sent: only its deadline can be changed."))
        return redirect(rfi.get_absolute_url())
    initial = {name: getattr(rfi, name) for name in services.REQUEST_FIELDS}
    initial["municipalities"] = list(rfi.recipients.values_list("municipality_id", flat=True))
    initial["version"] = rfi.version
    form = RequestForm(
        request.POST or None, initial=initial, municipalities=_region_municipalities(rfi.body)
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
                **{name: data[name] for name in services.REQUEST_FIELDS},
            )
        except ConflictError as error:
            conflict = error
            form.data = form.data.copy()
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


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, access = selectors.request_get_for_user(user=request.user, pk=pk)
    own = sorted(access.municipality_ids)
    return render(
        request,
        "consultations/request_detail.html",
        {
            "rfi": rfi,
            "access": access,
            "questions": list(rfi.questions.all()),
            "recipients": list(rfi.recipients.select_related("municipality"))
            if access.may_edit
            else [],
            "own_recipients": list(
                rfi.recipients.filter(municipality_id__in=own).select_related("municipality")
            ),
            "questions_locked": Response.objects.filter(recipient__request=rfi).exists(),
            "deadline_form": DeadlineForm(),
        },
    )


def _question_page(
    request: HttpRequest, rfi: RequestForInput, question: Question | None
) -> HttpResponse:
    initial = {}
    if question is not None:
        initial = {name: getattr(question, name) for name in services.QUESTION_FIELDS}
        initial["choices"] = "\n".join(question.choices)
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
def response_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, _access = _editable(request, pk)
    rows = selectors.response_matrix(request=rfi)
    wanted = request.GET.get("status", "")
    if wanted in selectors.MATRIX_STATUS:
        rows = [row for row in rows if row.status == wanted]
    return render(
        request,
        "consultations/response_matrix.html",
        {
            "rfi": rfi,
            "rows": rows,
            "statuses": selectors.MATRIX_STATUS.items(),
            "wanted": wanted,
        },
    )


@login_required
def response_export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    rfi, access = _editable(request, pk)
    if extension not in ("csv", "xlsx"):
        raise Http404
    return table_response(
        selectors.answers_table(request=rfi, access=access),
        filename=f"hoeringssvar-{rfi.pk}",
        extension=extension,
        sheet_title=_("Answers"),
    )


@login_required
@require_http_methods(GET_POST)
def response_form(request: HttpRequest, pk: int, municipality_id: int) -> HttpResponse:
    """The municipality's one answer: save a draft, submit, change until the deadline. The
    secretariat (and other recipients, when the request allows it) read it here."""
    rfi, access = selectors.request_get_for_user(user=request.user, pk=pk)
    recipient, response = selectors.response_for(request=rfi, municipality_id=municipality_id)
    writes = access.may_answer_for(municipality_id)
    reads = writes or access.sees_response(response, municipality_id)
    if not reads and not access.may_edit:
        raise Http404
    questions = list(rfi.questions.all())
    # The secretariat opens any recipient's page, but a draft's answers are the
    # municipality's own until submitted (consultations.access).
    answers = selectors.answers_of(response=response) if reads else {}
    submitted = response is not None and response.status == Response.Status.SUBMITTED
    editing = writes and (
        not submitted or request.GET.get("change") == "1" or request.method == "POST"
    )
    initial = {**answer_initial(questions, answers), "version": response.version if response else 0}
    form = AnswerForm(request.POST or None, initial=initial, questions=questions)
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
                    municipality_id=municipality_id,
                    expected_version=form.cleaned_data["version"],
                    values=form.values(),
                )
            except ConflictError as error:
                conflict = error
                form.data = form.data.copy()
                current = Response.objects.filter(recipient=recipient).first()
                form.data["version"] = str(current.version if current else 0)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your answer is submitted.") if submit else _("Your draft is saved."),
                )
                return redirect("consultations:response_form", rfi.pk, municipality_id)
    shown = [(q, services.display_value(q, answers.get(q.pk))) for q in questions]
    return render(
        request,
        "consultations/response_form.html",
        {
            "rfi": rfi,
            "access": access,
            "recipient": recipient,
            "response": response,
            "form": form,
            "editing": editing,
            "writes": writes,
            "reads": reads,
            "shown": shown,
            "conflict": conflict,
            "long_text": Question.Kind.LONG_TEXT,
        },
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
@require_POST
def response_reopen(request: HttpRequest, pk: int, municipality_id: int) -> HttpResponse:
    rfi, _access = _editable(request, pk)
    try:
        services.response_reopen(
            actor=request.user, request_id=rfi.pk, municipality_id=municipality_id
        )
    except Recipient.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The answer is reopened. The contact persons are told."))
    return redirect("consultations:response_matrix", rfi.pk)
