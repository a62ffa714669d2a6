"""Signed-in pages kept for their user until something changes (decision 0041).

A signed-in page costs several times what the public's kept pages cost: it is made for
every request, from the user's rights, with the user's name and CSRF token in it. The
pages a user reloads the most (the member's meeting page, the agenda editor, the
appointments overview, the response matrix) are kept, as the user got them, and served
again to the same user while nothing has changed.

**The rule, in one place.** A page is kept under a key of

- the public pages' *generation* (``core.page_cache``): any write to a table a page may
  show starts a new one, at the statement and at its commit, whoever wrote it and however
  (the service, the admin, a worker, raw SQL), so a kept page never outlives a change;
- the code's build (a deploy is another key);
- the user, their rights (``accounts.rules.rights_key``: a term that ends by the date
  alone is another key) and whether the session passed the second factor;
- the session's CSRF secret (a page's forms carry a token for it; a new log-in rotates
  it, so a page kept from an earlier session is never served with a token that fails);
- the language, today's date (what is "late" or "overdue" moves at midnight) and the
  address with its query string. A view names the parameters it reads; a request with
  any other is answered by the view and not kept (made-up parameters would fill Redis).

What moves with the clock inside a day is bounded by ``KKR_PAGE_CACHE_SECONDS`` (300), as
for the public's pages.

**Never kept or served:** anything but a GET; a request with an ``Authorization`` header;
a session with messages waiting (they are shown once, on the next page made); a session
without a CSRF cookie yet; a page that showed messages, changed the session or set a
cookie; anything but a 200 HTML page; ``no-store``. Kept pages are not shared between
users, so nothing one user may see reaches another. Only views wrapped in
``kept_for_user`` are kept: each of them shows nothing from the tables ``core.page_cache``
leaves out of the generation (sessions, the outbox, webhook deliveries, tokens).

**What a wrapped view must hold to.** A kept page is served without running the view, so
its access checks are skipped: a view may be wrapped only while everything those checks
read is in the key (the user, the rights, the second factor, the date) or in a table whose
writes move the generation. A check that reads the clock within a day, another Redis
entry or a table ``core.page_cache`` leaves out would be skipped on a hit.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django_otp.middleware import is_verified

from accounts.rules import rights_key
from core import page_cache

# What the view itself puts on the page's answer; the middleware around it adds the rest
# (Vary, Content-Language, CSP, X-Frame-Options) on a kept answer as on a made one.
KEPT_HEADERS = ("content-type", "cache-control")

View = Callable[..., HttpResponseBase]


def _key(request: HttpRequest, params: frozenset[str]) -> str | None:
    """The key the page is kept under for this request, or ``None`` when it is not kept."""
    user = getattr(request, "user", None)
    # The browser's CSRF secret, from its cookie (``CsrfViewMiddleware``); without one, the
    # page's forms would carry a secret made for this response alone: not kept.
    secret = request.META.get("CSRF_COOKIE")
    if (
        request.method != "GET"
        # As for the public's kept pages: a caller that sends credentials of its own (the
        # benchmark's "made each time") is answered by the view.
        or "HTTP_AUTHORIZATION" in request.META
        or user is None
        or not user.is_authenticated
        or not secret
        or not set(request.GET) <= params
        or not page_cache.keeping()
        # Waiting messages are shown on the next page made; a kept page would hide them.
        or len(get_messages(request)) > 0
    ):
        return None
    generation = page_cache.current_generation()
    if generation is None:
        return None
    parts = (
        str(user.pk),
        rights_key(user),
        "verified" if is_verified(user) else "",
        str(secret),
        page_cache.language(request),
        timezone.localdate().isoformat(),
        request.get_full_path(),
    )
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"signed:{generation}:{page_cache.build()}:{digest}"


def _may_keep(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the page just made may be served again (see the module's "Never kept")."""
    return (
        page_cache.replayable(request, response)
        and isinstance(response, HttpResponse)
        # An export from the same view (the appointments' CSV) is a file, not a page.
        and response.get("Content-Type", "").startswith("text/html")
        # Shown on this page (iterated), or added while it was made.
        and not getattr(get_messages(request), "used", False)
        and len(get_messages(request)) == 0
    )


def _private(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """A signed-in user's page is theirs: no shared proxy or CDN may keep it."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        patch_cache_control(response, private=True)
    return response


def kept_for_user(*, params: Iterable[str] = ()) -> Callable[[View], View]:
    """Serve the signed-in user's page again while nothing has changed (see the module).
    ``params`` are the query parameters the view reads; with any other it is made."""
    allowed = frozenset(params)

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            key = _key(request, allowed)
            if key is None:
                return _private(request, view(request, *args, **kwargs))
            kept = cache.get(key)
            if kept is not None:
                content, headers = kept
                return page_cache.plain(content, headers)
            response = _private(request, view(request, *args, **kwargs))
            if _may_keep(request, response):
                assert isinstance(response, HttpResponse)
                headers = {
                    name: value for name, value in response.items() if name.lower() in KEPT_HEADERS
                }
                cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            return response

        return wrapped

    return decorate
