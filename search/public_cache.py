"""The public's search results, cached per version of the index.

Everyone who is not signed in sees the same rows (``visible_q`` of an anonymous user), so a
search the public made is kept and served again until the index changes: every write of
index rows (``services.reindex``, and so ``rebuild``) gives the index a new version, and a
result is kept under the version it was computed from. A result therefore never shows what
a write has since hidden (an item closed, an agenda withdrawn, a draft taken back).

What the public may see also moves with the clock in one place: an answer to a request for
input becomes public when the request's deadline passes (``consultations.access``). That only
ever adds to what may be shown, so a kept result can lack such an answer for at most
``TTL`` seconds, and never shows one too early. Signed-in users are never served from here.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

VERSION_KEY = "search:index-version"
TTL = 300


def index_changed() -> None:
    """The index's rows changed: results kept for the public are no longer served."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        # First search after the cache was emptied: start a version (another process may
        # have started one meanwhile; then that one is used).
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return str(version)


def for_public(user: Any, params: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()`` for a signed-in user; for the public the result kept for these
    ``params`` (and the current language: labels are translated) under the index's current
    version, computed and kept when there is none."""
    if getattr(user, "is_authenticated", False):
        return compute()
    version = _version()
    digest = hashlib.sha256(repr(params).encode()).hexdigest()
    key = f"search:public:{version}:{get_language()}:{digest}"
    kept = cache.get(key)
    if kept is not None:
        return kept
    result = compute()
    cache.set(key, result, TTL)
    return result
