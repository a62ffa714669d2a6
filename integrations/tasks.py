from __future__ import annotations

import datetime as dt
from typing import Any

from celery import shared_task

from integrations import dumps, webhooks


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def deliver_webhook(self: Any, delivery_id: int) -> bool:
    # Idempotent: the service locks the delivery and sends only a pending one; its own
    # schedule (WEBHOOK_RETRY_SECONDS) bounds the retries, so Celery's count is not used.
    wait = webhooks.webhook_deliver(delivery_id=delivery_id)
    if wait is not None:
        raise self.retry(countdown=wait)
    return True


@shared_task(acks_late=True)
def resume_webhook_deliveries() -> int:
    """Send again the deliveries whose task was lost (a worker killed, the broker emptied)."""
    due = webhooks.webhook_deliveries_due(older_than=dt.timedelta(minutes=10))
    for delivery_id in due:
        deliver_webhook.delay(delivery_id)
    return len(due)


@shared_task(acks_late=True)
def build_open_data_dump() -> str:
    # Idempotent: a second run the same day replaces that day's file.
    return dumps.dump_build().name
