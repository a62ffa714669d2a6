"""``rules.rights_key``: equal for two users exactly when the rules allow them the same, so
what is worked out from the rules' answers alone (search results, ``search.kept``) may be
kept for one user and served to the other."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import rules
from accounts.models import Affiliation
from accounts.rules import rights_key
from tests.accounts.test_rules import EXPECTED, ROLES, world  # noqa: F401 (a fixture)
from tests.factories import AffiliationFactory, MembershipFactory, PersonFactory, UserFactory

SCOPES = (
    rules.edited_body_ids,
    rules.appointing_body_ids,
    rules.contact_municipality_ids,
    rules.contact_organisation_ids,
    rules.composition_body_ids,
    rules.quota_region_ids,
    rules.contact_region_ids,
    rules.distribution_agreement_region_ids,
    rules.organisation_contact_body_ids,
)


def _twin(user: Any, username: str) -> Any:
    """Another user given the same roles as ``user`` (its affiliations and memberships)."""
    twin = UserFactory(username=username, is_superuser=user.is_superuser)
    for affiliation in Affiliation.objects.filter(user=user):
        AffiliationFactory(
            user=twin,
            kind=affiliation.kind,
            body=affiliation.body,
            municipality=affiliation.municipality,
            organisation=affiliation.organisation,
        )
    person = getattr(user, "person", None)
    if person is not None:
        for membership in person.memberships.all():
            MembershipFactory(
                person=PersonFactory(user=twin),
                body=membership.body,
                start=membership.start,
                end=membership.end,
            )
    return twin


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_a_twin_with_the_same_roles_has_the_same_key_and_is_allowed_the_same(
    world: dict,  # noqa: F811
    role: str,
) -> None:
    user = world["users"][role]
    twin = _twin(user, f"{role}-twin")
    assert rights_key(twin) == rights_key(user)
    for action, target in EXPECTED:
        target_object = world["targets"][target]
        assert rules.can(twin, action, target_object) == rules.can(user, action, target_object)
    for scope in SCOPES:
        assert scope(twin) == scope(user)


def test_every_role_has_its_own_key(world: dict) -> None:  # noqa: F811
    keys = {role: rights_key(user) for role, user in world["users"].items()}
    assert len(set(keys.values())) == len(ROLES), keys


def test_an_inactive_user_has_the_publics_key(db: None) -> None:
    user = UserFactory(username="inaktiv", is_active=False)
    assert rights_key(user) == rights_key(AnonymousUser())


def test_equal_sets_built_in_another_order_give_the_same_key(db: None) -> None:
    one, other = UserFactory(username="en"), UserFactory(username="anden")
    roles = rules.roles_for(one)
    # 1 and 9 share a slot in a small set's table: the two iterate in different orders.
    first, second = frozenset([1, 9]), frozenset([9, 1])
    assert list(first) != list(second)
    one._kkr_roles = replace(roles, member_body_ids=first)
    other._kkr_roles = replace(roles, member_body_ids=second)
    assert rights_key(one) == rights_key(other)
    other._kkr_roles = replace(roles, member_body_ids=frozenset([1, 10]))
    assert rights_key(one) != rights_key(other)
