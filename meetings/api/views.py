from __future__ import annotations

from typing import Any

import django_filters
from django.core.cache import cache
from django.db.models import F, QuerySet
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core import page_cache
from core.api import api_search, bool_param
from meetings.api.serializers import (
    MeetingDetailOutputSerializer,
    MeetingListOutputSerializer,
    MeetingOutputSerializer,
    MeetingWithItemsOutputSerializer,
    NewsletterOutputSerializer,
    item_dicts,
)
from meetings.models import Meeting, Newsletter
from meetings.selectors import agenda_sources_for_user, agendas_from_sources

# How long a published version's items, as one audience sees them, are kept. They never
# change (a new publication, a withdrawn file or another audience is another key), so this
# only bounds the memory of versions nobody asks for any more.
KEPT_ITEMS_SECONDS = 24 * 60 * 60


def items_by_meeting(meetings: list[Meeting], request: Request) -> dict[int, list[dict]]:
    """The API dicts of these meetings' items as the caller may see them, by meeting id.

    Each is kept under what it was made from (``AgendaSource.key``: the published version,
    the audience's flags, the withdrawn files) with the release, language and address, so
    every caller who sees the same version is served the same made list; drafts are made
    each time. Who sees what is decided by the selector, never here.
    """
    sources = agenda_sources_for_user(meetings=meetings, user=request.user)
    prefix = f"api-items:{page_cache.build()}:{get_language()}:{request.build_absolute_uri('/')}"
    keys = {pk: f"{prefix}:{source.key}" for pk, source in sources.items() if source.key}
    kept = cache.get_many(list(keys.values()))
    out = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [source for pk, source in sources.items() if pk not in out]
    made = {pk: item_dicts(views, request) for pk, views in agendas_from_sources(missing).items()}
    if keep := {keys[pk]: items for pk, items in made.items() if pk in keys}:
        cache.set_many(keep, KEPT_ITEMS_SECONDS)
    return out | made


class MeetingFilter(django_filters.FilterSet):
    body = django_filters.CharFilter(field_name="body__slug")
    start_from = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte")
    start_to = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte")
    q = django_filters.CharFilter(
        method="filter_q",
        label="Search: meetings whose items, decisions or attachments match (as on /soeg/)",
    )

    def filter_q(self, queryset: QuerySet[Meeting], name: str, value: str) -> QuerySet[Meeting]:
        return api_search(queryset, "meetings", self.request, value)

    class Meta:
        model = Meeting
        fields = ["body", "status", "start_from", "start_to"]


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings with published agendas (and, for their secretariat, planned ones). The
    detail carries the items as the caller may see them (closed content left out)."""

    filterset_class = MeetingFilter

    @extend_schema(
        responses=MeetingListOutputSerializer,
        parameters=[
            OpenApiParameter(
                "items",
                OpenApiTypes.BOOL,
                description="Include each meeting's items (as the caller may see them): "
                "true or false (also 1 or 0).",
            ),
        ],
    )
    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        if not bool_param(request, "items"):
            return super().list(request, *args, **kwargs)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        meetings = list(page or [])
        serializer = MeetingWithItemsOutputSerializer(
            meetings,
            many=True,
            context={
                **self.get_serializer_context(),
                "items": items_by_meeting(meetings, request),
            },
        )
        return self.get_paginated_response(serializer.data)

    def get_queryset(self) -> QuerySet[Meeting]:
        # Who sees which meeting is decided in meetings.access, for the API as for pages.
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("body")
            .order_by("starts_at", "pk")
        )

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return (
            MeetingDetailOutputSerializer if self.action == "retrieve" else MeetingOutputSerializer
        )


class NewsletterFilter(django_filters.FilterSet):
    body = django_filters.CharFilter(field_name="body__slug")

    class Meta:
        model = Newsletter
        fields = ["body", "status"]


class NewsletterViewSet(viewsets.ReadOnlyModelViewSet):
    """Newsletters the caller may see (meetings.access: published ones; drafts only for
    their body's secretariat), newest first."""

    serializer_class = NewsletterOutputSerializer
    filterset_class = NewsletterFilter

    def get_queryset(self) -> QuerySet[Newsletter]:
        return (
            Newsletter.objects.visible_to(self.request.user)
            .select_related("body")
            .order_by(F("published_at").desc(nulls_first=True), "-pk")
        )
