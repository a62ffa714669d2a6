"""Notifications through a real worker: the e-mail goes out once after the publishing
transaction commits, and a repeated task sends nothing more."""

from __future__ import annotations

import time

import pytest

from councils.models import Body
from meetings import services as meeting_services
from notifications.models import OutgoingEmail
from notifications.tasks import notify_publication
from tests.meetings.conftest import at

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


def _mails(directory) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.log")))


def test_a_publication_is_mailed_once_by_the_worker_even_when_the_task_runs_twice(
    celery_worker_process,
):
    from councils.demo import load_demo

    load_demo()
    body = Body.objects.get(slug="kd-net-midtjylland")
    meeting = meeting_services.meeting_schedule(actor=None, body=body, starts_at=at(2027, 2, 3))
    meeting_services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
    deadline = time.monotonic() + 60
    while not OutgoingEmail.objects.filter(to="medlem@example.org", status="sent").exists():
        assert time.monotonic() < deadline, celery_worker_process["log"].read_text()
        time.sleep(0.2)
    log = celery_worker_process["log"]
    notify_publication.delay(version_id=meeting.published.get().pk)
    # Wait until the worker has run the repeated task (its second success in the log).
    while log.read_text().count("notify_publication") < 4:
        assert time.monotonic() < deadline + 30, log.read_text()
        time.sleep(0.2)
    time.sleep(0.5)
    mails = _mails(celery_worker_process["mail_dir"])
    assert mails.count("To: medlem@example.org") == 1
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in mails
    assert OutgoingEmail.objects.filter(to="medlem@example.org").count() == 1
