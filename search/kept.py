"""Search results kept per version of the index and per set of rights (decision 0040).

What a search finds depends on the index's rows and on who searches, and on the searcher
only through ``accounts.rules.rights_key``: every access module asked by ``visible_q``
works from the user's roles, nothing else of the user. So a result is kept under the index's
version, the searcher's rights key, the language (labels are translated) and the search's
parameters, and served to whoever asks the same with the same rights: the public (one key
for all), and the members of the same bodies, a secretariat, the same contact persons.

Every write of index rows (``services.reindex``, and so ``rebuild``) gives the index a new
version, so a kept result never shows what a write has since hidden (an item closed, an
agenda withdrawn, a draft taken back); the reindex after a write moves it even when the
reindex itself fails. A change of someone's roles changes their rights key: a membership
ended or an affiliation taken away by a write at once (``roles_changed``), a term that ends
by its date when the roles are next read for the new day. Their searches are then made and
kept under the new key, never served from the old one.

What may be found also moves with the clock in one place: an answer to a request for input
becomes readable when the request's deadline passes (``consultations.access``). That only
ever adds to what may be shown, so a kept result can lack such an answer for at most
``TTL`` seconds, and never shows one too early.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

from accounts.rules import rights_key

VERSION_KEY = "search:index-version"
TTL = 300


def index_changed() -> None:
    """The index's rows changed: results kept until now are no longer served."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        # First search after the cache was emptied: start a version (another process may
        # have started one meanwhile; then that one is used).
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return str(version)


def for_rights(user: Any, params: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """The result kept for ``params`` under the index's current version and ``user``'s
    rights, in the current language; ``compute()`` and kept when there is none."""
    version = _version()
    digest = hashlib.sha256(repr(params).encode()).hexdigest()
    key = f"search:kept:{version}:{rights_key(user)}:{get_language()}:{digest}"
    kept = cache.get(key)
    if kept is not None:
        return kept
    result = compute()
    cache.set(key, result, TTL)
    return result
