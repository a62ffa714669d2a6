import logging
from typing import Any

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from consultations import services, services_pdf

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_consultation_reminders() -> int:
    # Idempotent: the outbox key names the request, recipient, address and day.
    return services.reminders_send()


@shared_task(acks_late=True)
def mark_requests_opened_to_public() -> int:
    # Idempotent: a request is marked once (its modified then lies after its deadline).
    return services.requests_opened_to_public()


# --- The compiled PDF of the answers (consultations.services_pdf) ----------------------------

COMPILED_PDF_MAX_RETRIES = 5


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=COMPILED_PDF_MAX_RETRIES,
    queue="pdf",
)
def render_compiled_answers_pdf(self: Any, *, pdf_id: int) -> bool:
    # Idempotent: the service claims the row before producing it and does nothing when it is
    # ready or claimed by a live worker.
    try:
        return services_pdf.compiled_pdf_render(pdf_id=pdf_id)
    except Exception as error:
        # Any failure is retried with backoff; after the last retry it is recorded for the
        # secretariat, who sees it on the request's pages and may order the PDF again.
        message = f"{type(error).__name__}: {error}"
        if self.request.retries >= self.max_retries:
            services_pdf.compiled_pdf_fail(pdf_id=pdf_id, error=message)
            logger.exception("Compiled answers PDF %s failed for good", pdf_id)
            return False
        services_pdf.compiled_pdf_release(pdf_id=pdf_id, error=message)
        raise self.retry(exc=error, countdown=min(600, 5 * 2**self.request.retries)) from error


@shared_task(acks_late=True)
def resume_compiled_answers_pdfs() -> int:
    return services_pdf.compiled_pdfs_resume()


@worker_ready.connect
def _resume_compiled_pdfs_after_start(**_kwargs: Any) -> None:
    # A worker that died mid-PDF left a claim that expires after the lease.
    resume_compiled_answers_pdfs.apply_async(countdown=settings.PDF_LEASE_SECONDS + 1)
