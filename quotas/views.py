from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.http import signed_in_user
from accounts.rules import Action, can
from core.exports import table_response
from councils.models import Region
from quotas import access, selectors, services
from quotas.forms import (
    DistributionAgreementAnswerForm,
    DistributionAgreementDraftForm,
    DistributionAgreementFinaliseForm,
    DistributionAgreementNumbersForm,
    InputFileForm,
    ManualQuotasForm,
    NationalFigureForm,
    PlacementForm,
    QuotaYearForm,
    VersionForm,
)
from quotas.inputs import InputFileError, parse_quota_csv
from quotas.models import DistributionAgreement, DistributionAgreementLine, QuotaYear


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)


@require_http_methods(["GET", "HEAD", "POST"])
def year_list(request: HttpRequest) -> HttpResponse:
    may_manage = can(request.user, Action.MANAGE_QUOTAS)
    form = QuotaYearForm(request.POST or None)
    if request.method == "POST":
        _require(may_manage)
        if form.is_valid():
            try:
                quota_year = services.quota_year_create(
                    actor=signed_in_user(request),
                    year=form.cleaned_data["year"],
                    is_example=form.cleaned_data["is_example"],
                )
            except ValidationError as error:
                form.add_error("year", error.message_dict.get("year", error.messages))
            else:
                return redirect(quota_year.get_absolute_url())
    return render(
        request,
        "quotas/year_list.html",
        {"years": selectors.quota_year_list(), "form": form, "may_manage": may_manage},
        status=400 if form.errors else 200,
    )


@require_safe
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    quota_year = selectors.quota_year_get(year=year)
    version_form = VersionForm(request.GET)
    if not version_form.is_valid():
        return HttpResponseBadRequest(
            _("The version must be a whole number of 1 or more."), content_type="text/plain"
        )
    figure = selectors.national_figure_for(
        quota_year=quota_year, version=version_form.cleaned_data["version"]
    )
    overview = selectors.quota_overview(quota_year=quota_year, figure=figure) if figure else None
    return render(
        request,
        "quotas/year_detail.html",
        {
            "quota_year": quota_year,
            "figure": figure,
            "figures": quota_year.figures.order_by("version"),
            "overview": overview,
            "may_manage": can(request.user, Action.MANAGE_QUOTAS),
            "may_see_calculation": can(request.user, Action.VIEW_QUOTA_CALCULATION),
            "distribution_agreement_region_ids": access.distribution_agreement_page_region_ids(
                request.user, quota_year=quota_year
            ),
            "has_inputs": quota_year.inputs.exists(),
        },
    )


@require_safe
def year_export(request: HttpRequest, year: int, extension: str) -> HttpResponse:
    quota_year = selectors.quota_year_get(year=year)
    figure = selectors.national_figure_for(quota_year=quota_year)
    if figure is None:
        raise Http404
    rows = selectors.export_rows(
        overview=selectors.quota_overview(quota_year=quota_year, figure=figure)
    )
    return table_response(
        rows,
        filename=f"kommunekvoter-{quota_year.year}-v{figure.version}",
        extension=extension,
        sheet_title=str(quota_year.year),
    )


@require_safe
def calculation(request: HttpRequest, year: int) -> HttpResponse:
    _require(can(request.user, Action.VIEW_QUOTA_CALCULATION))
    quota_year = selectors.quota_year_get(year=year)
    figure = selectors.national_figure_for(quota_year=quota_year)
    computed = selectors.calculation(quota_year=quota_year, figure=figure) if figure else None
    return render(
        request,
        "quotas/calculation.html",
        {"quota_year": quota_year, "figure": figure, "computed": computed},
    )


@require_safe
def version_detail(request: HttpRequest, year: int, version: int) -> HttpResponse:
    quota_year = selectors.quota_year_get(year=year)
    figure = selectors.national_figure_for(quota_year=quota_year, version=version)
    if figure is None:  # not reached: a version that does not exist is a 404 already
        raise Http404
    previous, changes = selectors.version_changes(figure=figure)
    return render(
        request,
        "quotas/version_detail.html",
        {"quota_year": quota_year, "figure": figure, "previous": previous, "changes": changes},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def input_import(request: HttpRequest, year: int) -> HttpResponse:
    _require(can(request.user, Action.MANAGE_QUOTAS))
    quota_year = selectors.quota_year_get(year=year)
    form = InputFileForm(request.POST or None, request.FILES or None)
    file_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.model_input_import(
                actor=signed_in_user(request),
                quota_year=quota_year,
                raw=form.cleaned_data["file"].read(),
            )
        except InputFileError as error:
            file_errors = error.errors
        else:
            messages.success(
                request, _("Input data for %(count)d municipalities saved.") % {"count": count}
            )
            return redirect(quota_year.get_absolute_url())
    return render(
        request,
        "quotas/input_import.html",
        {"quota_year": quota_year, "form": form, "file_errors": file_errors},
        status=400 if (form.errors or file_errors) else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def figure_form(request: HttpRequest, year: int) -> HttpResponse:
    _require(can(request.user, Action.MANAGE_QUOTAS))
    quota_year = selectors.quota_year_get(year=year)
    current = selectors.national_figure_for(quota_year=quota_year)
    form = NationalFigureForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if current is None:
                figure = services.national_figure_announce(
                    actor=signed_in_user(request), quota_year=quota_year, **data
                )
            else:
                figure = services.national_figure_revise(
                    actor=signed_in_user(request), quota_year=quota_year, **data
                )
        except ValidationError as error:
            errors = _error_messages(error)
        else:
            messages.success(
                request,
                _("Version %(version)d of the national figure is saved: %(method)s.")
                % {"version": figure.version, "method": figure.get_method_display().lower()},
            )
            return redirect(
                reverse("quotas:version_detail", args=[quota_year.year, figure.version])
                if figure.version > 1
                else quota_year.get_absolute_url()
            )
    return render(
        request,
        "quotas/figure_form.html",
        {"quota_year": quota_year, "current": current, "form": form, "errors": errors},
        status=400 if (form.errors or errors) else 200,
    )


def _distribution_agreement_context(
    request: HttpRequest, quota_year: QuotaYear, region: Region
) -> dict[str, Any]:
    distribution_agreement_access = access.distribution_agreement_access(request.user, region)
    distribution_agreement = selectors.distribution_agreement_get_for_user(
        user=request.user, quota_year=quota_year, region=region
    )
    figure = (
        distribution_agreement.national_figure
        if distribution_agreement
        else selectors.national_figure_for(quota_year=quota_year)
    )
    regional = figure.regional_quotas.filter(region=region).first() if figure else None
    lines = list(distribution_agreement.lines.all()) if distribution_agreement else []
    own_lines = [
        line for line in lines if can(request.user, Action.ACT_FOR_MUNICIPALITY, line.municipality)
    ]
    return {
        "quota_year": quota_year,
        "region": region,
        "distribution_agreement": distribution_agreement,
        "regional_quota": regional.quota if regional else None,
        "lines": lines,
        "total": sum(line.quota for line in lines),
        "difference": sum(line.quota for line in lines) - regional.quota if regional else 0,
        "confirmed": sum(
            1 for line in lines if line.answer == DistributionAgreementLine.Answer.CONFIRMED
        ),
        "may_manage": distribution_agreement_access.may_manage,
        "sees_comments": distribution_agreement_access.sees_comments,
        "own_lines": own_lines,
        "draft_form": DistributionAgreementDraftForm(),
        "answer_form": DistributionAgreementAnswerForm(),
        "finalise_form": DistributionAgreementFinaliseForm(),
    }


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404
    return region


def _numbers_errors(form: DistributionAgreementNumbersForm) -> list[str]:
    """The numbers form's errors as messages naming the municipality."""
    messages_: list[str] = []
    if "version" in form.errors:
        messages_.append(
            _("The form is out of date or damaged; reload the page and enter the numbers again.")
        )
    for line in form.lines:
        name = f"quota_{line.municipality_id}"
        for error in form.errors.get(name, []):
            messages_.append(f"{line.municipality.name}: {error}")
    return messages_


@require_safe
def distribution_agreement_detail(
    request: HttpRequest, year: int, region_code: str
) -> HttpResponse:
    quota_year = selectors.quota_year_get(year=year)
    region = _region(region_code)
    context = _distribution_agreement_context(request, quota_year, region)
    if context["distribution_agreement"] is None and not context["may_manage"]:
        raise Http404
    return render(request, "quotas/distribution_agreement_detail.html", context)


@require_POST
def distribution_agreement_action(
    request: HttpRequest, year: int, region_code: str, action: str
) -> HttpResponse:
    """The secretariat's steps (draft, numbers, send, finalise) and the municipalities' answers."""
    quota_year = selectors.quota_year_get(year=year)
    region = _region(region_code)
    context = _distribution_agreement_context(request, quota_year, region)
    distribution_agreement: DistributionAgreement | None = context["distribution_agreement"]
    url = reverse("quotas:distribution_agreement_detail", args=[year, region_code])
    try:
        if action == "answer":
            line = next(
                (ln for ln in context["own_lines"] if str(ln.pk) == request.POST.get("line")), None
            )
            if line is None:
                raise PermissionDenied
            answer_form = DistributionAgreementAnswerForm(request.POST)
            if not answer_form.is_valid():
                context["answer_form"] = answer_form
                return render(
                    request, "quotas/distribution_agreement_detail.html", context, status=400
                )
            services.distribution_agreement_answer(
                actor=signed_in_user(request),
                line_id=line.pk,
                confirm=answer_form.cleaned_data["confirm"],
                comment=answer_form.cleaned_data["comment"],
            )
            messages.success(request, _("Your answer is saved."))
            return redirect(url)

        _require(context["may_manage"])
        if action == "draft":
            draft_form = DistributionAgreementDraftForm(request.POST)
            if not draft_form.is_valid():
                context["draft_form"] = draft_form
                return render(
                    request, "quotas/distribution_agreement_detail.html", context, status=400
                )
            services.distribution_agreement_draft(
                actor=signed_in_user(request),
                quota_year=quota_year,
                region=region,
                **draft_form.cleaned_data,
            )
            messages.success(request, _("The draft starts from the model's numbers."))
        elif distribution_agreement is None:
            raise Http404
        elif action == "numbers":
            numbers_form = DistributionAgreementNumbersForm(request.POST, lines=context["lines"])
            if not numbers_form.is_valid():
                raise ValidationError(_numbers_errors(numbers_form))
            services.distribution_agreement_lines_set(
                actor=signed_in_user(request),
                distribution_agreement_id=distribution_agreement.pk,
                expected_version=numbers_form.cleaned_data["version"],
                quotas=numbers_form.quotas(),
            )
            messages.success(request, _("The numbers are saved."))
        elif action == "send":
            services.distribution_agreement_send(
                actor=signed_in_user(request), distribution_agreement=distribution_agreement
            )
            messages.success(request, _("The municipalities can now confirm their numbers."))
        elif action == "finalise":
            finalise_form = DistributionAgreementFinaliseForm(request.POST, request.FILES)
            if not finalise_form.is_valid():
                context["finalise_form"] = finalise_form
                return render(
                    request, "quotas/distribution_agreement_detail.html", context, status=400
                )
            documents = []
            if finalise_form.cleaned_data.get("document"):
                documents.append(
                    (
                        finalise_form.cleaned_data["document_title"],
                        finalise_form.cleaned_data["document"],
                    )
                )
            services.distribution_agreement_finalise(
                actor=signed_in_user(request),
                distribution_agreement_id=distribution_agreement.pk,
                documents=documents,
            )
            messages.success(
                request, _("The agreement is finalised; its numbers are now the quotas.")
            )
        else:
            raise Http404
    except ValidationError as error:
        context.update(_distribution_agreement_context(request, quota_year, region))
        context["errors"] = _error_messages(error)
        context["posted"] = request.POST
        return render(request, "quotas/distribution_agreement_detail.html", context, status=400)
    return redirect(url)


@require_http_methods(["GET", "HEAD", "POST"])
def placements(request: HttpRequest, year: int) -> HttpResponse:
    quota_year = selectors.quota_year_get(year=year)
    allowed = selectors.placement_municipalities(user=request.user, quota_year=quota_year)
    _require(can(request.user, Action.MANAGE_QUOTAS))
    form = PlacementForm(request.POST or None, municipalities=allowed)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_record(
                actor=signed_in_user(request), quota_year=quota_year, **form.cleaned_data
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, _("The placement is recorded."))
            return redirect(reverse("quotas:placements", args=[year]))
    return render(
        request,
        "quotas/placements.html",
        {
            "quota_year": quota_year,
            "form": form,
            "errors": errors,
            "placements": selectors.placements_for(quota_year=quota_year),
        },
        status=400 if form.errors else 200,
    )


@require_safe
def distribution_agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    """A finalised agreement's signed document (PDFs only, checked on upload)."""
    document = selectors.distribution_agreement_document_get_for_user(user=request.user, pk=pk)
    return FileResponse(
        document.file.open("rb"), content_type="application/pdf", filename=f"{document.title}.pdf"
    )


@require_http_methods(["GET", "HEAD", "POST"])
def manual_quotas(request: HttpRequest, year: int) -> HttpResponse:
    """Quotas decided by an authority (as in Sweden and Norway), entered from a table."""
    _require(can(request.user, Action.MANAGE_QUOTAS))
    quota_year = selectors.quota_year_get(year=year)
    form = ManualQuotasForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = parse_quota_csv(data["file"].read())
            regional: dict[str, int] = {}
            for region, quota in table.values():
                regional[region] = regional.get(region, 0) + quota
            figure = services.quotas_enter(
                actor=signed_in_user(request),
                quota_year=quota_year,
                figure=data["figure"],
                announced_on=data["announced_on"],
                reason=data["reason"],
                legal_basis=data["legal_basis"],
                regional=regional,
                municipal={code: quota for code, (_region, quota) in table.items()},
            )
        except InputFileError as error:
            errors = error.errors
        except ValidationError as error:
            errors = _error_messages(error)
        else:
            messages.success(
                request,
                _("Version %(version)d of the national figure is saved: %(method)s.")
                % {"version": figure.version, "method": figure.get_method_display().lower()},
            )
            return redirect(quota_year.get_absolute_url())
    return render(
        request,
        "quotas/figure_form.html",
        {"quota_year": quota_year, "current": None, "manual": True, "form": form, "errors": errors},
        status=400 if (form.errors or errors) else 200,
    )
