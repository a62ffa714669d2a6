from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from integrations.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Tokens are made on the portal's page (the secret is shown once there); here the
    administrator sees them all and may revoke one by setting "revoked"."""

    list_display = ("name", "body", "scope", "prefix", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("scope", "body")
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_at", "created_by", "last_used_at", "revoked_by")
    fields = (
        "name",
        "body",
        "scope",
        "prefix",
        "created_at",
        "created_by",
        "expires_at",
        "revoked_at",
        "revoked_by",
        "last_used_at",
    )

    def has_add_permission(self, request: object) -> bool:
        return False
