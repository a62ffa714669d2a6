"""Search's periodic job: the saved-search e-mails (daily, ``kkr_portal/celery.py``)."""

from __future__ import annotations

from celery import shared_task

from search import services


@shared_task(acks_late=True)
def send_saved_search_digests() -> int:
    # Idempotent: one e-mail per user and day (the outbox key); matches are marked as mailed
    # in the same transaction.
    return services.saved_search_digests_send()
