"""Real files for the tests: PDFs rendered by WeasyPrint, Word files zipped here."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from base64 import b64encode
from html import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def pdf_with_pages(*pages: str) -> bytes:
    """A PDF with one page per text (a real text layer)."""
    from weasyprint import HTML

    body = "".join(
        f'<section style="break-after: page"><p>{escape(text)}</p></section>' for text in pages
    )
    return HTML(string=f'<html lang="da"><body>{body}</body></html>').write_pdf()


def png(width: int = 40, height: int = 40) -> bytes:
    """A grey PNG, made without an imaging library."""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def image_only_pdf(pages: int = 2) -> bytes:
    """What a scanner makes: pages that are pictures, no text."""
    from weasyprint import HTML

    source = "data:image/png;base64," + b64encode(png()).decode()
    body = "".join(
        f'<div style="break-after: page"><img src="{source}" alt="" width="400"></div>'
        for _ in range(pages)
    )
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def document_xml(paragraphs: list[str], *, table: list[str] | None = None) -> str:
    def paragraph(text: str) -> str:
        # Two runs per paragraph, as Word splits them: the text must come back whole.
        half = len(text) // 2
        return (
            f'<w:p><w:r><w:t xml:space="preserve">{escape(text[:half])}</w:t></w:r>'
            f'<w:r><w:t xml:space="preserve">{escape(text[half:])}</w:t></w:r></w:p>'
        )

    cells = ""
    if table:
        cells = (
            "<w:tbl><w:tr>"
            + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in table)
            + "</w:tr></w:tbl>"
        )
    deleted = "<w:p><w:del><w:r><w:delText>slettet tekst</w:delText></w:r></w:del></w:p>"
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}">'
        f"<w:body>{''.join(paragraph(p) for p in paragraphs)}{cells}{deleted}</w:body>"
        "</w:document>"
    )


def docx(
    paragraphs: list[str],
    *,
    pages: int | None = None,
    table: list[str] | None = None,
    document: str | bytes | None = None,
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr(
            "word/document.xml",
            document if document is not None else document_xml(paragraphs, table=table),
        )
        if pages is not None:
            archive.writestr(
                "docProps/app.xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'extended-properties"><Pages>{pages}</Pages><Words>12</Words></Properties>',
            )
    return buffer.getvalue()


def zip_bomb_docx(megabytes: int = 20) -> bytes:
    """A Word file whose document.xml is a few kB packed and ``megabytes`` unpacked."""
    filler = b" " * (megabytes * 1024 * 1024)
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
        + filler
        + b"</w:body></w:document>"
    )
    return docx([], document=document)
