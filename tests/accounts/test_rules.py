"""The access rules as a matrix: every role against every action."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts import rules
from accounts.models import Affiliation, User
from accounts.rules import Action, can
from councils.models import Body, Membership, Organisation, Seat
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
    "organisation_contact",
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
    (Action.VIEW_CONTACT_DETAILS, "none"): {
        "member",
        "secretariat",
        "kkr_secretariat",
        "municipal_contact",
        "admin",
    },
    (Action.VIEW_CLOSED, "own_body"): {"member", "secretariat", "admin"},
    (Action.VIEW_CLOSED, "other_body"): {"admin"},
    (Action.EDIT_BODY, "own_body"): {"secretariat", "admin"},
    (Action.EDIT_BODY, "other_body"): {"admin"},
    (Action.VIEW_HISTORY, "own_body"): {"secretariat", "admin"},
    (Action.VIEW_HISTORY, "other_body"): {"admin"},
    (Action.ACT_FOR_MUNICIPALITY, "own_municipality"): {"municipal_contact", "admin"},
    (Action.ACT_FOR_MUNICIPALITY, "other_municipality"): {"admin"},
    (Action.WORK_ON_DISTRIBUTION_AGREEMENT, "own_region"): {
        "kkr_secretariat",
        "municipal_contact",
        "admin",
    },
    (Action.WORK_ON_DISTRIBUTION_AGREEMENT, "other_region"): {"admin"},
    (Action.VIEW_APPOINTMENTS, "none"): {"secretariat", "kkr_secretariat", "admin"},
    (Action.DECIDE_NOMINATION, "seat_appointed_by_own_body"): {"secretariat", "admin"},
    (Action.DECIDE_NOMINATION, "unappointed_seat_in_own_body"): {"secretariat", "admin"},
    (Action.DECIDE_NOMINATION, "seat_appointed_by_other_body"): {"admin"},
    # A contact person proposes only for seats open to their municipality (issue 12).
    (Action.PROPOSE_NOMINATION, "seat_appointed_by_own_body"): {"secretariat", "admin"},
    (Action.PROPOSE_NOMINATION, "seat_appointed_by_other_body"): {"admin"},
    (Action.PROPOSE_NOMINATION, "municipal_seat_in_contacts_region"): {
        "kkr_secretariat",
        "municipal_contact",
        "admin",
    },
    (Action.PROPOSE_NOMINATION, "organisation_seat_in_contacts_region"): {
        "kkr_secretariat",
        "admin",
    },
    (Action.VIEW_OWN_NOMINATIONS, "none"): {"municipal_contact", "admin"},
    (Action.MANAGE_COMPOSITION, "own_body"): {"secretariat", "admin"},
    (Action.MANAGE_COMPOSITION, "other_body"): {"admin"},
    (Action.APPOINT_TO_SEAT, "seat_appointed_by_own_body"): {"secretariat", "admin"},
    (Action.APPOINT_TO_SEAT, "unappointed_seat_in_own_body"): {"secretariat", "admin"},
    (Action.APPOINT_TO_SEAT, "seat_appointed_by_other_body"): {"secretariat", "admin"},
    (Action.APPOINT_TO_SEAT, "municipal_seat_in_contacts_region"): {"kkr_secretariat", "admin"},
    (Action.GRANT_MUNICIPAL_CONTACT, "own_municipality"): {"kkr_secretariat", "admin"},
    (Action.GRANT_MUNICIPAL_CONTACT, "other_municipality"): {"admin"},
    (Action.GRANT_MUNICIPAL_CONTACT, "none"): {"kkr_secretariat", "admin"},
    # An organisation's contact person answers for it; the secretariat of a body to whose
    # seats it nominates grants the role (decision 0023).
    (Action.ACT_FOR_ORGANISATION, "own_organisation"): {"organisation_contact", "admin"},
    (Action.ACT_FOR_ORGANISATION, "other_organisation"): {"admin"},
    (Action.GRANT_ORGANISATION_CONTACT, "own_organisation"): {"secretariat", "admin"},
    (Action.GRANT_ORGANISATION_CONTACT, "other_organisation"): {"admin"},
    (Action.REVOKE_ORGANISATION_CONTACT, "own_organisation"): {"secretariat", "admin"},
    (Action.REVOKE_ORGANISATION_CONTACT, "other_organisation"): {"admin"},
    (Action.GRANT_ORGANISATION_CONTACT, "none"): {"secretariat", "kkr_secretariat", "admin"},
    (Action.ADMINISTER_PLATFORM, "none"): {"admin"},
}


@pytest.fixture
def world(db: None) -> dict:
    own_body, other_body = BodyFactory(), BodyFactory()
    own_region, other_region = RegionFactory(), RegionFactory()
    own_municipality = MunicipalityFactory(region=own_region)
    other_municipality = MunicipalityFactory(region=other_region)
    users = {role: UserFactory(username=role) for role in ROLES if role != "anonymous"}
    users["anonymous"] = AnonymousUser()
    users["admin"].is_superuser = True
    users["admin"].save()
    MembershipFactory(person=PersonFactory(user=users["member"]), body=own_body)
    AffiliationFactory(user=users["secretariat"], body=own_body)
    kkr = BodyFactory(kind=Body.Kind.KKR, region=own_region)
    AffiliationFactory(user=users["kkr_secretariat"], body=kkr)
    AffiliationFactory(
        user=users["municipal_contact"],
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        municipality=own_municipality,
    )
    own_organisation = Organisation.objects.create(name="Own org", slug="own-org")
    other_organisation = Organisation.objects.create(name="Other org", slug="other-org")
    Seat.objects.create(body=own_body, label="own org", nominating_organisation=own_organisation)
    Seat.objects.create(
        body=other_body, label="other org", nominating_organisation=other_organisation
    )
    AffiliationFactory(
        user=users["organisation_contact"],
        kind=Affiliation.Kind.ORGANISATION_CONTACT,
        body=None,
        organisation=own_organisation,
    )
    targets = {
        "none": None,
        "own_organisation": own_organisation,
        "other_organisation": other_organisation,
        "own_body": own_body,
        "other_body": other_body,
        "own_municipality": own_municipality,
        "other_municipality": other_municipality,
        "own_region": own_region,
        "other_region": other_region,
        "seat_appointed_by_own_body": Seat.objects.create(
            body=other_body, label="appointed by own", appointing_body=own_body
        ),
        "unappointed_seat_in_own_body": Seat.objects.create(body=own_body, label="own"),
        "seat_appointed_by_other_body": Seat.objects.create(
            body=own_body, label="appointed by other", appointing_body=other_body
        ),
        "municipal_seat_in_contacts_region": Seat.objects.create(
            body=other_body, label="municipal", appointing_body=kkr
        ),
        "organisation_seat_in_contacts_region": Seat.objects.create(
            body=other_body,
            label="nominated by an organisation",
            appointing_body=kkr,
            nominating_organisation=Organisation.objects.create(name="Org", slug="org"),
        ),
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


# --- Scopes: the same rules as ``can``, as ids or filters for lists ---------------------


def test_the_appointing_scope_is_the_secretariats_bodies_and_all_for_administrators(
    world: dict,
) -> None:
    users, targets = world["users"], world["targets"]
    own_body = targets["unappointed_seat_in_own_body"].body
    assert rules.appointing_body_ids(users["secretariat"]) == {own_body.pk}
    assert rules.appointing_body_ids(users["admin"]) is None
    assert rules.appointing_body_ids(users["municipal_contact"]) == frozenset()
    assert rules.appointing_body_ids(users["anonymous"]) == frozenset()


@pytest.mark.parametrize("role", ROLES)
def test_the_appointed_seats_filter_agrees_with_deciding_a_nomination(
    world: dict, role: str
) -> None:
    user = world["users"][role]
    seats = [target for target in world["targets"].values() if isinstance(target, Seat)]
    in_filter = set(
        Seat.objects.filter(rules.appointed_seats_q(user), pk__in=[seat.pk for seat in seats])
    )
    assert in_filter == {seat for seat in seats if can(user, Action.DECIDE_NOMINATION, seat)}


def test_a_contact_person_proposes_for_their_municipality_and_the_decider_for_any(
    world: dict,
) -> None:
    users, targets = world["users"], world["targets"]
    seat = targets["municipal_seat_in_contacts_region"]
    assert rules.nomination_municipality_ids(users["municipal_contact"], seat) == {
        targets["own_municipality"].pk
    }
    assert rules.nomination_municipality_ids(users["kkr_secretariat"], seat) is None
    assert rules.nomination_municipality_ids(users["admin"], seat) is None
    assert rules.nomination_municipality_ids(users["member"], seat) == frozenset()


def test_quota_regions_are_the_kkr_secretariats_region_and_all_for_administrators(
    world: dict,
) -> None:
    users, own_region = world["users"], world["targets"]["own_region"]
    assert rules.quota_region_ids(users["kkr_secretariat"]) == {own_region.pk}
    assert rules.quota_region_ids(users["admin"]) is None
    for role in ("anonymous", "signed_in", "member", "secretariat", "municipal_contact"):
        assert rules.quota_region_ids(users[role]) == frozenset(), role


@pytest.mark.parametrize("role", ROLES)
def test_distribution_agreement_regions_agree_with_working_on_a_distribution_agreement(
    world: dict, role: str
) -> None:
    user, targets = world["users"][role], world["targets"]
    scope = rules.distribution_agreement_region_ids(user)
    for region in (targets["own_region"], targets["other_region"]):
        in_scope = scope is None or region.pk in scope
        assert in_scope == can(user, Action.WORK_ON_DISTRIBUTION_AGREEMENT, region)


def test_secretariat_users_are_the_active_holders_of_a_secretariat_affiliation(
    world: dict,
) -> None:
    own_body = world["targets"]["unappointed_seat_in_own_body"].body
    inactive = UserFactory(is_active=False)
    AffiliationFactory(user=inactive, body=own_body)
    found = set(User.objects.filter(rules.secretariat_users_q([own_body.pk])))
    assert found == {world["users"]["secretariat"]}


def test_a_membership_is_current_from_its_first_to_its_last_day(db: None) -> None:
    today = dt.date(2026, 3, 10)
    body = BodyFactory()
    day = dt.timedelta(days=1)
    current = {
        MembershipFactory(body=body, start=today, end=None),
        MembershipFactory(body=body, start=today - day, end=today),
    }
    MembershipFactory(body=body, start=today + day, end=None)
    MembershipFactory(body=body, start=today - 2 * day, end=today - day)
    assert set(Membership.objects.current(today).filter(body=body)) == current


def test_membership_from_today_gives_access_and_from_tomorrow_does_not(db: None) -> None:
    body, user = BodyFactory(), UserFactory()
    person = PersonFactory(user=user)
    MembershipFactory(person=person, body=body, start=timezone.localdate() + dt.timedelta(days=1))
    assert not can(user, Action.VIEW_CLOSED, body)
    user = User.objects.get(pk=user.pk)  # roles are cached on the user object
    Membership.objects.filter(person=person).update(start=timezone.localdate())
    assert can(user, Action.VIEW_CLOSED, body)


@pytest.mark.parametrize("role", ROLES)
def test_edited_bodies_agree_with_editing_a_body(world: dict, role: str) -> None:
    user = world["users"][role]
    scope = rules.edited_body_ids(user)
    for body in Body.objects.all():
        assert (scope is None or body.pk in scope) == can(user, Action.EDIT_BODY, body)


def test_municipal_contacts_are_the_active_holders_of_a_contact_affiliation(
    world: dict,
) -> None:
    municipality = world["targets"]["own_municipality"]
    inactive = UserFactory(is_active=False)
    AffiliationFactory(
        user=inactive,
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        body=None,
        municipality=municipality,
    )
    found = set(User.objects.filter(rules.municipal_contact_users_q([municipality.pk])))
    assert found == {world["users"]["municipal_contact"]}


# --- Organisation contact persons (decision 0023) -----------------------------------------


def test_the_organisations_a_user_is_contact_person_for_are_read_with_the_other_roles(
    db: None, django_assert_num_queries
) -> None:
    user = UserFactory()
    body, municipality = BodyFactory(), MunicipalityFactory()
    organisations = [
        Organisation.objects.create(name=f"Org {n}", slug=f"org-{n}") for n in range(3)
    ]
    AffiliationFactory(user=user, body=body)
    AffiliationFactory(
        user=user, kind=Affiliation.Kind.MUNICIPAL_CONTACT, body=None, municipality=municipality
    )
    for organisation in organisations[:2]:
        AffiliationFactory(
            user=user,
            kind=Affiliation.Kind.ORGANISATION_CONTACT,
            body=None,
            organisation=organisation,
        )
    # Still two queries: the organisations ride along in the affiliations' query.
    with django_assert_num_queries(2):
        assert rules.contact_organisation_ids(user) == {o.pk for o in organisations[:2]}
        assert rules.contact_municipality_ids(user) == {municipality.pk}
        assert can(user, Action.EDIT_BODY, body)
        assert can(user, Action.ACT_FOR_ORGANISATION, organisations[0])
        assert not can(user, Action.ACT_FOR_ORGANISATION, organisations[2])


def test_administrators_answer_for_no_organisation_of_their_own(world: dict) -> None:
    users = world["users"]
    assert rules.contact_organisation_ids(users["admin"]) == frozenset()
    assert rules.contact_organisation_ids(users["municipal_contact"]) == frozenset()
    assert rules.contact_organisation_ids(users["organisation_contact"]) == {
        world["targets"]["own_organisation"].pk
    }


def test_the_organisation_contact_filter_is_the_inverse_of_the_role(world: dict) -> None:
    users, targets = world["users"], world["targets"]
    own = targets["own_organisation"]
    found = set(User.objects.filter(rules.organisation_contact_users_q([own.pk])))
    assert found == {users["organisation_contact"]}
    assert not User.objects.filter(
        rules.organisation_contact_users_q([targets["other_organisation"].pk])
    ).exists()
    users["organisation_contact"].is_active = False
    users["organisation_contact"].save()
    assert not User.objects.filter(rules.organisation_contact_users_q([own.pk])).exists()


def test_an_organisation_contact_needs_an_organisation_and_nothing_else(db: None) -> None:
    from django.db import IntegrityError, transaction

    user, organisation = UserFactory(), Organisation.objects.create(name="O", slug="o")
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(user=user, kind=Affiliation.Kind.ORGANISATION_CONTACT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(
            user=user,
            kind=Affiliation.Kind.ORGANISATION_CONTACT,
            organisation=organisation,
            municipality=MunicipalityFactory(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(
            user=user,
            kind=Affiliation.Kind.MUNICIPAL_CONTACT,
            municipality=MunicipalityFactory(),
            organisation=organisation,
        )
    Affiliation.objects.create(
        user=user, kind=Affiliation.Kind.ORGANISATION_CONTACT, organisation=organisation
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(
            user=user, kind=Affiliation.Kind.ORGANISATION_CONTACT, organisation=organisation
        )
