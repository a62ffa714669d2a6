"""Enforce the second factor after the password.

A user with a confirmed TOTP device is sent to the code page until the session is verified;
an administrator without a device is sent to set one up. Only the pages needed to get
through (and static files, language switch, health check, log-out) stay reachable.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

from accounts.rules import must_use_two_factor

_ALWAYS_ALLOWED_PREFIXES = ("/static/", "/i18n/", "/healthz", "/tilgaengelighed/")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        redirect = self._redirect_for(request)
        if redirect is not None:
            return redirect
        return self.get_response(request)

    def _redirect_for(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.path.startswith(_ALWAYS_ALLOWED_PREFIXES):
            return None
        verify_url = reverse("accounts:two_factor_verify")
        setup_url = reverse("accounts:two_factor_setup")
        logout_url = reverse("accounts:logout")
        if request.path in (logout_url,):
            return None
        if user_has_device(user, confirmed=True):
            if user.is_verified() or request.path == verify_url:
                return None
            return HttpResponseRedirect(
                f"{verify_url}?{urlencode({'next': request.get_full_path()})}"
            )
        if must_use_two_factor(user) and request.path != setup_url:
            return HttpResponseRedirect(setup_url)
        return None
