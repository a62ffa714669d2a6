"""Pages for a body's statutes as data and the re-appointment round (issue 18): the
statutes with their seat rules and history, and the secretariat's task list at the start of
an election period. The composition page shows the departures (``views_composition``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import rules
from accounts.http import AuthenticatedHttpRequest
from accounts.rules import Action, can
from councils import selectors_composition, selectors_statutes, services
from councils.election_periods import (
    CALENDARS,
    DEFAULT_COUNTRY,
    ElectionPeriod,
    country_of,
    election_period_by_start_year,
    reappointment_round_period,
)
from councils.forms import ConfirmForm, ReappointForm, StatuteForm, StatuteRuleForm
from councils.models import Body, Membership, Seat, StatuteSeatRule
from councils.views_composition import _composition_body, _form_errors, _form_page, _upkeep_form


def _statute_url(body: Body) -> str:
    return reverse("councils:statute_manage", args=[body.slug])


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def statute_manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The body's statutes: their own rules (a form), the seat rules, where the body departs
    from them, and who changed them."""
    body = _composition_body(request, slug)
    check = selectors_statutes.statute_deviations(body=body)
    statute = check.statute
    initial = (
        {name: getattr(statute, name) for name in services.STATUTE_EDITABLE_FIELDS}
        if statute is not None
        else {}
    )
    form = StatuteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.statute_update(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The statutes were saved."))
            return redirect(_statute_url(body))
    return render(
        request,
        "councils/statute_manage.html",
        {
            "body": body,
            "form": form,
            "check": check,
            "page": Paginator(selectors_statutes.statute_history(body=body), 50).get_page(
                request.GET.get("side")
            ),
        },
        status=400 if form.errors else 200,
    )


def _rule_get(body: Body, rule_id: int) -> StatuteSeatRule:
    rule = (
        StatuteSeatRule.objects.select_related("statute")
        .filter(pk=rule_id, statute__body=body)
        .first()
    )
    if rule is None:
        raise Http404
    return rule


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def statute_rule_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    body = _composition_body(request, slug)
    return _upkeep_form(
        request,
        body=body,
        form=StatuteRuleForm(request.POST or None),
        save=lambda data: services.statute_rule_create(actor=request.user, body=body, **data),
        success=_("The seat rule was added to the statutes."),
        title=_("New seat rule in the statutes"),
        submit=_("Add"),
        done_url=lambda: _statute_url(body),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def statute_rule_edit(request: AuthenticatedHttpRequest, slug: str, rule_id: int) -> HttpResponse:
    body = _composition_body(request, slug)
    rule = _rule_get(body, rule_id)
    initial = {name: getattr(rule, name) for name in services.RULE_EDITABLE_FIELDS}
    return _upkeep_form(
        request,
        body=body,
        form=StatuteRuleForm(request.POST or None, initial=initial),
        save=lambda data: services.statute_rule_update(actor=request.user, rule_id=rule.pk, **data),
        success=_("The changes were saved."),
        title=_("Change the seat rule “%(rule)s”") % {"rule": rule.label},
        submit=_("Save"),
        done_url=lambda: _statute_url(body),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def statute_rule_delete(request: AuthenticatedHttpRequest, slug: str, rule_id: int) -> HttpResponse:
    """Remove a seat rule (asks first)."""
    body = _composition_body(request, slug)
    rule = _rule_get(body, rule_id)
    return _upkeep_form(
        request,
        body=body,
        form=ConfirmForm(request.POST if request.method == "POST" else None),
        save=lambda data: services.statute_rule_delete(actor=request.user, rule_id=rule.pk),
        success=_("The seat rule was removed from the statutes."),
        title=_("Remove the seat rule “%(rule)s”") % {"rule": rule.label},
        intro=_("The seats themselves stay; the rule stays in the history of the statutes."),
        submit=_("Remove the rule"),
        done_url=lambda: _statute_url(body),
    )


# --- The re-appointment round ------------------------------------------------------------


def _round_period(request: HttpRequest, country: str) -> ElectionPeriod:
    """The old period of the round: ``?periode=<first year of the new period>``, else the
    period that is ending or has just ended (``reappointment_round_period``)."""
    year = request.GET.get("periode", "")
    if year.isascii() and year.isdigit() and 1900 < int(year) < 2200:
        return election_period_by_start_year(int(year), country=country).preceding()
    return reappointment_round_period(today=timezone.localdate(), country=country)


def _round_page(
    request: AuthenticatedHttpRequest,
    *,
    seats: QuerySet[Seat],
    country: str,
    body: Body | None,
    extra: dict[str, Any],
) -> HttpResponse:
    old = _round_period(request, country)
    the_round = selectors_composition.reappointment_round(user=request.user, seats=seats, old=old)
    new = old.following()
    return render(
        request,
        "councils/reappointment_round.html",
        {
            "body": body,
            "round": the_round,
            # Rounds to switch to, named by the new period: the one before, this, the next.
            "periods": [old, new, new.following()],
            "country": country,
            "countries": sorted(CALENDARS),
            **extra,
        },
    )


@login_required
@require_safe
def reappointment_body(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The round for one body's seats, for the body's secretariat."""
    body = _composition_body(request, slug)
    return _round_page(
        request,
        seats=Seat.objects.filter(body=body),
        country=country_of(body),
        body=body,
        extra={},
    )


@login_required
@require_safe
def reappointment_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The round for every seat the user's secretariat appoints to (``rules.appointed_seats_q``),
    optionally one body's (``?organ=``)."""
    if not can(request.user, Action.VIEW_APPOINTMENTS):
        raise PermissionDenied
    seats = Seat.objects.filter(rules.appointed_seats_q(request.user))
    organ = request.GET.get("organ", "")
    if organ:
        seats = seats.filter(body__slug=organ)
    country = request.GET.get("land", "")
    if country not in CALENDARS:
        country = DEFAULT_COUNTRY
    return _round_page(
        request,
        seats=seats,
        country=country,
        body=None,
        extra={
            "organ": organ,
            "bodies": selectors_composition.appointing_bodies(user=request.user),
        },
    )


def _membership_get(slug: str, pk: int) -> Membership:
    membership = (
        Membership.objects.select_related("person", "seat__body", "seat__appointing_body")
        .filter(pk=pk, body__slug=slug, seat__isnull=False)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def membership_reappoint(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Re-appoint the same person to the same seat for the next period (asks for the
    decision first; warns like a direct appointment when the seat requires an elected
    politician and the person is not registered as one)."""
    membership = _membership_get(slug, pk)
    seat = membership.seat
    assert seat is not None  # _membership_get only finds memberships of a seat
    if not can(request.user, Action.APPOINT_TO_SEAT, seat):
        raise PermissionDenied
    body = seat.body
    form = ReappointForm(request.POST or None)
    title = _("Re-appoint %(name)s to “%(seat)s”") % {
        "name": membership.person.name,
        "seat": seat.label,
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_reappoint(
                actor=request.user, membership_id=membership.pk, **form.cleaned_data
            )
        except ValidationError as error:
            if getattr(error, "code", None) == services.NOT_ELECTED_POLITICIAN:
                return render(
                    request,
                    "councils/composition_form.html",
                    {
                        "body": body,
                        "form": form,
                        "title": title,
                        "submit": _("Re-appoint"),
                        "warning": error.messages[0],
                    },
                )
            _form_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is re-appointed.") % {"name": membership.person.name}
            )
            if can(request.user, Action.MANAGE_COMPOSITION, body):
                return redirect(reverse("councils:reappointment_body", args=[body.slug]))
            return redirect(reverse("councils:reappointment_overview"))
    return _form_page(
        request,
        body=body,
        form=form,
        title=title,
        intro=_("%(name)s holds the seat until %(end)s and is appointed again from the day after.")
        % {
            "name": membership.person.name,
            "end": membership.end.strftime("%d-%m-%Y") if membership.end else "",
        },
        submit=_("Re-appoint"),
    )
