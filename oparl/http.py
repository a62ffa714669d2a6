"""The HTTP side of OParl: strict parameters, error objects, CORS, language and
conditional GET (``ETag``, ``Last-Modified``, 304)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from core.api_sync import parse_datetime_with_offset
from oparl.links import ERROR_TYPE

JSON_TYPE = "application/json; charset=utf-8"
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
LIST_PARAMETERS = (*FILTERS, "omit_internal", "limit", "page")
OBJECT_PARAMETERS = ("omit_internal",)
PAGE_SIZE = 100


class OParlError(Exception):
    """An answer other than 200: becomes an OParl error object."""

    def __init__(self, status: int, message: str, debug: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.debug = debug


def cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(status: int, message: str, debug: str = "") -> HttpResponse:
    data = {"type": ERROR_TYPE, "message": message}
    if debug:
        data["debug"] = debug
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type=JSON_TYPE, status=status
    )
    response["Cache-Control"] = "no-store"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def accepted_language(header: str) -> str | None:
    """The caller's most wanted language the portal speaks (as the REST API does)."""
    for code, _quality in parse_accept_lang_header(header[:200]):
        if code == "*":
            return None
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def oparl_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """GET and HEAD only; the answer in the caller's language (Accept-Language, else
    Danish), CORS on every answer, errors as OParl error objects, never a 5xx for bad
    input."""

    @wraps(view)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        # Stateless (protocol 2.3): the language cookie of the portal's pages does not count.
        language = accepted_language(request.headers.get("Accept-Language", ""))
        language = language or settings.LANGUAGE_CODE
        with translation.override(language):
            response: HttpResponseBase
            if request.method not in ("GET", "HEAD"):
                response = error_response(405, _("Only GET and HEAD are answered here."))
                response["Allow"] = "GET, HEAD"
            else:
                try:
                    response = view(request, **kwargs)
                except OParlError as error:
                    response = error_response(error.status, error.message, error.debug)
                except Http404:
                    response = error_response(404, _("There is no such object."))
            response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language",))
        return cors(response)

    return wrapper


# --- parameters -------------------------------------------------------------------------


def _single(query: QueryDict, name: str) -> str | None:
    values = query.getlist(name)
    if len(values) > 1:
        raise OParlError(
            400, _("The parameter “%(name)s” is given more than once.") % {"name": name}, name
        )
    return values[0] if values else None


def check_known(query: QueryDict, known: tuple[str, ...]) -> None:
    for name in query:
        if name not in known:
            raise OParlError(
                400,
                _("The parameter “%(name)s” is not known here. Known parameters: %(known)s.")
                % {"name": name, "known": ", ".join(known) or "-"},
                name,
            )
    for name in known:
        _single(query, name)


def datetime_param(query: QueryDict, name: str) -> dt.datetime | None:
    """A full date-time with an offset (``2024-01-31T09:00:00+01:00``), else a 400."""
    raw = _single(query, name)
    if raw is None:
        return None
    value = parse_datetime_with_offset(raw)
    if value is None:
        raise OParlError(
            400,
            _(
                "The parameter “%(name)s” needs a date and time with an offset, "
                "e.g. 2024-01-31T09:00:00+01:00."
            )
            % {"name": name},
            name,
        )
    return value


def bool_param(query: QueryDict, name: str) -> bool:
    raw = _single(query, name)
    if raw is None:
        return False
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise OParlError(400, _("The parameter “%(name)s” needs true or false.") % {"name": name}, name)


def int_param(query: QueryDict, name: str, default: int) -> int:
    raw = _single(query, name)
    if raw is None:
        return default
    digits = raw.lstrip("0") if raw.isascii() and raw.isdigit() else ""
    if not digits:
        raise OParlError(
            400,
            _("The parameter “%(name)s” needs a whole number of 1 or more.") % {"name": name},
            name,
        )
    return int(digits) if len(digits) <= 12 else 10**12


# --- answers ----------------------------------------------------------------------------


def _is_current(request: HttpRequest, etag: str, modified_at: int) -> bool:
    """Whether the caller's copy is current (``If-None-Match`` first, else
    ``If-Modified-Since``)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and modified_at <= since


def _validators(response: HttpResponse, etag: str, modified_at: int) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified_at)
    # Stored by browsers and proxies, but asked again each time (a 304 is cheap).
    response["Cache-Control"] = "public, no-cache"
    return response


def state_etag(*parts: Any) -> str:
    """An ``ETag`` made from what decides an answer (its state, not its bytes)."""
    key = json.dumps([str(p) for p in parts], ensure_ascii=False).encode()
    return f'"s{hashlib.sha256(key).hexdigest()[:40]}"'


def not_modified(
    request: HttpRequest, etag: str, last_modified: dt.datetime
) -> HttpResponse | None:
    """A 304 when the caller's copy is current, decided before the answer is built."""
    modified_at = int(last_modified.timestamp())
    if not _is_current(request, etag, modified_at):
        return None
    return _validators(HttpResponse(status=304), etag, modified_at)


def json_response(
    request: HttpRequest, data: Any, last_modified: dt.datetime, etag: str | None = None
) -> HttpResponse:
    """The JSON with ``ETag`` (of the bytes sent, unless a ``state_etag`` is given) and
    ``Last-Modified``; a 304 when the caller's copy is current."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = etag or f'"{hashlib.sha256(body).hexdigest()[:40]}"'
    modified_at = int(last_modified.timestamp())
    if _is_current(request, etag, modified_at):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(b"" if request.method == "HEAD" else body, content_type=JSON_TYPE)
        if request.method == "HEAD":
            response["Content-Length"] = str(len(body))
    return _validators(response, etag, modified_at)
