from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from councils.api.serializers import (
    BodyOutputSerializer,
    MembershipOutputSerializer,
    MunicipalityOutputSerializer,
    PersonOutputSerializer,
    PopoloOutputSerializer,
    RegionOutputSerializer,
    SeatOutputSerializer,
)
from councils.filters import BodyFilter, MembershipFilter, MunicipalityFilter, SeatFilter
from councils.models import Body, Membership, Municipality, Person, Region, Seat
from councils.popolo import popolo_export


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.order_by("code")
    serializer_class = RegionOutputSerializer
    lookup_field = "code"


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    # By name in Danish order (the name's collation), never by the code as text.
    queryset = Municipality.objects.select_related("region").order_by("name", "code")
    serializer_class = MunicipalityOutputSerializer
    filterset_class = MunicipalityFilter
    lookup_field = "code"


class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Body.objects.select_related("region", "parent", "secretariat").order_by("slug")
    serializer_class = BodyOutputSerializer
    filterset_class = BodyFilter
    lookup_field = "slug"


class SeatViewSet(viewsets.ReadOnlyModelViewSet):
    """Seats (Popolo posts) with today's holder."""

    serializer_class = SeatOutputSerializer
    filterset_class = SeatFilter

    def get_queryset(self) -> QuerySet[Seat]:
        from councils.selectors_composition import _seats_with_holders

        return _seats_with_holders(timezone.localdate()).order_by("body__slug", "position", "pk")


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Person.objects.select_related("municipality").order_by("slug")
    serializer_class = PersonOutputSerializer
    lookup_field = "slug"
    filterset_fields = {"municipality__code": ["exact"], "is_elected_politician": ["exact"]}


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Membership.objects.select_related(
        "person", "body", "on_behalf_of", "municipality"
    ).order_by("body__slug", "start", "pk")
    serializer_class = MembershipOutputSerializer
    filterset_class = MembershipFilter


class PopoloExportApi(APIView):
    """The whole composition in Popolo's shape (persons, organizations, posts, memberships)."""

    @extend_schema(
        responses=PopoloOutputSerializer,
        description="Popolo persons, organizations, posts and memberships (e-mail addresses "
        "only for signed-in callers).",
    )
    def get(self, request: Request) -> Response:
        from accounts.rules import Action, can

        return Response(
            popolo_export(include_contact=can(request.user, Action.VIEW_CONTACT_DETAILS))
        )
