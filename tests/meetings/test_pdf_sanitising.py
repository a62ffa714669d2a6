"""Scripts, launch actions and embedded files in uploaded PDFs never reach the portal's
own combined PDF: the attachment is appended, its active content is not."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from core.pdf import Appendix, html_to_pdf, pdf_append
from meetings import services
from meetings.models import MeetingPdf

WEB = ("http://", "https://", "mailto:")
UNSAFE = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE"}


def _name(value: str) -> NameObject:
    return NameObject(value)


def _action(kind: str, **entries: object) -> DictionaryObject:
    action = DictionaryObject({_name("/Type"): _name("/Action"), _name("/S"): _name(kind)})
    for key, value in entries.items():
        action[_name(f"/{key}")] = value
    return action


def _rect() -> ArrayObject:
    return ArrayObject([FloatObject(50), FloatObject(50), FloatObject(200), FloatObject(80)])


def _annotation(subtype: str, **entries: object) -> DictionaryObject:
    annotation = DictionaryObject(
        {
            _name("/Type"): _name("/Annot"),
            _name("/Subtype"): _name(subtype),
            _name("/Rect"): _rect(),
        }
    )
    for key, value in entries.items():
        annotation[_name(f"/{key}")] = value
    return annotation


def hostile_pdf() -> bytes:
    """A one-page PDF with every kind of active content the portal strips, and one
    ordinary web link that must survive."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    script = _action("/JavaScript", JS=TextStringObject("app.alert('hej')"))
    launch = _action("/Launch", F=TextStringObject("C:\\Windows\\System32\\calc.exe"))
    root = writer.root_object
    root[_name("/OpenAction")] = script
    root[_name("/AA")] = DictionaryObject({_name("/WC"): script})
    root[_name("/Names")] = DictionaryObject(
        {
            _name("/JavaScript"): DictionaryObject(
                {_name("/Names"): ArrayObject([TextStringObject("start"), script])}
            )
        }
    )
    writer.add_attachment("faktura.exe", b"MZ\x90\x00")
    page = writer.pages[0]
    page[_name("/AA")] = DictionaryObject({_name("/O"): launch, _name("/C"): script})
    writer.add_annotation(0, _annotation("/Link", A=launch))
    writer.add_annotation(0, _annotation("/Link", A=script))
    chained = _action("/URI", URI=TextStringObject("https://example.org/"), Next=script)
    writer.add_annotation(0, _annotation("/Link", A=chained))
    writer.add_annotation(
        0, _annotation("/Link", A=_action("/URI", URI=TextStringObject("file:///etc/passwd")))
    )
    writer.add_annotation(
        0, _annotation("/Link", A=_action("/SubmitForm", F=TextStringObject("http://x/")))
    )
    writer.add_annotation(
        0, _annotation("/Link", A=_action("/URI", URI=TextStringObject("https://www.kl.dk/")))
    )
    field = writer.add_annotation(
        0,
        _annotation(
            "/Widget",
            FT=_name("/Tx"),
            T=TextStringObject("belob"),
            AA=DictionaryObject({_name("/K"): script}),
            F=NumberObject(4),
        ),
    )
    root[_name("/AcroForm")] = DictionaryObject(
        {
            _name("/Fields"): ArrayObject([field.indirect_reference]),
            _name("/XFA"): TextStringObject("<xdp:xdp/>"),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def active_content(content: bytes) -> list[str]:
    """Every action, script, additional-action or embedded-file entry anywhere in the file,
    found by walking the whole object graph from the document catalog."""
    reader = PdfReader(io.BytesIO(content))
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    pending: list[object] = [reader.trailer["/Root"]]
    while pending:
        item = pending.pop()
        reference = getattr(item, "indirect_reference", None)
        if hasattr(item, "idnum"):  # an IndirectObject
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        del reference
        if isinstance(item, dict):
            for key in ("/OpenAction", "/AA", "/JS", "/EmbeddedFiles", "/XFA", "/EF"):
                if key in item:
                    found.append(key)
            if item.get("/S") in UNSAFE:
                found.append(str(item["/S"]))
            if item.get("/S") == "/URI" and not str(item["/URI"]).startswith(WEB):
                found.append(f"/URI {item['/URI']}")
            if item.get("/Subtype") == "/FileAttachment":
                found.append("/FileAttachment")
            names = item.get("/Names")
            if isinstance(names, dict) and "/JavaScript" in names:
                found.append("/Names /JavaScript")
            pending.extend(v for k, v in item.items() if k not in ("/Parent", "/P"))
        elif isinstance(item, list):
            pending.extend(item)
    return found


def _links(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [
        str(annotation.get_object()["/A"].get("/URI"))
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link" and "/A" in annotation.get_object()
    ]


def test_the_hostile_test_file_really_carries_active_content() -> None:
    found = set(active_content(hostile_pdf()))
    assert {"/OpenAction", "/AA", "/JS", "/EmbeddedFiles", "/Launch", "/JavaScript"} <= found


def test_appending_keeps_the_pages_and_web_links_but_no_active_content() -> None:
    document = html_to_pdf(
        '<html lang="da"><head><title>Dagsorden</title></head><body><h1>Dagsorden</h1>'
        '<p><a href="https://www.kkr.dk/">KKR</a></p></body></html>'
    )
    combined, skipped = pdf_append(document, [Appendix("Bilag 1: Regnskab", hostile_pdf())])
    assert skipped == []
    assert len(PdfReader(io.BytesIO(combined)).pages) == 2
    assert active_content(combined) == []
    assert "https://www.kl.dk/" in _links(combined)  # the attachment's own web link
    assert "https://www.kkr.dk/" in _links(combined)  # and the document's
    widgets = [
        annotation.get_object()
        for annotation in PdfReader(io.BytesIO(combined)).pages[1].get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Widget"
    ]
    assert len(widgets) == 1 and "/AA" not in widgets[0]  # the field stays, its script goes


def test_a_hostile_attachment_reaches_the_combined_meeting_pdf_without_its_scripts(meeting):
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Regnskab")
    services.attachments_add(
        actor=None,
        item=item,
        files=[("Regnskab 2025", SimpleUploadedFile("regnskab.pdf", hostile_pdf()))],
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    for meeting_pdf in MeetingPdf.objects.filter(version__meeting=meeting):
        # Nothing is closed: the first rendering produces both editions.
        services.meeting_pdf_render(pdf_id=meeting_pdf.pk)
        meeting_pdf.refresh_from_db()
        assert meeting_pdf.status == MeetingPdf.Status.READY
        with meeting_pdf.combined_file.open("rb") as handle:
            combined = handle.read()
        assert meeting_pdf.combined_pages == meeting_pdf.pages + 1  # the attachment is there
        assert active_content(combined) == []
        assert "https://www.kl.dk/" in _links(combined)
