"""Who may do what: the one place where the portal's access rules live.

Every view, API view and template asks ``can(user, action, target)``. The roles are:

* platform administrator (an active superuser): everything;
* secretariat of a body: edits that body's records, reads its closed material and history;
* member of a body (a current membership of the user's person): reads its closed material;
* contact person of a municipality: acts for that municipality;
* secretariat of a KKR: also manages the refugee quotas of the KKR's region (agreements,
  placements); any secretariat sees how quotas were computed;
* anyone else, signed in or not: the public material.

``tests/accounts/test_rules.py`` checks the full matrix of roles against actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Q
from django.utils import timezone


class Action(StrEnum):
    VIEW_PUBLIC = "view_public"
    VIEW_CONTACT_DETAILS = "view_contact_details"
    VIEW_CLOSED = "view_closed"
    EDIT_BODY = "edit_body"
    VIEW_HISTORY = "view_history"
    ACT_FOR_MUNICIPALITY = "act_for_municipality"
    MANAGE_QUOTAS = "manage_quotas"
    VIEW_QUOTA_CALCULATION = "view_quota_calculation"
    ADMINISTER_PLATFORM = "administer_platform"


@dataclass(frozen=True)
class Roles:
    is_authenticated: bool
    is_platform_admin: bool
    secretariat_body_ids: frozenset[int]
    member_body_ids: frozenset[int]
    municipality_ids: frozenset[int]
    kkr_region_ids: frozenset[int] = frozenset()

    @property
    def is_staff_role(self) -> bool:
        return self.is_platform_admin or bool(self.secretariat_body_ids)


_ANONYMOUS = Roles(False, False, frozenset(), frozenset(), frozenset())


def roles_for(user: Any) -> Roles:
    """The user's roles, computed once per user object (two queries) and then cached on it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _ANONYMOUS
    cached = getattr(user, "_kkr_roles", None)
    if cached is not None:
        return cached

    from accounts.models import Affiliation
    from councils.models import Membership

    secretariat: set[int] = set()
    municipalities: set[int] = set()
    kkr_regions: set[int] = set()
    for kind, body_id, municipality_id, body_kind, region_id in Affiliation.objects.filter(
        user=user
    ).values_list("kind", "body_id", "municipality_id", "body__kind", "body__region_id"):
        if kind == Affiliation.Kind.SECRETARIAT:
            secretariat.add(body_id)
            if body_kind == "kkr" and region_id is not None:
                kkr_regions.add(region_id)
        else:
            municipalities.add(municipality_id)
    today = timezone.localdate()
    members = set(
        Membership.objects.filter(person__user=user, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("body_id", flat=True)
    )
    roles = Roles(
        is_authenticated=True,
        is_platform_admin=user.is_superuser,
        secretariat_body_ids=frozenset(secretariat),
        member_body_ids=frozenset(members),
        municipality_ids=frozenset(municipalities),
        kkr_region_ids=frozenset(kkr_regions),
    )
    user._kkr_roles = roles
    return roles


def _id(target: Any) -> int | None:
    return getattr(target, "pk", target)


def can(user: Any, action: Action, target: Any = None) -> bool:
    """Whether ``user`` may perform ``action`` on ``target`` (a body, municipality or None)."""
    roles = roles_for(user)
    if action == Action.VIEW_PUBLIC:
        return True
    if roles.is_platform_admin:
        return True
    if action == Action.VIEW_CONTACT_DETAILS:
        return roles.is_authenticated
    if action in (Action.EDIT_BODY, Action.VIEW_HISTORY):
        return _id(target) in roles.secretariat_body_ids
    if action == Action.VIEW_CLOSED:
        body_id = _id(target)
        return body_id in roles.secretariat_body_ids or body_id in roles.member_body_ids
    if action == Action.ACT_FOR_MUNICIPALITY:
        return _id(target) in roles.municipality_ids
    if action == Action.MANAGE_QUOTAS:
        # Without a region: national work (input data, the national figure), which any
        # KKR secretariat may do.
        return bool(roles.kkr_region_ids) if target is None else _id(target) in roles.kkr_region_ids
    if action == Action.VIEW_QUOTA_CALCULATION:
        return roles.is_staff_role
    # ADMINISTER_PLATFORM and any action added later without a rule: no.
    return False


def must_use_two_factor(user: Any) -> bool:
    """Administrators must sign in with a second factor (the issue's security baseline)."""
    return bool(user.is_authenticated and user.is_superuser)
