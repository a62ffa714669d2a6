"""Log-in, log-out and the lock-out after repeated failures."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery"
WRONG_CREDENTIALS = "Indtast venligst korrekt brugernavn og adgangskode"


@pytest.fixture
def user(db: None):
    return UserFactory(username="inger")


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_a_user_logs_in_and_lands_on_the_account_page(client: Client, user) -> None:
    response = _login(client, "inger", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    page = client.get(reverse("accounts:profile"))
    assert "Du er logget ind som inger" in page.content.decode()


def test_a_wrong_password_gets_a_danish_message_and_keeps_the_user_name(
    client: Client, user
) -> None:
    response = _login(client, "inger", "not the password")
    body = response.content.decode()
    assert response.status_code == 200
    assert WRONG_CREDENTIALS in body
    assert 'value="inger"' in body


def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(client: Client, db) -> None:
    response = _login(client, "nobody", "whatever")
    assert WRONG_CREDENTIALS in response.content.decode()


def test_log_out_is_a_post_and_ends_the_session(client: Client, user) -> None:
    _login(client, "inger", PASSWORD)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_repeated_failures_lock_the_user_name_out_even_from_new_addresses(
    client: Client, user
) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "inger", "wrong", ip=f"10.0.1.{attempt}")
    response = _login(client, "inger", PASSWORD, ip="10.0.2.1")
    assert response.status_code == 429
    assert "For mange mislykkede login" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_address_out_for_other_user_names(client: Client, user) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess{attempt}", "wrong", ip="10.0.3.1")
    response = _login(client, "inger", PASSWORD, ip="10.0.3.1")
    assert response.status_code == 429
    # Another address is not affected.
    assert _login(Client(), "inger", PASSWORD, ip="10.0.3.2").status_code == 302


def test_a_successful_log_in_resets_the_failure_count(client: Client, user) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "inger", "wrong")
    assert _login(client, "inger", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "inger", "wrong")
    assert _login(client, "inger", PASSWORD).status_code == 302
