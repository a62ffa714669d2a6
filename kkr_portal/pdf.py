"""PDF rendering for the whole portal: HTML in, tagged PDF out, and joining PDFs.

Documents are rendered by WeasyPrint as PDF/UA-1 (tagged, with the language and title
from the HTML), in IBM Plex Sans, the font of the web pages, vendored with DKFDS.
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
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


@functools.cache
def _font_files() -> list[tuple[Path, int, str]]:
    """The vendored WOFF2 fonts unpacked to TrueType once per machine: unpacking them took
    about 0.1 s per font on every PDF."""
    from fontTools.ttLib import TTFont

    source = FONT_DIR / "complete" / "woff2"
    cache = Path(tempfile.gettempdir()) / f"kkr-portal-fonts-{os.getuid()}"
    cache.mkdir(mode=0o700, exist_ok=True)
    files = []
    for name, weight, style in FONT_FACES:
        target = cache / name.replace(".woff2", ".ttf")
        if not target.exists():
            font = TTFont(source / name)
            font.flavor = None
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            font.save(partial)
            os.replace(partial, target)  # atomic: another process never reads half a font
        files.append((target, weight, style))
    return files


def font_css() -> str:
    """``@font-face`` rules for the PDF font, pointing at files on this machine."""
    return "\n".join(
        f'@font-face {{ font-family: "IBM Plex Sans"; src: url("{path.as_uri()}");'
        f" font-weight: {weight}; font-style: {style}; }}"
        for path, weight, style in _font_files()
    )


def html_to_pdf(html: str) -> bytes:
    """Render a complete HTML document as a PDF/UA-1 file.

    The document's ``<title>`` and ``lang`` become the PDF's title and language; its
    headings become the bookmarks. The fonts are added here, where the PDF is made, so a
    document stored on one machine renders with the fonts of the worker that renders it.
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[weasyprint.CSS(string=font_css(), font_config=fonts)],
        font_config=fonts,
        pdf_variant="pdf/ua-1",
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
