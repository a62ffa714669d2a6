from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from notifications import services

logger = logging.getLogger(__name__)

EMAIL_MAX_RETRIES = 6


@shared_task(bind=True, acks_late=True, max_retries=EMAIL_MAX_RETRIES)
def send_email(self: Any, *, email_id: int) -> bool:
    # Idempotent: the service claims the e-mail; a sent or claimed one is left alone.
    try:
        return services.email_send(email_id=email_id)
    except Exception as error:
        if self.request.retries >= self.max_retries:
            services.email_give_up(email_id=email_id, error=f"{type(error).__name__}: {error}")
            logger.exception("e-mail %s failed for good", email_id)
            return False
        raise self.retry(exc=error, countdown=min(3600, 10 * 2**self.request.retries)) from error


@shared_task(acks_late=True)
def notify_publication(*, version_id: int) -> int:
    # Idempotent: each address is recorded once per published version.
    return services.publication_notify(version_id=version_id)


@shared_task(acks_late=True)
def notify_meeting_change(*, meeting_id: int, history_id: int) -> int:
    # Idempotent: each address is recorded once per change (the change's history row).
    return services.meeting_change_notify(meeting_id=meeting_id, history_id=history_id)


@shared_task(acks_late=True)
def notify_newsletter(*, newsletter_id: int) -> int:
    return services.newsletter_notify(newsletter_id=newsletter_id)


@shared_task(acks_late=True)
def send_digests() -> int:
    # Idempotent: one digest per address and day (unique key); entries are claimed by it.
    return services.digests_send()


@shared_task(acks_late=True)
def send_reminders() -> int:
    return services.reminders_send()
