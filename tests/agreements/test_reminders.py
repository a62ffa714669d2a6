"""The agreements' reminders (through the outbox): an evaluation due in 14 days and on the
day, an agreement in force ending within 90 days with no renewal; the daily job, run twice,
sends nothing twice; a real worker runs it."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.utils import timezone

from agreements import services, services_follow_up, services_plans
from agreements.models import Agreement
from kkr_portal.celery import app
from notifications.models import OutgoingEmail


def _in_force(setup, *, end):
    agreement = setup.agreement
    agreement.refresh_from_db()
    services.agreement_update(
        actor=setup.secretary,
        agreement_id=agreement.pk,
        expected_version=agreement.version,
        start=end - dt.timedelta(days=364),
        end=end,
    )
    services.agreement_put_in_force(actor=setup.secretary, agreement_id=agreement.pk)
    return Agreement.objects.get(pk=agreement.pk)


def _keys(prefix: str) -> list[str]:
    return sorted(
        OutgoingEmail.objects.filter(key__startswith=prefix).values_list("key", flat=True)
    )


def test_an_evaluation_is_reminded_14_days_before_and_on_the_day_once_each(setup):
    today = timezone.localdate()
    agreement = _in_force(setup, end=today + dt.timedelta(days=300))
    services_plans.evaluation_add(
        actor=setup.secretary,
        agreement=agreement,
        title="Fælles evaluering",
        due_on=today + dt.timedelta(days=14),
    )
    assert services_follow_up.reminders_send(today=today - dt.timedelta(days=1)) == 0
    assert services_follow_up.reminders_send(today=today) == 1
    assert services_follow_up.reminders_send(today=today) == 0
    email = OutgoingEmail.objects.get(key__startswith="agr-evaluation:")
    assert email.to == setup.secretary.email
    assert "Fælles evaluering" in email.subject
    assert services_follow_up.reminders_send(today=today + dt.timedelta(days=14)) == 1
    assert len(_keys("agr-evaluation:")) == 2
    # Nobody else's secretariat is told.
    assert not OutgoingEmail.objects.filter(to=setup.other_secretary.email).exists()


def test_a_done_evaluation_is_not_reminded(setup):
    today = timezone.localdate()
    agreement = _in_force(setup, end=today + dt.timedelta(days=300))
    evaluation = services_plans.evaluation_add(
        actor=setup.secretary, agreement=agreement, title="Evaluering", due_on=today
    )
    evaluation.done_on = today
    evaluation.save()
    assert services_follow_up.reminders_send(today=today) == 0


def test_an_agreement_ending_within_90_days_without_a_renewal_is_reminded_once(setup):
    today = timezone.localdate()
    agreement = _in_force(setup, end=today + dt.timedelta(days=60))
    assert services_follow_up.reminders_send(today=today) == 1
    assert services_follow_up.reminders_send(today=today + dt.timedelta(days=1)) == 0
    email = OutgoingEmail.objects.get(key__startswith=f"agr-expiring:{agreement.pk}:")
    assert agreement.end.isoformat() in email.key
    assert email.to == setup.secretary.email


def test_an_agreement_ending_later_or_already_renewed_is_not_reminded(setup):
    today = timezone.localdate()
    agreement = _in_force(setup, end=today + dt.timedelta(days=120))
    assert services_follow_up.reminders_send(today=today) == 0
    start, end = services.next_period(agreement)
    services.agreement_renew(
        actor=setup.secretary, agreement_id=agreement.pk, title="Næste", start=start, end=end
    )
    assert services_follow_up.reminders_send(today=today + dt.timedelta(days=60)) == 0


def _succeeded(log: str, task: str) -> list[str]:
    return re.findall(rf"Task {re.escape(task)}\[[^\]]+\] succeeded in [^:]+: (\S+)", log)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.worker
def test_a_real_worker_runs_the_daily_jobs_and_a_second_run_sends_nothing_new(
    worker_factory, setup
):
    today = timezone.localdate()
    agreement = _in_force(setup, end=today + dt.timedelta(days=60))
    services_plans.evaluation_add(
        actor=setup.secretary,
        agreement=agreement,
        title="Evaluering",
        due_on=today + dt.timedelta(days=14),
    )
    ended = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=agreement.kind,
        title="Udløbet aftale",
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 12, 31),
    )
    services.agreement_put_in_force(actor=setup.secretary, agreement_id=ended.pk)
    worker = worker_factory()
    task = "agreements.tasks.send_agreement_reminders"
    for run in (1, 2):
        app.send_task(task)
        app.send_task("agreements.tasks.expire_agreements")
        deadline = time.monotonic() + 60
        while (
            len(_succeeded(worker.log.read_text(), task)) < run
            or len(_succeeded(worker.log.read_text(), "agreements.tasks.expire_agreements")) < run
        ):
            assert time.monotonic() < deadline, worker.log.read_text()
            time.sleep(0.2)
    assert _succeeded(worker.log.read_text(), task) == ["2", "0"]
    assert len(_keys("agr-")) == 2
    assert _succeeded(worker.log.read_text(), "agreements.tasks.expire_agreements") == ["1", "0"]
    ended.refresh_from_db()
    assert ended.status == Agreement.Status.EXPIRED
