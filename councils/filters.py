import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from councils.models import Body, Municipality, Region


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
