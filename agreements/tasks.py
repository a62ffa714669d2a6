"""Celery tasks of agreements: thin, idempotent, each calling its service. The periodic
ones are declared in ``kkr_portal/celery.py``."""

from __future__ import annotations

from celery import shared_task

from agreements import services, services_follow_up
from agreements.tasks_pdf import render_agreement_pdf, resume_agreement_pdfs  # noqa: F401


@shared_task(acks_late=True)
def expire_agreements() -> int:
    # Idempotent: only agreements still in force whose end has passed change.
    return services.agreements_expire()


@shared_task(acks_late=True)
def send_agreement_reminders() -> int:
    # Idempotent: the outbox key names the event, the date and the address.
    return services_follow_up.reminders_send()
