"""Reads for accounts: what a user's roles are and what they allow, for the profile page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accounts.rules import roles_for


@dataclass(frozen=True)
class RoleOverview:
    is_platform_admin: bool
    secretariat_bodies: list[Any]
    member_bodies: list[Any]
    municipalities: list[Any]


def role_overview_for_user(*, user: Any) -> RoleOverview:
    from councils.models import Body, Municipality

    roles = roles_for(user)
    return RoleOverview(
        is_platform_admin=roles.is_platform_admin,
        secretariat_bodies=list(Body.objects.filter(pk__in=roles.secretariat_body_ids)),
        member_bodies=list(Body.objects.filter(pk__in=roles.member_body_ids)),
        municipalities=list(Municipality.objects.filter(pk__in=roles.municipality_ids)),
    )
