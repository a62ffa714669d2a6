"""Reads of attachment text, for search and for the attachment lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extraction.models import AttachmentText, ExtractionStatus
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


@dataclass(frozen=True)
class TextNote:
    """What the attachment list says about one file's text."""

    page_count: int | None
    status: str
    has_text_layer: bool
    body_id: int


def text_notes_for_item(item_id: int) -> dict[int, TextNote]:
    """The notes of every attachment of an item, in one query (the bin's too)."""
    rows = Attachment.all_objects.filter(item_id=item_id).values_list(
        "pk",
        "item__meeting__body_id",
        "extracted_text__page_count",
        "extracted_text__status",
        "extracted_text__has_text_layer",
    )
    return {
        pk: TextNote(
            page_count=pages,
            status=status or ExtractionStatus.PENDING,
            has_text_layer=bool(layer),
            body_id=body_id,
        )
        for pk, body_id, pages, status, layer in rows
    }


def text_note_for(attachment: Any) -> TextNote | None:
    """The note of one attachment (a model instance, or a published version's dict with
    ``pk``), for a page that shows a single file."""
    pk = attachment.get("pk") if isinstance(attachment, dict) else getattr(attachment, "pk", None)
    if pk is None:
        return None
    row = (
        Attachment.all_objects.filter(pk=pk)
        .values_list(
            "item_id",
            "item__meeting__body_id",
            "extracted_text__page_count",
            "extracted_text__status",
            "extracted_text__has_text_layer",
        )
        .first()
    )
    if row is None:
        return None
    _item, body_id, pages, status, layer = row
    return TextNote(
        page_count=pages,
        status=status or ExtractionStatus.PENDING,
        has_text_layer=bool(layer),
        body_id=body_id,
    )
