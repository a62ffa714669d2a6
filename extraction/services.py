"""Reading and storing the text of meetings attachments (issue 16).

The worker calls :func:`attachment_text_extract` after an upload commits; the command
``extract_attachment_texts`` calls it for files that were there before. Search reads the result
through ``extraction.selectors`` and learns of it from ``extraction.signals``.
"""

from __future__ import annotations

import hashlib
from typing import IO, cast

from django.db import transaction
from django.utils import timezone

from extraction import extractors
from extraction.models import AttachmentText, ExtractionStatus
from extraction.signals import attachment_text_ready
from meetings.models import Attachment

# Larger than any attachment may be (meetings: 25 MB): a file beyond it is not read at all.
MAX_FILE_BYTES = 64 * 1024 * 1024

# The outcomes whose bytes need no second reading. A failure is tried again when asked (the
# command's --missing): it may have been the storage's, not the file's.
SETTLED = (ExtractionStatus.DONE, ExtractionStatus.UNSUPPORTED)


class _TooLarge(Exception):
    pass


def _read(attachment: Attachment) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256, read in chunks up to ``MAX_FILE_BYTES``."""
    digest = hashlib.sha256()
    data = bytearray()
    with attachment.file.open("rb") as handle:
        stream = cast(IO[bytes], handle)
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
            data += chunk
            if len(data) > MAX_FILE_BYTES:
                raise _TooLarge
    return bytes(data), digest.hexdigest()


def _send_ready(attachment_id: int) -> None:
    def send() -> None:
        attachment_text_ready.send(sender=AttachmentText, attachment_id=attachment_id)

    transaction.on_commit(send, robust=True)


def attachment_text_extract(*, attachment_id: int, force: bool = False) -> AttachmentText | None:
    """Read the text of one attachment and store it with its page count and state.

    Rules:

    - The same bytes are read once: when the row was made from a file with the same SHA-256
      (read, or found unsupported), nothing happens; when another attachment's row was, its
      result is copied. ``force`` reads the file again regardless.
    - A file that cannot be read (broken, encrypted, a zip bomb, too large, missing) is
      recorded as failed with a short reason, never raised: retrying the same bytes gives
      the same answer. Images, spreadsheets and slides are recorded as unsupported.
    - Anything else (storage, database) is raised, for the task to retry.

    Returns the row, or None when the attachment no longer exists. After a change is stored,
    ``attachment_text_ready`` is sent once the transaction commits.
    """
    attachment = Attachment.all_objects.filter(pk=attachment_id).first()
    if attachment is None:
        return None
    row, _created = AttachmentText.objects.get_or_create(attachment=attachment)
    try:
        data, digest = _read(attachment)
    except _TooLarge:
        return _store(row, sha256="", failed=f"larger than {MAX_FILE_BYTES // 2**20} MB")
    except FileNotFoundError:
        return _store(row, sha256="", failed="the file is missing from storage")
    if not force and row.sha256 == digest and row.status in SETTLED:
        return row
    if not force:
        twin = (
            AttachmentText.objects.filter(sha256=digest, status__in=SETTLED)
            .exclude(pk=row.pk)
            .order_by("-extracted_at")
            .first()
        )
        if twin is not None:
            return _store(row, sha256=digest, copy_of=twin)
    try:
        extracted = extractors.extract(data, attachment.content_type)
    except extractors.Unsupported:
        return _store(row, sha256=digest, unsupported=True)
    except extractors.ExtractionFailed as failure:
        return _store(row, sha256=digest, failed=failure.reason)
    return _store(row, sha256=digest, extracted=extracted)


@transaction.atomic
def _store(
    row: AttachmentText,
    *,
    sha256: str,
    extracted: extractors.Extracted | None = None,
    copy_of: AttachmentText | None = None,
    failed: str = "",
    unsupported: bool = False,
) -> AttachmentText:
    # Locked, so two workers reading the same attachment write one after the other; the
    # outcome is the same either way (same bytes, same text).
    row = AttachmentText.objects.select_for_update().get(pk=row.pk)
    source = copy_of or extracted
    row.sha256 = sha256
    row.text = source.text if source else ""
    row.page_count = source.page_count if source else None
    row.has_text_layer = bool(source and source.has_text_layer)
    row.truncated = bool(source and source.truncated)
    if copy_of is not None:
        row.status, row.error = copy_of.status, copy_of.error
    elif failed:
        row.status, row.error = ExtractionStatus.FAILED, failed[:300]
    elif unsupported:
        row.status, row.error = ExtractionStatus.UNSUPPORTED, ""
    else:
        row.status, row.error = ExtractionStatus.DONE, ""
    row.extracted_at = timezone.now()
    row.save()
    _send_ready(row.attachment_id)
    return row


def attachment_text_fail(*, attachment_id: int, error: str) -> None:
    """Record that reading failed for good (the task's last retry): the secretariat sees it,
    and the command's ``--missing`` tries again."""
    with transaction.atomic():
        updated = AttachmentText.objects.filter(attachment_id=attachment_id).update(
            status=ExtractionStatus.FAILED, error=error[:300], extracted_at=timezone.now()
        )
        if updated:
            _send_ready(attachment_id)


def attachment_ids_to_extract(*, only_missing: bool) -> list[int]:
    """Attachments to read: all (in the bin and withdrawn ones too: search decides what to
    show), or only those without a finished result (no row, pending or failed)."""
    attachments = Attachment.all_objects.order_by("pk")
    if only_missing:
        attachments = attachments.exclude(
            extracted_text__status__in=(ExtractionStatus.DONE, ExtractionStatus.UNSUPPORTED)
        )
    return list(attachments.values_list("pk", flat=True))
