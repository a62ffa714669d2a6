"""The secretariat's page for the contact persons of the organisations that nominate to its
bodies' seats (decision 0023): who answers a request for input on an organisation's behalf.
The same shape as the KKR secretariat's municipal contact persons (``views_composition``):
the rule is ``Action.GRANT_ORGANISATION_CONTACT``, the writes are accounts' services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import rules
from accounts import services as account_services
from accounts.forms import AccountField
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Affiliation
from accounts.rules import Action, can
from core.form_fields import model_choice_field
from councils.models import Organisation, Seat


class OrganisationContactGrantForm(forms.Form):
    """Make a user account the contact person of one of the organisations offered."""

    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    account = AccountField()

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations


@dataclass
class OrganisationContacts:
    organisation: Organisation
    bodies: list[str]
    contacts: list[Affiliation]


def _nominating_seats(user: Any, *, active_only: bool = True) -> QuerySet[Seat]:
    """The seats, nominated to by an organisation, of the bodies whose organisations'
    contact persons the user appoints (all of them for administrators): the scope form of
    ``Action.GRANT_ORGANISATION_CONTACT`` (active seats) and, with ``active_only=False``,
    of ``Action.REVOKE_ORGANISATION_CONTACT`` (any seat)."""
    body_ids = rules.organisation_contact_body_ids(user)
    seats = Seat.objects.filter(nominating_organisation__isnull=False)
    if active_only:
        seats = seats.filter(is_active=True)
    if body_ids is not None:
        seats = seats.filter(body_id__in=body_ids)
    return seats


def _organisations(user: Any, *, active_only: bool = True) -> QuerySet[Organisation]:
    """The organisations whose contact persons the user appoints (``active_only``) or may
    remove."""
    return Organisation.objects.filter(
        pk__in=_nominating_seats(user, active_only=active_only).values("nominating_organisation_id")
    ).order_by("name")


def _rows(user: Any) -> list[OrganisationContacts]:
    """Each organisation whose contact persons the user may remove (the ones offered for
    granting, and those whose seat in the user's bodies is no longer active) with the
    user's bodies it nominates to and its contact persons (three queries, however many
    organisations)."""
    organisations = list(_organisations(user, active_only=False))
    rows = {
        o.pk: OrganisationContacts(organisation=o, bodies=[], contacts=[]) for o in organisations
    }
    for organisation_id, body_name in (
        _nominating_seats(user, active_only=False)
        .filter(nominating_organisation_id__in=list(rows))
        .values_list("nominating_organisation_id", "body__name")
        .distinct()
        .order_by("body__name")
    ):
        rows[organisation_id].bodies.append(body_name)
    for affiliation in (
        Affiliation.objects.filter(
            kind=Affiliation.Kind.ORGANISATION_CONTACT, organisation_id__in=list(rows)
        )
        .select_related("user")
        .order_by("user__username")
    ):
        assert affiliation.organisation_id is not None
        rows[affiliation.organisation_id].contacts.append(affiliation)
    return list(rows.values())


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_contacts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A secretariat's page for the contact persons of its bodies' nominating organisations."""
    if not can(request.user, Action.GRANT_ORGANISATION_CONTACT):
        raise PermissionDenied
    form = OrganisationContactGrantForm(
        request.POST or None, organisations=_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_services.organisation_contact_grant(
                actor=request.user, user=data["account"], organisation_id=data["organisation"].pk
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(user)s is now a contact person of %(organisation)s.")
                % {"user": data["account"].get_username(), "organisation": data["organisation"]},
            )
            return redirect(reverse("councils:organisation_contacts"))
    return render(
        request,
        "councils/organisation_contacts.html",
        {"rows": _rows(request.user), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_contact_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Stop someone being an organisation's contact person (asks first)."""
    affiliation = get_object_or_404(
        Affiliation.objects.select_related("user", "organisation"),
        pk=pk,
        kind=Affiliation.Kind.ORGANISATION_CONTACT,
    )
    if not can(request.user, Action.REVOKE_ORGANISATION_CONTACT, affiliation.organisation):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm"):
        account_services.affiliation_revoke(actor=request.user, affiliation_id=affiliation.pk)
        messages.success(
            request,
            _("%(user)s is no longer a contact person of %(organisation)s.")
            % {"user": affiliation.user.get_username(), "organisation": affiliation.organisation},
        )
        return redirect(reverse("councils:organisation_contacts"))
    return render(
        request, "councils/organisation_contact_revoke.html", {"affiliation": affiliation}
    )
