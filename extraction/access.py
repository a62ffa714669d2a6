"""Who sees what is known about a file's text (decision 0018: one access module per app).

Everyone who sees a file may see its page count; what went wrong in reading it ("no text
layer", "could not be read") is for the secretariat that keeps the meeting or the agreement,
who can replace the file. Those rules are asked of ``meetings.access`` and
``agreements.access``, not re-derived here.
"""

from __future__ import annotations

from typing import Any

from agreements.access import body_may_edit as body_keeps_agreements
from meetings.access import body_may_edit


def sees_extraction_notes(user: Any, body_id: int) -> bool:
    """Whether ``user`` is told about missing text layers and failed readings of the
    attachments of ``body_id``'s meetings."""
    return bool(user is not None and body_may_edit(user, body_id))


def sees_agreement_document_notes(user: Any, body_id: int) -> bool:
    """The same for the documents of the agreements that ``body_id`` is responsible for."""
    return bool(user is not None and body_keeps_agreements(user, body_id))
