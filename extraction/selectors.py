"""Reads of the text of attachments, agreement documents and evaluations' documents, for
search and for the lists of files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agreements.models import AgreementDocument, Evaluation
from extraction.models import (
    AgreementDocumentText,
    AttachmentText,
    EvaluationText,
    ExtractionStatus,
)
from meetings.models import Attachment


def attachment_text(attachment: Attachment | int) -> str:
    """The text read from an attachment ("" when none: not read yet, failed, unsupported, or
    a scan without text). What search indexes (weight D); whether the searcher may see the
    attachment is search's question to ``meetings.access``, not this function's."""
    attachment_id = attachment if isinstance(attachment, int) else attachment.pk
    text = (
        AttachmentText.objects.filter(attachment_id=attachment_id, status=ExtractionStatus.DONE)
        .values_list("text", flat=True)
        .first()
    )
    return text or ""


def attachment_texts(attachment_ids: list[int]) -> dict[int, str]:
    """The texts of many attachments in one query (for a bulk reindex); missing ones are left
    out."""
    return dict(
        AttachmentText.objects.filter(
            attachment_id__in=attachment_ids, status=ExtractionStatus.DONE
        ).values_list("attachment_id", "text")
    )


def agreement_document_texts(document_ids: list[int]) -> dict[int, str]:
    """The texts read from agreement documents, in one query; missing ones are left out.
    Whether a searcher may see a document is search's question to ``agreements.access``."""
    return dict(
        AgreementDocumentText.objects.filter(
            document_id__in=document_ids, status=ExtractionStatus.DONE
        ).values_list("document_id", "text")
    )


def evaluation_texts(evaluation_ids: list[int]) -> dict[int, str]:
    """The texts read from evaluations' documents, in one query; missing ones are left out.
    An evaluation is seen by whoever sees its agreement (``agreements.access``)."""
    return dict(
        EvaluationText.objects.filter(
            evaluation_id__in=evaluation_ids, status=ExtractionStatus.DONE
        ).values_list("evaluation_id", "text")
    )


@dataclass(frozen=True)
class TextNote:
    """What the attachment list says about one file's text."""

    page_count: int | None
    status: str
    has_text_layer: bool
    body_id: int


# The columns of a note, after the file's pk and its body's.
_NOTE_COLUMNS = (
    "extracted_text__page_count",
    "extracted_text__status",
    "extracted_text__has_text_layer",
)


def _note(body_id: int, pages: int | None, status: str | None, layer: bool | None) -> TextNote:
    return TextNote(
        page_count=pages,
        status=status or ExtractionStatus.PENDING,
        has_text_layer=bool(layer),
        body_id=body_id,
    )


def _notes(rows: Any) -> dict[int, TextNote]:
    return {pk: _note(body_id, *rest) for pk, body_id, *rest in rows}


def text_notes_for_item(item_id: int) -> dict[int, TextNote]:
    """The notes of every attachment of an item, in one query (the bin's too)."""
    rows = Attachment.all_objects.filter(item_id=item_id).values_list(
        "pk", "item__meeting__body_id", *_NOTE_COLUMNS
    )
    return _notes(rows)


def text_note_for(attachment: Any) -> TextNote | None:
    """The note of one attachment (a model instance, or a published version's dict with
    ``pk``), for a page that shows a single file."""
    pk = attachment.get("pk") if isinstance(attachment, dict) else getattr(attachment, "pk", None)
    if pk is None:
        return None
    row = (
        Attachment.all_objects.filter(pk=pk)
        .values_list("item__meeting__body_id", *_NOTE_COLUMNS)
        .first()
    )
    return None if row is None else _note(*row)


def text_notes_for_agreement(agreement_id: int) -> dict[int, TextNote]:
    """The notes of every document of an agreement, in one query (``body_id``: the
    agreement's responsible body)."""
    rows = AgreementDocument.objects.filter(agreement_id=agreement_id).values_list(
        "pk", "agreement__body_id", *_NOTE_COLUMNS
    )
    return _notes(rows)


def text_notes_for_evaluations(agreement_id: int) -> dict[int, TextNote]:
    """The notes of the documents of every evaluation of an agreement, in one query."""
    rows = (
        Evaluation.objects.filter(agreement_id=agreement_id)
        .exclude(document="")
        .values_list("pk", "agreement__body_id", *_NOTE_COLUMNS)
    )
    return _notes(rows)
