from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from meetings import services

logger = logging.getLogger(__name__)

PDF_MAX_RETRIES = 5


@shared_task(acks_late=True)
def publish_due_agendas() -> int:
    # Idempotent: a meeting leaves the "planned" state when published, so a second run
    # finds nothing to do.
    return services.agendas_due_publish()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=PDF_MAX_RETRIES)
def render_meeting_pdf(self: Any, *, pdf_id: int) -> bool:
    # Idempotent: the service claims the PDF before producing it and does nothing when it is
    # ready or claimed by a live worker.
    try:
        return services.meeting_pdf_render(pdf_id=pdf_id)
    except Exception as error:
        # Any failure (a font, a broken attachment, the database) is retried with backoff;
        # after the last retry it is recorded for the secretariat.
        message = f"{type(error).__name__}: {error}"
        if self.request.retries >= self.max_retries:
            services.meeting_pdf_fail(pdf_id=pdf_id, error=message)
            logger.exception("PDF %s failed for good", pdf_id)
            return False
        services.meeting_pdf_release(pdf_id=pdf_id, error=message)
        raise self.retry(exc=error, countdown=min(600, 5 * 2**self.request.retries)) from error


@shared_task(acks_late=True)
def resume_meeting_pdfs() -> int:
    return services.meeting_pdfs_resume()


@worker_ready.connect
def _resume_after_start(**_kwargs: Any) -> None:
    # A worker that died mid-PDF left a claim that expires after the lease: look again once
    # it has run out, so the PDF is produced as soon as a worker is back.
    resume_meeting_pdfs.apply_async(countdown=settings.PDF_LEASE_SECONDS + 1)


@shared_task(acks_late=True)
def remind_minutes_approvals() -> int:
    # Idempotent per day: each reminder's outbox key names the member, the version of the
    # minutes and the day, so a second run the same day sends nothing.
    return services.minutes_approvals_remind_all()


@shared_task(acks_late=True)
def remind_overdue_agendas() -> int:
    # Idempotent per day: each e-mail's outbox key names the meeting, the address and the
    # day, so a second run the same day sends nothing (decision 0025).
    return services.overdue_agendas_remind()
