"""Who sees what is known about an attachment's text (decision 0018: one access module per app).

Everyone who sees an attachment may see its page count; what went wrong in reading it ("no text
layer", "could not be read") is for the secretariat that edits the meeting, who can replace the
file. The meeting's rule is asked of ``meetings.access``, not re-derived here.
"""

from __future__ import annotations

from typing import Any

from meetings.access import body_may_edit


def sees_extraction_notes(user: Any, body_id: int) -> bool:
    """Whether ``user`` is told about missing text layers and failed readings of the
    attachments of ``body_id``'s meetings."""
    return bool(user is not None and body_may_edit(user, body_id))
