from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from extraction import services

logger = logging.getLogger(__name__)

EXTRACT_MAX_RETRIES = 5

# On the "pdf" queue, the one for heavy work: a burst of uploads (or the command over every
# old file) must not hold up e-mails and reminders on the default queue.
OPTIONS: dict[str, Any] = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": EXTRACT_MAX_RETRIES,
    "queue": "pdf",
    "soft_time_limit": 300,
    "time_limit": 330,
}


def _run(task: Any, extract: Callable[[], Any], fail: Callable[[str], None], what: str) -> str:
    # Idempotent: the service compares the file's SHA-256 with the stored one and reads
    # the same bytes only once.
    try:
        row = extract()
    except SoftTimeLimitExceeded:
        # The same file would take as long again: record it instead of retrying.
        fail("took too long to read")
        return "failed"
    except Exception as error:
        # The file's own problems are recorded by the service; what reaches here is the
        # storage or the database: retried with backoff, then recorded for the secretariat.
        message = f"{type(error).__name__}: {error}"
        if task.request.retries >= task.max_retries:
            fail(message)
            logger.exception("Text of %s failed for good", what)
            return "failed"
        raise task.retry(exc=error, countdown=min(600, 5 * 2**task.request.retries)) from error
    return str(row.status) if row is not None else "gone"


@shared_task(**OPTIONS)
def extract_attachment_text(self: Any, *, attachment_id: int, force: bool = False) -> str:
    return _run(
        self,
        lambda: services.attachment_text_extract(attachment_id=attachment_id, force=force),
        lambda error: services.attachment_text_fail(attachment_id=attachment_id, error=error),
        f"attachment {attachment_id}",
    )


@shared_task(**OPTIONS)
def extract_agreement_document_text(self: Any, *, document_id: int, force: bool = False) -> str:
    return _run(
        self,
        lambda: services.agreement_document_text_extract(document_id=document_id, force=force),
        lambda error: services.agreement_document_text_fail(document_id=document_id, error=error),
        f"agreement document {document_id}",
    )


@shared_task(**OPTIONS)
def extract_evaluation_text(self: Any, *, evaluation_id: int, force: bool = False) -> str:
    return _run(
        self,
        lambda: services.evaluation_text_extract(evaluation_id=evaluation_id, force=force),
        lambda error: services.evaluation_text_fail(evaluation_id=evaluation_id, error=error),
        f"evaluation {evaluation_id}",
    )
