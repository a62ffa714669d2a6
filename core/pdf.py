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
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from pypdf import PdfWriter

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
    """The document followed by each appendix, each bookmarked at its first page (the
    document itself, unchanged, when there are none).

    Returns the joined PDF and the bookmarks of the appendices that could not be read
    (a damaged or encrypted file is skipped, not fatal: the document is still useful).
    Uploaded PDFs may carry JavaScript, launch actions and embedded files: the joined file
    is passed through :func:`pdf_strip_active_content`, so none of it reaches readers of
    the portal's own PDF.
    """
    if not appendices:
        # Nothing uploaded to join or strip: the document is the portal's own rendering of
        # sanitised HTML (links only to http, https and mailto), as every other PDF the
        # portal makes is served. Copying it through pypdf took about a quarter of an
        # agenda's time and doubled its size.
        return document, []
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
    pdf_strip_active_content(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), skipped


# Actions that run code, open or send files, or reach outside the document. What remains
# (/GoTo inside the document, /URI to the web or an e-mail address, /Named such as "next
# page") only moves the reader around.
UNSAFE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/GoTo3DView",
        "/Rendition",
        "/RichMediaExecute",
        "/Movie",
        "/Sound",
    }
)
# Annotations that are themselves files, media or 3D content (which may carry scripts).
UNSAFE_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Screen", "/Movie", "/Sound", "/RichMedia", "/3D"}
)
SAFE_URI_SCHEMES = ("http://", "https://", "mailto:")


def _unsafe_action(action: object, depth: int = 0) -> bool:
    """True if the action, or any action chained after it with /Next, is not harmless."""
    from pypdf.generic import ArrayObject, DictionaryObject

    action = getattr(action, "get_object", lambda: action)()
    if action is None:
        return False
    if depth > 20:  # a chain this long (or a loop) is not a reading aid
        return True
    if isinstance(action, ArrayObject):
        return any(_unsafe_action(a, depth + 1) for a in action)
    if not isinstance(action, DictionaryObject):
        return False
    kind = action.get("/S")
    if kind in UNSAFE_ACTIONS or "/JS" in action:
        return True
    if kind == "/URI":
        uri = str(action.get("/URI", "")).strip().lower()
        if not uri.startswith(SAFE_URI_SCHEMES):
            return True
    return _unsafe_action(action.get("/Next"), depth + 1)


def pdf_strip_active_content(writer: PdfWriter) -> None:
    """Remove from ``writer`` everything a PDF reader could run or open on its own.

    Document: the open action, document actions (/AA), named JavaScript, embedded files
    and the XFA form (which may hold scripts). Pages: page actions (/AA). Annotations:
    links with an unsafe action are removed; other annotations (form fields keep their
    look) lose unsafe actions and every /AA; file-attachment, media and 3D annotations
    are removed. Form fields lose their actions too.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    root = writer.root_object
    for key in ("/OpenAction", "/AA"):
        root.pop(NameObject(key), None)
    names = root.get("/Names")
    if names is not None and isinstance(names.get_object(), DictionaryObject):
        for key in ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations"):
            names.get_object().pop(NameObject(key), None)
    form = root.get("/AcroForm")
    if form is not None and isinstance(form.get_object(), DictionaryObject):
        form = form.get_object()
        form.pop(NameObject("/XFA"), None)
        pending, seen = list(form.get("/Fields", [])), set()
        while pending:
            field = pending.pop().get_object()
            if not isinstance(field, DictionaryObject) or id(field) in seen:
                continue
            seen.add(id(field))
            field.pop(NameObject("/AA"), None)
            if _unsafe_action(field.get("/A")):
                field.pop(NameObject("/A"), None)
            pending.extend(field.get("/Kids", []))
    for page in writer.pages:
        page.pop(NameObject("/AA"), None)
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept = ArrayObject()
        for reference in annotations.get_object():
            annotation = reference.get_object()
            if not isinstance(annotation, DictionaryObject):
                continue
            subtype = annotation.get("/Subtype")
            if subtype in UNSAFE_ANNOTATIONS:
                continue
            if _unsafe_action(annotation.get("/A")):
                if subtype == "/Link":
                    continue
                annotation.pop(NameObject("/A"), None)
            annotation.pop(NameObject("/AA"), None)
            kept.append(reference)
        page[NameObject("/Annots")] = kept


def pdf_page_count(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)
