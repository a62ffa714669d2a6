"""Queue the reading of an attachment's text once its upload has committed."""

from __future__ import annotations

from typing import Any

from django.db import transaction


def attachment_saved(
    sender: Any,
    instance: Any,
    created: bool,
    update_fields: frozenset[str] | None = None,
    raw: bool = False,
    **_kwargs: Any,
) -> None:
    """A new attachment, or one saved with its file possibly changed: read it after commit.

    A save that names its fields and not ``file`` (a new title, the bin, a withdrawal) leaves
    the bytes as they were, so nothing is queued. Fixtures (``raw``) are left alone: the
    command reads them."""
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    attachment_id = instance.pk

    def enqueue() -> None:
        from extraction.tasks import extract_attachment_text

        extract_attachment_text.delay(attachment_id=attachment_id)

    # robust: if the broker is down, the upload still stands; the command catches up.
    transaction.on_commit(enqueue, robust=True)
