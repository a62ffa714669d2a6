"""The portal's 404 page also in development (issue 12).

With ``DEBUG`` on, Django answers a 404 with its technical page and never calls
``handler404``; a new user trying the demo then sees an English debugging page. This
middleware, placed last in ``MIDDLEWARE`` (so that the security and CSP middleware still
see its answer), replaces an HTML 404 answer with the portal's own page (Danish, in the
layout). API answers (JSON) are left alone.
Add ``?debug404`` to a URL to see Django's technical page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from kkr_portal.views import page_not_found


class NotFoundPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and "debug404" not in request.GET
            and not getattr(response, "streaming", False)
        ):
            return page_not_found(request)
        return response
