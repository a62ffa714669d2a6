"""The filters of the agreement list (the page and its CSV/Excel exports); the API's filter
(``agreements.api.AgreementApiFilter``) uses the same rules for party and period.

* **party**: ``organisation:<slug>``, ``body:<slug>`` or ``municipality:<code>`` (the API's
  party ``kind`` and ``identifier``); the page offers the parties of the agreements the
  visitor may see (so a party only to a draft is not offered);
* **on**: in force on a date: the period covers the day and it was not terminated before it;
* **from_year / to_year**: the period overlaps the years (an agreement without an end runs
  on); either may be given alone.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agreements.models import FIRST_YEAR, LAST_YEAR, Agreement, AgreementKind, Party
from core.form_fields import PortalDateField
from councils.models import Body

PARTY_KINDS = ("organisation", "body", "municipality")

SELECT = forms.Select(attrs={"class": "form-select"})


def _bodies_with_agreements(request: Any) -> QuerySet[Body]:
    """The bodies with an agreement the visitor may see (a body whose only agreement is a
    draft is not offered, which would tell that the draft exists)."""
    user = getattr(request, "user", None)
    visible = Agreement.objects.visible_to(user).values("body_id")
    return Body.objects.filter(pk__in=visible).order_by("name")


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class DateFilter(django_filters.Filter):
    field_class = PortalDateField


def party_q(value: str) -> Q | None:
    """The agreements with the party ``kind:identifier``; None for a malformed value."""
    kind, _sep, identifier = (value or "").partition(":")
    if kind not in PARTY_KINDS or not identifier:
        return None
    lookup = "code" if kind == "municipality" else "slug"
    return Q(
        pk__in=Party.objects.filter(**{f"{kind}__{lookup}": identifier}).values("agreement_id")
    )


def filter_in_force_on(queryset: QuerySet[Agreement], day: Any) -> QuerySet[Agreement]:
    """Agreements whose period covers ``day`` and that were not terminated before it."""
    return queryset.filter(start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gte=day), Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )


def filter_from_year(queryset: QuerySet[Agreement], year: int) -> QuerySet[Agreement]:
    """Agreements whose period reaches into ``year`` or later."""
    return queryset.filter(Q(end__isnull=True) | Q(end__year__gte=year))


def filter_to_year(queryset: QuerySet[Agreement], year: int) -> QuerySet[Agreement]:
    """Agreements whose period starts in ``year`` or earlier."""
    return queryset.filter(start__year__lte=year)


def party_choices(user: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The parties of the agreements ``user`` may see, grouped by kind (one query)."""
    visible = Agreement.objects.visible_to(user).values("pk")
    groups: dict[str, dict[str, str]] = {kind: {} for kind in PARTY_KINDS}
    for party in Party.objects.filter(agreement__in=visible).select_related(
        "organisation", "body", "municipality"
    ):
        if party.organisation_id:
            groups["organisation"][f"organisation:{party.organisation.slug}"] = str(  # type: ignore[union-attr]  # set: see the check
                party.organisation
            )
        elif party.body_id:
            groups["body"][f"body:{party.body.slug}"] = str(party.body)  # type: ignore[union-attr]  # set: see the check
        elif party.municipality_id:
            groups["municipality"][f"municipality:{party.municipality.code}"] = str(  # type: ignore[union-attr]  # set: see the check
                party.municipality
            )
    labels = {
        "organisation": _("Organisations"),
        "body": _("Bodies"),
        "municipality": _("Municipalities"),
    }
    return [
        (str(labels[kind]), sorted(groups[kind].items(), key=lambda item: item[1]))
        for kind in PARTY_KINDS
        if groups[kind]
    ]


class AgreementFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("from_year"), cleaned.get("to_year")
        if first is not None and last is not None and first > last:
            self.add_error(
                "to_year",
                _("The last year (%(last)s) is before the first (%(first)s).")
                % {"last": last, "first": first},
            )
        return cleaned


class AgreementFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        field_name="body",
        queryset=lambda request: _bodies_with_agreements(request),
        to_field_name="slug",
        label=_("Responsible body"),
        empty_label=_("All bodies"),
        widget=SELECT,
        error_messages={"invalid_choice": _("Unknown body. Choose one from the list.")},
    )
    kind = django_filters.ModelChoiceFilter(
        field_name="kind",
        queryset=AgreementKind.objects.all(),
        to_field_name="slug",
        label=_("Kind"),
        empty_label=_("All kinds"),
        widget=SELECT,
        error_messages={"invalid_choice": _("Unknown kind. Choose one from the list.")},
    )
    status = django_filters.ChoiceFilter(
        choices=Agreement.Status.choices,
        label=_("Status"),
        empty_label=_("All statuses"),
        widget=SELECT,
    )
    year = YearFilter(
        method="in_force_in",
        label=_("In force in the year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        # A text input: a bad value is shown back as typed (a number input may not hold it).
        widget=forms.TextInput(
            attrs={"class": "form-input input-width-xs", "inputmode": "numeric"}
        ),
    )

    party = django_filters.ChoiceFilter(
        method="with_party",
        choices=[],
        label=_("Party"),
        empty_label=_("All parties"),
        widget=SELECT,
        error_messages={"invalid_choice": _("Unknown party. Choose one from the list.")},
    )
    on = DateFilter(
        method="in_force_on",
        label=_("In force on"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d"),
    )
    from_year = YearFilter(
        method="period_from",
        label=_("Period from the year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(
            attrs={"class": "form-input input-width-xs", "inputmode": "numeric"}
        ),
    )
    to_year = YearFilter(
        method="period_to",
        label=_("Period until the year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(
            attrs={"class": "form-input input-width-xs", "inputmode": "numeric"}
        ),
    )

    class Meta:
        model = Agreement
        fields = ["body", "kind", "party", "status", "year", "on", "from_year", "to_year"]
        form = AgreementFilterForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["party"].extra["choices"] = party_choices(getattr(self.request, "user", None))

    def with_party(self, queryset: QuerySet[Agreement], name: str, value: Any) -> Any:
        condition = party_q(value)
        return queryset.none() if condition is None else queryset.filter(condition)

    def in_force_on(self, queryset: QuerySet[Agreement], name: str, value: Any) -> Any:
        return filter_in_force_on(queryset, value)

    def period_from(self, queryset: QuerySet[Agreement], name: str, value: Any) -> Any:
        return filter_from_year(queryset, value)

    def period_to(self, queryset: QuerySet[Agreement], name: str, value: Any) -> Any:
        return filter_to_year(queryset, value)

    def in_force_in(self, queryset: QuerySet[Agreement], name: str, value: Any) -> Any:
        """Agreements whose period covers some of the year."""
        return queryset.filter(start__year__lte=value).filter(
            Q(end__isnull=True) | Q(end__year__gte=value)
        )
