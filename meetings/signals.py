"""What meetings tells the apps above it, without importing them (decision 0020).

The notifications app sits above meetings (it reads meetings to write its notices), so meetings
cannot import it. The services send these signals once their transaction has committed; the
notifications app connects to them in ``NotificationsConfig.ready`` and queues its jobs, which
record every e-mail in the outbox. Each signal carries ids only.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# A version of an agenda or minutes was published: ``version_id``.
version_published = Signal()
# A published meeting's time, place or deadline changed: ``meeting_id``, ``history_id``
# (the history row of the change, so that a notice is recorded once per change).
meeting_changed = Signal()
# A meeting whose agenda was published was cancelled: ``meeting_id``.
meeting_cancelled = Signal()
# The minutes of a meeting were approved: ``meeting_id``.
minutes_approved = Signal()
# A newsletter was published: ``newsletter_id``.
newsletter_published = Signal()
# The agenda of a meeting changed, also through a bulk update that bypasses save()
# (renumbering): ``meeting_id``. The search index listens (``search.receivers``).
agenda_changed = Signal()


def send_on_commit(signal: Signal, **ids: int) -> None:
    """Send the signal after the current transaction commits; if a receiver fails (the broker
    is down), the write still stands and the error is logged (``robust``), as before."""

    def send() -> None:
        signal.send(sender=None, **ids)

    transaction.on_commit(send, robust=True)
