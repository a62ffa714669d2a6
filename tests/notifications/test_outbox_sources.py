"""Appointment notices, term and vacancy reminders and quota reminders go through the outbox:
a failed send is retried, then shown to the right secretariat, and a job that runs twice
sends nothing twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Affiliation
from councils import services as council_services
from councils.models import Appointment, Body, Membership, Region, Seat
from notifications.models import OutgoingEmail
from quotas import services as quota_services
from quotas.models import DistributionAgreementLine
from tests.factories import AffiliationFactory, BodyFactory, PersonFactory, UserFactory
from tests.quotas.conftest import computed_year  # noqa: F401  (a fixture)

FAILING = "tests.notifications.failing_backend.MailServerDown"
DEADLINE = dt.date(2029, 9, 10)


@pytest.fixture
def failing_mail(settings, monkeypatch):
    """The mail server is down; the eager task retries and gives up as a worker would."""
    from kkr_portal.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    settings.EMAIL_BACKEND = FAILING
    return settings


@pytest.fixture
def seat(db) -> Seat:
    kkr = BodyFactory(name="KKR Test")
    board = BodyFactory(name="Bestyrelse")
    return council_services.seats_create(
        actor=None, body=board, count=1, label="Udpeget af KKR", appointing_body=kkr
    )[0]


@pytest.fixture
def secretaries(seat):
    appointing = UserFactory(username="kkr", email="kkr@example.org")
    receiving = UserFactory(username="board", email="board@example.org")
    AffiliationFactory(user=appointing, body=seat.appointing_body)
    AffiliationFactory(user=receiving, body=seat.body)
    return appointing, receiving


def _accept(seat: Seat, capture) -> Membership:
    nomination = council_services.nomination_propose(
        actor=None, seat=seat, candidate_name="Rune Asmussen"
    )
    with capture(execute=True):
        return council_services.nomination_accept(
            actor=None, nomination_id=nomination.pk, start=dt.date(2026, 1, 1)
        )


def _outbox_page(user, body: Body) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("notifications:outbox", args=[body.slug]))
    return response.status_code, response.content.decode()


def test_a_failed_appointment_notice_is_retried_and_shown_to_each_secretariat(
    seat, secretaries, failing_mail, django_capture_on_commit_callbacks
):
    appointing, receiving = secretaries
    membership = _accept(seat, django_capture_on_commit_callbacks)
    assert Appointment.objects.get(membership=membership).notified_at is not None
    emails = {e.to: e for e in OutgoingEmail.objects.filter(key__startswith="appointment-notice:")}
    assert set(emails) == {"kkr@example.org", "board@example.org"}
    for email in emails.values():
        assert email.status == OutgoingEmail.Status.FAILED
        assert email.attempts == 7  # the first try and six retries
        assert "Connection unexpectedly closed" in email.last_error
        assert email.unsubscribe_url == ""  # a notice, not a subscription
    # Each secretariat sees the e-mail to its own address among its body's e-mails.
    assert emails["board@example.org"].body == seat.body
    assert emails["kkr@example.org"].body == seat.appointing_body
    status, page = _outbox_page(receiving, seat.body)
    assert status == 200 and "board@example.org" in page and "Rune Asmussen" in page
    status, page = _outbox_page(appointing, seat.appointing_body)
    assert status == 200 and "kkr@example.org" in page
    # The secretariat sends it again once the mail server is back.
    failing_mail.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client()
    client.force_login(receiving)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:email_retry", args=[emails["board@example.org"].pk]))
    assert [m.to for m in mail.outbox] == [["board@example.org"]]


def test_an_appointment_notice_is_sent_once_even_when_the_job_runs_twice(
    seat, secretaries, django_capture_on_commit_callbacks
):
    membership = _accept(seat, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["board@example.org", "kkr@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        assert council_services.appointment_notice_send(membership_id=membership.pk) == 0
        # Even when the claim is lost (say, restored from a backup), the outbox's unique key
        # per notice and address keeps the e-mails from going out again.
        Appointment.objects.filter(membership=membership).update(notified_at=None)
        assert council_services.appointment_notice_send(membership_id=membership.pk) == 0
    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 2


def test_a_failed_vacancy_reminder_is_shown_to_the_secretariat(
    seat, secretaries, failing_mail, django_capture_on_commit_callbacks
):
    appointing, _receiving = secretaries
    with django_capture_on_commit_callbacks(execute=True):
        assert council_services.term_reminders_send(today=dt.date(2026, 3, 1)) == 1
    email = OutgoingEmail.objects.get(to="kkr@example.org", key__startswith="seat-vacant:")
    assert email.status == OutgoingEmail.Status.FAILED
    status, page = _outbox_page(appointing, seat.appointing_body)
    assert status == 200 and "kkr@example.org" in page


def test_a_term_reminder_is_sent_once_even_when_the_job_runs_twice(
    seat, secretaries, django_capture_on_commit_callbacks
):
    council_services.membership_appoint(
        actor=None,
        seat=seat,
        person=PersonFactory(name="Lise"),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 4, 15),
    )
    today = dt.date(2026, 3, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert council_services.term_reminders_send(today=today) == 1
        assert council_services.term_reminders_send(today=today) == 0
        Membership.objects.update(end_reminded_at=None)
        council_services.term_reminders_send(today=today)
    assert sorted(m.to[0] for m in mail.outbox) == ["board@example.org", "kkr@example.org"]


@pytest.fixture
def distribution_agreement_sent(computed_year):  # noqa: F811
    region = Region.objects.get(code="1081")
    distribution_agreement = quota_services.distribution_agreement_draft(
        actor=None, quota_year=computed_year, region=region, deadline=DEADLINE
    )
    quota_services.distribution_agreement_send(
        actor=None, distribution_agreement=distribution_agreement
    )
    line = distribution_agreement.lines.get(municipality__code="851")
    contact = UserFactory(username="aalborg", email="kvote@aalborg.example.org")
    AffiliationFactory(
        user=contact, kind=Affiliation.Kind.MUNICIPAL_CONTACT, municipality=line.municipality
    )
    kkr = Body.objects.get(kind=Body.Kind.KKR, region=region)
    secretary = UserFactory(username="kkr-nord", email="kkr-nord@example.org")
    AffiliationFactory(user=secretary, body=kkr)
    return distribution_agreement, line, kkr, secretary


def test_a_failed_quota_reminder_is_retried_and_shown_to_the_regions_kkr_secretariat(
    distribution_agreement_sent, failing_mail, django_capture_on_commit_callbacks
):
    _distribution_agreement, line, kkr, secretary = distribution_agreement_sent
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            quota_services.distribution_agreement_reminders_send(
                today=DEADLINE - dt.timedelta(days=2)
            )
            == 1
        )
    email = OutgoingEmail.objects.get(key=f"agreement-reminder:{line.pk}:kvote@aalborg.example.org")
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 7
    assert email.body == kkr
    status, page = _outbox_page(secretary, kkr)
    assert status == 200 and "kvote@aalborg.example.org" in page and "Aalborg" in page
    # Another body's secretariat does not see it.
    other = UserFactory(username="other", email="other@example.org")
    elsewhere = BodyFactory(name="Andet organ")
    AffiliationFactory(user=other, body=elsewhere)
    status, page = _outbox_page(other, elsewhere)
    assert status == 200 and "kvote@aalborg.example.org" not in page
    assert _outbox_page(other, kkr)[0] == 403


def test_a_quota_reminder_is_sent_once_even_when_the_job_runs_twice(
    distribution_agreement_sent, django_capture_on_commit_callbacks
):
    today = DEADLINE - dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert quota_services.distribution_agreement_reminders_send(today=today) == 1
        assert quota_services.distribution_agreement_reminders_send(today=today) == 0
        DistributionAgreementLine.objects.update(reminded_at=None)
        quota_services.distribution_agreement_reminders_send(today=today)
    assert [m.to for m in mail.outbox] == [["kvote@aalborg.example.org"]]
