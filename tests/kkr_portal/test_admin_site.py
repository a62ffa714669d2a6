"""The admin is for platform administrators only: a staff flag set on another account,
even with a verified second factor and model permissions, opens nothing."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_two_factor import _code, _log_in
from tests.factories import UserFactory


def test_a_staff_account_that_is_not_an_administrator_does_not_open_the_admin(
    client: Client, db
) -> None:
    staff = UserFactory(username="sekretaer", is_staff=True, is_superuser=False)
    staff.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    device = TOTPDevice.objects.create(user=staff, confirmed=True, name="app")
    _log_in(client, "sekretaer")
    client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    assert client.get(reverse("accounts:profile")).status_code == 200  # verified
    for url in (reverse("admin:index"), reverse("admin:councils_body_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
