"""Refuse a NUL character in a query or form parameter with a 400 (issue 11, hole 7).

PostgreSQL text cannot hold NUL, so a view that passes such a value to a query fails with a
server error; Django's form fields refuse it, but pages that read ``request.GET`` directly
do not. No legitimate parameter contains one. Uploaded files are not looked at.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(query: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    )


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_form = request.method == "POST" and request.content_type in FORM_TYPES
        if (
            "\x00" in request.path_info
            or _has_nul(request.GET)
            or (is_form and _has_nul(request.POST))
        ):
            return HttpResponseBadRequest(_("A parameter contains a NUL character."))
        return self.get_response(request)
