"""The read-only API of agreements: the agreements the caller may see (with their parties,
economy, goals, indicators and measurements, and their documents the caller may see), their
tracks with activities and milestones, and their plan matrices.

Who sees what is asked of ``agreements.access`` as for the pages: a draft, an internal
agreement and everything in it, and an internal document exist only for the responsible
body's secretariat and the administrator; a parent agreement or a renewed one the caller may
not see is given as null. No reporter of a measurement is named (the pages name them to the
secretariat only). Field names are English and stable (docs/agreements.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import django_filters
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from agreements import selectors
from agreements.access import agreement_access, documents_visible
from agreements.filters import (
    filter_from_year,
    filter_in_force_on,
    filter_to_year,
    party_q,
)
from agreements.models import (
    FIRST_YEAR,
    LAST_YEAR,
    Activity,
    Agreement,
    MatrixCell,
    MatrixTheme,
    PlanMatrix,
    Track,
)
from agreements.selectors import GoalStatus
from core.api import api_search

# --- Serializers -----------------------------------------------------------------------------


def _absolute(context: Mapping[str, Any], path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


def _visible_id(context: Mapping[str, Any], other: Agreement | None) -> int | None:
    request = context.get("request")
    if other is None or request is None:
        return None
    return other.pk if agreement_access(request.user, other).may_view else None


class AgreementListOutputSerializer(serializers.ModelSerializer):
    kind: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The kind's slug."
    )
    kind_name = serializers.CharField(source="kind.label", help_text="The kind's name.")
    body: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The responsible body's slug."
    )
    end = serializers.DateField(allow_null=True, help_text="Null: until it is replaced.")
    ended_on = serializers.DateField(allow_null=True, help_text="The day it was terminated.")
    # Fields named like attributes of DRF's Field ("parent", "source"): the serializer's
    # metaclass moves them into _declared_fields, so they replace nothing at run time.
    parent = serializers.SerializerMethodField(  # type: ignore[assignment]  # see above
        help_text="The agreement this one is made within (null if none or not visible)."
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "title",
            "kind",
            "kind_name",
            "body",
            "start",
            "end",
            "status",
            "ended_on",
            "parent",
            "url",
            "created",
            "modified",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_parent(self, agreement: Agreement) -> int | None:
        return _visible_id(self.context, agreement.parent)

    def get_url(self, agreement: Agreement) -> str:
        return _absolute(self.context, agreement.get_absolute_url())


class PartyOutputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["organisation", "body", "municipality"], help_text="What the party is."
    )
    identifier = serializers.CharField(
        help_text="The organisation's or body's slug, or the municipality's code."
    )
    name = serializers.CharField()
    role = serializers.CharField()


class EconomyLineOutputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    currency = serializers.CharField(help_text="ISO 4217, e.g. DKK.")
    year = serializers.IntegerField(allow_null=True)
    source = serializers.CharField()  # type: ignore[assignment]  # as "parent" above


class MeasurementOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    measured_on = serializers.DateField(allow_null=True, help_text="The day the value is for.")
    value = serializers.DecimalField(max_digits=16, decimal_places=4)
    note = serializers.CharField()
    reported_at = serializers.DateTimeField()


class IndicatorOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.pk")
    name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    baseline_value = serializers.DecimalField(
        source="indicator.baseline_value", max_digits=16, decimal_places=4, allow_null=True
    )
    baseline_year = serializers.IntegerField(source="indicator.baseline_year", allow_null=True)
    target_value = serializers.DecimalField(
        source="indicator.target_value", max_digits=16, decimal_places=4, allow_null=True
    )
    target_year = serializers.IntegerField(source="indicator.target_year", allow_null=True)
    direction = serializers.ChoiceField(
        source="indicator.direction",
        choices=["at_least", "at_most", "exactly"],
        help_text="How the target is read: at least, at most or exactly the target value.",
    )
    frequency = serializers.ChoiceField(
        source="indicator.frequency", choices=["yearly", "half_yearly", "quarterly", "monthly"]
    )
    source = serializers.CharField(source="indicator.source")  # type: ignore[assignment]  # as "parent" above
    status = serializers.ChoiceField(
        choices=GoalStatus.choices, help_text="The indicator's status by the rule in status_rule."
    )
    measurements = MeasurementOutputSerializer(many=True, help_text="Oldest first.")


class GoalOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="goal.pk")
    title = serializers.CharField(source="goal.title")
    description = serializers.CharField(source="goal.description")
    status = serializers.ChoiceField(
        choices=GoalStatus.choices, help_text="Computed from the indicators (status_rule)."
    )
    indicators = IndicatorOutputSerializer(many=True)


class DocumentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="In bytes.")
    url = serializers.CharField()


class AgreementDetailOutputSerializer(AgreementListOutputSerializer):
    summary = serializers.CharField(help_text="Sanitised HTML.")
    predecessor = serializers.SerializerMethodField(
        help_text="The agreement this one renews (null if none or not visible)."
    )
    parties = serializers.SerializerMethodField()
    economy = serializers.SerializerMethodField()
    goals = serializers.SerializerMethodField()
    status_rule = serializers.SerializerMethodField(
        help_text="How the goals' and indicators' statuses are computed, in words."
    )
    documents = serializers.SerializerMethodField(help_text="Those the caller may see.")

    class Meta(AgreementListOutputSerializer.Meta):
        fields = [
            *AgreementListOutputSerializer.Meta.fields,
            "summary",
            "predecessor",
            "parties",
            "economy",
            "goals",
            "status_rule",
            "documents",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_predecessor(self, agreement: Agreement) -> int | None:
        return _visible_id(self.context, agreement.predecessor)

    @extend_schema_field(PartyOutputSerializer(many=True))
    def get_parties(self, agreement: Agreement) -> Any:
        rows = []
        for party in agreement.parties.select_related("organisation", "body", "municipality"):
            if party.organisation is not None:
                kind, identifier = "organisation", party.organisation.slug
            elif party.body is not None:
                kind, identifier = "body", party.body.slug
            else:
                kind, identifier = "municipality", str(party.municipality.code)  # type: ignore[union-attr]  # exactly one is set (agr_party_exactly_one)
            rows.append(
                {"kind": kind, "identifier": identifier, "name": str(party), "role": party.role}
            )
        return PartyOutputSerializer(rows, many=True).data

    @extend_schema_field(EconomyLineOutputSerializer(many=True))
    def get_economy(self, agreement: Agreement) -> Any:
        return EconomyLineOutputSerializer(agreement.economy_lines.all(), many=True).data

    @extend_schema_field(GoalOutputSerializer(many=True))
    def get_goals(self, agreement: Agreement) -> Any:
        return GoalOutputSerializer(selectors.agreement_goals(agreement=agreement), many=True).data

    def get_status_rule(self, agreement: Agreement) -> str:
        return str(selectors.STATUS_RULE)

    @extend_schema_field(DocumentOutputSerializer(many=True))
    def get_documents(self, agreement: Agreement) -> Any:
        request = self.context["request"]
        access = agreement_access(request.user, agreement)
        rows = [
            {
                "id": document.pk,
                "title": document.title,
                "content_type": document.content_type,
                "size": document.size,
                "url": _absolute(
                    self.context,
                    reverse("agreements:document_download", args=[agreement.pk, document.pk]),
                ),
            }
            for document in documents_visible(access, agreement.documents.all())
        ]
        return DocumentOutputSerializer(rows, many=True).data


class MilestoneOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True, help_text="Null: not reached yet.")


class ActivityOutputSerializer(serializers.ModelSerializer):
    responsible_organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    milestones = MilestoneOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "description",
            "responsible_organisation",
            "responsible_text",
            "start",
            "end",
            "status",
            "milestones",
        ]


class TrackOutputSerializer(serializers.ModelSerializer):
    owner_body: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    owner_organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    followed_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, many=True, help_text="The forums (bodies') slugs."
    )
    activities = ActivityOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Track
        fields = [
            "id",
            "agreement",
            "position",
            "title",
            "description",
            "owner_body",
            "owner_organisation",
            "followed_by",
            "activities",
            "created",
            "modified",
        ]


class NamedOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MatrixCellOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatrixCell
        fields = ["id", "level", "section", "text"]


class MatrixThemeOutputSerializer(serializers.ModelSerializer):
    cells = MatrixCellOutputSerializer(many=True, read_only=True)

    class Meta:
        model = MatrixTheme
        fields = ["id", "name", "cells"]


class MatrixFootnoteOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    text = serializers.CharField()


class PlanMatrixOutputSerializer(serializers.ModelSerializer):
    levels = NamedOutputSerializer(many=True, read_only=True, help_text="The columns.")
    sections = NamedOutputSerializer(
        many=True, read_only=True, help_text="The rows repeated under every theme."
    )
    themes = MatrixThemeOutputSerializer(many=True, read_only=True)
    footnotes = MatrixFootnoteOutputSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = PlanMatrix
        fields = [
            "id",
            "agreement",
            "title",
            "introduction",
            "levels",
            "sections",
            "themes",
            "footnotes",
            "url",
            "created",
            "modified",
        ]

    def get_url(self, matrix: PlanMatrix) -> str:
        return _absolute(self.context, matrix.get_absolute_url())


# --- Filters ---------------------------------------------------------------------------------


class AgreementApiFilter(django_filters.FilterSet):
    body = django_filters.CharFilter(field_name="body__slug", help_text="The body's slug.")
    kind = django_filters.CharFilter(field_name="kind__slug", help_text="The kind's slug.")
    year = django_filters.NumberFilter(
        method="in_force_in",
        help_text=f"In force in the year ({FIRST_YEAR}-{LAST_YEAR}): the period covers "
        "some of it (an agreement without an end counts for every year from its start).",
    )

    party = django_filters.CharFilter(
        method="with_party",
        help_text="A party as kind:identifier, the parties' kind and identifier: "
        "organisation:<slug>, body:<slug> or municipality:<code>.",
    )
    on = django_filters.DateFilter(
        method="in_force_on",
        help_text="In force on the date (YYYY-MM-DD): the period covers it and the agreement "
        "was not terminated before it.",
    )
    from_year = django_filters.NumberFilter(
        method="period_from",
        help_text="The period reaches into this year or later (an agreement without an end "
        "runs on).",
    )
    to_year = django_filters.NumberFilter(
        method="period_to", help_text="The period starts in this year or earlier."
    )
    q = django_filters.CharFilter(
        method="search",
        help_text="Search, as on /soeg/: agreements whose title, summary, goals, indicators, "
        'tracks or plan matrices match. Words, "a phrase", OR, -word.',
    )

    class Meta:
        model = Agreement
        fields = [
            "body",
            "kind",
            "status",
            "year",
            "party",
            "on",
            "from_year",
            "to_year",
            "q",
        ]

    def search(self, queryset: QuerySet[Agreement], name: str, value: str) -> Any:
        return api_search(queryset, "agreements", self.request, value)

    @staticmethod
    def _year(name: str, value: Any) -> int:
        if value != int(value) or not FIRST_YEAR <= value <= LAST_YEAR:
            raise ValidationError({name: [f"Give a year from {FIRST_YEAR} to {LAST_YEAR}."]})
        return int(value)

    def with_party(self, queryset: QuerySet[Agreement], name: str, value: str) -> Any:
        condition = party_q(value)
        if condition is None:
            raise ValidationError(
                {
                    "party": [
                        "Give the party as organisation:<slug>, body:<slug> or municipality:<code>."
                    ]
                }
            )
        return queryset.filter(condition)

    def in_force_on(self, queryset: QuerySet[Agreement], name: str, value: dt.date) -> Any:
        return filter_in_force_on(queryset, value)

    def period_from(self, queryset: QuerySet[Agreement], name: str, value: int) -> Any:
        first = self._year("from_year", value)
        last = self.form.cleaned_data.get("to_year")
        if last is not None and last < first:
            raise ValidationError({"to_year": ["The last year is before the first."]})
        return filter_from_year(queryset, first)

    def period_to(self, queryset: QuerySet[Agreement], name: str, value: int) -> Any:
        return filter_to_year(queryset, self._year("to_year", value))

    def in_force_in(self, queryset: QuerySet[Agreement], name: str, value: Any) -> Any:
        # The list page's rule (agreements.filters.AgreementFilter.in_force_in).
        if value != int(value) or not FIRST_YEAR <= value <= LAST_YEAR:
            raise ValidationError({"year": [f"Give a year from {FIRST_YEAR} to {LAST_YEAR}."]})
        year = int(value)
        return queryset.filter(start__year__lte=year).filter(
            Q(end__isnull=True) | Q(end__year__gte=year)
        )


class ByAgreementFilter(django_filters.FilterSet):
    agreement = django_filters.NumberFilter(field_name="agreement_id", help_text="An id.")


class TrackFilter(ByAgreementFilter):
    class Meta:
        model = Track
        fields = ["agreement"]


class PlanMatrixFilter(ByAgreementFilter):
    class Meta:
        model = PlanMatrix
        fields = ["agreement"]


# --- Viewsets --------------------------------------------------------------------------------


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    """Agreements the caller may see (agreements.access: public ones; drafts and internal
    ones only for the responsible body's secretariat), newest period first. The detail
    carries parties, economy, goals with their status, indicators and measurements, and the
    documents the caller may see."""

    filterset_class = AgreementApiFilter

    def get_queryset(self) -> QuerySet[Agreement]:
        # Who sees which agreement is decided in agreements.access, for the API as for pages.
        return Agreement.objects.visible_to(self.request.user).select_related(
            "body", "kind", "parent", "predecessor"
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "retrieve":
            return AgreementDetailOutputSerializer
        return AgreementListOutputSerializer


class TrackViewSet(viewsets.ReadOnlyModelViewSet):
    """The tracks (aktivitetsspor) of the agreements the caller may see, with their
    activities and milestones."""

    serializer_class = TrackOutputSerializer
    filterset_class = TrackFilter

    def get_queryset(self) -> QuerySet[Track]:
        visible = Agreement.objects.visible_to(self.request.user).values("pk")
        return (
            Track.objects.filter(agreement__in=visible)
            .select_related("owner_body", "owner_organisation")
            .prefetch_related(
                "followed_by",
                Prefetch(
                    "activities",
                    queryset=Activity.objects.select_related(
                        "responsible_organisation"
                    ).prefetch_related("milestones"),
                ),
            )
            .order_by("agreement_id", "position", "pk")
        )


class PlanMatrixViewSet(viewsets.ReadOnlyModelViewSet):
    """The plan matrices (themes x levels x sections) of the agreements the caller may see."""

    serializer_class = PlanMatrixOutputSerializer
    filterset_class = PlanMatrixFilter

    def get_queryset(self) -> QuerySet[PlanMatrix]:
        visible = Agreement.objects.visible_to(self.request.user).values("pk")
        return (
            PlanMatrix.objects.filter(agreement__in=visible)
            .prefetch_related(
                "levels",
                "sections",
                "footnotes",
                Prefetch("themes", queryset=MatrixTheme.objects.prefetch_related("cells")),
            )
            .order_by("agreement_id", "pk")
        )
