"""PDF rendering for the whole portal: HTML in, tagged PDF out, and joining PDFs.

Documents are rendered by WeasyPrint as PDF/UA-1 (tagged, with the language and title
from the HTML), in IBM Plex Sans, the font of the web pages, vendored with DKFDS.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "dkfds" / "fonts" / "IBMPlexSans"
FONT_FACES = [
    ("IBMPlexSans-Regular.woff2", 400, "normal"),
    ("IBMPlexSans-Italic.woff2", 400, "italic"),
    ("IBMPlexSans-SemiBold.woff2", 600, "normal"),
    ("IBMPlexSans-Bold.woff2", 700, "normal"),
]


def font_css() -> str:
    """``@font-face`` rules pointing at the vendored font files."""
    folder = FONT_DIR / "complete" / "woff2"
    return "\n".join(
        f'@font-face {{ font-family: "IBM Plex Sans"; src: url("{(folder / name).as_uri()}");'
        f" font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in FONT_FACES
    )


def html_to_pdf(html: str) -> bytes:
    """Render a complete HTML document as a PDF/UA-1 file.

    The document's ``<title>`` and ``lang`` become the PDF's title and language; its
    headings become the bookmarks.
    """
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1"
    )


@dataclass(frozen=True)
class Appendix:
    bookmark: str
    content: bytes


def pdf_append(document: bytes, appendices: list[Appendix]) -> tuple[bytes, list[str]]:
    """The document followed by each appendix, each bookmarked at its first page.

    Returns the joined PDF and the bookmarks of the appendices that could not be read
    (a damaged or encrypted file is skipped, not fatal: the document is still useful).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(document)))
    skipped = []
    for appendix in appendices:
        try:
            reader = PdfReader(io.BytesIO(appendix.content))
            if reader.is_encrypted:
                raise PdfReadError("encrypted")
            first = len(writer.pages)
            writer.append(reader, import_outline=False)
        except (PdfReadError, ValueError, KeyError):
            skipped.append(appendix.bookmark)
            continue
        writer.add_outline_item(title=appendix.bookmark, page_number=first)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), skipped


def pdf_page_count(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)
