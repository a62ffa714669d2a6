"""Log-in, log-out and the lock-out page (its rules: test_lockout.py)."""

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


def test_the_lock_out_page_is_a_429_and_signs_nobody_in(client: Client, user) -> None:
    """The rules of the lock-out are in test_lockout.py; this is the page."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "inger", "wrong")
    response = _login(client, "inger", PASSWORD)
    assert response.status_code == 429
    assert "For mange mislykkede login" in response.content.decode()
    assert "_auth_user_id" not in client.session
