"""The password-reset e-mail goes through Redis to a real Celery worker process that reads
the same PostgreSQL database, and the link it sends works."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


def _wait_for_mail(directory: Path, log: Path, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(directory.glob("*.log"))
        if files:
            return files[0].read_text(encoding="utf-8")
        time.sleep(0.2)
    raise AssertionError("no e-mail from the worker; its log:\n" + log.read_text())


def test_a_password_reset_e_mail_is_sent_by_the_worker(celery_worker_process) -> None:
    UserFactory(username="inger", email="inger@example.org")
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "inger@example.org"})
    assert response.status_code == 302

    message = _wait_for_mail(celery_worker_process["mail_dir"], celery_worker_process["log"])
    assert "To: inger@example.org" in message
    assert "accounts.tasks.send_password_reset_email" in celery_worker_process["log"].read_text()
    link = re.search(r"http://testserver(/konto/nulstil/\S+/)", message)
    assert link, message
    page = client.get(link.group(1), follow=True)
    assert "Vælg en ny adgangskode" in page.content.decode()
