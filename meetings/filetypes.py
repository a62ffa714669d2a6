"""What a secretary calls a file's type ("PDF", "Word"), from its checked content type."""

from __future__ import annotations

from core.uploads import DOCX, PDF, PPTX, XLSX

TYPE_LABELS = {
    PDF: "PDF",
    DOCX: "Word",
    XLSX: "Excel",
    PPTX: "PowerPoint",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
}


def type_label(content_type: str) -> str:
    """The short name of a file type; the subtype in capitals for one not listed."""
    if content_type in TYPE_LABELS:
        return TYPE_LABELS[content_type]
    return content_type.rsplit("/", 1)[-1].upper() if content_type else "?"
