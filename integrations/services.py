"""Writes of the integrations app: API tokens (decision 0031)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import save_as
from integrations.access import may_manage_token
from integrations.models import ApiToken, TokenScope

TOKEN_PREFIX = "kkr_"  # noqa: S105 (the prefix every token shows, not a secret)
# A token lives at most this long; a system that needs longer gets a new one.
MAX_LIFETIME = datetime.timedelta(days=2 * 366)
# ``last_used_at`` is written at most this often per token, not on every request.
LAST_USED_PRECISION = datetime.timedelta(seconds=60)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *,
    actor: Any,
    name: str,
    body: Any,
    scope: str,
    expires_at: datetime.datetime,
) -> tuple[ApiToken, str]:
    """Make a token for ``body`` and return it with its secret, which is stored only as a
    hash: the caller shows it once. Only whoever edits the body may (its secretariat, an
    administrator); the expiry must be in the future and at most two years away."""
    token = ApiToken(name=name.strip(), body=body, scope=scope, expires_at=expires_at)
    if not may_manage_token(actor, token):
        raise PermissionDenied
    now = timezone.now()
    errors: dict[str, str] = {}
    if not token.name:
        errors["name"] = _("Give the token a name: which system will use it.")
    if scope not in TokenScope.values:
        errors["scope"] = _("Choose what the token may see.")
    if expires_at <= now:
        errors["expires_at"] = _("The expiry must be in the future.")
    elif expires_at > now + MAX_LIFETIME:
        errors["expires_at"] = _("A token may live at most two years.")
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token.key_hash = token_hash(secret)
    token.prefix = secret[: len(TOKEN_PREFIX) + 6]
    token.created_by = actor
    save_as(token, actor=actor)
    return token, secret


@transaction.atomic
def token_revoke(*, actor: Any, token_id: int) -> ApiToken:
    """Revoke a token at once (its next request is refused); revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("body").get(pk=token_id)
    if not may_manage_token(actor, token):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        save_as(token, actor=actor, update_fields=["revoked_at", "revoked_by"])
    return token


def token_used(token: ApiToken) -> None:
    """Record that ``token`` was just used; at most one write a minute per token (a queryset
    update: no history row, and a race between two requests is harmless)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
