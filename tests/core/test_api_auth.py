"""Who may call the API: the browser session, after its second factor; a password alone never.

Issue 11, hole 1: HTTP Basic used to be accepted on /api/, skipping the second factor and the
log-in lock-out.
"""

from __future__ import annotations

import base64
import datetime as dt
from binascii import unhexlify

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from councils.models import Body
from meetings import services

SECRET = "Fortroligt punkt om lønforhandlinger"
PASSWORD = "demo-kkr-2026"


@pytest.fixture
def meeting(demo):
    body = Body.objects.get(slug="kd-net-midtjylland")
    start = timezone.make_aware(dt.datetime(2014, 8, 22, 9))
    meeting = services.meeting_schedule(
        actor=None, body=body, starts_at=start, ends_at=start + dt.timedelta(hours=2), place="Vejle"
    )
    services.agenda_item_add(actor=None, meeting=meeting, title="Åbent punkt")
    services.agenda_item_add(actor=None, meeting=meeting, title=SECRET, is_closed=True)
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    return meeting


def _basic(username: str, password: str = PASSWORD) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def _log_in(client: Client, username: str) -> None:
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def _code(device: TOTPDevice) -> str:
    return f"{totp(unhexlify(device.key), step=device.step, digits=device.digits):06d}"


@pytest.mark.parametrize("username", ["medlem", "admin"])
def test_basic_credentials_of_a_valid_user_are_refused_by_the_api(
    client: Client, meeting, username: str
) -> None:
    for url in ("/api/meetings/", f"/api/meetings/{meeting.pk}/"):
        response = client.get(url, **_basic(username))
        assert response.status_code in (401, 403), url
        assert SECRET not in response.content.decode()
        assert "detail" in response.json()


def test_the_public_still_reads_the_api_without_credentials(client: Client, meeting) -> None:
    response = client.get(f"/api/meetings/{meeting.pk}/")
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_a_members_session_reads_the_closed_items_of_its_body(client: Client, meeting) -> None:
    _log_in(client, "medlem")
    response = client.get(f"/api/meetings/{meeting.pk}/")
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_an_administrator_without_a_second_factor_gets_no_data_from_the_api(
    client: Client, meeting
) -> None:
    _log_in(client, "admin")
    for url in ("/api/meetings/", f"/api/meetings/{meeting.pk}/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert set(response.json()) == {"detail"}
        assert SECRET not in response.content.decode()


def test_a_session_that_owes_its_code_gets_no_data_until_the_code_is_given(
    client: Client, meeting
) -> None:
    admin = User.objects.get(username="admin")
    device = TOTPDevice.objects.create(user=admin, confirmed=True, name="app")
    _log_in(client, "admin")
    response = client.get(f"/api/meetings/{meeting.pk}/")
    assert response.status_code == 403
    assert SECRET not in response.content.decode()

    verified = client.post(reverse("accounts:two_factor_verify"), {"token": _code(device)})
    assert verified.status_code == 302
    response = client.get(f"/api/meetings/{meeting.pk}/")
    assert response.status_code == 200
    assert SECRET in response.content.decode()
