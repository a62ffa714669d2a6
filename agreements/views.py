"""Pages of agreements: the public list and agreement page, and the secretariat's forms
(agreement, parties, economy, goals, indicators, measurements, documents, coming into force,
renewal, termination). Each view asks ``agreements.access`` (through the selectors) what
the user may do, validates the form, and calls one service."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.rules import edited_body_ids
from agreements import selectors, services
from agreements.access import AgreementAccess, may_create_agreements
from agreements.filters import AgreementFilter
from agreements.forms import (
    AgreementForm,
    DocumentForm,
    EconomyLineForm,
    EndForm,
    GoalForm,
    IndicatorForm,
    MeasurementForm,
    PartyForm,
    RemoveForm,
    RenewForm,
    with_change_note,
)
from agreements.models import Agreement, EconomyLine, Goal, Indicator, Party
from core.errors import ConflictError
from councils.models import Body, Municipality, Organisation

GET_POST = ["GET", "HEAD", "POST"]
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif"}
PAGE_SIZE = 20


def _add_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    for problem in error.messages:
        messages.error(request, problem)


def _status(form: Form, conflict: ConflictError | None = None) -> int:
    return 409 if conflict else (400 if form.errors else 200)


def _editable(request: HttpRequest, pk: int) -> tuple[Agreement, AgreementAccess]:
    agreement, access = selectors.agreement_get_for_user(user=request.user, pk=pk)
    if not access.may_edit:
        raise PermissionDenied
    return agreement, access


def _edited_bodies(user: Any) -> QuerySet[Body]:
    scope = edited_body_ids(user)
    bodies = Body.objects.order_by("name")
    return bodies if scope is None else bodies.filter(pk__in=scope)


def _parents(user: Any, agreement: Agreement | None) -> QuerySet[Agreement]:
    parents = Agreement.objects.visible_to(user).select_related("kind").order_by("title")
    return parents if agreement is None else parents.exclude(pk=agreement.pk)


def _child(queryset: QuerySet[Any], pk: int) -> Any:
    found = queryset.filter(pk=pk).first() if 0 < pk <= selectors.MAX_ID else None
    if found is None:
        raise Http404
    return found


# --- Public pages ----------------------------------------------------------------------------


@require_safe
def agreement_list(request: HttpRequest) -> HttpResponse:
    """The agreements the visitor may see, filtered by body, kind, status and year."""
    agreement_filter = AgreementFilter(
        request.GET or None,
        queryset=selectors.agreement_list(user=request.user),
        request=request,
    )
    page = Paginator(agreement_filter.qs, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "filter": agreement_filter,
            "page": page,
            "filter_query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "side"),
            "may_create": may_create_agreements(request.user),
        },
    )


@require_safe
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, access = selectors.agreement_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "access": access,
            **selectors.agreement_page(user=request.user, agreement=agreement, access=access),
        },
    )


@require_safe
def document_download(request: HttpRequest, pk: int, document_id: int) -> FileResponse:
    """A document, if the user may see it. PDFs and images open in the browser; other files
    are downloaded, so an uploaded document never runs as a page of the portal."""
    document = selectors.document_get_for_user(user=request.user, pk=pk, document_id=document_id)
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else ""
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=document.content_type not in INLINE_TYPES,
        filename=f"{document.title}.{extension}" if extension else document.title,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The agreement ---------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def agreement_create(request: HttpRequest) -> HttpResponse:
    if not may_create_agreements(request.user):
        raise PermissionDenied
    bodies = _edited_bodies(request.user)
    initial: dict[str, Any] = {}
    wanted = request.GET.get("organ")
    if wanted:
        initial["body"] = bodies.filter(slug=wanted).first()
    form = AgreementForm(
        request.POST or None,
        initial=initial,
        bodies=bodies,
        parents=_parents(request.user, None),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                actor=request.user,
                body=data["body"],
                kind=data["kind"],
                new_kind=data["new_kind"],
                title=data["title"],
                start=data["start"],
                end=data["end"],
                parent=data["parent"],
                is_internal=data["is_internal"],
                summary=data["summary"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The agreement is saved as a draft. Add its parties and goals.")
            )
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "agreements/agreement_form.html",
        {"form": form, "agreement": None},
        status=_status(form),
    )


@login_required
@require_http_methods(GET_POST)
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    initial = {name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS}
    initial["version"] = agreement.version
    form = AgreementForm(
        request.POST or None,
        initial=initial,
        bodies=_edited_bodies(request.user),
        parents=_parents(request.user, agreement),
    )
    with_change_note(form, required=services.needs_change_note(agreement))
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_update(
                actor=request.user,
                agreement_id=agreement.pk,
                expected_version=data["version"] or 0,
                new_kind=data["new_kind"],
                change_note=data.get("change_note", ""),
                **{name: data[name] for name in services.AGREEMENT_FIELDS},
            )
        except ConflictError as error:
            conflict = error
            form.data = cast(QueryDict, form.data).copy()
            form.data["version"] = str(Agreement.objects.get(pk=agreement.pk).version)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "agreements/agreement_form.html",
        {"form": form, "agreement": agreement, "conflict": conflict},
        status=_status(form, conflict),
    )


@login_required
@require_POST
def agreement_put_in_force(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    try:
        services.agreement_put_in_force(actor=request.user, agreement_id=agreement.pk)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The agreement is in force."))
    return redirect(agreement.get_absolute_url())


@login_required
@require_http_methods(GET_POST)
def agreement_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the renewal, with the new title and period proposed."""
    agreement, _access = _editable(request, pk)
    start, end = services.next_period(agreement)
    form = RenewForm(
        request.POST or None, initial={"title": agreement.title, "start": start, "end": end}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.agreement_renew(
                actor=request.user, agreement_id=agreement.pk, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The new agreement is a draft with the same goals and indicators. "
                    "Set its targets."
                ),
            )
            return redirect(new.get_absolute_url())
    return render(
        request,
        "agreements/agreement_renew.html",
        {"agreement": agreement, "form": form},
        status=_status(form),
    )


@login_required
@require_http_methods(GET_POST)
def agreement_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the termination, with its date."""
    agreement, _access = _editable(request, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_end(
                actor=request.user, agreement_id=agreement.pk, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The agreement is terminated."))
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "agreements/agreement_end.html",
        {"agreement": agreement, "form": form},
        status=_status(form),
    )


# --- Parties, economy, documents -------------------------------------------------------------


def _small_form_page(
    request: HttpRequest,
    agreement: Agreement,
    form: Form,
    *,
    heading: str,
    save: Any,
    done: str,
    multipart: bool = False,
) -> HttpResponse:
    """A form whose valid data goes to one service call, then back to the agreement."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "agreements/small_form.html",
        {"agreement": agreement, "form": form, "heading": heading, "multipart": multipart},
        status=_status(form),
    )


@login_required
@require_http_methods(GET_POST)
def party_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    form = PartyForm(
        request.POST or None,
        organisations=Organisation.objects.order_by("name"),
        bodies=Body.objects.order_by("name"),
        municipalities=Municipality.objects.order_by("name"),
    )
    with_change_note(form, required=services.needs_change_note(agreement))
    return _small_form_page(
        request,
        agreement,
        form,
        heading=_("Add a party"),
        save=lambda data: services.party_add(actor=request.user, agreement=agreement, **data),
        done=_("The party is added."),
    )


def _remove_page(
    request: HttpRequest, agreement: Agreement, *, heading: str, remove: Any, done: str
) -> HttpResponse:
    """Remove something from the agreement. A draft's page posts straight here; an
    agreement in force first shows a page asking what changed and why (the new version's
    note), and refuses a removal without it."""
    if not services.needs_change_note(agreement):
        if request.method != "POST":
            return redirect(agreement.get_absolute_url())
        try:
            remove("")
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(request, done)
        return redirect(agreement.get_absolute_url())
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            remove(form.cleaned_data["change_note"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "agreements/small_form.html",
        {"agreement": agreement, "form": form, "heading": heading, "submit": _("Remove")},
        status=_status(form),
    )


@login_required
@require_http_methods(GET_POST)
def party_remove(request: HttpRequest, pk: int, party_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    party: Party = _child(
        agreement.parties.select_related("organisation", "body", "municipality"), party_id
    )
    return _remove_page(
        request,
        agreement,
        heading=_("Remove the party “%(party)s”") % {"party": party},
        remove=lambda note: services.party_remove(
            actor=request.user, party_id=party.pk, change_note=note
        ),
        done=_("The party is removed."),
    )


@login_required
@require_http_methods(GET_POST)
def economy_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    return _small_form_page(
        request,
        agreement,
        with_change_note(
            EconomyLineForm(request.POST or None),
            required=services.needs_change_note(agreement),
        ),
        heading=_("Add an economy line"),
        save=lambda data: services.economy_line_add(
            actor=request.user, agreement=agreement, **data
        ),
        done=_("The economy line is added."),
    )


@login_required
@require_http_methods(GET_POST)
def economy_remove(request: HttpRequest, pk: int, line_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    line: EconomyLine = _child(agreement.economy_lines.all(), line_id)
    return _remove_page(
        request,
        agreement,
        heading=_("Remove the economy line “%(line)s”") % {"line": line},
        remove=lambda note: services.economy_line_remove(
            actor=request.user, line_id=line.pk, change_note=note
        ),
        done=_("The economy line is removed."),
    )


@login_required
@require_http_methods(GET_POST)
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return _small_form_page(
        request,
        agreement,
        form,
        heading=_("Add a document"),
        save=lambda data: services.document_add(
            actor=request.user,
            agreement=agreement,
            title=data["title"],
            upload=data["file"],
            is_internal=data["is_internal"],
        ),
        done=_("The document is added."),
        multipart=True,
    )


# --- Goals, indicators, measurements ---------------------------------------------------------


def _versioned_page(
    request: HttpRequest,
    agreement: Agreement,
    form: Form,
    *,
    heading: str,
    save: Any,
    reload_version: Any,
    done: str,
) -> HttpResponse:
    """A form of a versioned record: a stale version shows what the other writer saved and
    keeps what this one typed."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ConflictError as error:
            conflict = error
            form.data = cast(QueryDict, form.data).copy()
            form.data["version"] = str(reload_version())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "agreements/small_form.html",
        {"agreement": agreement, "form": form, "heading": heading, "conflict": conflict},
        status=_status(form, conflict),
    )


@login_required
@require_http_methods(GET_POST)
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    return _small_form_page(
        request,
        agreement,
        with_change_note(
            GoalForm(request.POST or None), required=services.needs_change_note(agreement)
        ),
        heading=_("Add a goal"),
        save=lambda data: services.goal_add(
            actor=request.user,
            agreement=agreement,
            title=data["title"],
            description=data["description"],
            change_note=data.get("change_note", ""),
        ),
        done=_("The goal is added. Add its indicators."),
    )


@login_required
@require_http_methods(GET_POST)
def goal_edit(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    goal: Goal = _child(agreement.goals.all(), goal_id)
    initial = {name: getattr(goal, name) for name in services.GOAL_FIELDS}
    initial["version"] = goal.version
    return _versioned_page(
        request,
        agreement,
        with_change_note(
            GoalForm(request.POST or None, initial=initial),
            required=services.needs_change_note(agreement),
        ),
        heading=_("Change the goal"),
        save=lambda data: services.goal_update(
            actor=request.user,
            goal_id=goal.pk,
            expected_version=data["version"] or 0,
            title=data["title"],
            description=data["description"],
            change_note=data.get("change_note", ""),
        ),
        reload_version=lambda: Goal.objects.get(pk=goal.pk).version,
        done=_("The goal is saved."),
    )


@login_required
@require_http_methods(GET_POST)
def goal_remove(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    goal: Goal = _child(agreement.goals.all(), goal_id)
    return _remove_page(
        request,
        agreement,
        heading=_("Remove the goal “%(title)s”") % {"title": goal.title},
        remove=lambda note: services.goal_remove(
            actor=request.user, goal_id=goal.pk, change_note=note
        ),
        done=_("The goal is removed."),
    )


def _indicator_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {name: data[name] for name in services.INDICATOR_FIELDS}
    return {**fields, "change_note": data.get("change_note", "")}


@login_required
@require_http_methods(GET_POST)
def indicator_add(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    goal: Goal = _child(agreement.goals.all(), goal_id)
    return _small_form_page(
        request,
        agreement,
        with_change_note(
            IndicatorForm(request.POST or None), required=services.needs_change_note(agreement)
        ),
        heading=_("Add an indicator to “%(goal)s”") % {"goal": goal.title},
        save=lambda data: services.indicator_add(
            actor=request.user, goal=goal, **_indicator_fields(data)
        ),
        done=_("The indicator is added."),
    )


def _indicator(agreement: Agreement, indicator_id: int) -> Indicator:
    return _child(
        Indicator.objects.filter(goal__agreement=agreement).select_related("goal"), indicator_id
    )


@login_required
@require_http_methods(GET_POST)
def indicator_edit(request: HttpRequest, pk: int, indicator_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    indicator = _indicator(agreement, indicator_id)
    initial = {name: getattr(indicator, name) for name in services.INDICATOR_FIELDS}
    initial["version"] = indicator.version
    return _versioned_page(
        request,
        agreement,
        with_change_note(
            IndicatorForm(request.POST or None, initial=initial),
            required=services.needs_change_note(agreement),
        ),
        heading=_("Change the indicator"),
        save=lambda data: services.indicator_update(
            actor=request.user,
            indicator_id=indicator.pk,
            expected_version=data["version"] or 0,
            **_indicator_fields(data),
        ),
        reload_version=lambda: Indicator.objects.get(pk=indicator.pk).version,
        done=_("The indicator is saved."),
    )


@login_required
@require_http_methods(GET_POST)
def measurement_add(request: HttpRequest, pk: int, indicator_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    indicator = _indicator(agreement, indicator_id)
    return _small_form_page(
        request,
        agreement,
        MeasurementForm(request.POST or None),
        heading=_("Record a measurement of “%(indicator)s”") % {"indicator": indicator.name},
        save=lambda data: services.measurement_record(
            actor=request.user, indicator_id=indicator.pk, **data
        ),
        done=_("The measurement is recorded."),
    )
