"""What comes out of agreements: the PDF of an agreement with its follow-up status (ordered
by the secretariat, made by the worker, downloaded by anyone who may see the agreement), and
the CSV and Excel tables of the agreement list and of indicator measurements.

Each view asks ``agreements.access`` (through ``agreements.selectors``) what the user may
see and do: a draft or internal agreement does not exist to others (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agreements import exports, selectors, services_pdf
from agreements.filters import AgreementFilter
from agreements.models import Agreement
from core.exports import table_response

EXTENSIONS = ("csv", "xlsx")


def _filtered(request: HttpRequest) -> AgreementFilter | None:
    """The list's filter as on the list page; None when a value is malformed."""
    agreement_filter = AgreementFilter(
        request.GET or None,
        queryset=selectors.agreement_list(user=request.user),
        request=request,
    )
    if agreement_filter.is_bound and not agreement_filter.is_valid():
        return None
    return agreement_filter


def _bad_filter() -> HttpResponse:
    return HttpResponseBadRequest(
        _("A filter value is not valid. Go back to the list and choose from the lists."),
        content_type="text/plain; charset=utf-8",
    )


@require_safe
def agreement_list_export(request: HttpRequest, extension: str) -> HttpResponse:
    """The agreements of the list as filtered, one row each."""
    if extension not in EXTENSIONS:
        raise Http404
    agreement_filter = _filtered(request)
    if agreement_filter is None:
        return _bad_filter()
    return table_response(
        exports.agreement_rows(agreement_filter.qs, user=request.user),
        filename="aftaler",
        extension=extension,
        sheet_title=_("Agreements"),
    )


@require_safe
def measurements_export(request: HttpRequest, extension: str) -> HttpResponse:
    """The measurements of every agreement in the list as filtered."""
    if extension not in EXTENSIONS:
        raise Http404
    agreement_filter = _filtered(request)
    if agreement_filter is None:
        return _bad_filter()
    return table_response(
        exports.measurement_rows(agreement_filter.qs),
        filename="aftaler-maalinger",
        extension=extension,
        sheet_title=_("Measurements"),
    )


@require_safe
def agreement_measurements_export(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """The measurements of one agreement's indicators."""
    if extension not in EXTENSIONS:
        raise Http404
    agreement, _access = selectors.agreement_get_for_user(user=request.user, pk=pk)
    return table_response(
        exports.measurement_rows(Agreement.objects.filter(pk=agreement.pk)),
        filename=f"aftale-{agreement.pk}-maalinger",
        extension=extension,
        sheet_title=_("Measurements"),
    )


@login_required
@require_POST
def agreement_pdf_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Order a new PDF (the agreement's secretariat): the worker makes it."""
    agreement, access = selectors.agreement_get_for_user(user=request.user, pk=pk)
    if not access.may_edit:
        raise PermissionDenied
    services_pdf.agreement_pdf_request(actor=request.user, agreement_id=agreement.pk)
    messages.success(request, _("The PDF is being made. Reload the page in a moment."))
    return redirect(agreement.get_absolute_url() + "#pdf")


@require_safe
def agreement_pdf_download(request: HttpRequest, pk: int) -> FileResponse:
    """The newest ready PDF, for anyone who may see the agreement."""
    agreement, _access = selectors.agreement_get_for_user(user=request.user, pk=pk)
    ready = services_pdf.agreement_pdf_ready(agreement=agreement)
    if ready is None:
        raise Http404
    response = FileResponse(
        ready.file.open("rb"),
        content_type="application/pdf",
        filename=services_pdf.agreement_pdf_filename(agreement),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Whether a reader may see it can change (an agreement made internal): never cached.
    response["Cache-Control"] = "private, no-store"
    return response
