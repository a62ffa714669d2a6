"""Who manages which API tokens, and what a token lets a system see (decision 0031).

The rules themselves are accounts' (``rules.can``): a body's tokens are managed by whoever
edits the body (its secretariat, an administrator). What a token sees is what a person in
its scope would see: a public token is the public; a members' token is a member of its body,
so every API view, feed and export answers it through the apps' own access modules, which
ask ``rules.roles_for`` and never know that a token is calling.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts import rules
from accounts.rules import Action, Roles, can
from councils.models import Body
from integrations.models import ApiToken, TokenScope, WebhookSubscription


def may_manage_integrations(user: Any) -> bool:
    """Whether the user makes tokens and webhook subscriptions at all (a secretariat of
    some body, an administrator)."""
    scope = rules.edited_body_ids(user)
    return scope is None or bool(scope)


def may_manage_body(user: Any, body: Any) -> bool:
    """Whether the user manages the body's tokens and webhook subscriptions."""
    return can(user, Action.EDIT_BODY, body)


def may_manage_token(user: Any, token: ApiToken) -> bool:
    return may_manage_body(user, token.body_id)


def _of_managed_bodies(queryset: QuerySet[Any], user: Any, *, field: str = "body_id") -> Any:
    """``queryset`` narrowed to the bodies the user edits (all of it for administrators)."""
    scope = rules.edited_body_ids(user)
    return queryset if scope is None else queryset.filter(**{f"{field}__in": scope})


def managed_bodies(user: Any) -> QuerySet[Body]:
    """The bodies whose tokens and subscriptions the user makes, by name."""
    return _of_managed_bodies(Body.objects.order_by("name"), user, field="pk")


def managed_subscriptions(user: Any) -> QuerySet[WebhookSubscription]:
    """The webhook subscriptions of the bodies the user edits (all for administrators)."""
    return _of_managed_bodies(
        WebhookSubscription.objects.select_related("body", "created_by"), user
    )


def managed_tokens(user: Any) -> QuerySet[ApiToken]:
    """The tokens of the bodies the user edits (all for administrators)."""
    return _of_managed_bodies(
        ApiToken.objects.select_related("body", "created_by", "revoked_by"), user
    )


class TokenPrincipal:
    """The caller of a members' token, as the access rules see it: a signed-in member of the
    token's body and nothing more (no account, no other role, never an administrator, and,
    being a machine, no contact details of persons: ``Roles.is_machine``)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = None
    id = None

    def __init__(self, token: ApiToken) -> None:
        self.token = token
        # Read first by ``rules.roles_for``: the roles are the token's, never the database's.
        self._kkr_roles = Roles(
            is_authenticated=True,
            is_platform_admin=False,
            secretariat_body_ids=frozenset(),
            member_body_ids=frozenset({token.body_id}),
            municipality_ids=frozenset(),
            is_machine=True,
        )

    def get_username(self) -> str:
        return f"token:{self.token.prefix}"

    def __str__(self) -> str:
        return self.get_username()


def principal_for(token: ApiToken) -> Any:
    """Who the API serves when ``token`` calls: the public (None) or a member of its body."""
    if token.scope == TokenScope.MEMBERS:
        return TokenPrincipal(token)
    return None
