from rest_framework import viewsets

from quotas.api.serializers import (
    MunicipalQuotaOutputSerializer,
    NationalFigureOutputSerializer,
    QuotaYearOutputSerializer,
    RegionalQuotaOutputSerializer,
)
from quotas.filters import MunicipalQuotaFilter, RegionalQuotaFilter
from quotas.models import MunicipalQuota, NationalFigure, QuotaYear, RegionalQuota


class QuotaYearViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = QuotaYear.objects.prefetch_related("figures").order_by("-year")
    serializer_class = QuotaYearOutputSerializer
    lookup_field = "year"


class NationalFigureViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = NationalFigure.objects.select_related("quota_year").order_by(
        "quota_year__year", "version"
    )
    serializer_class = NationalFigureOutputSerializer
    filterset_fields = {"quota_year__year": ["exact"], "method": ["exact"]}


class RegionalQuotaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RegionalQuota.objects.select_related(
        "national_figure__quota_year", "region"
    ).order_by("national_figure__quota_year__year", "national_figure__version", "region__code")
    serializer_class = RegionalQuotaOutputSerializer
    filterset_class = RegionalQuotaFilter


class MunicipalQuotaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = MunicipalQuota.objects.select_related(
        "national_figure__quota_year", "municipality__region"
    ).order_by(
        "national_figure__quota_year__year", "national_figure__version", "municipality__code"
    )
    serializer_class = MunicipalQuotaOutputSerializer
    filterset_class = MunicipalQuotaFilter
