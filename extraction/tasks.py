from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from extraction import services

logger = logging.getLogger(__name__)

EXTRACT_MAX_RETRIES = 5


# On the "pdf" queue, the one for heavy work: a burst of uploads (or the command over every
# old file) must not hold up e-mails and reminders on the default queue.
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=EXTRACT_MAX_RETRIES,
    queue="pdf",
    soft_time_limit=300,
    time_limit=330,
)
def extract_attachment_text(self: Any, *, attachment_id: int, force: bool = False) -> str:
    # Idempotent: the service compares the file's SHA-256 with the stored one and reads
    # the same bytes only once.
    try:
        row = services.attachment_text_extract(attachment_id=attachment_id, force=force)
    except SoftTimeLimitExceeded:
        # The same file would take as long again: record it instead of retrying.
        services.attachment_text_fail(attachment_id=attachment_id, error="took too long to read")
        return "failed"
    except Exception as error:
        # The file's own problems are recorded by the service; what reaches here is the
        # storage or the database: retried with backoff, then recorded for the secretariat.
        message = f"{type(error).__name__}: {error}"
        if self.request.retries >= self.max_retries:
            services.attachment_text_fail(attachment_id=attachment_id, error=message)
            logger.exception("Text of attachment %s failed for good", attachment_id)
            return "failed"
        raise self.retry(exc=error, countdown=min(600, 5 * 2**self.request.retries)) from error
    return row.status if row is not None else "gone"
