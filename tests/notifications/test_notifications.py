"""E-mail notifications: who gets them, once, with a one-click unsubscribe; subscribing with
a confirmed address; daily digests; reminders; failed sends retried and shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.models import Body
from meetings import services as meeting_services
from notifications import services
from notifications.models import DigestEntry, OutgoingEmail, Subscription

MEMBER = "medlem@example.org"  # Jan Kallestrup, member of KD-Net Midtjylland in the demo


@pytest.fixture
def kd_net(demo) -> Body:
    return Body.objects.get(slug="kd-net-midtjylland")


@pytest.fixture
def meeting(kd_net):
    meeting = meeting_services.meeting_schedule(
        actor=None,
        body=kd_net,
        starts_at=timezone.now() + dt.timedelta(days=20),
        place="Regionshuset, Viborg",
    )
    meeting_services.agenda_item_add(actor=None, meeting=meeting, title="Budget 2027")
    return meeting


def _subscribe(body: Body, email: str, frequency: str = "immediate") -> Subscription:
    return Subscription.objects.create(
        body=body, email=email, frequency=frequency, confirmed_at=timezone.now()
    )


def _publish(meeting, capture, **kwargs):
    with capture(execute=True):
        meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk, **kwargs)


def _log_in(client: Client, username: str) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"}
    )
    assert response.status_code == 302


def test_members_and_confirmed_subscribers_get_one_email_per_publication(
    meeting, kd_net, django_capture_on_commit_callbacks
):
    _subscribe(kd_net, "borger@example.dk")
    Subscription.objects.create(body=kd_net, email="ubekraeftet@example.dk")
    _publish(meeting, django_capture_on_commit_callbacks)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["borger@example.dk", MEMBER]
    message = mail.outbox[0]
    assert "Dagsorden offentliggjort: KD-Net Midtjylland" in message.subject
    assert f"http://127.0.0.1:8000{meeting.get_absolute_url()}" in message.body
    assert reverse("meetings:meeting_pdfs", args=[meeting.pk, "agenda"]) in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The same event again (a retried task) records nothing new and sends nothing.
    version_id = meeting.published.get().pk
    assert services.publication_notify(version_id=version_id) == 0
    assert len(mail.outbox) == 2


def test_a_change_is_announced_as_a_change_with_its_note(
    meeting, django_capture_on_commit_callbacks
):
    _publish(meeting, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    _publish(meeting, django_capture_on_commit_callbacks, change_note="Nyt bilag til punkt 3")
    [message] = mail.outbox
    assert "Dagsorden ændret" in message.subject
    assert "Nyt bilag til punkt 3" in message.body


def test_sending_the_same_email_twice_sends_it_once(meeting, kd_net):
    email_id = services._queue(key="x:1", to="a@example.dk", subject="S", text="T", body=kd_net)
    assert services.email_send(email_id=email_id) is True
    assert services.email_send(email_id=email_id) is False
    assert len(mail.outbox) == 1
    assert services._queue(key="x:1", to="a@example.dk", subject="S", text="T", body=None) is None


def test_one_click_unsubscribe_works_without_a_session_or_csrf_token(
    meeting, django_capture_on_commit_callbacks
):
    _publish(meeting, django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == [MEMBER]]
    url = message.extra_headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200 and MEMBER in page.content.decode()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    mail.outbox.clear()
    _publish(meeting, django_capture_on_commit_callbacks, change_note="Rettelse")
    assert [m.to for m in mail.outbox] == []
    assert Client().get(url[:-3] + "xyz/").status_code == 400


def test_anyone_subscribes_with_an_address_they_confirm(
    kd_net, meeting, django_capture_on_commit_callbacks
):
    client = Client()
    url = reverse("notifications:subscribe", args=[kd_net.slug])
    rejected = client.post(url, {"email": "ikke-en-adresse", "frequency": "immediate"})
    assert rejected.status_code == 400
    body = rejected.content.decode()
    assert "Indtast en gyldig e-mailadresse." in body
    assert 'value="ikke-en-adresse"' in body  # what was typed is kept
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "Borger@Example.dk", "frequency": "immediate"})
    assert response.status_code == 200
    [confirmation] = mail.outbox
    assert confirmation.to == ["borger@example.dk"]
    link = re.search(r"http://127\.0\.0\.1:8000(/abonnement/bekraeft/\S+)", confirmation.body)[1]
    mail.outbox.clear()
    _publish(meeting, django_capture_on_commit_callbacks)
    assert "borger@example.dk" not in [m.to[0] for m in mail.outbox]  # not yet confirmed
    assert client.get(link).status_code == 200  # a button: a mail scanner does not confirm
    assert not Subscription.objects.filter(email="borger@example.dk").exists()
    assert client.post(link).status_code == 200
    mail.outbox.clear()
    _publish(meeting, django_capture_on_commit_callbacks, change_note="Nyt punkt")
    assert "borger@example.dk" in [m.to[0] for m in mail.outbox]
    assert client.post(link[:-4] + "abcd/").status_code == 400


def test_daily_digest_collects_the_days_events_into_one_email(
    kd_net, meeting, django_capture_on_commit_callbacks
):
    _subscribe(kd_net, "digest@example.dk", frequency="daily")
    _publish(meeting, django_capture_on_commit_callbacks)
    _publish(meeting, django_capture_on_commit_callbacks, change_note="Nyt bilag")
    assert "digest@example.dk" not in [m.to[0] for m in mail.outbox]
    assert DigestEntry.objects.filter(email="digest@example.dk").count() == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send() == 1
    [digest] = mail.outbox
    assert digest.to == ["digest@example.dk"]
    assert digest.body.count("KD-Net Midtjylland") >= 2
    assert "Dagsorden offentliggjort" in digest.body and "Dagsorden ændret" in digest.body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send() == 0  # nothing new since
    assert len(mail.outbox) == 1


def test_a_member_chooses_the_digest_on_the_subscription_page(kd_net):
    client = Client()
    _log_in(client, "medlem")
    url = reverse("notifications:subscribe", args=[kd_net.slug])
    page = client.get(url).content.decode()
    assert "medlem@example.org" in page
    assert "Som medlem abonnerer du automatisk." in page
    response = client.post(url, {"frequency": "daily"})
    assert response.status_code == 302
    assert Subscription.objects.get(body=kd_net, email=MEMBER).frequency == "daily"
    page = client.get(url).content.decode()
    assert "Som medlem abonnerer du automatisk." not in page
    assert re.search(r'value="daily"[^>]*checked', page)
    unsubscribe = re.search(r'href="http://127\.0\.0\.1:8000(/abonnement/afmeld/[^"]+)"', page)[1]
    client.post(unsubscribe)
    assert "Du har afmeldt dig." in client.get(url).content.decode()


def test_a_failed_send_is_retried_then_shown_to_the_secretariat_who_sends_it_again(
    kd_net, meeting, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from kkr_portal.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.MailServerDown"
    _publish(meeting, django_capture_on_commit_callbacks)
    failed = OutgoingEmail.objects.get(to=MEMBER)
    assert failed.status == "failed"
    assert failed.attempts == 7  # the first try and six retries
    assert "Connection unexpectedly closed" in failed.last_error
    client = Client()
    _log_in(client, "sekretariat")
    outbox = client.get(reverse("notifications:outbox", args=[kd_net.slug])).content.decode()
    assert MEMBER in outbox and "Connection unexpectedly closed" in outbox
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:email_retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "sent"
    assert [m.to for m in mail.outbox] == [[MEMBER]]
    member = Client()
    _log_in(member, "medlem")
    assert member.get(reverse("notifications:outbox", args=[kd_net.slug])).status_code == 403
    assert member.post(reverse("notifications:email_retry", args=[failed.pk])).status_code == 403
    missing = reverse("notifications:email_retry", args=[failed.pk + 1000])
    assert client.post(missing).status_code == 404


def test_reminders_go_to_the_secretariat_before_the_deadline_and_to_members_before_the_meeting(
    kd_net, django_capture_on_commit_callbacks
):
    now = timezone.now()
    planned = meeting_services.meeting_schedule(
        actor=None,
        body=kd_net,
        starts_at=now + dt.timedelta(days=9),
        agenda_deadline=timezone.localdate(now) + dt.timedelta(days=2),
    )
    soon = meeting_services.meeting_schedule(
        actor=None, body=kd_net, starts_at=now + dt.timedelta(days=1), place="Aarhus Rådhus"
    )
    meeting_services.agenda_item_add(actor=None, meeting=soon, title="Punkt")
    meeting_services.agenda_publish(actor=None, meeting_id=soon.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=now) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Dagsordensfrist" in by_address["sekretariat@example.org"].subject
    assert reverse("meetings:agenda_edit", args=[planned.pk]) in (
        by_address["sekretariat@example.org"].body
    )
    assert "Aarhus Rådhus" in by_address[MEMBER].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=now) == 0  # the next run sends nothing again
    assert len(mail.outbox) == 2
