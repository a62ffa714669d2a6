from rest_framework import serializers

from councils.models import Body, Municipality, Region


class RegionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "slug", "country"]


class MunicipalityOutputSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Municipality
        fields = ["code", "name", "slug", "region"]


class BodyOutputSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    secretariat = serializers.SlugRelatedField(slug_field="name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "region",
            "parent",
            "secretariat",
            "is_active",
            "url",
        ]

    def get_url(self, body: Body) -> str:
        request = self.context.get("request")
        path = body.get_absolute_url()
        return request.build_absolute_uri(path) if request else path
