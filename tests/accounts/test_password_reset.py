"""Resetting a forgotten password by e-mail (tasks run in-process here; see
tests/kkr_portal/test_worker.py for the same flow through a real worker)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def user(db: None):
    return UserFactory(username="inger", email="inger@example.org", first_name="Inger")


def _reset_link(message) -> str:
    match = re.search(r"http://testserver(/konto/nulstil/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_reset_link_arrives_by_e_mail_and_sets_a_new_password(
    client: Client, user, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "Inger@Example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["inger@example.org"]
    assert message.subject == "Nulstil din adgangskode til KKR-portalen"
    assert "Dit brugernavn er: inger" in message.body

    form_page = client.get(_reset_link(message), follow=True)
    assert "Vælg en ny adgangskode" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "nyt-kodeord-2026", "new_password2": "nyt-kodeord-2026"}
    )
    assert done.status_code == 302
    login = Client().post(
        reverse("accounts:login"), {"username": "inger", "password": "nyt-kodeord-2026"}
    )
    assert login.status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(
    client: Client, db, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
        )
    assert callbacks == []
    assert "Tjek din e-mail" in response.content.decode()
    assert mail.outbox == []


def test_a_tampered_link_is_refused_with_a_clear_message(
    client: Client, user, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "inger@example.org"})
    link = _reset_link(mail.outbox[0])
    tampered = link[:-3] + ("x" if link[-3] != "x" else "y") + link[-2:]
    response = client.get(tampered, follow=True)
    body = response.content.decode()
    assert "Linket virker ikke" in body
    assert "new_password1" not in body


def test_a_used_link_cannot_be_used_again(
    client: Client, user, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "inger@example.org"})
    link = _reset_link(mail.outbox[0])
    page = client.get(link, follow=True)
    set_url = page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "nyt-kodeord-2026", "new_password2": "nyt-kodeord-2026"})
    again = Client().get(link, follow=True)
    assert "Linket virker ikke" in again.content.decode()


def test_a_malformed_address_is_refused_and_kept_in_the_form(client: Client, db) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "not-an-address"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Angiv en gyldig e-mailadresse" in body
    assert 'value="not-an-address"' in body


def _ask_reset(email: str, ip: str):
    return Client(REMOTE_ADDR=ip).post(reverse("accounts:password_reset"), {"email": email})


def test_reset_e_mails_are_limited_to_three_an_hour_per_address_with_the_same_answer(
    user, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_ask_reset("inger@example.org", ip=f"192.0.2.{n}") for n in range(1, 6)]
    # The page answers the same every time, so it reveals neither the limit nor the account.
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("accounts:password_reset_done"))
    }
    assert len(mail.outbox) == 3


def test_reset_e_mails_are_limited_to_ten_an_hour_per_client_address(
    user, django_capture_on_commit_callbacks
) -> None:
    # Unknown addresses count too: the limit does not depend on who has an account.
    for n in range(10):
        _ask_reset(f"nobody{n}@example.org", ip="203.0.113.5")
    with django_capture_on_commit_callbacks(execute=True):
        refused = _ask_reset("inger@example.org", ip="203.0.113.5")
    assert refused.status_code == 302
    assert refused["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        _ask_reset("inger@example.org", ip="203.0.113.6")  # another client
    assert [m.to for m in mail.outbox] == [["inger@example.org"]]
