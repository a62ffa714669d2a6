import django_filters
from rest_framework import viewsets

from accounts.rules import roles_for
from meetings.api.serializers import MeetingDetailOutputSerializer, MeetingOutputSerializer
from meetings.models import Meeting


class MeetingFilter(django_filters.FilterSet):
    body = django_filters.CharFilter(field_name="body__slug")
    start_from = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte")
    start_to = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte")

    class Meta:
        model = Meeting
        fields = ["body", "status", "start_from", "start_to"]


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings with published agendas (and, for their secretariat, planned ones). The
    detail carries the items as the caller may see them (closed content left out)."""

    filterset_class = MeetingFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        meetings = Meeting.objects.select_related("body").order_by("starts_at", "pk")
        roles = roles_for(self.request.user)
        if roles.is_platform_admin:
            return meetings
        from django.db.models import Q

        return meetings.filter(
            ~Q(status=Meeting.Status.PLANNED) | Q(body_id__in=roles.secretariat_body_ids)
        )

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return (
            MeetingDetailOutputSerializer if self.action == "retrieve" else MeetingOutputSerializer
        )
