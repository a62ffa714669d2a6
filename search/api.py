"""``/api/search/?q=``: the search page's results as JSON, for the same viewer.

Visibility, counts and snippets are those of ``search.selectors.search`` (closed content
only for those who may see it). Parameters are strict as everywhere in the API: a malformed
``year``, ``kind``, ``sort`` or ``page`` is a 400 naming it. The query text itself is never
refused (cleaned as on the page); an empty one gives no hits.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import positive_int_param
from search import selectors
from search.models import EntryKind

PAGE_SIZE = 20


class HitOutputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EntryKind.choices)
    kind_label = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The page (or file) of the hit, absolute.")
    body = serializers.CharField(help_text="The body's name, or empty.")
    date = serializers.DateField(allow_null=True)
    snippet = serializers.CharField(
        help_text="HTML: the text around the words found, escaped, with <mark> around them."
    )


class FacetValueOutputSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # an output field named "label", not Field.label
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetsOutputSerializer(serializers.Serializer):
    body = FacetValueOutputSerializer(many=True)
    year = FacetValueOutputSerializer(many=True)
    kind = FacetValueOutputSerializer(many=True)


class SearchOutputSerializer(serializers.Serializer):
    q = serializers.CharField(help_text="The query as searched (cleaned).")
    count = serializers.IntegerField(
        help_text="The number of results, counted up to 1,000 (see capped)."
    )
    capped = serializers.BooleanField(
        help_text="More than 1,000 results: only the newest 1,000 are paged, ranked and "
        "counted by facet."
    )
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    only_stop_words = serializers.BooleanField()
    results = HitOutputSerializer(many=True)
    facets = FacetsOutputSerializer()


def _choice(request: Request, name: str, allowed: Any, default: str = "") -> str:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if raw not in allowed:
        raise ValidationError({name: [f"Choose one of: {', '.join(allowed)}."]})
    return raw


class SearchApi(APIView):
    """Search everything the caller may see."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description='Words, "a phrase", OR, -word'),
            OpenApiParameter("body", OpenApiTypes.STR, description="A body's slug"),
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=EntryKind.values),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=list(selectors.SORTS)),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=SearchOutputSerializer,
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        year_raw = params.get("year")
        year = positive_int_param("year", year_raw) if year_raw else None
        if year is not None and year > 9999:
            raise ValidationError({"year": ["Give a year."]})
        page_raw = params.get("page")
        page = positive_int_param("page", page_raw) if page_raw else 1
        result = selectors.search(
            user=request.user,
            q=params.get("q", ""),
            body=params.get("body", "")[:200],
            year=year,
            kind=_choice(request, "kind", EntryKind.values),
            sort=_choice(request, "sort", selectors.SORTS, "relevance"),
            page=page,
            per_page=PAGE_SIZE,
        )
        if result.total and page > result.pages:
            raise NotFound()
        data = {
            "q": result.query.text,
            "count": result.total,
            "capped": result.capped,
            "page": result.page,
            "pages": result.pages,
            "only_stop_words": result.only_stop_words,
            "results": [
                {
                    "kind": h.kind,
                    "kind_label": h.kind_label,
                    "title": h.title,
                    "url": request.build_absolute_uri(h.url),
                    "body": h.body,
                    "date": h.date,
                    "snippet": str(h.snippet),
                }
                for h in result.hits
            ],
            "facets": {
                name: [
                    {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                    for v in result.facets.get(name, [])
                ]
                for name in selectors.FACETS
            },
        }
        return Response(SearchOutputSerializer(data).data)
