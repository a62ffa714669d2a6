"""Enforce the second factor after the password.

A user with a confirmed TOTP device is sent to the code page until the session is verified;
an administrator without a device is sent to set one up. Only the pages needed to get
through (and static files, language switch, health check, log-out) stay reachable.

The API cannot follow a redirect to a code page: a session that still owes its second factor
gets a 403 with a JSON ``detail`` there instead, never data.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.middleware import is_verified

from accounts.rules import has_confirmed_device, must_use_two_factor, serve_from_cache

_ALWAYS_ALLOWED_PREFIXES = ("/static/", "/i18n/", "/healthz", "/tilgaengelighed/")
_API_PREFIX = "/api/"


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
        if not user.is_authenticated:
            return None
        # The signed-in user of this request: roles and second factor from the cache.
        serve_from_cache(user)
        if request.path.startswith(_ALWAYS_ALLOWED_PREFIXES):
            return None
        verify_url = reverse("accounts:two_factor_verify")
        setup_url = reverse("accounts:two_factor_setup")
        logout_url = reverse("accounts:logout")
        if request.path in (logout_url,):
            return None
        # A verified session has a confirmed device of this user (django-otp's middleware
        # checks both), so it needs no second look; the others ask the cached
        # ``has_confirmed_device`` (decision 0029) instead of the database.
        if is_verified(user):
            return None
        if has_confirmed_device(user):
            if request.path == verify_url:
                return None
            if request.path_info.startswith(_API_PREFIX):
                return _api_refusal()
            return HttpResponseRedirect(
                f"{verify_url}?{urlencode({'next': request.get_full_path()})}"
            )
        if must_use_two_factor(user) and request.path != setup_url:
            if request.path_info.startswith(_API_PREFIX):
                return _api_refusal()
            return HttpResponseRedirect(setup_url)
        return None


def _api_refusal() -> JsonResponse:
    return JsonResponse(
        {"detail": _("Two-factor sign-in is not complete. Enter your code in the portal first.")},
        status=403,
    )
