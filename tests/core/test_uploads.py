"""Upload checks (core/uploads.py) through the function, the services and the pages:
Office files with macros (also renamed), old OLE Office files and names with
bidirectional control characters are refused, and nothing is stored."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.uploads import (
    BIDI_CONTROLS,
    DOCX,
    OLE_SIGNATURE,
    PDF,
    PPTX,
    XLSX,
    UploadRefused,
    dangerous_name,
    upload_check,
)

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"
MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
FOLDER = {"docx": "word", "xlsx": "xl", "pptx": "ppt"}


def office_file(kind: str = "docx", *, vba: bool = False, macro_type: bool = False) -> bytes:
    """A minimal Office Open XML package; ``vba`` adds a Visual Basic project (as Word,
    Excel and PowerPoint store it), ``macro_type`` declares the macro-enabled type."""
    main = {
        "docx": "application/vnd.ms-word.document.macroEnabled.main+xml",
        "xlsx": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "pptx": "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    }[kind]
    if not macro_type:
        main = {"docx": DOCX, "xlsx": XLSX, "pptx": PPTX}[kind] + ".main+xml"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{MAIN_PART[kind]}" ContentType="{main}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(MAIN_PART[kind], "<document/>")
        if vba:
            archive.writestr(f"{FOLDER[kind]}/vbaProject.bin", OLE_SIGNATURE + b"\x00" * 504)
    return buffer.getvalue()


def ole_file(*, macros: bool) -> bytes:
    """The header of an OLE compound file (.doc/.xls/.ppt), with the directory entries of
    a Visual Basic project (names in UTF-16LE, as Office writes them) if ``macros``."""
    content = OLE_SIGNATURE + b"\x00" * 504
    if macros:
        for name in ("Macros", "VBA", "_VBA_PROJECT", "dir"):
            entry = (name + "\x00").encode("utf-16-le")
            content += entry + b"\x00" * (128 - len(entry))
    return content


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    upload = SimpleUploadedFile("placeholder", content)
    upload.name = name  # as a service could be given it, before any cleaning
    return upload


def _check(name: str, content: bytes, **kwargs: object) -> str:
    with translation.override("en"):
        return upload_check(upload=_upload(name, content), **kwargs)


def _refusal(name: str, content: bytes, **kwargs: object) -> str:
    with pytest.raises(UploadRefused) as refused:
        _check(name, content, **kwargs)
    return " ".join(refused.value.messages)


# --- The function ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx"])
def test_an_ordinary_office_file_is_accepted_by_its_content(kind: str) -> None:
    assert (
        _check(f"bilag.{kind}", office_file(kind))
        == {"docx": DOCX, "xlsx": XLSX, "pptx": PPTX}[kind]
    )


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx"])
@pytest.mark.parametrize(("vba", "macro_type"), [(True, True), (True, False), (False, True)])
def test_a_macro_enabled_office_file_renamed_to_an_allowed_type_is_refused(
    kind: str, vba: bool, macro_type: bool
) -> None:
    message = _refusal(f"bilag.{kind}", office_file(kind, vba=vba, macro_type=macro_type))
    assert "contains macros or ActiveX controls" in message and f"bilag.{kind}" in message


def test_an_old_office_file_with_macros_is_refused_saying_so() -> None:
    message = _refusal("budget.xls", ole_file(macros=True))
    assert "old Office file (.doc, .xls or .ppt) with macros" in message


def test_an_old_office_file_without_macros_is_refused_with_how_to_convert_it() -> None:
    message = _refusal("referat.doc", ole_file(macros=False))
    assert "old Office format" in message and "save it as .docx" in message


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_a_name_with_a_bidirectional_control_character_is_refused(control: str) -> None:
    name = f"rapport{control}xcod.pdf"
    assert dangerous_name(name)
    message = _refusal(name, PDF_BYTES)
    assert "change the reading direction" in message
    assert control not in message  # the name is shown with the character made visible
    assert "rapport\ufffdxcod.pdf" in message


def test_a_pdf_only_check_refuses_other_allowed_types_and_names_the_rule() -> None:
    assert _check("aftale.pdf", PDF_BYTES, allowed_types={PDF}) == PDF
    assert "is not a PDF file" in _refusal("aftale.docx", office_file(), allowed_types={PDF})


def test_a_file_over_the_limit_is_refused() -> None:
    assert "the limit is 1 MB" in _refusal("stor.pdf", PDF_BYTES + b"0" * 2**20, max_bytes=2**20)


def test_a_broken_zip_is_not_an_office_file() -> None:
    assert "is not a PDF, image, Word" in _refusal("x.docx", b"PK\x03\x04 broken")


# --- Meeting attachments: the service ----------------------------------------------------


@pytest.fixture
def item(demo):
    from councils.models import Body
    from meetings import services

    meeting = services.meeting_schedule(
        actor=None,
        body=Body.objects.get(slug="kd-net-midtjylland"),
        starts_at=timezone.make_aware(dt.datetime(2014, 8, 22, 9)),
    )
    return services.agenda_item_add(actor=None, meeting=meeting, title="Bilag")


REFUSED_FILES = {
    "renamed_docm": ("indstilling.docx", office_file("docx", vba=True, macro_type=True)),
    "renamed_xlsm": ("budget.xlsx", office_file("xlsx", vba=True)),
    "renamed_pptm": ("oplaeg.pptx", office_file("pptx", macro_type=True)),
    "ole_with_macros": ("budget.xls", ole_file(macros=True)),
    "ole_without_macros": ("referat.doc", ole_file(macros=False)),
    "bidi_name": ("rapport\u202excod.pdf", PDF_BYTES),
    "bidi_isolate": ("faktura\u2067exe.pdf", PDF_BYTES),
}


@pytest.mark.parametrize("case", sorted(REFUSED_FILES))
def test_the_attachment_service_refuses_the_file_and_stores_nothing(item, case: str) -> None:
    from meetings import services

    name, content = REFUSED_FILES[case]
    item.meeting.refresh_from_db()
    version = item.meeting.version
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.attachments_add(
            actor=None,
            item=item,
            files=[("God fil", _upload("god.pdf", PDF_BYTES)), ("", _upload(name, content))],
        )
    assert any(name[:6] in message for message in refused.value.messages)
    assert item.attachments.count() == 0  # all or nothing: the good file is not kept either
    item.meeting.refresh_from_db()
    assert item.meeting.version == version


def test_the_attachment_service_still_takes_ordinary_office_files(item) -> None:
    from meetings import services

    created = services.attachments_add(
        actor=None,
        item=item,
        files=[("", _upload(f"bilag.{kind}", office_file(kind))) for kind in MAIN_PART],
    )
    assert [a.content_type for a in created] == [DOCX, XLSX, PPTX]


# --- Meeting attachments: the upload page ------------------------------------------------


def _staff(client: Client) -> Client:
    response = client.post(
        reverse("accounts:login"), {"username": "sekretariat", "password": "demo-kkr-2026"}
    )
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("case", ["renamed_docm", "renamed_xlsm", "ole_with_macros"])
def test_the_upload_page_refuses_macro_files_and_leaves_the_item_as_it_was(
    client: Client, item, case: str
) -> None:
    name, content = REFUSED_FILES[case]
    url = reverse("meetings:item_attachments_add", args=[item.pk])
    files = [SimpleUploadedFile("god.pdf", PDF_BYTES), SimpleUploadedFile(name, content)]
    response = _staff(client).post(url, {"upload-files": files})
    assert response.status_code == 400
    assert name in response.content.decode()
    assert item.attachments.count() == 0


def test_the_upload_page_never_stores_a_bidirectional_control_character(
    client: Client, item
) -> None:
    """Django's multipart parser drops non-printable characters from file names before
    the portal sees them; whatever reaches the service is checked again there."""
    url = reverse("meetings:item_attachments_add", args=[item.pk])
    upload = SimpleUploadedFile("rapport\u202excod.pdf", PDF_BYTES)
    _staff(client).post(url, {"upload-files": [upload]})
    for attachment in item.attachments.all():
        text = attachment.title + attachment.file.name
        assert not any(c in BIDI_CONTROLS for c in text)


# --- Distribution agreement documents (quotas) ------------------------------------------


@pytest.fixture
def distribution_agreement_ready(demo):
    """The 2027 example year with an agreement for Midtjylland that every municipality
    has confirmed: only the signed document is missing."""
    from councils.models import Region
    from quotas import services
    from quotas.demo import load_quota_demo
    from quotas.models import DistributionAgreementLine, QuotaYear

    load_quota_demo()
    distribution_agreement = services.distribution_agreement_draft(
        actor=None,
        quota_year=QuotaYear.objects.get(year=2027),
        region=Region.objects.get(code="1082"),
        deadline=dt.date(2027, 9, 10),
    )
    services.distribution_agreement_send(actor=None, distribution_agreement=distribution_agreement)
    DistributionAgreementLine.objects.filter(distribution_agreement=distribution_agreement).update(
        answer="confirmed"
    )
    return distribution_agreement


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("aftale\u202efdp.pdf", PDF_BYTES),
        ("aftale.exe.pdf", PDF_BYTES),
        ("aftale.pdf", office_file("docx")),
        ("aftale.docx", office_file("docx", vba=True)),
    ],
)
def test_the_distribution_agreement_service_refuses_a_document_that_fails_the_checks(
    distribution_agreement_ready, name: str, content: bytes
) -> None:
    from quotas import services
    from quotas.models import DistributionAgreement

    with translation.override("en"), pytest.raises(ValidationError):
        services.distribution_agreement_finalise(
            actor=None,
            distribution_agreement_id=distribution_agreement_ready.pk,
            documents=[("Aftale", _upload(name, content))],
        )
    distribution_agreement_ready.refresh_from_db()
    assert distribution_agreement_ready.status == DistributionAgreement.Status.CONSULTATION
    assert not distribution_agreement_ready.documents.exists()


def test_the_distribution_agreement_page_refuses_a_pdf_with_a_double_extension(
    client: Client, distribution_agreement_ready
) -> None:
    from quotas.models import DistributionAgreement

    url = reverse("quotas:distribution_agreement_action", args=[2027, "1082", "finalise"])
    document = SimpleUploadedFile("aftale.exe.pdf", PDF_BYTES, content_type="application/pdf")
    response = _staff(client).post(url, {"document_title": "", "document": document})
    assert response.status_code == 400
    distribution_agreement_ready.refresh_from_db()
    assert distribution_agreement_ready.status == DistributionAgreement.Status.CONSULTATION
    assert not distribution_agreement_ready.documents.exists()
    ok = SimpleUploadedFile("aftale.pdf", PDF_BYTES, content_type="application/pdf")
    assert client.post(url, {"document_title": "Aftale", "document": ok}).status_code == 302
    assert distribution_agreement_ready.documents.count() == 1
