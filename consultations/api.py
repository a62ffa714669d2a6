"""The read-only API of requests for input: the requests the caller may open, their
questions, and the answers the caller may read. Who sees what is asked of
``consultations.access``, as for the pages: another municipality's draft is never shown,
and a caller who is not signed in sees only the requests whose answers are public after
their deadline (with their submitted answers).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse

from consultations import selectors
from consultations.access import request_access, requests_visible_to
from consultations.models import Question, Recipient, RequestForInput
from consultations.services import display_value
from core.api import api_search


class QuestionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "kind",
            "text",
            "help_text",
            "required",
            "choices",
            "unit",
            "min_value",
            "max_value",
        ]


class RequestForInputOutputSerializer(serializers.ModelSerializer):
    body: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    questions = QuestionOutputSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = RequestForInput
        fields = [
            "id",
            "body",
            "title",
            "introduction",
            "deadline",
            "allows_late",
            "answers_visibility",
            "status",
            "sent_at",
            "closed_at",
            "questions",
            "url",
            "created",
            "modified",
        ]

    def get_url(self, rfi: RequestForInput) -> str:
        request = self.context.get("request")
        path = rfi.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class AnswerOutputSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="The question's id.")
    value = serializers.JSONField(
        allow_null=True,
        help_text="Text, a number as a string, a list of choices, a boolean or an ISO date.",
    )
    text = serializers.CharField(help_text="The answer as shown on the pages.")


class RecipientOutputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["municipality", "organisation"], help_text="Who answers (decision 0023)."
    )
    code = serializers.CharField(
        allow_null=True, help_text="The municipality's code; null for an organisation."
    )
    slug = serializers.CharField(
        allow_null=True, help_text="The organisation's slug; null for a municipality."
    )
    name = serializers.CharField()


class ResponseOutputSerializer(serializers.Serializer):
    recipient = RecipientOutputSerializer()
    municipality = serializers.CharField(
        allow_null=True,
        help_text="The municipality's code; null for an organisation. Deprecated: read "
        "``recipient`` (kept for one release).",
    )
    municipality_name = serializers.CharField(
        allow_null=True, help_text="Deprecated: read ``recipient.name``."
    )
    status = serializers.CharField(
        help_text="submitted, submitted_late or reopened; draft only for the caller's own "
        "recipients."
    )
    submitted_at = serializers.DateTimeField(allow_null=True)
    answers = AnswerOutputSerializer(many=True)


def _recipient_data(recipient: Recipient) -> dict[str, Any]:
    municipality, organisation = recipient.municipality, recipient.organisation
    return {
        "kind": str(recipient.kind),
        "code": municipality.code if municipality is not None else None,
        "slug": organisation.slug if organisation is not None else None,
        "name": recipient.name,
    }


class RequestForInputFilter(django_filters.FilterSet):
    body = django_filters.CharFilter(field_name="body__slug")
    q = django_filters.CharFilter(
        method="search",
        help_text="Search, as on /soeg/: requests whose title or introduction match. Words, "
        '"a phrase", OR, -word.',
    )

    class Meta:
        model = RequestForInput
        fields = ["body", "status", "q"]

    def search(self, queryset: QuerySet[RequestForInput], name: str, value: str) -> Any:
        return api_search(queryset, "requests-for-input", self.request, value)


class RequestForInputViewSet(viewsets.ReadOnlyModelViewSet):
    """Requests for input the caller may open: the secretariat's of its bodies (drafts too),
    those sent to the caller's municipalities and organisations, and, for everyone, those
    whose answers are public after their deadline. Each carries its questions."""

    serializer_class = RequestForInputOutputSerializer
    filterset_class = RequestForInputFilter

    def get_queryset(self) -> QuerySet[RequestForInput]:
        # Who sees which request is decided in consultations.access, for the API as for pages.
        return (
            requests_visible_to(self.request.user)
            .select_related("body")
            .prefetch_related(
                Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
            )
            .order_by("-deadline", "-pk")
        )

    @extend_schema(responses=ResponseOutputSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def responses(self, request: Request, pk: str | None = None) -> ApiResponse:
        """The answers of the request's recipients that the caller may read: the
        secretariat every submitted answer; a recipient its own (a draft too) and, when the
        request allows it after the deadline, the others' submitted answers; everyone the
        submitted answers of a request that is public after its deadline."""
        rfi = self.get_object()
        access = request_access(request.user, rfi)
        if not access.may_view:
            return ApiResponse([])
        questions = list(rfi.questions.all())
        readable = [
            row
            for row in selectors.response_matrix(request=rfi)
            if row.response is not None and access.sees_response(row.response, row.recipient.pk)
        ]
        values = selectors.answer_values(
            response_ids=[row.response.pk for row in readable if row.response is not None]
        )
        data = [
            {
                "recipient": _recipient_data(row.recipient),
                "municipality": row.recipient.municipality.code
                if row.recipient.municipality
                else None,
                "municipality_name": row.recipient.municipality.name
                if row.recipient.municipality
                else None,
                "status": row.status,
                "submitted_at": row.response.submitted_at,
                "answers": [
                    {
                        "question": q.pk,
                        "value": values.get((row.response.pk, q.pk)),
                        "text": display_value(q, values.get((row.response.pk, q.pk))),
                    }
                    for q in questions
                ],
            }
            for row in readable
            if row.response is not None
        ]
        return ApiResponse(ResponseOutputSerializer(data, many=True).data)
