"""The public's pages, kept whole and served again until something changes (decision 0035).

Everyone who is not signed in sees the same page for the same address and language, so a
page made for one visitor is kept and served to the next, with an ``ETag`` and a 304 for a
browser or proxy that already has it.

**The invalidation rule, in one place.** A kept page belongs to a *generation*. Any write to
the portal's database (an ``INSERT``, ``UPDATE`` or ``DELETE`` on any table, seen at the
database connection, so bulk updates, renumbering, raw SQL and the admin count too) starts a
new generation, at each such statement and again when its transaction commits; a page
kept under an older generation is never served again. Only tables the public never sees
through a page are left out (``IGNORED_APPS`` and models with
``shown_on_public_pages = False``: sessions, log-in attempts, e-mails in the outbox, webhook
deliveries, token use). So an item closed, a version published, a body renamed or a
translation of a record changed are on the next page view, whichever way they were written.

The generation is started both at the write (so the writer's own reads, and tests that
never commit, see fresh pages) and at the commit (so a page made between the write and
the commit, from the old rows, is not kept). A page is stored under the generation read
*before* it was made, so a write during the making makes it unused. Should Redis refuse a
new generation, the write stands and the error is logged (``public_changed``).

What the code and its translations say is part of the key too (``build()``: a hash of the
code, templates, translation catalogues and static manifest, and ``KKR_RELEASE``), so a
deploy, even a rolling one, never serves a page made by another version. What moves with
the clock alone (the next meeting becoming the last one) is bounded by
``KKR_PAGE_CACHE_SECONDS`` (300).

**Who is served.** GET and HEAD requests without a session cookie and without an
``Authorization`` header. Pages are stored under Django's ``Vary`` rules
(``learn_cache_key``): a page that varies on ``Cookie`` (read the session or the CSRF
token) is kept per ``Cookie`` header, so a visitor's own CSRF token is never given to
another. A response that sets a cookie, is not a 200, streams, or says ``private`` or
``no-store`` is not kept. The public's REST answers are kept the same way (their language
comes from Accept-Language, DRF varies on ``Accept``; a token is an ``Authorization``
header, so a system's own view is never kept). ``/admin/``, ``/konto/`` and files are not
handled here.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import (
    get_cache_key,
    get_conditional_response,
    has_vary_header,
    learn_cache_key,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
IGNORED_APPS = frozenset({"sessions", "admin", "contenttypes", "axes", "otp_totp", "django_otp"})
SKIPPED_PREFIXES = ("/admin/", "/konto/", "/static/", "/media/", "/moeder/bilag/")
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.I)


# --- the generation -------------------------------------------------------------------------


def public_changed() -> None:
    """Something the public may see changed: no kept page is served again.

    Straight to Redis, past the degrading cache's pause after a failure (``core.cache``):
    a new generation lost there would leave old pages served elsewhere. Should Redis refuse
    it all the same, the write stands (pages are not worth a refused save), the error is
    logged, and this process serves no kept page for ``KKR_PAGE_CACHE_SECONDS``; pages kept
    by others are at most that old.
    """
    global _unsure_until
    generation = secrets.randbits(62)
    try:
        client = getattr(cache, "_cache", None)
        if client is not None and hasattr(client, "get_client"):
            key = cache.make_and_validate_key(GENERATION_KEY)
            client.get_client(key, write=True).set(key, generation)
        else:
            cache.set(GENERATION_KEY, generation, timeout=None)
    except Exception:
        _unsure_until = time.monotonic() + settings.PAGE_CACHE_SECONDS
        logger.exception(
            "page cache: no new generation; pages kept elsewhere may be up to %s s old",
            settings.PAGE_CACHE_SECONDS,
        )


_unsure_until = 0.0


def settings_changed(**kwargs: Any) -> None:
    """``setting_changed`` (tests only): pages may look different now."""
    try:
        public_changed()
    except Exception:  # a test that points the cache at a dead server; nothing is kept there
        logger.debug("page cache: no new generation for a settings change", exc_info=True)


class _Bump:
    """The commit's ``public_changed``; one per transaction however many rows it wrote."""

    __qualname__ = "page cache: new generation at commit"

    def __call__(self) -> None:
        public_changed()


def _ignored_tables() -> frozenset[str]:
    from django.apps import apps

    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in IGNORED_APPS
        or not getattr(model, "shown_on_public_pages", True)
    ) | {"django_migrations"}


_ignored: frozenset[str] | None = None


def _written_table(sql: str) -> str | None:
    match = _WRITE.match(sql)
    return match.group(1) if match else None


def watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
) -> Any:
    """An ``execute_wrapper`` on every connection: a write to a table the public may see
    starts a new generation now and at the commit (see the module's docstring)."""
    result = execute(sql, params, many, context)
    table = _written_table(sql) if isinstance(sql, str) else None
    if table is None:
        return result
    global _ignored
    if _ignored is None:
        _ignored = _ignored_tables()
    if table in _ignored:
        return result
    connection = context["connection"]
    if not connection.in_atomic_block:
        public_changed()  # committed already
        return result
    # Now, for the writer's own reads and for tests that never commit (one Redis SET a
    # statement: a rebuild of thousands of rows pays a fraction of a second), and once more
    # at the commit, for pages made meanwhile from the old rows.
    public_changed()
    level = set(connection.savepoint_ids)
    waiting = getattr(connection, "run_on_commit", [])
    if not any(isinstance(func, _Bump) and sids == level for sids, func, _robust in waiting):
        transaction.on_commit(_Bump(), using=connection.alias, robust=True)
    return result


def watch_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created``: watch the new connection's writes (once per wrapper)."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# --- the build --------------------------------------------------------------------------------


def _build_id(roots: Iterable[Path], base: Path, release: str = "") -> str:
    """A hash of what decides how a page looks besides the rows: the code, templates,
    translation catalogues and the static files' manifest (by content and path relative to
    ``base``, so hosts with the same release share pages), and ``KKR_RELEASE`` if set."""
    digest = hashlib.sha256(release.encode())
    for root in roots:
        if not root.exists():
            continue
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.is_file() and path.suffix in BUILD_SUFFIXES and "migrations" not in path.parts:
                name = path.relative_to(base) if path.is_relative_to(base) else path
                digest.update(str(name).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


BUILD_SUFFIXES = (".py", ".html", ".txt", ".xml", ".mo", ".json")


def _build_roots() -> list[Path]:
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", *(Path(p) for p in settings.LOCALE_PATHS)]
    roots += [base / app for app in _portal_apps()]
    roots.append(Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json")
    return roots


def _portal_apps() -> list[str]:
    base = Path(settings.BASE_DIR)
    return [name for name in settings.INSTALLED_APPS if "." not in name and (base / name).is_dir()]


_build: str | None = None


def build() -> str:
    global _build
    if _build is None:
        _build = _build_id(_build_roots(), Path(settings.BASE_DIR), settings.RELEASE)
    return _build


# --- the middleware -------------------------------------------------------------------------


def current_generation() -> int | None:
    """The generation a page made now belongs to; read *before* the page is made. ``None``
    while Redis is out of reach (the degrading cache answers nothing, and keeps nothing)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # The first page after the cache was emptied (or the key evicted): a new one.
        cache.add(GENERATION_KEY, secrets.randbits(62), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def keeping() -> bool:
    """Whether kept pages may be served at all: not when switched off, nor while this
    process could not start a new generation (``public_changed``)."""
    return settings.PAGE_CACHE_SECONDS > 0 and time.monotonic() >= _unsure_until


def _may_serve(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and keeping()
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path_info.startswith(SKIPPED_PREFIXES)
    )


def replayable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether an answer could be served again as it is, to whoever it may be kept for (the
    public here; one user in ``accounts.kept_pages``): a GET's whole 200 answer that sets no
    cookie, does not say ``no-store`` and was not made from a change to the session."""
    session = getattr(request, "session", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
        and not (session is not None and session.modified)
    )


def _may_keep(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        replayable(request, response)
        and "private" not in response.get("Cache-Control", "")
        # Kept under the request's language (Django's key): an answer in another language
        # (one that follows Accept-Language) would be served to the wrong readers.
        and response.get("Content-Language", language(request)) == language(request)
        # A page made from the visitor's CSRF token is theirs alone.
        and not (has_vary_header(response, "Cookie") and _own_cookies(request))
    )


def language(request: HttpRequest) -> str:
    """The language a page is made in for this request (a kept page's key holds it)."""
    return str(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE))


def _own_cookies(request: HttpRequest) -> bool:
    """Cookies besides the language: a page that varies on them would be kept per visitor."""
    return any(name != settings.LANGUAGE_COOKIE_NAME for name in request.COOKIES)


# The headers a 304 repeats (``django.utils.cache``'s ``_not_modified``) and CORS, kept
# beside each answer under its key with this suffix.
HEAD_SUFFIX = ":head"
HEAD_HEADERS = ("cache-control", "content-location", "etag", "expires", "last-modified", "vary")


def _asks_conditionally(request: HttpRequest) -> bool:
    return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META


def _head(response: HttpResponse) -> dict[str, str]:
    return {
        name: value
        for name, value in response.items()
        if name.lower() in HEAD_HEADERS or name.lower().startswith("access-control-")
    }


def plain(content: bytes, headers: dict[str, str], status: int = 200) -> HttpResponse:
    """A plain answer of ``content`` with ``headers``. What is kept is made with it: a DRF
    answer pickles its ``data`` too (a list of 1,000 meetings as Python objects), which made
    reading it back from Redis cost more than the database."""
    plain = HttpResponse(content, status=status)
    for name, value in headers.items():
        plain[name] = value
    return plain


def _bytes_only(response: HttpResponse) -> HttpResponse:
    return plain(response.content, dict(response.items()), response.status_code)


def _stub(head: dict[str, str]) -> HttpResponse:
    """An empty answer with the kept answer's headers: enough to decide and make a 304."""
    return plain(b"", head)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponseBase | None:
    """A 304 when the caller's copy is current (``If-None-Match``, else
    ``If-Modified-Since`` where the answer has a ``Last-Modified``), with the answer's CORS
    headers (a browser reading OParl from another site needs them on the 304 too)."""
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    conditional = get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )
    # Django hands back ``response`` itself when the caller's copy is not current; that is
    # no answer here (``response`` may be the empty stub of ``_stub``).
    if conditional is None or conditional is response:
        return None
    for name, value in response.items():
        if name.lower().startswith("access-control-"):
            conditional[name] = value
    return conditional


class PublicPageCacheMiddleware:
    """Serve a public page kept under the current generation, else make it and keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _may_serve(request):
            return self.get_response(request)
        prefix = f"pages:{current_generation()}:{build()}"
        key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is not None and _asks_conditionally(request):
            # A copy the caller already has is answered from the kept answer's headers
            # alone: a list of 100 meetings is megabytes, its 304 a few hundred bytes.
            head = cache.get(key + HEAD_SUFFIX)
            if head is not None:
                conditional = _conditional(request, _stub(head))
                if conditional is not None:
                    return conditional
        kept = cache.get(key) if key is not None else None
        if kept is not None:
            return self._answer(request, kept)
        response = self.get_response(request)
        if not _may_keep(request, response):
            return response
        assert isinstance(response, HttpResponse)
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Cache-Control"):
            # Kept by browsers and proxies, and asked again each time: the 304 is cheap.
            patch_cache_control(response, no_cache=True)
        timeout = settings.PAGE_CACHE_SECONDS
        key = learn_cache_key(request, response, timeout, prefix, cache=cache)
        # Template responses are rendered by now (the handler renders before middleware).
        cache.set_many({key: _bytes_only(response), key + HEAD_SUFFIX: _head(response)}, timeout)
        conditional = _conditional(request, response)
        return conditional if conditional is not None else response

    @staticmethod
    def _answer(request: HttpRequest, kept: HttpResponse) -> HttpResponseBase:
        conditional = _conditional(request, kept)
        if conditional is not None:
            return conditional
        if request.method == "HEAD":
            kept.content = b""
        return kept
