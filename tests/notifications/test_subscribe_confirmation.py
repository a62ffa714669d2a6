"""Subscribing an address changes nothing for it until it is confirmed from the address
itself, and confirmation e-mails are rate-limited per address and per client address."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.models import Body
from notifications import selectors, services
from notifications.models import OutgoingEmail, Subscription

MEMBER = "medlem@example.org"  # a member of KD-Net Midtjylland in the demo


@pytest.fixture
def kd_net(demo) -> Body:
    return Body.objects.get(slug="kd-net-midtjylland")


def _ask(body: Body, email: str, frequency: str = "daily", ip: str = "192.0.2.1"):
    return Client(REMOTE_ADDR=ip).post(
        reverse("notifications:subscribe", args=[body.slug]),
        {"email": email, "frequency": frequency},
    )


def _confirm_link(email: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [email]]
    return re.search(r"http://127\.0\.0\.1:8000(/abonnement/bekraeft/\S+)", message.body)[1]


def test_asking_for_a_confirmed_address_changes_nothing_until_it_is_confirmed(
    kd_net, django_capture_on_commit_callbacks
):
    since = timezone.now() - dt.timedelta(days=30)
    Subscription.objects.create(
        body=kd_net, email="borger@example.dk", frequency="immediate", confirmed_at=since
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _ask(kd_net, "borger@example.dk", frequency="daily").status_code == 200
    row = Subscription.objects.get(body=kd_net, email="borger@example.dk")
    assert (row.frequency, row.confirmed_at, row.unsubscribed_at) == ("immediate", since, None)
    # The owner of the address confirms: only now does the choice take effect.
    link = _confirm_link("borger@example.dk")
    assert Client().post(link).status_code == 200
    row.refresh_from_db()
    assert (row.frequency, row.confirmed_at) == ("daily", since)


def test_asking_for_an_unsubscribed_address_does_not_subscribe_it_again(
    kd_net, django_capture_on_commit_callbacks
):
    gone = timezone.now() - dt.timedelta(days=3)
    Subscription.objects.create(
        body=kd_net,
        email="borger@example.dk",
        frequency="immediate",
        confirmed_at=gone,
        unsubscribed_at=gone,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _ask(kd_net, "borger@example.dk", frequency="daily")
    row = Subscription.objects.get(body=kd_net, email="borger@example.dk")
    assert (row.frequency, row.unsubscribed_at) == ("immediate", gone)
    assert selectors.subscription_state(body=kd_net, email="borger@example.dk").state == (
        "unsubscribed"
    )
    assert Client().post(_confirm_link("borger@example.dk")).status_code == 200
    row.refresh_from_db()
    assert row.unsubscribed_at is None and row.frequency == "daily"


def test_asking_for_a_members_address_does_not_change_the_members_e_mails(kd_net):
    before = selectors.subscription_state(body=kd_net, email=MEMBER)
    assert before.state == "member_default" and before.frequency == "immediate"
    _ask(kd_net, MEMBER, frequency="daily")
    assert not Subscription.objects.filter(email=MEMBER).exists()
    assert selectors.subscription_state(body=kd_net, email=MEMBER) == before


def test_an_unconfirmed_request_records_nothing_but_the_confirmation_e_mail(kd_net):
    _ask(kd_net, "ny@example.dk")
    assert not Subscription.objects.filter(email="ny@example.dk").exists()
    [email] = OutgoingEmail.objects.filter(to="ny@example.dk")
    assert email.body is None  # not shown to the secretariat: the address is not confirmed


def test_a_link_sent_before_this_change_still_confirms(kd_net):
    old = Subscription.objects.create(body=kd_net, email="gammel@example.dk")
    token = signing.dumps({"s": old.pk, "f": "daily"}, salt=services.CONFIRM_SALT)
    assert Client().post(reverse("notifications:confirm", args=[token])).status_code == 200
    old.refresh_from_db()
    assert old.confirmed_at is not None and old.frequency == "daily"


def test_confirmation_e_mails_are_limited_to_three_an_hour_per_address(kd_net):
    for n in range(3):
        assert _ask(kd_net, "offer@example.dk", ip=f"192.0.2.{n + 1}").status_code == 200
    refused = _ask(kd_net, "Offer@Example.dk", ip="198.51.100.7")  # any client, any case
    assert refused.status_code == 429
    assert OutgoingEmail.objects.filter(to="offer@example.dk").count() == 3
    assert not Subscription.objects.filter(email="offer@example.dk").exists()
    # Another address is not affected.
    assert _ask(kd_net, "andre@example.dk", ip="198.51.100.7").status_code == 200


def test_confirmation_e_mails_are_limited_to_ten_an_hour_per_client_address(kd_net):
    for n in range(10):
        assert _ask(kd_net, f"a{n}@example.dk", ip="203.0.113.9").status_code == 200
    assert _ask(kd_net, "a10@example.dk", ip="203.0.113.9").status_code == 429
    assert not OutgoingEmail.objects.filter(to="a10@example.dk").exists()
    # Another client may still subscribe that address.
    assert _ask(kd_net, "a10@example.dk", ip="203.0.113.10").status_code == 200


def test_the_limits_are_settings(kd_net, settings):
    settings.RATELIMIT_EMAIL_PER_ADDRESS = 1
    assert _ask(kd_net, "en@example.dk").status_code == 200
    assert _ask(kd_net, "en@example.dk").status_code == 429
