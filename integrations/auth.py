"""How a system presents its token: ``Authorization: Bearer kkr_…`` (decision 0031).

``token_for_request`` is the one reader of the header; the gate middleware asks it first (to
refuse a bad token and to count the request against the token's rate limit), and the REST
API's authentication class asks it again (the answer is kept on the request).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from integrations.access import principal_for
from integrations.models import ApiToken
from integrations.services import TOKEN_PREFIX, token_hash, token_used

_ATTRIBUTE = "_kkr_api_token"


@dataclass(frozen=True)
class TokenCheck:
    """What the request's ``Authorization`` header says: no token (``token`` and ``problem``
    both None), a usable token, or a problem to answer with 401 (lazy: it is put in words in
    the language of the answer, which OParl chooses later than the API)."""

    token: ApiToken | None = None
    problem: Promise | None = None


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _space, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


def token_for_request(request: HttpRequest) -> TokenCheck:
    """The token the request presents, checked (one query; kept on the request)."""
    cached = getattr(request, _ATTRIBUTE, None)
    if cached is not None:
        return cached
    check = _check(_bearer(request))
    setattr(request, _ATTRIBUTE, check)
    return check


def _check(secret: str | None) -> TokenCheck:
    if secret is None:
        return TokenCheck()
    token = None
    if secret.startswith(TOKEN_PREFIX) and len(secret) < 200:
        token = ApiToken.objects.select_related("body").filter(key_hash=token_hash(secret)).first()
    if token is None:
        return TokenCheck(problem=_("The API token is not known. Check that it was copied whole."))
    state = token.state
    if state == "revoked":
        return TokenCheck(
            problem=_("The API token was revoked. Ask the body's secretariat for a new one.")
        )
    if state == "expired":
        return TokenCheck(
            problem=_("The API token has expired. Ask the body's secretariat for a new one.")
        )
    token_used(token)
    return TokenCheck(token=token)


def file_caller(request: HttpRequest) -> Any:
    """The caller of a file download that carries a usable token (``core.contributions.
    FILE_CALLER``): a member of its body or the public; None without a token. A refused token
    never gets here: the gate answers it with 401."""
    check = token_for_request(request)
    if check.token is None:
        return None
    return principal_for(check.token) or AnonymousUser()


class TokenAuthentication(BaseAuthentication):
    """The REST API's token authentication: a members' token is served as a member of its
    body (``integrations.access.TokenPrincipal``), a public token as the public."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        check = token_for_request(request._request)
        if check.problem is not None:
            raise exceptions.AuthenticationFailed(str(check.problem))
        if check.token is None:
            return None
        principal = principal_for(check.token)
        if principal is None:
            # The public, but known: DRF needs a user object; an anonymous one sees the public.
            return AnonymousUser(), check.token
        return principal, check.token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer a refused token with 401 (not 403) and say how to authenticate.
        return 'Bearer realm="api"'
