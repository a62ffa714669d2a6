"""Reading and storing the text of meetings attachments, agreement documents and evaluations'
documents (issue 16).

The worker calls :func:`attachment_text_extract` (or
:func:`agreement_document_text_extract`, :func:`evaluation_text_extract`) after an upload
commits; the command ``extract_attachment_texts`` calls them for files that were there
before. Search reads the result through ``extraction.selectors`` and learns of it from
``extraction.signals``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import IO, Any, TypeVar, cast

from django.db import models, transaction
from django.utils import timezone

from agreements.models import AgreementDocument, Evaluation
from extraction import extractors
from extraction.models import (
    AgreementDocumentText,
    AttachmentText,
    EvaluationText,
    ExtractedText,
    ExtractionStatus,
)
from extraction.signals import (
    agreement_document_text_ready,
    attachment_text_ready,
    evaluation_text_ready,
)
from meetings.models import Attachment

# Larger than any attachment may be (meetings: 25 MB): a file beyond it is not read at all.
MAX_FILE_BYTES = 64 * 1024 * 1024

# The outcomes whose bytes need no second reading. A failure is tried again when asked (the
# command's --missing): it may have been the storage's, not the file's.
SETTLED = (ExtractionStatus.DONE, ExtractionStatus.UNSUPPORTED)


Row = TypeVar("Row", bound=ExtractedText)


class _TooLarge(Exception):
    pass


def _read(file: Any) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256, read in chunks up to ``MAX_FILE_BYTES``."""
    digest = hashlib.sha256()
    data = bytearray()
    with file.open("rb") as handle:
        stream = cast(IO[bytes], handle)
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
            data += chunk
            if len(data) > MAX_FILE_BYTES:
                raise _TooLarge
    return bytes(data), digest.hexdigest()


# Per kind of row: the signal that tells search of its change, and the owner's key it names.
_READY: dict[type[ExtractedText], tuple[Any, str]] = {
    AttachmentText: (attachment_text_ready, "attachment_id"),
    AgreementDocumentText: (agreement_document_text_ready, "document_id"),
    EvaluationText: (evaluation_text_ready, "evaluation_id"),
}


def _ready_of(row: ExtractedText) -> Callable[[], None]:
    """The signal that tells search of this row's change, as a function to send it."""
    signal, key = _READY[type(row)]

    def send() -> None:
        signal.send(sender=type(row), **{key: getattr(row, key)})

    return send


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
    return _extract(row, attachment.file, attachment.content_type, force=force)


def agreement_document_text_extract(
    *, document_id: int, force: bool = False
) -> AgreementDocumentText | None:
    """Read the text of one agreement document, by the rules of
    :func:`attachment_text_extract` (identical bytes copied from another document's row).
    Internal documents are read too: search decides who finds their words
    (``agreements.access``). After a change, ``agreement_document_text_ready`` is sent once
    the transaction commits."""
    document = AgreementDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None
    row, _created = AgreementDocumentText.objects.get_or_create(document=document)
    return _extract(row, document.file, document.content_type, force=force)


def evaluation_text_extract(*, evaluation_id: int, force: bool = False) -> EvaluationText | None:
    """Read the text of an agreement evaluation's document, by the rules of
    :func:`attachment_text_extract`. Returns None when the evaluation no longer exists or has
    no document (yet). After a change, ``evaluation_text_ready`` is sent once the
    transaction commits."""
    evaluation = Evaluation.objects.filter(pk=evaluation_id).first()
    if evaluation is None or not evaluation.document:
        return None
    row, _created = EvaluationText.objects.get_or_create(evaluation=evaluation)
    return _extract(row, evaluation.document, evaluation.document_content_type, force=force)


def _extract(row: Row, file: Any, content_type: str, *, force: bool) -> Row:
    try:
        data, digest = _read(file)
    except _TooLarge:
        return _store(row, sha256="", failed=f"larger than {MAX_FILE_BYTES // 2**20} MB")
    except FileNotFoundError:
        return _store(row, sha256="", failed="the file is missing from storage")
    if not force and row.sha256 == digest and row.status in SETTLED:
        return row
    if not force:
        twin = (
            type(row)
            ._default_manager.filter(sha256=digest, status__in=SETTLED)
            .exclude(pk=row.pk)
            .order_by("-extracted_at")
            .first()
        )
        if twin is not None:
            return _store(row, sha256=digest, copy_of=twin)
    try:
        extracted = extractors.extract(data, content_type)
    except extractors.Unsupported:
        return _store(row, sha256=digest, unsupported=True)
    except extractors.ExtractionFailed as failure:
        return _store(row, sha256=digest, failed=failure.reason)
    return _store(row, sha256=digest, extracted=extracted)


@transaction.atomic
def _store(
    row: Row,
    *,
    sha256: str,
    extracted: extractors.Extracted | None = None,
    copy_of: ExtractedText | None = None,
    failed: str = "",
    unsupported: bool = False,
) -> Row:
    # Locked, so two workers reading the same file write one after the other; the outcome
    # is the same either way (same bytes, same text).
    row = type(row)._default_manager.select_for_update().get(pk=row.pk)
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
    transaction.on_commit(_ready_of(row), robust=True)
    return row


def attachment_text_fail(*, attachment_id: int, error: str) -> None:
    """Record that reading failed for good (the task's last retry): the secretariat sees it,
    and the command's ``--missing`` tries again."""
    _fail(AttachmentText.objects.filter(attachment_id=attachment_id), error)


def agreement_document_text_fail(*, document_id: int, error: str) -> None:
    """As :func:`attachment_text_fail`, for an agreement document."""
    _fail(AgreementDocumentText.objects.filter(document_id=document_id), error)


def evaluation_text_fail(*, evaluation_id: int, error: str) -> None:
    """As :func:`attachment_text_fail`, for an evaluation's document."""
    _fail(EvaluationText.objects.filter(evaluation_id=evaluation_id), error)


def _fail(rows: models.QuerySet[Any], error: str) -> None:
    with transaction.atomic():
        row = rows.select_for_update().first()
        if row is None:
            return
        row.status, row.error, row.extracted_at = (
            ExtractionStatus.FAILED,
            error[:300],
            timezone.now(),
        )
        row.save(update_fields=["status", "error", "extracted_at"])
        transaction.on_commit(_ready_of(row), robust=True)


def _missing(files: models.QuerySet[Any], only_missing: bool) -> list[int]:
    files = files.order_by("pk")
    if only_missing:
        files = files.exclude(
            extracted_text__status__in=(ExtractionStatus.DONE, ExtractionStatus.UNSUPPORTED)
        )
    return list(files.values_list("pk", flat=True))


def attachment_ids_to_extract(*, only_missing: bool) -> list[int]:
    """Attachments to read: all (in the bin and withdrawn ones too: search decides what to
    show), or only those without a finished result (no row, pending or failed)."""
    return _missing(Attachment.all_objects.all(), only_missing)


def agreement_document_ids_to_extract(*, only_missing: bool) -> list[int]:
    """Agreement documents to read (internal ones too), all or only those without a
    finished result."""
    return _missing(AgreementDocument.objects.all(), only_missing)


def evaluation_ids_to_extract(*, only_missing: bool) -> list[int]:
    """Evaluations with a document to read, all or only those without a finished result."""
    return _missing(Evaluation.objects.exclude(document=""), only_missing)
