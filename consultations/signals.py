"""What consultations tells the apps above it, without importing them (decision 0020).

Sent after the commit, with ids only; receivers ask ``consultations.access`` what of the
request they may pass on (webhooks: the public's view only).
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# A request became readable by everyone: its answers are public after the deadline, and the
# deadline has passed (``request_id``). Sent once, by ``services.requests_opened_to_public``.
request_public = Signal()
# A sent request was closed (``request_id``).
request_closed = Signal()


def send_on_commit(signal: Signal, *, request_id: int) -> None:
    transaction.on_commit(lambda: signal.send(sender=None, request_id=request_id), robust=True)
