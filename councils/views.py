from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.http import signed_in_user
from accounts.rules import Action, can
from core.errors import ConflictError
from councils import selectors, selectors_composition, selectors_former_slugs, services
from councils.filters import MunicipalityFilter
from councils.forms import BodyEditForm
from councils.pages import BODY_PAGE, FRONT_PAGE, MUNICIPALITY_PAGE


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "councils/home.html",
        {
            "regions": selectors.region_list_with_bodies(),
            "national_bodies": selectors.national_bodies(),
            # "coming_meetings", "latest_minutes": provided by meetings.
            **FRONT_PAGE.collect(user=request.user),
        },
    )


@require_safe
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.body_get(slug=slug)
    # Its seats and the seats it appoints to elsewhere (e.g. a KKR's), in one query.
    composition, appoints_to = selectors_composition.body_seats(body=body)
    return render(
        request,
        "councils/body_detail.html",
        {
            "body": body,
            "memberships": selectors.membership_current_list(body=body),
            "children": selectors.body_children(body=body),
            "show_contact": can(request.user, Action.VIEW_CONTACT_DETAILS),
            "can_edit": can(request.user, Action.EDIT_BODY, body),
            "can_view_history": can(request.user, Action.VIEW_HISTORY, body),
            "composition": composition,
            # The bodies this body (e.g. a KKR) appoints members to, and who holds them.
            "appoints_to": appoints_to,
            "term": selectors_composition.current_term(body=body),
            # The same rule as the proposal page itself (it used to be "signed in", which
            # offered the link to users the page then refused).
            "proposable_seat_ids": {
                row.seat.pk
                for group in composition
                for row in group.rows
                if can(request.user, Action.PROPOSE_NOMINATION, row.seat)
            },
            # "meetings": provided by meetings.
            **BODY_PAGE.collect(body=body, user=request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def body_edit(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.body_get(slug=slug)
    if not can(request.user, Action.EDIT_BODY, body):
        raise PermissionDenied
    form = BodyEditForm(request.POST or None, instance=body, initial={"version": body.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.body_update(
                actor=signed_in_user(request),
                body_id=body.pk,
                expected_version=data["version"],
                **{name: data[name] for name in services.BODY_EDITABLE_FIELDS},
            )
        except ConflictError as error:
            conflict = error
            # Let the next save go through on top of the version now shown.
            form.data = cast(QueryDict, form.data).copy()
            form.data["version"] = str(selectors.body_get(slug=slug).version)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(body.get_absolute_url())
    return render(
        request,
        "councils/body_edit.html",
        {"body": body, "form": form, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


@require_safe
def body_history(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.body_get(slug=slug)
    try:
        entries = selectors.body_history(body=body, user=request.user)
    except PermissionError:
        raise PermissionDenied from None
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    return render(request, "councils/body_history.html", {"body": body, "page": page})


@require_safe
def municipality_list(request: HttpRequest) -> HttpResponse:
    municipality_filter = MunicipalityFilter(request.GET, queryset=selectors.municipality_list())
    # All municipalities of a country fit on one page; paging only guards against growth.
    page = Paginator(municipality_filter.qs, 200).get_page(request.GET.get("side"))
    return render(
        request,
        "councils/municipality_list.html",
        {"filter": municipality_filter, "page": page},
    )


@require_safe
def municipality_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        municipality = selectors.municipality_get(key=key)
    except Http404:
        # A former address (a saved link, a search engine): moved for good, so 301.
        former = selectors_former_slugs.municipality_for_former_slug(key=key)
        if former is None:
            raise
        url = reverse("councils:municipality_detail", kwargs={"key": former.slug})
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
    return render(
        request,
        "councils/municipality_detail.html",
        {
            "municipality": municipality,
            "memberships": selectors.municipality_memberships(municipality=municipality),
            # "quotas": provided by quotas.
            **MUNICIPALITY_PAGE.collect(municipality=municipality, user=request.user),
            "contact_persons": selectors.municipality_contact_persons(
                municipality=municipality, user=request.user
            ),
        },
    )
