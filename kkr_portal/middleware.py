"""Language choice (Danish unless the visitor chose another; the API follows the caller's
Accept-Language) and the "database busy" answer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import check_for_language, get_supported_language_variant
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

logger = logging.getLogger(__name__)


class ChosenLanguageMiddleware:
    """Like Django's LocaleMiddleware, but without the browser's Accept-Language.

    A Danish public portal opens in Danish on any browser (an English-language office
    machine in a municipality is common); the switcher stores the choice in a cookie.

    The API (``/api/``) is different: a program asks for a language with Accept-Language
    (``da``, ``en``, ``sv``), and the whole answer, error messages included, is in that
    language. Without a language the API knows, it answers in the chosen one or Danish.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        is_api = request.path_info.startswith("/api/")
        if is_api:
            language = _accepted_language(request.headers.get("Accept-Language", "")) or language
        elif request.path_info.startswith("/oparl/"):
            # Stateless (OParl 2.3): Accept-Language or Danish, never the pages' cookie.
            accepted = _accepted_language(request.headers.get("Accept-Language", ""))
            language = accepted or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if is_api:
            patch_vary_headers(response, ("Accept-Language",))
        return response


def _accepted_language(header: str) -> str | None:
    """The caller's most wanted language that the portal speaks (``en-GB`` is ``en``)."""
    for code, _quality in parse_accept_lang_header(header[:200]):
        if code == "*":
            return None
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class DatabaseBusyMiddleware:
    """A save that could not get SQLite's write lock in time is a 503 "try again", not a 500.

    Only SQLite (development and the demo) says "database is locked": it has one writer at a
    time, and a second save waits for the first (``transaction_mode`` ``IMMEDIATE`` and a
    timeout, see ``database_settings`` in settings). Services write in one transaction, which
    was rolled back before the error reached here, so nothing is half-written and the visitor
    can simply send the form again.
    """

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, OperationalError) and _is_lock_timeout(exception)):
            return None
        logger.warning("Database busy (%s) on %s %s", exception, request.method, request.path)
        if request.path_info.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": _("The database is busy. Please try again.")}, status=503
            )
        else:
            response = HttpResponse(render_to_string("database_busy.html"), status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


def _is_lock_timeout(error: OperationalError) -> bool:
    return "database is locked" in str(error) or "database table is locked" in str(error)
