import django_filters
from django.db.models import Max, OuterRef, QuerySet, Subquery

from quotas.models import MunicipalQuota, NationalFigure, RegionalQuota


def _latest_version_only(queryset: QuerySet, name: str, value: bool) -> QuerySet:
    if not value:
        return queryset
    latest = (
        NationalFigure.objects.filter(quota_year=OuterRef("national_figure__quota_year"))
        .values("quota_year")
        .annotate(top=Max("version"))
        .values("top")
    )
    return queryset.filter(national_figure__version=Subquery(latest))


class RegionalQuotaFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="national_figure__quota_year__year")
    version = django_filters.NumberFilter(field_name="national_figure__version")
    region = django_filters.CharFilter(field_name="region__code")
    current = django_filters.BooleanFilter(
        method=_latest_version_only, label="Only the newest version of each year"
    )

    class Meta:
        model = RegionalQuota
        fields = ["year", "version", "region", "set_by"]


class MunicipalQuotaFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="national_figure__quota_year__year")
    version = django_filters.NumberFilter(field_name="national_figure__version")
    region = django_filters.CharFilter(field_name="municipality__region__code")
    municipality = django_filters.CharFilter(field_name="municipality__code")
    current = django_filters.BooleanFilter(
        method=_latest_version_only, label="Only the newest version of each year"
    )

    class Meta:
        model = MunicipalQuota
        fields = ["year", "version", "region", "municipality", "set_by"]
