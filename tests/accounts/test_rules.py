"""The access rules as a matrix: every role against every action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Affiliation
from accounts.rules import Action, can
from councils.models import Body
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    MembershipFactory,
    MunicipalityFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
)

ROLES = [
    "anonymous",
    "signed_in",
    "member",
    "secretariat",
    "kkr_secretariat",
    "municipal_contact",
    "admin",
]

# (action, target) -> the roles that may do it. "own" targets are the body or municipality
# the role is tied to; "other" targets belong to someone else.
EXPECTED: dict[tuple[Action, str], set[str]] = {
    (Action.VIEW_PUBLIC, "own_body"): set(ROLES),
    (Action.MANAGE_QUOTAS, "own_region"): {"kkr_secretariat", "admin"},
    (Action.MANAGE_QUOTAS, "other_region"): {"admin"},
    (Action.MANAGE_QUOTAS, "none"): {"kkr_secretariat", "admin"},
    (Action.VIEW_QUOTA_CALCULATION, "none"): {"secretariat", "kkr_secretariat", "admin"},
    (Action.VIEW_CONTACT_DETAILS, "none"): set(ROLES) - {"anonymous"},
    (Action.VIEW_CLOSED, "own_body"): {"member", "secretariat", "admin"},
    (Action.VIEW_CLOSED, "other_body"): {"admin"},
    (Action.EDIT_BODY, "own_body"): {"secretariat", "admin"},
    (Action.EDIT_BODY, "other_body"): {"admin"},
    (Action.VIEW_HISTORY, "own_body"): {"secretariat", "admin"},
    (Action.VIEW_HISTORY, "other_body"): {"admin"},
    (Action.ACT_FOR_MUNICIPALITY, "own_municipality"): {"municipal_contact", "admin"},
    (Action.ACT_FOR_MUNICIPALITY, "other_municipality"): {"admin"},
    (Action.ADMINISTER_PLATFORM, "none"): {"admin"},
}


@pytest.fixture
def world(db: None) -> dict:
    own_body, other_body = BodyFactory(), BodyFactory()
    own_municipality, other_municipality = MunicipalityFactory(), MunicipalityFactory()
    users = {role: UserFactory(username=role) for role in ROLES if role != "anonymous"}
    users["anonymous"] = AnonymousUser()
    users["admin"].is_superuser = True
    users["admin"].save()
    MembershipFactory(person=PersonFactory(user=users["member"]), body=own_body)
    AffiliationFactory(user=users["secretariat"], body=own_body)
    own_region, other_region = RegionFactory(), RegionFactory()
    kkr = BodyFactory(kind=Body.Kind.KKR, region=own_region)
    AffiliationFactory(user=users["kkr_secretariat"], body=kkr)
    AffiliationFactory(
        user=users["municipal_contact"],
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        municipality=own_municipality,
    )
    targets = {
        "none": None,
        "own_body": own_body,
        "other_body": other_body,
        "own_municipality": own_municipality,
        "other_municipality": other_municipality,
        "own_region": own_region,
        "other_region": other_region,
    }
    return {"users": users, "targets": targets}


def test_every_action_has_an_expectation() -> None:
    assert {action for action, _target in EXPECTED} == set(Action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "target"), list(EXPECTED))
def test_role_against_action(world: dict, role: str, action: Action, target: str) -> None:
    allowed = can(world["users"][role], action, world["targets"][target])
    assert allowed == (role in EXPECTED[(action, target)])


def test_a_membership_that_has_ended_gives_no_access_to_closed_material(db: None) -> None:
    body = BodyFactory()
    user = UserFactory()
    MembershipFactory(
        person=PersonFactory(user=user),
        body=body,
        start=dt.date(2010, 1, 1),
        end=dt.date(2014, 12, 31),
    )
    assert not can(user, Action.VIEW_CLOSED, body)


def test_an_inactive_user_has_no_roles(db: None) -> None:
    body = BodyFactory()
    user = UserFactory(is_active=False)
    AffiliationFactory(user=user, body=body)
    assert not can(user, Action.EDIT_BODY, body)


def test_roles_are_computed_with_two_queries_and_then_cached(
    db: None, django_assert_num_queries
) -> None:
    user = UserFactory()
    for _ in range(5):
        AffiliationFactory(user=user, body=BodyFactory())
    body = BodyFactory()
    with django_assert_num_queries(2):
        for _ in range(3):
            can(user, Action.EDIT_BODY, body)
            can(user, Action.VIEW_CLOSED, body)
