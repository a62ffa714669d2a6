"""What this app does when meetings signals (``meetings/signals.py``, connected in ``apps.py``):
queue the job that records the notices. The receivers run after the meeting's transaction has
committed; the jobs take ids and are idempotent."""

from __future__ import annotations

from typing import Any

from notifications.tasks import notify_meeting_change, notify_newsletter, notify_publication


def version_published(*, version_id: int, **_: Any) -> None:
    notify_publication.delay(version_id=version_id)


def meeting_changed(*, meeting_id: int, history_id: int, **_: Any) -> None:
    notify_meeting_change.delay(meeting_id=meeting_id, history_id=history_id)


def newsletter_published(*, newsletter_id: int, **_: Any) -> None:
    notify_newsletter.delay(newsletter_id=newsletter_id)
