"""Pages for composition: appointments overview, person page, nominations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import rules
from accounts.rules import Action, can
from councils import selectors_composition as selectors
from councils import services
from councils.forms import NominationAcceptForm, NominationDeclineForm, NominationForm
from councils.models import Municipality, Nomination, Organisation, Seat
from kkr_portal.exports import table_response


def _require_appointments(user) -> None:  # type: ignore[no-untyped-def]
    if not can(user, Action.VIEW_APPOINTMENTS):
        raise PermissionDenied


EXPORT_HEADER = [
    "body",
    "seat",
    "role",
    "nominating_organisation",
    "appointing_body",
    "holder",
    "municipality",
    "start",
    "end",
    "vacant",
]


def _export_rows(rows: list[selectors.SeatRow]) -> list[list]:
    data: list[list] = [EXPORT_HEADER]
    for row in rows:
        holder = row.holder
        data.append(
            [
                row.seat.body.name,
                row.seat.label,
                row.seat.get_role_display(),
                row.seat.nominating_organisation.name if row.seat.nominating_organisation else "",
                row.seat.appointing_body.name if row.seat.appointing_body else "",
                holder.person.name if holder else "",
                holder.municipality.name if holder and holder.municipality else "",
                holder.start.isoformat() if holder else "",
                holder.end.isoformat() if holder and holder.end else "",
                "yes" if row.is_vacant else "no",
            ]
        )
    return data


@login_required
@require_safe
def appointments_overview(request: HttpRequest, extension: str = "") -> HttpResponse:
    if extension not in ("", "csv", "xlsx"):
        raise Http404
    _require_appointments(request.user)
    filters = {
        "body_slug": request.GET.get("organ", ""),
        "organisation_slug": request.GET.get("organisation", ""),
        "municipality_code": request.GET.get("kommune", ""),
        "vacant_only": request.GET.get("ledige") == "1",
    }
    rows = selectors.appointments_overview(user=request.user, **filters)
    if extension:
        return table_response(_export_rows(rows), filename="udpegninger", extension=extension)
    return render(
        request,
        "councils/appointments.html",
        {
            "rows": rows,
            "filters": filters,
            "bodies": selectors.appointing_bodies(user=request.user),
            "organisations": Organisation.objects.filter(nominated_seats__isnull=False)
            .distinct()
            .order_by("name"),
            "municipalities": Municipality.objects.filter(region__country="DK").order_by("name"),
            "query": request.GET.urlencode(),
            "vacancies": sum(1 for row in rows if row.is_vacant),
        },
    )


@require_safe
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = selectors.person_get(slug=slug)
    return render(
        request,
        "councils/person_detail.html",
        {"person": person, "show_contact": can(request.user, Action.VIEW_CONTACT_DETAILS)},
    )


def _seat(body_slug: str, seat_id: int) -> Seat:
    seat = (
        Seat.objects.select_related("body", "appointing_body")
        .filter(pk=seat_id, body__slug=body_slug, is_active=True)
        .first()
    )
    if seat is None:
        raise Http404
    return seat


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def nomination_create(request: HttpRequest, slug: str, seat_id: int) -> HttpResponse:
    """A municipality's contact person (or the secretariat) proposes a candidate."""
    seat = _seat(slug, seat_id)
    if not can(request.user, Action.PROPOSE_NOMINATION, seat):
        raise PermissionDenied
    municipality_ids = rules.nomination_municipality_ids(request.user, seat)
    form = NominationForm(
        request.POST or None,
        municipalities=Municipality.objects.all()
        if municipality_ids is None
        else Municipality.objects.filter(pk__in=municipality_ids),
        require_municipality=municipality_ids is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.nomination_propose(
                actor=request.user,
                seat=seat,
                candidate_name=data["candidate_name"],
                candidate_title=data["candidate_title"],
                candidate_email=data["candidate_email"],
                candidate_is_elected_politician=data["candidate_is_elected_politician"],
                on_behalf_of_municipality=data["municipality"],
                motivation=data["motivation"],
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(
                request,
                _("The proposal is sent to the secretariat of %(body)s.")
                % {"body": (seat.appointing_body or seat.body).name},
            )
            return redirect(seat.body.get_absolute_url())
    return render(
        request,
        "councils/nomination_form.html",
        {"seat": seat, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def nomination_list(request: HttpRequest) -> HttpResponse:
    _require_appointments(request.user)
    nominations = selectors.nominations_for_user(user=request.user, pending=True)
    decided = selectors.nominations_for_user(user=request.user, pending=False)
    return render(
        request,
        "councils/nominations.html",
        {
            "nominations": nominations,
            "decided": decided[:20],
            "accept_form": NominationAcceptForm(),
            "decline_form": NominationDeclineForm(),
        },
    )


@login_required
@require_POST
def nomination_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    nomination = (
        Nomination.objects.select_related("seat__body", "seat__appointing_body")
        .filter(pk=pk)
        .first()
    )
    if nomination is None:
        raise Http404
    if not can(request.user, Action.DECIDE_NOMINATION, nomination.seat):
        raise PermissionDenied
    form = (NominationAcceptForm if decision == "accept" else NominationDeclineForm)(request.POST)
    if form.is_valid():
        try:
            if decision == "accept":
                services.nomination_accept(
                    actor=request.user, nomination_id=pk, **form.cleaned_data
                )
                messages.success(
                    request, _("%(name)s is appointed.") % {"name": nomination.candidate_name}
                )
            else:
                services.nomination_decline(
                    actor=request.user,
                    nomination_id=pk,
                    reason=form.cleaned_data["decline_reason"],
                )
                messages.success(request, _("The proposal is declined."))
            return redirect(reverse("councils:nomination_list"))
        except ValidationError as error:
            for problem in error.messages:
                form.add_error(None, problem)
    return render(
        request,
        "councils/nominations.html",
        {
            "nominations": [nomination],
            "decided": [],
            "failed": nomination.pk,
            "accept_form": form if decision == "accept" else NominationAcceptForm(),
            "decline_form": form if decision != "accept" else NominationDeclineForm(),
        },
        status=400,
    )
