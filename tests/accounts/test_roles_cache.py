"""The signed-in page's fixed cost (decision 0029): roles and the second factor from the
cache, sessions from the cache, and every change of a role seen on the very next request."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import rules
from accounts import services as account_services
from accounts.models import Affiliation
from councils import services as council_services
from councils.models import Body
from tests.consultations.test_scale import _request_with_answers
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    MunicipalityFactory,
    PersonFactory,
    UserFactory,
)

# The cross-request cache is Redis's (a per-process cache is not used for roles).
pytestmark = pytest.mark.redis

PASSWORD = "correct horse battery"


def _log_in(client: Client, username: str) -> None:
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def _appointments_status(client: Client) -> int:
    return client.get(reverse("councils:appointments")).status_code


@pytest.fixture
def admin(db: None) -> Any:
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_a_granted_and_a_revoked_secretariat_take_effect_on_the_next_request(
    client: Client, admin: Any
) -> None:
    user = UserFactory()
    body = BodyFactory()
    client.force_login(user)
    assert _appointments_status(client) == 403
    assert _appointments_status(client) == 403  # now from the cache
    affiliation = account_services.affiliation_grant(
        actor=admin, user=user, kind=Affiliation.Kind.SECRETARIAT, body_id=body.pk
    )
    assert _appointments_status(client) == 200
    assert _appointments_status(client) == 200
    account_services.affiliation_revoke(actor=admin, affiliation_id=affiliation.pk)
    assert _appointments_status(client) == 403


def test_a_municipal_contact_granted_by_the_kkr_secretariat_shows_at_once(
    client: Client, db: None
) -> None:
    kkr = BodyFactory(kind=Body.Kind.KKR)
    secretary = UserFactory()
    AffiliationFactory(user=secretary, body=kkr)
    contact = UserFactory()
    municipality = MunicipalityFactory(region=kkr.region)
    client.force_login(contact)
    assert client.get(reverse("councils:nominations_own")).status_code == 403
    account_services.municipal_contact_grant(
        actor=secretary, user=contact, municipality_id=municipality.pk
    )
    assert client.get(reverse("councils:nominations_own")).status_code == 200


def test_an_appointment_an_ended_membership_and_an_unlinked_person_show_at_once(
    client: Client, admin: Any
) -> None:
    user = UserFactory()
    person = PersonFactory()
    kkr = BodyFactory(name="KKR Cache")
    board = BodyFactory(name="Bestyrelsen for cachen")
    seat = council_services.seats_create(
        actor=None, body=board, count=1, label="Udpeget af KKR", appointing_body=kkr
    )[0]
    council_services.person_user_link(actor=admin, person_id=person.pk, user=user)
    client.force_login(user)
    profile = reverse("accounts:profile")
    assert board.name not in client.get(profile).content.decode()
    assert board.name not in client.get(profile).content.decode()  # cached
    today = timezone.localdate()
    membership = council_services.membership_appoint(
        actor=None, seat=seat, person=person, start=today - dt.timedelta(days=30)
    )
    assert board.name in client.get(profile).content.decode()
    council_services.membership_end(
        actor=None, membership_id=membership.pk, end=today - dt.timedelta(days=1)
    )
    assert board.name not in client.get(profile).content.decode()
    council_services.membership_appoint(actor=None, seat=seat, person=person, start=today)
    assert board.name in client.get(profile).content.decode()
    council_services.person_user_link(actor=admin, person_id=person.pk, user=None)
    assert board.name not in client.get(profile).content.decode()


def test_a_role_changed_outside_the_services_shows_at_once(client: Client, db: None) -> None:
    """The admin and the shell save and delete rows directly: the signals bump too."""
    user = UserFactory()
    client.force_login(user)
    assert _appointments_status(client) == 403
    AffiliationFactory(user=user, body=BodyFactory())
    assert _appointments_status(client) == 200
    Affiliation.objects.filter(user=user).delete()
    assert _appointments_status(client) == 403


def _request_user(pk: int) -> Any:
    """A user object as the middleware hands it to a request: served from the cache."""
    user = UserFactory._meta.model.objects.get(pk=pk)
    rules.serve_from_cache(user)
    return user


def test_roles_read_before_a_change_and_stored_after_it_are_never_served(db: None) -> None:
    """A request that read the roles just before a change committed stores them under the
    version the change replaced: the next request reads the database instead."""
    user = UserFactory()
    assert rules.roles_for(_request_user(user.pk)).secretariat_body_ids == frozenset()
    old_version = cache.get(rules._version_key(user.pk))
    assert old_version is not None
    rules.roles_changed([user.pk])
    stale = rules.Roles(True, False, frozenset({999}), frozenset(), frozenset())
    cache.set(rules._facts_key(user.pk), (old_version, {"roles": stale}))
    assert rules.roles_for(_request_user(user.pk)).secretariat_body_ids == frozenset()
    # Under the current version the same entry would be served: the check above can fail.
    cache.set(rules._facts_key(user.pk), (cache.get(rules._version_key(user.pk)), {"roles": stale}))
    assert rules.roles_for(_request_user(user.pk)).secretariat_body_ids == {999}


def test_only_the_user_of_a_request_is_served_from_the_cache(
    db: None, django_assert_num_queries: Any
) -> None:
    user = UserFactory()
    AffiliationFactory(user=user, body=BodyFactory())
    rules.roles_for(_request_user(user.pk))
    with django_assert_num_queries(1):  # the user's row only
        rules.roles_for(_request_user(user.pk))
    plain = UserFactory._meta.model.objects.get(pk=user.pk)
    with django_assert_num_queries(2):  # affiliations and memberships, as before
        rules.roles_for(plain)


def test_the_cached_roles_never_carry_the_administrator_flag_or_an_inactive_account(
    db: None,
) -> None:
    user = UserFactory()
    body = BodyFactory()
    AffiliationFactory(user=user, body=body)
    model = UserFactory._meta.model
    assert rules.roles_for(_request_user(user.pk)).secretariat_body_ids == {body.pk}
    model.objects.filter(pk=user.pk).update(is_superuser=True)
    assert rules.roles_for(_request_user(user.pk)).is_platform_admin
    model.objects.filter(pk=user.pk).update(is_superuser=False, is_active=False)
    assert not rules.roles_for(_request_user(user.pk)).is_authenticated


def test_a_device_confirmed_elsewhere_sends_the_next_request_to_the_code_page(
    client: Client, db: None
) -> None:
    user = UserFactory(username="totp")
    _log_in(client, "totp")
    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 200
    assert client.get(profile).status_code == 200  # "no device" now from the cache
    TOTPDevice.objects.create(user=user, confirmed=True, name="app")
    response = client.get(profile)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_signing_out_ends_the_session_also_for_a_copy_of_its_cookie(
    client: Client, db: None
) -> None:
    UserFactory(username="ud")
    _log_in(client, "ud")
    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 200
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    copy = Client()
    copy.cookies["sessionid"] = cookie
    response = copy.get(profile)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_new_password_ends_the_other_sessions(client: Client, db: None) -> None:
    user = UserFactory(username="nyt")
    _log_in(client, "nyt")
    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 200
    user.set_password("a brand new passphrase")
    user.save()
    response = client.get(profile)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def _count(client: Client, url: str) -> int:
    client.get(url)  # warm-up: session, roles and fragments in the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_a_signed_in_page_asks_the_database_only_for_the_user(
    client: Client, db: None, settings: Any
) -> None:
    """The front page and the response matrix, signed in, with warm caches: of the fixed
    cost only the user's own row is read (session, second factor and roles come from the
    cache). Before decision 0029: 10 and 8 queries. The matrix is made each time here (a
    kept one, decision 0041, reads only the user's row: tests/accounts/test_kept_pages.py)."""
    settings.PAGE_CACHE_SECONDS = 0
    secretary = UserFactory()
    client.force_login(secretary)
    request = _request_with_answers(98, secretary)
    assert _count(client, "/") == 6
    matrix = reverse("consultations:response_matrix", args=[request.pk])
    assert _count(client, matrix) == 4
    with CaptureQueriesContext(connection) as captured:
        client.get(matrix)
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    for table in ("django_session", "otp_totp_totpdevice", "accounts_affiliation"):
        assert table not in tables
    assert "councils_membership" not in tables
