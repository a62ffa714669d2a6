from rest_framework import serializers

from quotas.models import MunicipalQuota, NationalFigure, QuotaYear, RegionalQuota


class NationalFigureOutputSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="quota_year.year")

    class Meta:
        model = NationalFigure
        fields = [
            "id",
            "year",
            "version",
            "figure",
            "announced_on",
            "reason",
            "legal_basis",
            "method",
            "created",
            "modified",
        ]


class QuotaYearOutputSerializer(serializers.ModelSerializer):
    figures = NationalFigureOutputSerializer(many=True, read_only=True)

    class Meta:
        model = QuotaYear
        fields = ["year", "country", "is_example", "figures", "created", "modified"]


class RegionalQuotaOutputSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="national_figure.quota_year.year")
    version = serializers.IntegerField(source="national_figure.version")
    region = serializers.CharField(source="region.code")

    class Meta:
        model = RegionalQuota
        fields = [
            "id",
            "year",
            "version",
            "region",
            "quota",
            "exact",
            "set_by",
            "created",
            "modified",
        ]


class MunicipalQuotaOutputSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="national_figure.quota_year.year")
    version = serializers.IntegerField(source="national_figure.version")
    municipality = serializers.CharField(source="municipality.code")
    region = serializers.CharField(source="municipality.region.code")

    class Meta:
        model = MunicipalQuota
        fields = [
            "id",
            "year",
            "version",
            "municipality",
            "region",
            "quota",
            "exact",
            "set_by",
            "created",
            "modified",
        ]
