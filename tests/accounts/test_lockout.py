"""The lock-out after failed log-ins (issue 11, hole 15): per user name *and* address, with a
higher limit per address; nobody can lock the administrators out from their own address."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery"
ATTACKER = "203.0.113.7"


@pytest.fixture
def admin(db: None):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def inger(db: None):
    return UserFactory(username="inger")


def _login(username: str, password: str, ip: str, client: Client | None = None):
    return (client or Client()).post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _fail(username: str, ip: str, times: int) -> None:
    for _ in range(times):
        _login(username, "wrong", ip)


def test_failures_from_one_address_do_not_lock_the_administrator_out_elsewhere(admin) -> None:
    _fail("admin", ATTACKER, settings.AXES_FAILURE_LIMIT)
    assert _login("admin", PASSWORD, ATTACKER).status_code == 429
    assert _login("admin", PASSWORD, "198.51.100.1").status_code == 302


def test_failures_for_one_user_name_lock_it_from_that_address(inger) -> None:
    _fail("inger", ATTACKER, settings.AXES_FAILURE_LIMIT)
    response = _login("inger", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "_auth_user_id" not in response.wsgi_request.session


def test_many_user_names_from_one_address_are_stopped_at_the_address_limit(inger) -> None:
    per_user = settings.AXES_FAILURE_LIMIT - 1  # never reaches the per-user limit
    names = [f"guess{n}" for n in range(settings.KKR_ADDRESS_FAILURE_LIMIT // per_user + 1)]
    for name in names:
        _fail(name, ATTACKER, per_user)
    # The address is locked for every user name, also one it never tried ...
    assert _login("inger", PASSWORD, ATTACKER).status_code == 429
    # ... and other addresses are not.
    assert _login("inger", PASSWORD, "198.51.100.2").status_code == 302


def test_below_the_address_limit_other_users_of_the_address_still_log_in(inger) -> None:
    _fail("guess", ATTACKER, settings.AXES_FAILURE_LIMIT)
    assert settings.KKR_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
    assert _login("inger", PASSWORD, ATTACKER).status_code == 302


def test_a_successful_log_in_does_not_forgive_the_addresss_failures_for_others(inger) -> None:
    names = [f"guess{n}" for n in range(settings.KKR_ADDRESS_FAILURE_LIMIT)]
    for name in names[:-1]:
        _fail(name, ATTACKER, 1)
    assert _login("inger", PASSWORD, ATTACKER).status_code == 302  # the attacker's own account
    _fail(names[-1], ATTACKER, 1)
    assert _login("inger", PASSWORD, ATTACKER).status_code == 429


def test_a_successful_log_in_resets_the_users_own_count(inger) -> None:
    client = Client()
    _fail("inger", ATTACKER, settings.AXES_FAILURE_LIMIT - 1)
    assert _login("inger", PASSWORD, ATTACKER, client).status_code == 302
    client.post(reverse("accounts:logout"))
    _fail("inger", ATTACKER, settings.AXES_FAILURE_LIMIT - 1)
    assert _login("inger", PASSWORD, ATTACKER).status_code == 302


@pytest.mark.parametrize(
    ("command", "arguments"),
    [
        ("axes_reset_username", ["admin"]),
        ("axes_reset_ip", [ATTACKER]),
        ("axes_reset_ip_username", [ATTACKER, "admin"]),
        ("axes_reset", []),
    ],
)
def test_an_operator_lifts_a_lock_out_with_a_management_command(
    admin, command: str, arguments: list[str]
) -> None:
    _fail("admin", ATTACKER, settings.AXES_FAILURE_LIMIT)
    assert _login("admin", PASSWORD, ATTACKER).status_code == 429
    call_command(command, *arguments, verbosity=0)
    assert _login("admin", PASSWORD, ATTACKER).status_code == 302
