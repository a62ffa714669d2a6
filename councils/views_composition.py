"""Pages for composition: appointments overview, person page, nominations, and the
secretariat's upkeep of a body's composition (seats, terms, appointments, substitutes,
members' accounts, municipal contact persons)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import rules
from accounts import services as account_services
from accounts.forms import ContactGrantForm
from accounts.http import AuthenticatedHttpRequest
from accounts.kept_pages import kept_for_user
from accounts.models import Affiliation
from accounts.rules import Action, can
from core.exports import table_response
from councils import selectors_composition as selectors
from councils import services
from councils.forms import (
    AppointForm,
    EndDateForm,
    NominationAcceptForm,
    NominationDeclineForm,
    NominationForm,
    NominationSeatForm,
    PersonAccountForm,
    SeatForm,
    TermForm,
)
from councils.models import Body, Municipality, Nomination, Seat, Term
from councils.selectors import body_get
from councils.selectors_statutes import statute_deviations


def _require_appointments(user: Any) -> None:
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
@kept_for_user(params=("organ", "organisation", "kommune", "ledige"))
def appointments_overview(request: AuthenticatedHttpRequest, extension: str = "") -> HttpResponse:
    if extension not in ("", "csv", "xlsx"):
        raise Http404
    _require_appointments(request.user)
    filters: dict[str, Any] = {
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
            **selectors.appointment_filter_choices(user=request.user),
            "query": request.GET.urlencode(),
            "vacancies": sum(1 for row in rows if row.is_vacant),
        },
    )


@require_safe
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    seats = selectors.person_seats(slug=slug)
    return render(
        request,
        "councils/person_detail.html",
        {
            "person": seats.person,
            "seats": seats,
            "show_contact": can(request.user, Action.VIEW_CONTACT_DETAILS),
        },
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
def nomination_create(request: AuthenticatedHttpRequest, slug: str, seat_id: int) -> HttpResponse:
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
        try:
            _nomination_propose(request, seat=seat, data=form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
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


def _nomination_propose(
    request: AuthenticatedHttpRequest, *, seat: Seat, data: dict[str, Any]
) -> None:
    """Propose the candidate of a nomination form (either form: from the seat, or choosing
    the seat) through the service."""
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


@login_required
@require_safe
def nomination_list(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def nomination_decide(request: AuthenticatedHttpRequest, pk: int, decision: str) -> HttpResponse:
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
    warning = ""
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
            if getattr(error, "code", None) == services.NOT_ELECTED_POLITICIAN:
                # Not a refusal: the same warning and confirmation as a direct appointment.
                warning = error.messages[0]
            else:
                for problem in error.messages:
                    form.add_error(None, problem)
    return render(
        request,
        "councils/nominations.html",
        {
            "nominations": [nomination],
            "decided": [],
            "failed": nomination.pk,
            "politician_warning": warning,
            "accept_form": form if decision == "accept" else NominationAcceptForm(),
            "decline_form": form if decision != "accept" else NominationDeclineForm(),
        },
        status=200 if warning else 400,
    )


# --- Composition upkeep by the secretariat (issue 12) ------------------------------------


def _form_errors(form: Any, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def _composition_body(request: HttpRequest, slug: str) -> Body:
    body = body_get(slug=slug)
    if not can(request.user, Action.MANAGE_COMPOSITION, body):
        raise PermissionDenied
    return body


def _manage_url(body: Body) -> str:
    return reverse("councils:composition_manage", args=[body.slug])


def _form_page(
    request: HttpRequest,
    *,
    body: Body,
    form: Any,
    title: str,
    submit: str,
    intro: str = "",
    warning: str = "",
    status: int | None = None,
) -> HttpResponse:
    return render(
        request,
        "councils/composition_form.html",
        {
            "body": body,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "warning": warning,
        },
        status=status or (400 if form.errors else 200),
    )


def _upkeep_form(
    request: HttpRequest,
    *,
    body: Body,
    form: forms.Form,
    save: Callable[[dict[str, Any]], object],
    success: str,
    title: str,
    submit: str,
    intro: str = "",
    done_url: Callable[[], str] | None = None,
    on_error: Callable[[forms.Form, ValidationError], None] = _form_errors,
) -> HttpResponse:
    """The flow of every upkeep form: on a valid POST ``save`` (a service call) gets the
    cleaned data; a refusal goes on the form (``on_error``), success is said and leads to
    ``done_url()`` (by default the composition page); otherwise the form page again (400
    when it has errors)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            on_error(form, error)
        else:
            messages.success(request, success)
            return redirect(done_url() if done_url else _manage_url(body))
    return _form_page(request, body=body, form=form, title=title, submit=submit, intro=intro)


def _after_membership_change(request: HttpRequest, body: Body) -> str:
    """Back to the composition page for those who manage it, else to the body's page (a
    secretariat that appoints to a seat of a body it does not manage)."""
    if can(request.user, Action.MANAGE_COMPOSITION, body):
        return _manage_url(body)
    return body.get_absolute_url()


@login_required
@require_safe
def composition_manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The secretariat's page for the body's composition: seats with holders, substitutes
    and coming members, terms, and the members' user accounts."""
    body = _composition_body(request, slug)
    composition = selectors.body_composition(body=body)
    return render(
        request,
        "councils/composition_manage.html",
        {
            "body": body,
            "composition": composition,
            # Where the body departs from its statutes (issue 18); reuses the seats above.
            "statute_check": statute_deviations(body=body, composition=composition),
            "terms": selectors.composition_terms(body=body),
            "without_seat": selectors.composition_members_without_seat(body=body),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def seat_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    body = _composition_body(request, slug)
    return _upkeep_form(
        request,
        body=body,
        form=SeatForm(request.POST or None),
        save=lambda data: services.seats_create(actor=request.user, body=body, **data),
        success=_("The seats were added."),
        title=_("New seats"),
        submit=_("Add"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def seat_edit(request: AuthenticatedHttpRequest, slug: str, seat_id: int) -> HttpResponse:
    body = _composition_body(request, slug)
    seat = selectors.composition_seat_get(body=body, seat_id=seat_id)
    initial = {name: getattr(seat, name) for name in services.SEAT_EDITABLE_FIELDS}
    return _upkeep_form(
        request,
        body=body,
        form=SeatForm(request.POST or None, initial=initial, with_count=False),
        save=lambda data: services.seat_update(actor=request.user, seat_id=seat.pk, **data),
        success=_("The changes were saved."),
        title=_("Change the seat “%(seat)s”") % {"seat": seat.label},
        submit=_("Save"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def seat_end(request: AuthenticatedHttpRequest, slug: str, seat_id: int) -> HttpResponse:
    """Abolish a seat: asks first (a page), then ends it from the day given."""
    body = _composition_body(request, slug)
    seat = selectors.composition_seat_get(body=body, seat_id=seat_id)
    return _upkeep_form(
        request,
        body=body,
        form=EndDateForm(request.POST or None, initial={"end": timezone.localdate()}),
        save=lambda data: services.seat_end(
            actor=request.user, seat_id=seat.pk, last_day=data["end"]
        ),
        success=_("The seat is abolished."),
        title=_("Abolish the seat “%(seat)s”") % {"seat": seat.label},
        intro=_(
            "An abolished seat is no longer shown in the composition; its former holders stay "
            "in the history. Nobody may hold it after its last day."
        ),
        submit=_("Abolish the seat"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def term_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    body = _composition_body(request, slug)
    return _upkeep_form(
        request,
        body=body,
        # Terms follow the municipal election period by default (issue 18).
        form=TermForm(request.POST or None, initial=_election_term_initial(body)),
        save=lambda data: services.term_create(actor=request.user, body=body, **data),
        success=_("The term was added."),
        title=_("New term"),
        submit=_("Add"),
    )


def _election_term_initial(body: Body) -> dict[str, Any]:
    """The election period the body has no term for yet: this one, else the next."""
    period = services.term_for_election_period(body=body, on=timezone.localdate())
    if body.terms.filter(start__lte=period.end, end__gte=period.start).exists():
        period = period.following()
    return {"start": period.start, "end": period.end}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def term_edit(request: AuthenticatedHttpRequest, slug: str, term_id: int) -> HttpResponse:
    """Change a term's dates, or end it early by moving its last day."""
    body = _composition_body(request, slug)
    term = get_object_or_404(Term, pk=term_id, body=body)
    return _upkeep_form(
        request,
        body=body,
        form=TermForm(request.POST or None, initial={"start": term.start, "end": term.end}),
        save=lambda data: services.term_update(actor=request.user, term_id=term.pk, **data),
        success=_("The changes were saved."),
        title=_("Change the term"),
        intro=_("To end the term early, give its new last day."),
        submit=_("Save"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def membership_appoint(
    request: AuthenticatedHttpRequest, slug: str, seat_id: int, kind: str = "holder"
) -> HttpResponse:
    """Appoint someone to a seat directly (or register its personal substitute). A seat
    for elected politicians warns first when the person is not registered as one, and
    appoints when the warning is confirmed."""
    body = body_get(slug=slug)
    seat = selectors.composition_seat_get(body=body, seat_id=seat_id)
    if not can(request.user, Action.APPOINT_TO_SEAT, seat):
        raise PermissionDenied
    as_substitute = kind == "substitute"
    if as_substitute and not seat.has_personal_substitute:
        raise Http404
    form = AppointForm(request.POST or None, initial=_appoint_initial(request, body))
    warning = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = data["person"] or services.person_create(
                    actor=request.user,
                    name=data["new_name"],
                    title=data["new_title"],
                    email=data["new_email"],
                    municipality=data["municipality"],
                    is_elected_politician=data["new_is_elected_politician"],
                )
                services.membership_appoint(
                    actor=request.user,
                    seat=seat,
                    person=person,
                    start=data["start"],
                    end=data["end"],
                    as_substitute=as_substitute,
                    municipality=data["municipality"],
                    decided_on=data["decided_on"],
                    decision_reference=data["decision_reference"],
                    decision_url=data["decision_url"],
                    confirm_not_politician=data["confirm_not_politician"],
                )
        except ValidationError as error:
            if getattr(error, "code", None) == services.NOT_ELECTED_POLITICIAN:
                # Not a refusal: ask for the confirmation, keeping what was typed.
                warning = error.messages[0]
                return _form_page(
                    request,
                    body=body,
                    form=form,
                    title=_appoint_title(seat, as_substitute),
                    submit=_("Appoint"),
                    warning=warning,
                    status=200,
                )
            _form_errors(form, error)
        else:
            messages.success(request, _("%(name)s is appointed.") % {"name": person.name})
            return redirect(_after_membership_change(request, body))
    return _form_page(
        request,
        body=body,
        form=form,
        title=_appoint_title(seat, as_substitute),
        intro=_("The seat must be held by an elected politician.")
        if seat.requires_elected_politician and not as_substitute
        else "",
        submit=_("Appoint"),
    )


def _appoint_initial(request: HttpRequest, body: Body) -> dict[str, Any]:
    """What the appointment form starts with: ``?start=``, ``?end=`` and ``?person=`` from a
    link (the re-appointment round), and otherwise a membership that ends with the term of
    office or the election period (terms follow the election period by default)."""
    form = TermForm(request.GET)  # only its date parsing
    form.is_valid()
    start = form.cleaned_data.get("start") or timezone.localdate()
    initial: dict[str, Any] = {
        "start": start,
        "end": form.cleaned_data.get("end")
        or services.membership_default_end(body=body, start=start),
    }
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    return initial


def _appoint_title(seat: Seat, as_substitute: bool) -> str:
    if as_substitute:
        return _("Register the substitute for “%(seat)s”") % {"seat": seat.label}
    return _("Appoint to “%(seat)s”") % {"seat": seat.label}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def membership_end(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """End a membership: its last day (asked on a page first)."""
    body = body_get(slug=slug)
    membership = selectors.composition_membership_get(body=body, membership_id=pk)
    allowed = (
        can(request.user, Action.APPOINT_TO_SEAT, membership.seat)
        if membership.seat
        else can(request.user, Action.MANAGE_COMPOSITION, body)
    )
    if not allowed:
        raise PermissionDenied
    return _upkeep_form(
        request,
        body=body,
        form=EndDateForm(
            request.POST or None, initial={"end": membership.end or timezone.localdate()}
        ),
        save=lambda data: services.membership_end(
            actor=request.user, membership_id=membership.pk, end=data["end"]
        ),
        success=_("The membership of %(name)s ends on the day given.")
        % {"name": membership.person.name},
        done_url=lambda: _after_membership_change(request, body),
        title=_("End the membership of %(name)s") % {"name": membership.person.name},
        intro=_("The last day the person holds the seat."),
        submit=_("End the membership"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_account(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Link a member to their user account (the member role follows from the membership,
    decision 0003), or remove the link."""
    body = _composition_body(request, slug)
    membership = selectors.composition_membership_get(body=body, membership_id=pk)
    person = membership.person

    def save(data: dict[str, Any]) -> None:
        if data.get("invite") and not data["account"]:
            services.person_account_invite(
                actor=request.user,
                person_id=person.pk,
                domain=request.get_host(),
                use_https=request.is_secure(),
                language=translation.get_language() or "da",
            )
        else:
            services.person_user_link(
                actor=request.user,
                person_id=person.pk,
                user=None if data["unlink"] else data["account"],
            )

    def on_error(form: forms.Form, error: ValidationError) -> None:
        # The service speaks of the "user"; the form's field is the account.
        if hasattr(error, "error_dict") and "user" in error.error_dict:
            form.add_error("account", error.error_dict["user"])
        else:
            _form_errors(form, error)

    return _upkeep_form(
        request,
        body=body,
        form=PersonAccountForm(
            request.POST or None,
            initial={"account": person.user.get_username() if person.user else ""},
            may_invite=person.user_id is None and bool(person.email),
        ),
        save=save,
        on_error=on_error,
        success=_("The user account of %(name)s is saved.") % {"name": person.name},
        title=_("User account of %(name)s") % {"name": person.name},
        intro=_(
            "A member with a linked account reads the closed material of the bodies they sit "
            "in, for as long as the membership lasts."
        ),
        submit=_("Save"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def municipal_contacts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The KKR secretariat's page for its region's municipal contact persons."""
    if not can(request.user, Action.GRANT_MUNICIPAL_CONTACT):
        raise PermissionDenied
    region_ids = rules.contact_region_ids(request.user)
    municipalities = Municipality.objects.order_by("name")
    if region_ids is not None:
        municipalities = municipalities.filter(region_id__in=region_ids)
    form = ContactGrantForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_services.municipal_contact_grant(
                actor=request.user, user=data["account"], municipality_id=data["municipality"].pk
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(user)s is now a contact person of %(municipality)s.")
                % {"user": data["account"].get_username(), "municipality": data["municipality"]},
            )
            return redirect(reverse("councils:municipal_contacts"))
    return render(
        request,
        "councils/municipal_contacts.html",
        {"rows": selectors.municipal_contacts(user=request.user), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def municipal_contact_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Stop someone being a municipality's contact person (asks first)."""
    affiliation = get_object_or_404(
        Affiliation.objects.select_related("user", "municipality"),
        pk=pk,
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
    )
    if not can(request.user, Action.GRANT_MUNICIPAL_CONTACT, affiliation.municipality):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm"):
        account_services.affiliation_revoke(actor=request.user, affiliation_id=affiliation.pk)
        messages.success(
            request,
            _("%(user)s is no longer a contact person of %(municipality)s.")
            % {"user": affiliation.user.get_username(), "municipality": affiliation.municipality},
        )
        return redirect(reverse("councils:municipal_contacts"))
    return render(request, "councils/municipal_contact_revoke.html", {"affiliation": affiliation})


@login_required
@require_safe
def nominations_own(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Mine indstillinger": a contact person's proposals and how they stand."""
    if not can(request.user, Action.VIEW_OWN_NOMINATIONS):
        raise PermissionDenied
    return render(
        request,
        "councils/nominations_own.html",
        {
            "nominations": selectors.nominations_own(user=request.user),
            "can_propose": selectors.nominable_seats(user=request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def nomination_propose(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Propose a candidate, choosing among the seats the user may propose for only."""
    if not can(request.user, Action.PROPOSE_NOMINATION):
        raise PermissionDenied
    municipality_ids = rules.contact_municipality_ids(request.user)
    municipalities = Municipality.objects.order_by("name")
    if municipality_ids:
        municipalities = municipalities.filter(pk__in=municipality_ids)
    form = NominationSeatForm(
        request.POST or None,
        seats=selectors.nominable_seats(user=request.user),
        municipalities=municipalities,
        require_municipality=bool(municipality_ids),
    )
    if request.method == "POST" and form.is_valid():
        try:
            _nomination_propose(request, seat=form.cleaned_data["seat"], data=form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The proposal is sent to the secretariat."))
            return redirect(reverse("councils:nominations_own"))
    return render(
        request,
        "councils/nomination_propose.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
