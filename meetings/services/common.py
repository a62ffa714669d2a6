"""What the meeting services share."""

from __future__ import annotations

from django.db.models import F

from meetings import signals
from meetings.models import (
    Meeting,
)


def _touch(meeting: Meeting) -> None:
    """Any change to the agenda bumps the meeting's version (for conflict checks)."""
    # Not ``modified``: a draft edit is no change a system syncing the meeting may see (its
    # published version moves it when published).
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1, modified=F("modified"))
    signals.send_on_commit(signals.agenda_changed, meeting_id=meeting.pk)
