"""Checks for every uploaded file the portal stores: by content, not by name.

Used by the meetings' attachments and the quotas' distribution agreement documents. A file
is allowed when its first bytes (and, for Office files, the parts inside the zip) show one
of the allowed types, its name is safe to store and show, and it is not larger than the limit.

Refused on purpose, whatever the file is called:

- Office files with macros or ActiveX controls (a ``.docm`` renamed to ``.docx`` is still
  a ``.docm``): a macro runs programs on the computer of the member who opens it.
- Old Office files (``.doc``, ``.xls``, ``.ppt``: OLE compound files, ``D0 CF 11 E0``),
  with or without macros. Looking for the ``VBA``/``_VBA_PROJECT``/``Macros`` streams
  finds Word's and Excel's Visual Basic macros, but not Excel 4.0 macro sheets (kept
  inside the ``Workbook`` stream), PowerPoint's macros (kept compressed inside the
  ``PowerPoint Document`` stream) or embedded OLE objects; an installer (``.msi``) is an
  OLE file too. Telling a harmless old file from a harmful one needs a full parser of
  three binary formats, while saving the file again as ``.docx``/``.xlsx``/``.pptx`` or PDF
  takes the secretary one click, so the honest rule is: no OLE files. The message says so.
- Names with bidirectional control characters: ``rapport`` + U+202E + ``xcod.pdf`` is
  shown as ``rapportfdp.docx``. Django's multipart parser already
  drops non-printable characters from uploaded names; this check also covers files that
  reach a service another way (demo loaders, commands, tests, a future API).
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Collection
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 25 * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]
ALLOWED_TYPES = frozenset({content_type for _sig, content_type in SIGNATURES} | {DOCX, XLSX, PPTX})

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Names of the storages and streams that hold Visual Basic macros in OLE files. Directory
# entries are stored in UTF-16LE; the plain spelling is searched too.
_OLE_MACRO_MARKERS = [
    marker
    for name in ("_VBA_PROJECT", "VBA\x00", "Macros\x00", "PROJECTwm")
    for marker in (name.encode("utf-16-le"), name.encode("ascii"))
]
_OOXML_PARTS = {
    "word/document.xml": DOCX,
    "xl/workbook.xml": XLSX,
    "ppt/presentation.xml": PPTX,
}

RISKY_EXTENSIONS = frozenset(
    {
        "exe",
        "bat",
        "cmd",
        "com",
        "js",
        "vbs",
        "scr",
        "msi",
        "ps1",
        "sh",
        "html",
        "htm",
        "svg",
        "jar",
    }
)

# Characters that change the direction text is shown in: embeddings and overrides
# (U+202A to U+202E), isolates (U+2066 to U+2069), the left-to-right, right-to-left and
# Arabic letter marks.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)


class UploadRefused(ValidationError):
    """A file the portal will not store; the message names the file and what to do."""


def shown_name(name: str) -> str:
    """The name as it may appear in a message: invisible characters made visible (�)."""
    return "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Cf") else c for c in name[:80])


def has_bidi_controls(name: str) -> bool:
    return any(c in BIDI_CONTROLS for c in name)


def dangerous_name(name: str) -> bool:
    """A name that could climb folders, hide, or pose as another kind of file."""
    if any(c in name for c in "/\\\x00") or any(ord(c) < 32 for c in name):
        return True
    if has_bidi_controls(name):
        return True
    if name.startswith(".") or ".." in name or len(name) > 200:
        return True
    return risky_extension(name) is not None


def risky_extension(name: str) -> str | None:
    """The first extension in the name that the portal never stores (``.exe``), or None.

    ``rapport.pdf.exe`` and ``bilag.exe.pdf`` both give ``.exe``: a program posing as a
    document, or a document named to pass for one.
    """
    parts = name.lower().split(".")
    return next((f".{part}" for part in parts[1:] if part in RISKY_EXTENSIONS), None)


def _read_all(upload: IO[bytes]) -> bytes:
    upload.seek(0)
    try:
        return upload.read()
    finally:
        upload.seek(0)


def _refuse_ole(name: str, content: bytes) -> UploadRefused:
    if any(marker in content for marker in _OLE_MACRO_MARKERS):
        return UploadRefused(
            _(
                "“%(name)s” is an old Office file (.doc, .xls or .ppt) with macros, which "
                "could run programs on the reader's computer. Save it without macros as "
                ".docx, .xlsx, .pptx or PDF and upload that."
            )
            % {"name": shown_name(name)}
        )
    return UploadRefused(
        _(
            "“%(name)s” is in the old Office format (.doc, .xls or .ppt), which can hide "
            "macros that the portal cannot check. Open it and save it as .docx, .xlsx, "
            ".pptx or PDF, then upload that."
        )
        % {"name": shown_name(name)}
    )


def _ooxml_has_macros(archive: zipfile.ZipFile) -> bool:
    """Visual Basic projects, Excel 4.0 macro sheets or ActiveX controls in an Office zip."""
    for member in archive.namelist():
        lowered = member.lower()
        base = lowered.rsplit("/", 1)[-1]
        if base.startswith("vbaproject") or base == "vbadata.xml":
            return True
        if "/macrosheets/" in f"/{lowered}" or "/activex/" in f"/{lowered}":
            return True
    try:
        with archive.open("[Content_Types].xml") as handle:
            types = handle.read(1024 * 1024).lower()  # a real one is a few kB
    except KeyError:
        return False
    return b"macroenabled" in types or b"vbaproject" in types or b"activex" in types


def detect_content_type(head: bytes, upload: IO[bytes]) -> str | None:
    """The file's type from its content, not from its name; None if not an allowed type.

    Raises :class:`UploadRefused` for Office files the portal refuses on purpose (old OLE
    files, Office files with macros or ActiveX controls), so the message can say why.
    """
    name = getattr(upload, "name", None) or "?"
    for signature, signature_type in SIGNATURES:
        if head.startswith(signature):
            return signature_type
    if head.startswith(OLE_SIGNATURE):
        raise _refuse_ole(name, _read_all(upload))
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                content_type = next(
                    (kind for part, kind in _OOXML_PARTS.items() if part in names), None
                )
                if content_type is not None and _ooxml_has_macros(archive):
                    raise UploadRefused(
                        _(
                            "“%(name)s” contains macros or ActiveX controls, which could run "
                            "programs on the reader's computer. Save it as an ordinary "
                            ".docx, .xlsx or .pptx file (without macros) or as PDF and "
                            "upload that."
                        )
                        % {"name": shown_name(name)}
                    )
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
            return None
        finally:
            upload.seek(0)
        return content_type
    return None


def upload_check(
    *,
    upload: IO[bytes],
    allowed_types: Collection[str] = ALLOWED_TYPES,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> str:
    """Check one uploaded file and return its content type; raise :class:`UploadRefused`.

    The order is the cheapest first: name, size, then content.
    """
    name = getattr(upload, "name", None) or "?"
    if has_bidi_controls(name):
        raise UploadRefused(
            _(
                "“%(name)s” contains invisible characters that change the reading direction, "
                "so its name can show a different type of file than it is. Rename the file "
                "and try again."
            )
            % {"name": shown_name(name)}
        )
    extension = risky_extension(name)
    last = "." + name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if extension is not None and last[1:] in RISKY_EXTENSIONS:
        raise UploadRefused(
            _("This file type is not allowed: %(extension)s (“%(name)s”).")
            % {"extension": last, "name": shown_name(name)}
        )
    if extension is not None:
        raise UploadRefused(
            _(
                "“%(name)s” has a second extension, %(extension)s, which is a file type that "
                "is not allowed and can hide what the file really is. Rename the file and "
                "try again."
            )
            % {"extension": extension, "name": shown_name(name)}
        )
    if dangerous_name(name):
        raise UploadRefused(
            _(
                "“%(name)s” has a name that cannot be stored safely (folders, control "
                "characters or a hidden file). Rename the file and try again."
            )
            % {"name": shown_name(name)}
        )
    size = getattr(upload, "size", None)
    if size is None:
        size = len(_read_all(upload))
    if size > max_bytes:
        raise UploadRefused(
            _("%(name)s is %(size)d MB; the limit is %(limit)d MB.")
            % {"name": shown_name(name), "size": size // 2**20, "limit": max_bytes // 2**20}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = detect_content_type(head, upload)
    if content_type is None or content_type not in allowed_types:
        if set(allowed_types) == {PDF}:
            message = _("“%(name)s” is not a PDF file (checked by its content, not its name).")
        else:
            message = _(
                "%(name)s is not a PDF, image, Word, Excel or PowerPoint file (checked by its "
                "content, not its name)."
            )
        raise UploadRefused(message % {"name": shown_name(name)})
    return content_type
