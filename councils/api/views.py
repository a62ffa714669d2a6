from rest_framework import viewsets

from councils.api.serializers import (
    BodyOutputSerializer,
    MunicipalityOutputSerializer,
    RegionOutputSerializer,
)
from councils.filters import BodyFilter, MunicipalityFilter
from councils.models import Body, Municipality, Region


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.order_by("code")
    serializer_class = RegionOutputSerializer
    lookup_field = "code"


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Municipality.objects.select_related("region").order_by("code")
    serializer_class = MunicipalityOutputSerializer
    filterset_class = MunicipalityFilter
    lookup_field = "code"


class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Body.objects.select_related("region", "parent", "secretariat").order_by("slug")
    serializer_class = BodyOutputSerializer
    filterset_class = BodyFilter
    lookup_field = "slug"
