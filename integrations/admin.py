from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from integrations import services
from integrations.models import ApiToken

FIELDS = (
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


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Tokens are made on the portal's page (the secret is shown once there); here the
    administrator sees them all and revokes them through the service (the action), so the
    rules of the service (who, when, the history) hold here too. Nothing else is edited."""

    list_display = ("name", "body", "scope", "prefix", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("scope", "body")
    search_fields = ("name", "prefix")
    readonly_fields = FIELDS
    actions = ["revoke"]
    fields = FIELDS

    def has_add_permission(self, request: object) -> bool:
        return False

    @admin.action(description=_("Revoke the chosen tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.token_revoke(actor=request.user, token_id=token.pk)
        messages.success(request, _("Revoked."))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
