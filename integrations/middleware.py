"""The gate in front of the machine interfaces (``/api/``, ``/oparl/``, and the files they link
to when fetched with a token): refuse a bad token
with 401, and count each caller's requests (per token, else per client address) against a
limit per minute, answering 429 with ``Retry-After`` beyond it (decision 0031).

The portal's pages are not limited here: people sign in, and the log-in has its own lock-out.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.ratelimit import client_address, window_hit
from integrations.auth import TokenCheck, token_for_request
from oparl.http import accepted_language
from oparl.http import error_response as oparl_error

WINDOW_SECONDS = 60
_PREFIXES = ("/api/", "/oparl/")
# The files the API links to: gated when a system fetches them with its token (a person's
# download with the session is a page, and not limited here).
_FILE_PREFIXES = ("/moeder/bilag/", "/moeder/pdf/")


def _gated(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith(_PREFIXES):
        return True
    bearer = request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("bearer ")
    return bearer and path.startswith(_FILE_PREFIXES)


def _error(
    request: HttpRequest,
    status: int,
    message: Promise | Callable[[], str],
    debug: str = "",
) -> HttpResponse:
    """The refusal in the interface's format, put in words in its language (``message`` is
    lazy or a callable: OParl answers in Accept-Language or Danish, never the portal's
    cookie, which the API's language middleware has already weighed)."""
    words = message if callable(message) else (lambda: str(message))
    if request.path_info.startswith("/oparl/"):
        language = accepted_language(request.headers.get("Accept-Language", ""))
        with translation.override(language or settings.LANGUAGE_CODE):
            return oparl_error(status, words(), debug)
    return JsonResponse({"detail": words()}, status=status)


class ApiGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _gated(request):
            return self.get_response(request)
        check = token_for_request(request)
        # A usable token is counted per token; everything else, a refused token included
        # (guessing tokens costs a lookup each time), per client address.
        if check.token is not None:
            limit = settings.API_RATE_LIMIT_PER_TOKEN
            scope, identity = "api:token", str(check.token.pk)
        else:
            limit = settings.API_RATE_LIMIT_PER_CLIENT
            scope, identity = "api:client", client_address(request)
        if not limit:  # 0: no limit (the benchmark measures the portal, not the limit)
            return self._answer(request, check)
        allowed, left, reset = window_hit(
            scope=scope, identity=identity, limit=limit, window=WINDOW_SECONDS
        )
        response = (
            self._answer(request, check) if allowed else self._too_many(request, limit, reset)
        )
        # The draft IETF RateLimit fields: what is left of this window, and when it ends.
        response["RateLimit-Limit"] = str(limit)
        response["RateLimit-Remaining"] = str(left)
        response["RateLimit-Reset"] = str(reset)
        return response

    def _answer(self, request: HttpRequest, check: TokenCheck) -> HttpResponse:
        """The view's answer, or 401 for a refused token."""
        if check.problem is None:
            return self.get_response(request)
        response = _error(request, 401, check.problem, "Authorization")
        response["WWW-Authenticate"] = 'Bearer realm="api", error="invalid_token"'
        return response

    @staticmethod
    def _too_many(request: HttpRequest, limit: int, reset: int) -> HttpResponse:
        response = _error(
            request,
            429,
            lambda: (
                _(
                    "Too many requests: at most %(limit)s a minute. Try again in %(seconds)s "
                    "seconds, or ask the body's secretariat for an API token."
                )
                % {"limit": limit, "seconds": reset}
            ),
        )
        response["Retry-After"] = str(reset)
        return response
