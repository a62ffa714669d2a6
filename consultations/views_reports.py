"""What comes out of a request for input: all answers to each question side by side, the
compiled PDF of all submitted answers (ordered from the worker, downloaded, attached to the
meeting item the request feeds) and the public list of requests whose answers are public.

Each view asks ``consultations.access`` (through the selectors) what the user may do and
calls one service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from consultations import selectors, services_pdf
from consultations.access import RequestAccess, may_attach_to_meeting_item
from consultations.models import RequestForInput


def _compiling(request: HttpRequest, pk: int) -> tuple[RequestForInput, RequestAccess]:
    rfi, access = selectors.request_get_for_user(user=request.user, pk=pk)
    if not access.may_compile:
        raise PermissionDenied
    return rfi, access


@require_safe
def answers_by_question(request: HttpRequest, pk: int) -> HttpResponse:
    """All answers to each question side by side: the secretariat's, and, when the request
    lets them read other recipients' answers, the recipients' or everyone's (the public page
    of a request whose answers are public after the deadline)."""
    try:
        rfi, access = selectors.request_get_for_user(user=request.user, pk=pk)
    except Http404:
        # Someone not signed in is asked to sign in (a contact person following a link).
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    if not access.may_compare:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return render(
        request,
        "consultations/answers_by_question.html",
        {
            "rfi": rfi,
            "access": access,
            "questions": selectors.answers_by_question(request=rfi, access=access),
        },
    )


@require_safe
def public_requests(request: HttpRequest) -> HttpResponse:
    """Requests for input whose answers everyone may read (after their deadline)."""
    return render(
        request,
        "consultations/public_requests.html",
        {"requests": selectors.public_request_list()},
    )


@login_required
@require_POST
def compiled_pdf_create(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, _access = _compiling(request, pk)
    try:
        services_pdf.compiled_pdf_request(actor=request.user, request_id=rfi.pk)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(
            request, _("The PDF of the answers is being made. Reload the page in a moment.")
        )
    return redirect(rfi.get_absolute_url())


@login_required
@require_safe
def compiled_pdf_download(request: HttpRequest, pk: int) -> FileResponse:
    rfi, _access = _compiling(request, pk)
    ready = selectors.compiled_pdf_ready(request=rfi)
    if ready is None:
        raise Http404
    response = FileResponse(
        ready.file.open("rb"),
        content_type="application/pdf",
        filename=services_pdf.compiled_pdf_filename(rfi),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def compiled_pdf_attach(request: HttpRequest, pk: int) -> HttpResponse:
    rfi, access = _compiling(request, pk)
    if not may_attach_to_meeting_item(request.user, access):
        raise PermissionDenied
    try:
        services_pdf.compiled_pdf_attach(actor=request.user, request_id=rfi.pk)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The PDF of the answers is attached to the meeting item."))
    return redirect(rfi.get_absolute_url())
