"""Pages of action plans (tracks, activities, milestones), evaluations, linked meeting items
and plan matrices. Each view asks ``agreements.access`` (through ``agreements.selectors``)
what the user may do, validates the form, and calls one service of
``agreements.services_plans``."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agreements import selectors, selectors_plans
from agreements import services_plans as services
from agreements.forms_plans import (
    ActivityForm,
    EvaluationForm,
    FootnoteForm,
    ItemLinkForm,
    MatrixCellForm,
    MatrixForm,
    MatrixThemeForm,
    MilestoneForm,
    TrackForm,
)
from agreements.models import (
    Activity,
    Agreement,
    AgreementItemLink,
    Evaluation,
    MatrixCell,
    Milestone,
    Track,
)
from agreements.views import (
    GET_POST,
    INLINE_TYPES,
    _add_errors,
    _child,
    _editable,
    _refusal,
    _small_form_page,
    _status,
)
from core.errors import ConflictError
from councils.models import Body, Organisation


def _form_page(
    request: HttpRequest,
    agreement: Agreement,
    form: Form,
    *,
    heading: str,
    save: Any,
    done: str,
    reload_version: Any = None,
    multipart: bool = False,
    rich: bool = False,
    back: str = "",
) -> HttpResponse:
    """A form whose valid data goes to one service call, then back to the agreement (or
    ``back``). A versioned record's stale version shows what the other writer saved and
    keeps what this user typed (409)."""
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
            return redirect(back or agreement.get_absolute_url())
    return render(
        request,
        "agreements/small_form.html",
        {
            "agreement": agreement,
            "form": form,
            "heading": heading,
            "conflict": conflict,
            "multipart": multipart,
            "rich": rich,
            "back": back,
        },
        status=_status(form, conflict),
    )


def _bodies() -> Any:
    return Body.objects.order_by("name")


def _organisations() -> Any:
    return Organisation.objects.order_by("name")


# --- Tracks ----------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def track_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    form = TrackForm(request.POST or None, bodies=_bodies(), organisations=_organisations())
    return _form_page(
        request,
        agreement,
        form,
        heading=_("Add a track"),
        save=lambda data: services.track_add(
            actor=request.user,
            agreement=agreement,
            title=data["title"],
            description=data["description"],
            owner_body=data["owner_body"],
            owner_organisation=data["owner_organisation"],
            followed_by=data["followed_by"],
        ),
        done=_("The track is added. Add its activities."),
        rich=True,
    )


@login_required
@require_http_methods(GET_POST)
def track_edit(request: HttpRequest, pk: int, track_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    track: Track = _child(agreement.tracks.all(), track_id)
    initial = {name: getattr(track, name) for name in services.TRACK_FIELDS}
    initial["followed_by"] = list(track.followed_by.all())
    initial["version"] = track.version
    form = TrackForm(
        request.POST or None,
        initial=initial,
        bodies=_bodies(),
        organisations=_organisations(),
    )
    return _form_page(
        request,
        agreement,
        form,
        heading=_("Change the track"),
        save=lambda data: services.track_update(
            actor=request.user,
            track_id=track.pk,
            expected_version=data["version"] or 0,
            followed_by=data["followed_by"],
            **{name: data[name] for name in services.TRACK_FIELDS},
        ),
        reload_version=lambda: Track.objects.get(pk=track.pk).version,
        done=_("The track is saved."),
        rich=True,
    )


@login_required
@require_POST
def track_remove(request: HttpRequest, pk: int, track_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    track: Track = _child(agreement.tracks.all(), track_id)
    try:
        services.track_remove(actor=request.user, track_id=track.pk)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The track is removed."))
    return redirect(agreement.get_absolute_url())


# --- Activities and milestones ---------------------------------------------------------------


def _activity(agreement: Agreement, activity_id: int) -> Activity:
    return _child(
        Activity.objects.filter(track__agreement=agreement).select_related("track"), activity_id
    )


def _activity_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.ACTIVITY_FIELDS}


@login_required
@require_http_methods(GET_POST)
def activity_add(request: HttpRequest, pk: int, track_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    track: Track = _child(agreement.tracks.all(), track_id)
    return _form_page(
        request,
        agreement,
        ActivityForm(request.POST or None, organisations=_organisations()),
        heading=_("Add an activity to “%(track)s”") % {"track": track.title},
        save=lambda data: services.activity_add(
            actor=request.user, track=track, **_activity_fields(data)
        ),
        done=_("The activity is added."),
    )


@login_required
@require_http_methods(GET_POST)
def activity_edit(request: HttpRequest, pk: int, activity_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    activity = _activity(agreement, activity_id)
    initial = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
    initial["version"] = activity.version
    return _form_page(
        request,
        agreement,
        ActivityForm(request.POST or None, initial=initial, organisations=_organisations()),
        heading=_("Change the activity"),
        save=lambda data: services.activity_update(
            actor=request.user,
            activity_id=activity.pk,
            expected_version=data["version"] or 0,
            **_activity_fields(data),
        ),
        reload_version=lambda: Activity.objects.get(pk=activity.pk).version,
        done=_("The activity is saved."),
    )


@login_required
@require_POST
def activity_remove(request: HttpRequest, pk: int, activity_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    activity = _activity(agreement, activity_id)
    services.activity_remove(actor=request.user, activity_id=activity.pk)
    messages.success(request, _("The activity is removed."))
    return redirect(agreement.get_absolute_url())


@login_required
@require_http_methods(GET_POST)
def milestone_add(request: HttpRequest, pk: int, activity_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    activity = _activity(agreement, activity_id)
    return _small_form_page(
        request,
        agreement,
        MilestoneForm(request.POST or None),
        heading=_("Add a milestone to “%(activity)s”") % {"activity": activity.title},
        save=lambda data: services.milestone_add(actor=request.user, activity=activity, **data),
        done=_("The milestone is added."),
    )


def _milestone(agreement: Agreement, milestone_id: int) -> Milestone:
    return _child(Milestone.objects.filter(activity__track__agreement=agreement), milestone_id)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    """Mark a milestone reached today."""
    agreement, _access = _editable(request, pk)
    milestone = _milestone(agreement, milestone_id)
    services.milestone_mark_done(
        actor=request.user, milestone_id=milestone.pk, done_on=timezone.localdate()
    )
    messages.success(request, _("The milestone is marked as reached."))
    return redirect(agreement.get_absolute_url())


@login_required
@require_POST
def milestone_remove(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    milestone = _milestone(agreement, milestone_id)
    services.milestone_remove(actor=request.user, milestone_id=milestone.pk)
    messages.success(request, _("The milestone is removed."))
    return redirect(agreement.get_absolute_url())


# --- Evaluations -----------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def evaluation_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    return _form_page(
        request,
        agreement,
        EvaluationForm(request.POST or None, request.FILES or None),
        heading=_("Add an evaluation"),
        save=lambda data: services.evaluation_add(
            actor=request.user,
            agreement=agreement,
            title=data["title"],
            due_on=data["due_on"],
            conclusion=data["conclusion"],
            done_on=data["done_on"],
            document=data["document"] or None,
        ),
        done=_("The evaluation is added."),
        multipart=True,
        rich=True,
    )


@login_required
@require_http_methods(GET_POST)
def evaluation_edit(request: HttpRequest, pk: int, evaluation_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    evaluation: Evaluation = _child(agreement.evaluations.all(), evaluation_id)
    initial = {name: getattr(evaluation, name) for name in services.EVALUATION_FIELDS}
    initial["version"] = evaluation.version
    return _form_page(
        request,
        agreement,
        EvaluationForm(request.POST or None, request.FILES or None, initial=initial),
        heading=_("Change the evaluation"),
        save=lambda data: services.evaluation_update(
            actor=request.user,
            evaluation_id=evaluation.pk,
            expected_version=data["version"] or 0,
            document=data["document"] or None,
            **{name: data[name] for name in services.EVALUATION_FIELDS},
        ),
        reload_version=lambda: Evaluation.objects.get(pk=evaluation.pk).version,
        done=_("The evaluation is saved."),
        multipart=True,
        rich=True,
    )


@require_safe
def evaluation_document(request: HttpRequest, pk: int, evaluation_id: int) -> FileResponse:
    """An evaluation's document, to whoever may see the agreement."""
    agreement, _access = selectors.agreement_get_for_user(user=request.user, pk=pk)
    evaluation: Evaluation = _child(agreement.evaluations.all(), evaluation_id)
    if not evaluation.document:
        raise Http404
    name = evaluation.document.name or ""
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    content_type = evaluation.document_content_type or "application/octet-stream"
    response = FileResponse(
        evaluation.document.open("rb"),
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
        filename=f"{evaluation.title}.{extension}" if extension else evaluation.title,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Linked meeting items --------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def item_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link an item of the body's meetings (or of a forum following a track)."""
    agreement, _access = _editable(request, pk)
    form = ItemLinkForm(
        request.POST or None,
        initial={"track": request.GET.get("spor") or None},
        items=selectors_plans.items_to_link(agreement=agreement, user=request.user),
        tracks=agreement.tracks.all(),
    )
    return _form_page(
        request,
        agreement,
        form,
        heading=_("Link a meeting item"),
        save=lambda data: services.item_link_add(
            actor=request.user, agreement=agreement, item=data["item"], track=data["track"]
        ),
        done=_("The meeting item is linked."),
    )


@login_required
@require_POST
def item_link_remove(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    link: AgreementItemLink = _child(agreement.item_links.all(), link_id)
    services.item_link_remove(actor=request.user, link_id=link.pk)
    messages.success(request, _("The link to the meeting item is removed."))
    return redirect(agreement.get_absolute_url())


# --- Plan matrices ---------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def matrix_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    form = MatrixForm(request.POST or None)
    created: list[Any] = []

    def save(data: dict[str, Any]) -> None:
        created.append(
            services.matrix_create(
                actor=request.user,
                agreement=agreement,
                title=data["title"],
                levels=data["levels"].splitlines(),
                sections=data["sections"].splitlines(),
                introduction=data["introduction"],
            )
        )

    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The matrix is made. Add its themes."))
            return redirect(created[0].get_absolute_url())
    return render(
        request,
        "agreements/small_form.html",
        {"agreement": agreement, "form": form, "heading": _("Add a plan matrix"), "rich": True},
        status=_status(form),
    )


@require_safe
def matrix_detail(request: HttpRequest, pk: int, matrix_id: int) -> HttpResponse:
    """The matrix: a table on a wide screen, blocks on a phone, printable."""
    agreement, access = selectors.agreement_get_for_user(user=request.user, pk=pk)
    matrix = selectors_plans.matrix_get(agreement=agreement, matrix_id=matrix_id)
    return render(
        request,
        "agreements/matrix_detail.html",
        {
            "agreement": agreement,
            "access": access,
            "view": selectors_plans.matrix_view(matrix=matrix),
        },
    )


@login_required
@require_http_methods(GET_POST)
def matrix_theme_add(request: HttpRequest, pk: int, matrix_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    matrix = selectors_plans.matrix_get(agreement=agreement, matrix_id=matrix_id)
    return _form_page(
        request,
        agreement,
        MatrixThemeForm(request.POST or None),
        heading=_("Add a theme to “%(matrix)s”") % {"matrix": matrix.title},
        save=lambda data: services.matrix_theme_add(
            actor=request.user, matrix=matrix, name=data["name"]
        ),
        done=_("The theme is added. Fill in its cells."),
        back=matrix.get_absolute_url(),
    )


@login_required
@require_http_methods(GET_POST)
def matrix_cell_edit(request: HttpRequest, pk: int, matrix_id: int, cell_id: int) -> HttpResponse:
    """One cell at a time, against the version it was loaded at."""
    agreement, _access = _editable(request, pk)
    matrix = selectors_plans.matrix_get(agreement=agreement, matrix_id=matrix_id)
    cell = selectors_plans.matrix_cell_get(matrix=matrix, cell_id=cell_id)
    return _form_page(
        request,
        agreement,
        MatrixCellForm(request.POST or None, initial={"text": cell.text, "version": cell.version}),
        heading=f"{cell.theme.name}: {cell.section.name}, {cell.level.name}",
        save=lambda data: services.matrix_cell_update(
            actor=request.user,
            cell_id=cell.pk,
            expected_version=data["version"] or 0,
            text=data["text"],
        ),
        reload_version=lambda: MatrixCell.objects.get(pk=cell.pk).version,
        done=_("The cell is saved."),
        rich=True,
        back=f"{matrix.get_absolute_url()}#cell-{cell.pk}",
    )


@login_required
@require_http_methods(GET_POST)
def matrix_footnote_set(request: HttpRequest, pk: int, matrix_id: int) -> HttpResponse:
    agreement, _access = _editable(request, pk)
    matrix = selectors_plans.matrix_get(agreement=agreement, matrix_id=matrix_id)
    return _form_page(
        request,
        agreement,
        FootnoteForm(request.POST or None),
        heading=_("Set a footnote of “%(matrix)s”") % {"matrix": matrix.title},
        save=lambda data: services.matrix_footnote_set(actor=request.user, matrix=matrix, **data),
        done=_("The footnote is saved."),
        back=matrix.get_absolute_url(),
    )
