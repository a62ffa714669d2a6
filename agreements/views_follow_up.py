"""Pages of follow-up rounds (the secretariat's): open a round, the round page (who has
answered, each figure next to its indicator's target, accepting), an organisation party's
figures entered on its behalf, closing the round. Each view asks ``agreements.access``
(through the selectors) and calls one service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agreements import selectors, selectors_follow_up, services_follow_up
from agreements.access import may_follow_up
from agreements.forms_follow_up import AcceptForm, FollowUpRoundForm, OrganisationFiguresForm
from agreements.models import FollowUpRound, Goal
from agreements.selectors_follow_up import OrganisationEntry
from agreements.views import GET_POST, _add_errors, _refusal, _status


@login_required
@require_http_methods(GET_POST)
def follow_up_round_open(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, access = selectors.agreement_get_for_user(user=request.user, pk=pk)
    if not may_follow_up(access):
        raise PermissionDenied
    year = timezone.localdate().year - 1
    if agreement.end is not None and agreement.end.year < year:
        year = agreement.end.year
    if year < agreement.start.year:
        year = agreement.start.year
    form = FollowUpRoundForm(
        request.POST or None,
        initial={
            "period_label": str(year),
            "year": year,
            "deadline": timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
            + dt.timedelta(days=28),
            "send": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services_follow_up.follow_up_round_open(
                actor=request.user, agreement_id=agreement.pk, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The follow-up round is open."))
            return redirect(follow_up.get_absolute_url())
    municipalities = [p for p in agreement.parties.select_related("municipality") if p.municipality]
    organisations = [p for p in agreement.parties.select_related("organisation") if p.organisation]
    return render(
        request,
        "agreements/follow_up_open.html",
        {
            "agreement": agreement,
            "form": form,
            "municipalities": municipalities,
            "organisations": organisations,
        },
        status=_status(form),
    )


def _organisation_forms(
    request: HttpRequest,
    follow_up: FollowUpRound,
    page: dict[str, Any],
    posted_for: int | None = None,
) -> list[tuple[OrganisationEntry, OrganisationFiguresForm]]:
    goals = list(
        Goal.objects.filter(agreement_id=follow_up.agreement_id).prefetch_related("indicators")
    )
    forms = []
    for entry in page["organisation_entries"]:
        data = request.POST if posted_for == entry.organisation.pk else None
        forms.append(
            (
                entry,
                OrganisationFiguresForm(
                    data,
                    prefix=f"o{entry.organisation.pk}",
                    goals=goals,
                    done_indicators=set(entry.figures),
                    done_goals=set(entry.narratives),
                ),
            )
        )
    return forms


def _round_page(
    request: HttpRequest,
    pk: int,
    round_id: int,
    *,
    posted_for: int | None = None,
    status: int = 200,
) -> HttpResponse:
    agreement, _access, follow_up = selectors_follow_up.follow_up_round_get_for_user(
        user=request.user, pk=pk, round_id=round_id
    )
    page = selectors_follow_up.follow_up_round_page(follow_up=follow_up)
    return render(
        request,
        "agreements/follow_up_round.html",
        {
            "agreement": agreement,
            "round": follow_up,
            "organisation_forms": _organisation_forms(request, follow_up, page, posted_for),
            **page,
        },
        status=status,
    )


@login_required
@require_safe
def follow_up_round(request: HttpRequest, pk: int, round_id: int) -> HttpResponse:
    return _round_page(request, pk, round_id)


@login_required
@require_POST
def follow_up_accept(request: HttpRequest, pk: int, round_id: int) -> HttpResponse:
    """Accept all submitted figures of the round, or one indicator's (``indicator``)."""
    _agreement, _access, follow_up = selectors_follow_up.follow_up_round_get_for_user(
        user=request.user, pk=pk, round_id=round_id
    )
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _round_page(request, pk, round_id, status=400)
    indicator = form.cleaned_data["indicator"]
    if follow_up.status != FollowUpRound.Status.OPEN:
        messages.error(request, _("The round is closed: nothing more is accepted from it."))
        return redirect(follow_up.get_absolute_url())
    try:
        made = services_follow_up.follow_up_accept(
            actor=request.user,
            round_id=follow_up.pk,
            indicator_ids=[indicator] if indicator else None,
        )
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(
            request, _("Accepted: %(count)d new measurements recorded.") % {"count": made}
        )
    return redirect(follow_up.get_absolute_url())


@login_required
@require_POST
def follow_up_enter(
    request: HttpRequest, pk: int, round_id: int, organisation_id: int
) -> HttpResponse:
    """The secretariat enters an organisation party's figures on its behalf (an
    organisation cannot answer a request for input yet, decision 0023)."""
    _agreement, _access, follow_up = selectors_follow_up.follow_up_round_get_for_user(
        user=request.user, pk=pk, round_id=round_id
    )
    page = selectors_follow_up.follow_up_round_page(follow_up=follow_up)
    pairs = _organisation_forms(request, follow_up, page, posted_for=organisation_id)
    form = next((f for entry, f in pairs if entry.organisation.pk == organisation_id), None)
    if form is None:
        return _round_page(request, pk, round_id, status=404)
    if follow_up.status != FollowUpRound.Status.OPEN:
        messages.error(request, _("The round is closed: nothing more is accepted from it."))
        return redirect(follow_up.get_absolute_url())
    if form.is_valid():
        try:
            made = services_follow_up.follow_up_enter_for_organisation(
                actor=request.user,
                round_id=follow_up.pk,
                organisation_id=organisation_id,
                values=form.values(),
                narratives=form.narratives(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Accepted: %(count)d new measurements recorded.") % {"count": made}
            )
            return redirect(follow_up.get_absolute_url())
    return render(
        request,
        "agreements/follow_up_round.html",
        {
            "agreement": follow_up.agreement,
            "round": follow_up,
            "organisation_forms": pairs,
            **page,
        },
        status=400,
    )


@login_required
@require_POST
def follow_up_close(request: HttpRequest, pk: int, round_id: int) -> HttpResponse:
    _agreement, _access, follow_up = selectors_follow_up.follow_up_round_get_for_user(
        user=request.user, pk=pk, round_id=round_id
    )
    services_follow_up.follow_up_round_close(actor=request.user, round_id=follow_up.pk)
    messages.success(request, _("The follow-up round is closed."))
    return redirect(follow_up.get_absolute_url())
