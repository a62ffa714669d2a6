"""The filters of the agreement list (shared with the API when it comes)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agreements.models import FIRST_YEAR, LAST_YEAR, Agreement, AgreementKind
from councils.models import Body

SELECT = forms.Select(attrs={"class": "form-select"})


def _bodies_with_agreements(request: Any) -> QuerySet[Body]:
    """The bodies with an agreement the visitor may see (a body whose only agreement is a
    draft is not offered, which would tell that the draft exists)."""
    user = getattr(request, "user", None)
    visible = Agreement.objects.visible_to(user).values("body_id")
    return Body.objects.filter(pk__in=visible).order_by("name")


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


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

    class Meta:
        model = Agreement
        fields = ["body", "kind", "status", "year"]

    def in_force_in(self, queryset: QuerySet[Agreement], name: str, value: Any) -> Any:
        """Agreements whose period covers some of the year."""
        return queryset.filter(start__year__lte=value).filter(
            Q(end__isnull=True) | Q(end__year__gte=value)
        )
