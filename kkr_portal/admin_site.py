"""The admin site: for platform administrators only, signed in with a second factor.

django-otp's site already asks for a verified second factor and ``is_staff``; the portal's
own rule (``accounts.rules``: administering the platform) decides who is an administrator,
so a ``is_staff`` flag set by mistake on a secretariat account opens nothing.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_otp.admin import OTPAdminSite

from accounts.rules import Action, can


class PlatformAdminSite(OTPAdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and can(request.user, Action.ADMINISTER_PLATFORM)
