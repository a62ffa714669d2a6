"""Reading the text out of a file's bytes: PDF, Word (DOCX) and plain text. No database.

Every limit here protects the worker from a file, not from a person: an attachment has passed
the upload checks (``core.uploads``), but a valid file can still be hostile or broken.

- The text is cut at ``MAX_TEXT_CHARS`` (about 2 MB): enough for a 500-page report, and search
  weighs attachment text lowest anyway.
- A DOCX is a zip: the declared uncompressed size of each part is checked before it is read,
  and the reading stops at the limit too (a header can lie). A part that would grow more than
  ``MAX_COMPRESSION_RATIO`` times is refused as a zip bomb. XML with a DTD is refused (no
  entity expansion: Word never writes one).
- PDFs: pypdf limits each decompressed stream itself (75 MB, ``pypdf.filters``); only the first
  ``MAX_PDF_PAGES_READ`` pages are read for text, the page count is the whole document's.
- Anything a parser raises on a file is that file's problem: :class:`ExtractionFailed` with a
  short reason, never an error that would make the worker retry the same bytes.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from core.uploads import DOCX, PDF

MAX_TEXT_CHARS = 2_000_000
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_PDF_PAGES_READ = 10_000
TEXT_PLAIN = "text/plain"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


@dataclass(frozen=True)
class Extracted:
    """What was read from a file. ``has_text_layer`` is false when it yields no text at all
    (a scanned PDF: images of pages)."""

    text: str
    page_count: int | None
    has_text_layer: bool
    truncated: bool = False


class ExtractionFailed(Exception):
    """The file cannot be read: ``reason`` is a short technical note for the secretariat."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:300]


class Unsupported(Exception):
    """Not a type whose text is read (images, spreadsheets, slides)."""


def kind_of(data: bytes, content_type: str) -> str | None:
    """``"pdf"``, ``"docx"``, ``"text"`` or None, from the checked content type, else the bytes."""
    if content_type == PDF or data.startswith(b"%PDF-"):
        return "pdf"
    if content_type == DOCX:
        return "docx"
    if content_type.startswith(TEXT_PLAIN):
        return "text"
    return None


def extract(data: bytes, content_type: str) -> Extracted:
    """The text of a file. Raises :class:`Unsupported` or :class:`ExtractionFailed`."""
    kind = kind_of(data, content_type)
    if kind == "pdf":
        return extract_pdf(data)
    if kind == "docx":
        return extract_docx(data)
    if kind == "text":
        return extract_plain(data)
    raise Unsupported(content_type)


class _Text:
    """Text collected up to the cap; ``truncated`` once something did not fit."""

    def __init__(self, limit: int | None = None) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = MAX_TEXT_CHARS if limit is None else limit
        self.truncated = False

    @property
    def full(self) -> bool:
        return self.size >= self.limit

    def add(self, piece: str) -> None:
        if not piece:
            return
        room = self.limit - self.size
        if room <= 0:
            self.truncated = True
            return
        if len(piece) > room:
            piece = piece[:room]
            self.truncated = True
        self.parts.append(piece)
        self.size += len(piece)

    def value(self) -> str:
        return clean("".join(self.parts)).strip()


def clean(text: str) -> str:
    """What PostgreSQL's text type can hold: no NUL, no lone surrogates (a broken font map
    gives both)."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def _result(text: _Text, page_count: int | None) -> Extracted:
    value = text.value()
    return Extracted(
        text=value,
        page_count=page_count,
        has_text_layer=bool(value.strip()),
        truncated=text.truncated,
    )


# --- PDF -------------------------------------------------------------------------------------


def extract_pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader

    # pypdf warns about every small flaw of a file through logging; the outcome is recorded.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionFailed("the PDF is protected by a password")
        pages = reader.pages
        page_count = len(pages)
    except ExtractionFailed:
        raise
    except Exception as error:  # any parser error is the file's
        raise ExtractionFailed(f"not a readable PDF ({type(error).__name__})") from error
    text = _Text()
    unreadable = 0
    for number, page in enumerate(pages):
        if number >= MAX_PDF_PAGES_READ or text.full:
            text.truncated = True  # pages are left unread
            break
        try:
            page_text = page.extract_text() or ""
        except Exception:  # one broken page does not lose the others
            unreadable += 1
            continue
        if page_text.strip():
            text.add(page_text.strip() + "\n\n")
    if page_count and unreadable == page_count:
        raise ExtractionFailed("no page of the PDF could be read")
    return _result(text, page_count)


# --- DOCX ------------------------------------------------------------------------------------


def _read_part(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """A part of the zip, refused before reading when it declares more than ``limit`` bytes
    or an impossible compression ratio, and cut off when it turns out larger than declared."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise ExtractionFailed(f"{name} is too large uncompressed ({info.file_size} bytes)")
    if info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(
        info.compress_size, 1
    ):
        ratio = info.file_size // max(info.compress_size, 1)
        raise ExtractionFailed(f"{name} expands {ratio}×: refused as a zip bomb")
    out = bytearray()
    with archive.open(info) as handle:
        while chunk := handle.read(1024 * 1024):
            out += chunk
            if len(out) > limit or len(out) > info.file_size:
                raise ExtractionFailed(f"{name} is larger than its zip header says: refused")
    return bytes(out)


def _refuse_dtd(xml: bytes, name: str) -> None:
    # Entities are declared in a DTD; without one there is nothing to expand ("billion
    # laughs"). Word writes none.
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise ExtractionFailed(f"{name} declares a DTD: refused")


def extract_docx(data: bytes) -> Extracted:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ExtractionFailed("not a readable Word file (broken zip)") from error
    try:
        with archive:
            document = _read_part(archive, "word/document.xml", MAX_XML_BYTES)
            if document is None:
                raise ExtractionFailed("not a Word document (no word/document.xml)")
            _refuse_dtd(document, "word/document.xml")
            text = _docx_text(document)
            app = _read_part(archive, "docProps/app.xml", 1024 * 1024)
            page_count = _docx_pages(app) if app else None
    except ExtractionFailed:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, EOFError, OSError, ValueError) as error:
        raise ExtractionFailed(f"not a readable Word file ({type(error).__name__})") from error
    return _result(text, page_count)


def _docx_text(xml: bytes) -> _Text:
    """The paragraphs of ``word/document.xml`` (tables' cells are paragraphs too), one per
    line; tabs and line breaks kept; deleted text (tracked changes) and field codes left out."""
    text = _Text()
    paragraph: list[str] = []
    # The DTD was refused before (_refuse_dtd): nothing left for an XML attack to use.
    for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("end",)):  # noqa: S314
        del event
        tag = element.tag
        if tag == f"{_W}t":
            paragraph.append(element.text or "")
        elif tag == f"{_W}tab":
            paragraph.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            paragraph.append("\n")
        elif tag == f"{_W}p":
            line = "".join(paragraph).strip()
            paragraph = []
            if line:
                text.add(line + "\n")
            element.clear()  # keeps memory flat on a long document
            if text.full:
                text.truncated = True
                break
    return text


def _docx_pages(xml: bytes) -> int | None:
    """``<Pages>`` of ``docProps/app.xml``, as Word last counted them (absent from files made
    by some other programs)."""
    _refuse_dtd(xml, "docProps/app.xml")
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314  # no DTD (refused above)
    except ElementTree.ParseError:
        return None
    pages = root.find(f"{_EXTENDED}Pages")
    if pages is None or not (pages.text or "").strip().isdigit():
        return None
    return int((pages.text or "").strip())


# --- plain text ------------------------------------------------------------------------------


def extract_plain(data: bytes) -> Extracted:
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        decoded = data.decode("cp1252", "replace")  # what Danish Windows writes
    text = _Text()
    text.add(decoded)
    return _result(text, None)
