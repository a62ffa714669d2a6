"""Rate limits for e-mails that anyone can make the portal send (subscription confirmations,
password resets), so the portal cannot be used to flood an address or to send mail in bulk.

Each attempt is counted twice, per e-mail address and per client address, in fixed windows
in the Django cache: ``cache.add`` starts a window (with its expiry) atomically and
``cache.incr`` counts in it atomically (Redis in production; the local-memory cache in the
demo counts per process). An attempt over either limit is refused; attempts are counted
whether or not the address is known, so the limit reveals nothing about accounts.

The limits are settings (per hour by default):
``RATELIMIT_EMAIL_PER_ADDRESS`` (3), ``RATELIMIT_EMAIL_PER_CLIENT`` (10) and
``RATELIMIT_EMAIL_WINDOW_SECONDS`` (3600).

When the cache cannot be reached the attempt is allowed and a warning logged: a cache
outage must not stop people from resetting their password.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

DEFAULT_PER_ADDRESS = 3
DEFAULT_PER_CLIENT = 10
DEFAULT_WINDOW_SECONDS = 3600


def client_address(request: Any) -> str:
    """The client's IP address, found the same way as the log-in lock-out (django-axes:
    ``REMOTE_ADDR``, or ``X-Forwarded-For`` behind ``KKR_PROXY_COUNT`` proxies)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"


def _cache_key(scope: str, identity: str) -> str:
    # Hashed: no e-mail address is written to the cache in the clear.
    digest = hashlib.sha256(identity.strip().lower().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def _count(*, scope: str, identity: str, window: int) -> int | None:
    """Count one attempt; the attempts so far in the window, or None when the cache is down."""
    key = _cache_key(scope, identity)
    try:
        cache.add(key, 0, timeout=window)
        try:
            return int(cache.incr(key))
        except ValueError:  # the window expired between add and incr: start a new one
            cache.add(key, 1, timeout=window)
            return 1
    except Exception:  # the cache is down: allow, and say so in the log
        logger.warning("rate limit %s not checked: the cache is unavailable", scope, exc_info=True)
        return None


def hit(*, scope: str, identity: str, limit: int, window: int) -> bool:
    """Count one attempt of ``identity`` in ``scope``; True while it is within ``limit``
    attempts per ``window`` seconds."""
    count = _count(scope=scope, identity=identity, window=window)
    return count is None or count <= limit


def window_hit(*, scope: str, identity: str, limit: int, window: int) -> tuple[bool, int, int]:
    """Count one request of ``identity`` in ``scope`` in the current fixed window (windows
    start at multiples of ``window`` seconds since the epoch, so their end is known without
    asking the cache). Returns (allowed, requests left, seconds until the window ends)."""
    now = time.time()
    index = int(now // window)
    retry_after = max(1, math.ceil((index + 1) * window - now))
    count = _count(scope=f"{scope}:{index}", identity=identity, window=window + 1)
    if count is None:
        return True, limit, retry_after
    return count <= limit, max(0, limit - count), retry_after


def email_allowed(*, scope: str, email: str, client: str) -> bool:
    """Count one e-mail of kind ``scope`` (e.g. ``"password-reset"``) to ``email``, asked
    for from ``client``; False when either the address or the client is over its limit."""
    window = getattr(settings, "RATELIMIT_EMAIL_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS)
    per_address = getattr(settings, "RATELIMIT_EMAIL_PER_ADDRESS", DEFAULT_PER_ADDRESS)
    per_client = getattr(settings, "RATELIMIT_EMAIL_PER_CLIENT", DEFAULT_PER_CLIENT)
    # Both are counted every time, so one limit cannot be used to dodge the other.
    address_ok = hit(scope=f"{scope}:address", identity=email, limit=per_address, window=window)
    client_ok = hit(scope=f"{scope}:client", identity=client, limit=per_client, window=window)
    if not (address_ok and client_ok):
        logger.info("rate limit reached: %s (%s)", scope, "client" if address_ok else "address")
    return address_ok and client_ok
