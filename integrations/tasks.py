from __future__ import annotations

import datetime as dt
from typing import Any

from celery import shared_task

from integrations import dumps, webhooks

# A retry waits in the broker only if it is short: Redis gives a task back to another worker
# after its visibility timeout (an hour), so the long waits (2, 5, 10 hours) are left to the
# beat, which sends what is due every minute.
MAX_COUNTDOWN_SECONDS = 1800


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver_webhook(self: Any, delivery_id: int) -> bool:
    # Idempotent: the service claims a pending, due delivery before sending; a copy that
    # finds it claimed, done or not yet due sends nothing. Its own schedule
    # (WEBHOOK_RETRY_SECONDS) bounds the attempts, so Celery's count is not used.
    wait = webhooks.webhook_deliver(delivery_id=delivery_id)
    if wait is not None and wait <= MAX_COUNTDOWN_SECONDS:
        raise self.retry(countdown=wait)
    return True


@shared_task(acks_late=True)
def resume_webhook_deliveries() -> int:
    """Send the deliveries that are due and have no task waiting for them."""
    due = webhooks.webhook_deliveries_due(older_than=dt.timedelta(seconds=30))
    for delivery_id in due:
        deliver_webhook.delay(delivery_id)
    return len(due)


@shared_task(acks_late=True)
def prune_tombstones() -> int:
    """The REST change feeds keep deletions for KKR_TOMBSTONE_DAYS (decision 0033)."""
    from django.conf import settings

    from core.models import tombstones_prune

    return tombstones_prune(days=settings.TOMBSTONE_DAYS)


@shared_task(acks_late=True)
def build_open_data_dump() -> str:
    # Idempotent: a second run the same day replaces that day's file.
    return dumps.dump_build().name
