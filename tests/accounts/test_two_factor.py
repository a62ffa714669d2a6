"""Two-factor sign-in (TOTP): staff can turn it on, administrators must."""

from __future__ import annotations

from binascii import unhexlify

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import AffiliationFactory, BodyFactory, UserFactory

PASSWORD = "correct horse battery"


def _code(device: TOTPDevice) -> str:
    return f"{totp(unhexlify(device.key), step=device.step, digits=device.digits):06d}"


def _log_in(client: Client, username: str) -> None:
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def secretary(db: None):
    user = UserFactory(username="sekretaer")
    AffiliationFactory(user=user, body=BodyFactory())
    return user


def test_staff_turn_on_two_factor_with_a_code_from_the_app(client: Client, secretary) -> None:
    _log_in(client, "sekretaer")
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=secretary, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_is_refused_with_a_message_and_nothing_changes(
    client: Client, secretary
) -> None:
    _log_in(client, "sekretaer")
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert response.status_code == 400
    assert "Koden blev ikke godkendt" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=secretary, confirmed=True).exists()


def test_after_the_password_a_user_with_two_factor_must_give_a_code(
    client: Client, secretary
) -> None:
    device = TOTPDevice.objects.create(user=secretary, confirmed=True, name="app")
    _log_in(client, "sekretaer")
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    right = client.post(
        reverse("accounts:two_factor_verify"),
        {"token": _code(device), "next": reverse("accounts:profile")},
    )
    assert right.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_administrator_without_two_factor_is_sent_to_set_it_up(client: Client, db) -> None:
    UserFactory(username="chef", is_superuser=True, is_staff=True)
    _log_in(client, "chef")
    for path in (reverse("accounts:profile"), reverse("admin:index"), reverse("home")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("accounts:two_factor_setup")
    # Log-out and the health check stay reachable.
    assert client.get(reverse("healthz")).status_code in (200, 503)


def test_an_administrator_cannot_turn_two_factor_off(client: Client, db) -> None:
    admin = UserFactory(username="chef", is_superuser=True, is_staff=True)
    device = TOTPDevice.objects.create(user=admin, confirmed=True, name="app")
    _log_in(client, "chef")
    client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    response = client.post(reverse("accounts:two_factor_disable"), follow=True)
    assert "Administratorer skal bruge totrinslogin" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_a_verified_administrator_reaches_the_admin(client: Client, db) -> None:
    admin = UserFactory(username="chef", is_superuser=True, is_staff=True)
    device = TOTPDevice.objects.create(user=admin, confirmed=True, name="app")
    _log_in(client, "chef")
    client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_redirect_after_the_code_never_leaves_the_site(client: Client, secretary) -> None:
    device = TOTPDevice.objects.create(user=secretary, confirmed=True, name="app")
    _log_in(client, "sekretaer")
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"token": _code(device), "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("accounts:profile")


def test_a_wrong_code_is_refused_and_guessing_is_slowed_down(client: Client, secretary) -> None:
    device = TOTPDevice.objects.create(user=secretary, confirmed=True, name="app")
    _log_in(client, "sekretaer")
    wrong = client.post(reverse("accounts:two_factor_verify"), {"token": "12345"})
    assert wrong.status_code == 400
    assert "Koden blev ikke godkendt" in wrong.content.decode()
    # Right after a wrong code even the right one must wait: django-otp's throttle.
    throttled = client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    assert throttled.status_code == 400
    assert "For mange forkerte koder" in throttled.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 302
