"""Queue the reading of an uploaded file's text once its upload has committed."""

from __future__ import annotations

from typing import Any

from django.db import transaction


def _on_save(task_name: str, key: str, file_field: str = "file") -> Any:
    """A ``post_save`` receiver that queues ``task_name`` for a new file, or one saved with
    its file possibly changed, after commit.

    A save that names its fields and not ``file_field`` (a new title, the bin, a withdrawal,
    an internal document made public) leaves the bytes as they were, so nothing is queued;
    nor is anything for a record without a file (an evaluation not yet done). Fixtures
    (``raw``) are left alone: the command reads them."""

    def receive(
        sender: Any,
        instance: Any,
        created: bool,
        update_fields: frozenset[str] | None = None,
        raw: bool = False,
        **_kwargs: Any,
    ) -> None:
        if raw or (update_fields is not None and file_field not in update_fields):
            return
        if not getattr(instance, file_field):
            return
        pk = instance.pk

        def enqueue() -> None:
            from extraction import tasks

            getattr(tasks, task_name).delay(**{key: pk})

        # robust: if the broker is down, the upload still stands; the command catches up.
        transaction.on_commit(enqueue, robust=True)

    return receive


attachment_saved = _on_save("extract_attachment_text", "attachment_id")
agreement_document_saved = _on_save("extract_agreement_document_text", "document_id")
evaluation_saved = _on_save("extract_evaluation_text", "evaluation_id", "document")
