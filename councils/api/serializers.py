from typing import Any

from django.utils import timezone
from rest_framework import serializers

from councils.models import Body, Membership, Municipality, Person, Region, Seat


class RegionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "slug", "country", "created", "modified"]


class MunicipalityOutputSerializer(serializers.ModelSerializer):
    region: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Municipality
        fields = ["code", "name", "slug", "region", "created", "modified"]


class BodyOutputSerializer(serializers.ModelSerializer):
    region: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    # Fields named like attributes of DRF's Field ("parent", "label"): the serializer's
    # metaclass moves them into _declared_fields, so they replace nothing at run time.
    parent: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(  # type: ignore[assignment]  # see above
        slug_field="slug", read_only=True, allow_null=True
    )
    secretariat: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True
    )
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
            "created",
            "modified",
        ]

    def get_url(self, body: Body) -> str:
        request = self.context.get("request")
        path = body.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class SeatOutputSerializer(serializers.ModelSerializer):
    body: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    nominating_organisation: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    appointing_body: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    holder = serializers.SerializerMethodField()

    class Meta:
        model = Seat
        fields = [
            "id",
            "body",
            "label",
            "role",
            "nominating_organisation",
            "appointing_body",
            "requires_elected_politician",
            "has_personal_substitute",
            "holder",
            "created",
            "modified",
        ]

    def get_holder(self, seat: Seat) -> str | None:
        from councils.selectors_composition import seat_holder

        holder = seat_holder(seat, timezone.localdate())
        return holder.person.slug if holder else None


class PersonOutputSerializer(serializers.ModelSerializer):
    municipality: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "title",
            "municipality",
            "is_elected_politician",
            "email",
            "url",
            "created",
            "modified",
        ]

    def get_url(self, person: Person) -> str:
        request = self.context.get("request")
        path = person.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def to_representation(self, person: Person) -> dict:
        data = super().to_representation(person)
        request = self.context.get("request")
        # Contact details only for signed-in users (accounts.rules: VIEW_CONTACT_DETAILS).
        from accounts.rules import Action, can

        if request is None or not can(request.user, Action.VIEW_CONTACT_DETAILS):
            data.pop("email")
        return data


class MembershipOutputSerializer(serializers.ModelSerializer):
    person: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    body: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    on_behalf_of: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    municipality: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "body",
            "seat",
            "role",
            "start",
            "end",
            "on_behalf_of",
            "municipality",
            "created",
            "modified",
        ]


# --- Popolo (the shape of councils.popolo.popolo_export, for the schema) ------------------


class PopoloPersonOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField(required=False, help_text="Only for signed-in callers.")


class PopoloOrganizationOutputSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="body-<slug> or org-<slug>.")
    name = serializers.CharField()
    classification = serializers.CharField()
    parent_id = serializers.CharField(
        allow_null=True, required=False, help_text="Bodies only; null for a top-level body."
    )


class PopoloPostOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # as "parent" above
    role = serializers.CharField()
    organization_id = serializers.CharField()


class PopoloMembershipOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    person_id = serializers.CharField()
    organization_id = serializers.CharField()
    post_id = serializers.CharField(allow_null=True)
    role = serializers.CharField()
    on_behalf_of_id = serializers.CharField(allow_null=True)
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)


class PopoloOutputSerializer(serializers.Serializer):
    persons = PopoloPersonOutputSerializer(many=True)
    organizations = PopoloOrganizationOutputSerializer(many=True)
    posts = PopoloPostOutputSerializer(many=True)
    memberships = PopoloMembershipOutputSerializer(many=True)
