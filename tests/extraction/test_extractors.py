"""Reading text from a file's bytes: real PDFs (WeasyPrint) and Word files (zipped here)."""

from __future__ import annotations

import io
import zipfile

import pytest

from core.uploads import DOCX, PDF, XLSX
from extraction import extractors
from extraction.extractors import ExtractionFailed, Unsupported, extract
from tests.extraction import files


def test_a_pdf_gives_its_text_page_by_page_and_its_page_count():
    data = files.pdf_with_pages(
        "Kvoter for flygtninge fordeles mellem kommunerne.",
        "Dimensioneringen af SOSU-uddannelserne drøftes.",
        "Tredje side.",
    )
    result = extract(data, PDF)
    assert result.page_count == 3
    assert result.has_text_layer
    assert "Kvoter for flygtninge" in result.text
    assert "SOSU-uddannelserne" in result.text
    assert result.text.index("Kvoter") < result.text.index("Tredje")


def test_a_scanned_pdf_has_pages_but_no_text_layer():
    result = extract(files.image_only_pdf(pages=3), PDF)
    assert result.page_count == 3
    assert result.text == ""
    assert not result.has_text_layer


def test_a_pdf_is_recognised_by_its_bytes_whatever_its_type_says():
    data = files.pdf_with_pages("Afsnit om klima.")
    assert "klima" in extract(data, "application/octet-stream").text


def test_a_broken_pdf_fails_with_a_short_reason():
    with pytest.raises(ExtractionFailed) as failure:
        extract(b"%PDF-1.4\n1 0 obj << /Type /Catalog", PDF)
    assert "PDF" in failure.value.reason
    assert len(failure.value.reason) <= 300


def test_a_word_file_gives_its_paragraphs_tables_and_page_count():
    data = files.docx(
        ["Første afsnit om kvoter.", "Andet afsnit: økonomi og budget."],
        table=["Celle om Aarhus", "Celle om Viborg"],
        pages=4,
    )
    result = extract(data, DOCX)
    assert result.text.splitlines() == [
        "Første afsnit om kvoter.",
        "Andet afsnit: økonomi og budget.",
        "Celle om Aarhus",
        "Celle om Viborg",
    ]
    assert "slettet" not in result.text  # a tracked deletion is not the document's text
    assert result.page_count == 4
    assert result.has_text_layer


def test_a_word_file_without_app_properties_has_no_page_count():
    result = extract(files.docx(["Kun tekst."]), DOCX)
    assert result.page_count is None
    assert result.text == "Kun tekst."


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    data = files.zip_bomb_docx(megabytes=20)
    assert len(data) < 100_000
    with pytest.raises(ExtractionFailed, match="zip bomb"):
        extract(data, DOCX)


def test_a_part_larger_than_the_limit_is_refused_by_its_declared_size(monkeypatch):
    monkeypatch.setattr(extractors, "MAX_XML_BYTES", 1000)
    data = files.docx(["Et afsnit " * 200])
    with pytest.raises(ExtractionFailed, match="too large uncompressed"):
        extract(data, DOCX)


def test_xml_with_a_dtd_is_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        f'<w:document xmlns:w="{files.W}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    with pytest.raises(ExtractionFailed, match="DTD"):
        extract(files.docx([], document=laughs), DOCX)


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 not really a zip", b"", b"PK\x05\x06" + b"\x00" * 18],
    ids=["broken zip", "empty", "empty zip"],
)
def test_a_broken_word_file_fails(data):
    with pytest.raises(ExtractionFailed):
        extract(data, DOCX)


def test_broken_xml_in_a_word_file_fails():
    with pytest.raises(ExtractionFailed, match="ParseError"):
        extract(files.docx([], document="<w:document><w:body>"), DOCX)


def test_the_text_is_cut_at_the_cap(monkeypatch):
    monkeypatch.setattr(extractors, "MAX_TEXT_CHARS", 50)
    result = extract(files.docx([f"Afsnit nummer {n} om kommunerne." for n in range(20)]), DOCX)
    assert len(result.text) <= 50
    assert result.truncated
    pages = (f"Side {n} med tekst om regionen." for n in range(5))
    pdf = extract(files.pdf_with_pages(*pages), PDF)
    assert len(pdf.text) <= 50
    assert pdf.truncated
    assert pdf.page_count == 5


def test_plain_text_in_utf8_or_windows_1252():
    assert extract("Æblegrød på Ærø".encode(), "text/plain").text == "Æblegrød på Ærø"
    assert extract("Æblegrød på Ærø".encode("cp1252"), "text/plain").text == "Æblegrød på Ærø"


def test_nul_characters_are_dropped_for_postgresql():
    assert extract(b"a\x00b", "text/plain; charset=utf-8").text == "ab"


def test_images_and_spreadsheets_are_unsupported():
    with pytest.raises(Unsupported):
        extract(files.png(), "image/png")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(Unsupported):
        extract(buffer.getvalue(), XLSX)
