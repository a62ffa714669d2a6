from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        # The token's place in the OpenAPI schema (registered by being imported).
        # The profile page links to the API tokens for those who manage them.
        from accounts.pages import PROFILE_PAGE
        from core.contributions import FILE_CALLER

        # Meetings' events become webhook deliveries (meetings does not import this app).
        from integrations import (
            receivers,
            schema,  # noqa: F401
        )
        from integrations.access import may_manage_integrations
        from integrations.auth import file_caller

        receivers.connect()
        # A system fetches the files the API links to with its token (decision 0031).
        FILE_CALLER.provide("token", file_caller)
        PROFILE_PAGE.provide("manages_api_tokens", lambda *, user: may_manage_integrations(user))
