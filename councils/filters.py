from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from councils.models import Body, Membership, Municipality, Region, Seat


class MunicipalityFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        field_name="region",
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Region"),
        empty_label=_("All regions"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Unknown region. Choose one from the list.")},
    )

    class Meta:
        model = Municipality
        fields = ["region"]


class BodyFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code", label=_("Region code"))
    kind = django_filters.ChoiceFilter(choices=Body.Kind.choices, label=_("Kind"))

    class Meta:
        model = Body
        fields = ["region", "kind", "is_active"]


class SeatFilter(django_filters.FilterSet):
    body = django_filters.CharFilter(field_name="body__slug", label=_("Body"))
    organisation = django_filters.CharFilter(
        field_name="nominating_organisation__slug", label=_("Nominating organisation")
    )
    appointing_body = django_filters.CharFilter(
        field_name="appointing_body__slug", label=_("Appointing body")
    )

    class Meta:
        model = Seat
        fields = ["body", "organisation", "appointing_body", "role"]


class MembershipFilter(django_filters.FilterSet):
    body = django_filters.CharFilter(field_name="body__slug", label=_("Body"))
    person = django_filters.CharFilter(field_name="person__slug", label=_("Person"))
    municipality = django_filters.CharFilter(
        field_name="municipality__code", label=_("Municipality")
    )
    current_on = django_filters.DateFilter(method="current_on_filter", label=_("Held on"))

    class Meta:
        model = Membership
        fields = ["body", "person", "municipality", "role"]

    def current_on_filter(self, queryset: Any, name: str, value: Any) -> Any:
        # The one definition of "current" (councils.models.membership_current_q).
        return queryset.current(value)
