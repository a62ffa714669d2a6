from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import Meeting, Newsletter


class MeetingOutputSerializer(serializers.ModelSerializer):
    body: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "starts_at",
            "ends_at",
            "place",
            "status",
            "url",
            "created",
            "modified",
        ]

    def get_url(self, meeting: Meeting) -> str:
        request = self.context.get("request")
        path = meeting.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class AttachmentOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    content_type = serializers.CharField()
    url = serializers.CharField(
        allow_null=True,
        help_text="Where the file is fetched; null when it was withdrawn (the secretariat's "
        "own answers still link it).",
    )
    withdrawn_reason = serializers.CharField(
        help_text="Why the secretariat withdrew the file (it is then served to no one but "
        "the secretariat); empty when it was not."
    )


class AttendanceEventOutputSerializer(serializers.Serializer):
    person = serializers.CharField()
    event = serializers.ChoiceField(choices=["joined", "left", "disqualified"])
    note = serializers.CharField()


class ItemOutputSerializer(serializers.Serializer):
    """An agenda item as the caller may see it: closed items carry only their number."""

    number = serializers.CharField()
    is_closed = serializers.BooleanField()
    title = serializers.CharField(required=False)
    presenter = serializers.CharField(required=False)
    kind = serializers.CharField(required=False)
    case_text = serializers.CharField(required=False)
    recommendation = serializers.CharField(required=False)
    decision = serializers.CharField(required=False)
    decision_type = serializers.CharField(
        required=False, help_text="The code of the decision type (minutes only)."
    )
    decision_type_label = serializers.CharField(required=False)
    attachments = AttachmentOutputSerializer(many=True, required=False)
    attendance = AttendanceEventOutputSerializer(
        many=True,
        required=False,
        help_text="Who joined, left after or was disqualified on the item: only for callers "
        "who may see named attendance.",
    )


def item_dicts(views: list, request: Any) -> list[dict]:
    """Items (``selectors.ItemView``) as API dicts; a redacted item is its number only."""
    # One URL resolution for all attachments: per attachment it was a large part of a list.
    placeholder = "999999999"
    url = request.build_absolute_uri(
        reverse("meetings:attachment_download", args=[int(placeholder)])
    )
    items = []
    for view in views:
        if view.redacted:
            items.append({"number": view.number, "is_closed": True})
            continue
        items.append(
            {
                "number": view.number,
                "is_closed": view.is_closed,
                "title": view.title,
                "presenter": view.presenter,
                "kind": view.kind,
                "case_text": view.case_text,
                "recommendation": view.recommendation,
                "decision": view.decision,
                "decision_type": view.decision_type,
                "decision_type_label": view.decision_type_label,
                "attendance": [
                    {"person": e.person, "event": e.event, "note": e.note} for e in view.attendance
                ],
                "attachments": [
                    {
                        "number": a.number,
                        "title": a.title,
                        "content_type": a.content_type,
                        # Withdrawn from this caller (agenda_views decided): the reason, not
                        # a link that would answer 404.
                        "url": None if a.withdrawn else url.replace(placeholder, str(a.pk)),
                        "withdrawn_reason": a.withdrawn_reason,
                    }
                    for a in view.attachments
                ],
            }
        )
    return items


class MeetingListOutputSerializer(MeetingOutputSerializer):
    """The list's shape, for the schema: ``items`` only with ``?items=true``."""

    items = ItemOutputSerializer(
        many=True,
        required=False,
        help_text="Only with items=true: the items as the caller may see them.",
    )

    class Meta(MeetingOutputSerializer.Meta):
        fields = [*MeetingOutputSerializer.Meta.fields, "items"]


class AttendanceOutputSerializer(serializers.Serializer):
    person = serializers.CharField(help_text="The person's slug, as in /api/persons/.")
    name = serializers.CharField()
    status = serializers.CharField(help_text="present, apologies, substitute, guest, secretary")
    substitute_for = serializers.CharField(allow_null=True, help_text="A person's slug.")
    note = serializers.CharField()


class MeetingDetailOutputSerializer(MeetingOutputSerializer):
    items = serializers.SerializerMethodField()
    attendance = serializers.SerializerMethodField()

    class Meta(MeetingOutputSerializer.Meta):
        fields = [*MeetingOutputSerializer.Meta.fields, "items", "attendance"]

    @extend_schema_field(ItemOutputSerializer(many=True))
    def get_items(self, meeting: Meeting) -> list[dict]:
        from meetings.selectors import agenda_for_user

        request = self.context["request"]
        return item_dicts(agenda_for_user(meeting=meeting, user=request.user), request)

    @extend_schema_field(AttendanceOutputSerializer(many=True, allow_null=True))
    def get_attendance(self, meeting: Meeting) -> list[dict] | None:
        """Who attended, as the meeting page shows it to the caller (meetings.access: named
        persons for signed-in callers, for everyone where the body publishes attendance);
        null when the caller may not see it."""
        from meetings.selectors import attendance_for_user

        rows = attendance_for_user(meeting=meeting, user=self.context["request"].user)
        if rows is None:
            return None
        return [
            {
                "person": row.person.slug,
                "name": row.person.name,
                "status": row.status,
                "substitute_for": row.substitute_for.slug if row.substitute_for else None,
                "note": row.note,
            }
            for row in rows
        ]


class MeetingWithItemsOutputSerializer(MeetingDetailOutputSerializer):
    """For lists with ``?items=true``: the items come from the view, fetched (or kept) for
    the whole page at once (attendance is in the detail only)."""

    class Meta(MeetingOutputSerializer.Meta):
        fields = [*MeetingOutputSerializer.Meta.fields, "items"]

    @extend_schema_field(ItemOutputSerializer(many=True))
    def get_items(self, meeting: Meeting) -> list[dict]:
        return self.context["items"][meeting.pk]


class NewsletterOutputSerializer(serializers.ModelSerializer):
    """A newsletter as the caller may see it (published ones; drafts for the secretariat)."""

    body: "serializers.SlugRelatedField[Any]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Newsletter
        fields = [
            "id",
            "body",
            "meeting",
            "title",
            "content",
            "status",
            "published_at",
            "url",
            "created",
            "modified",
        ]

    def get_url(self, newsletter: Newsletter) -> str:
        request = self.context.get("request")
        path = newsletter.get_absolute_url()
        return request.build_absolute_uri(path) if request else path
