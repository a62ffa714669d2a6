"""Attachment text read by a real Celery worker process through Redis, on PostgreSQL: uploads
through the meetings service, the reading queued after commit."""

from __future__ import annotations

import time

import pytest

from extraction.models import AttachmentText
from tests.extraction import files
from tests.extraction.conftest import make_item, upload

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]


def _settled(attachment_id: int, seconds: float = 90) -> AttachmentText:
    deadline = time.monotonic() + seconds
    while True:
        row = AttachmentText.objects.filter(attachment_id=attachment_id).first()
        if row is not None and row.status != "pending":
            return row
        if time.monotonic() > deadline:
            raise AssertionError(f"the text of attachment {attachment_id} was not read in time")
        time.sleep(0.05)


def test_a_worker_reads_uploaded_pdfs_and_word_files_and_survives_broken_ones(worker_factory):
    worker = worker_factory()
    item = make_item()
    pdf = upload(
        item,
        "kvoter.pdf",
        files.pdf_with_pages("Kvoter for flygtninge.", "Beskæftigelse.", "Klima og energi."),
    )
    word = upload(
        item, "notat.docx", files.docx(["Notat om SOSU-dimensionering."], pages=2, table=["A"])
    )
    scanned = upload(item, "scanning.pdf", files.image_only_pdf(pages=2))
    broken = upload(item, "i-stykker.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<")
    bomb = upload(item, "bombe.docx", files.zip_bomb_docx())

    text = _settled(pdf.pk)
    assert (text.status, text.page_count, text.has_text_layer) == ("done", 3, True)
    assert "Klima og energi." in text.text
    text = _settled(word.pk)
    assert (text.status, text.page_count) == ("done", 2)
    assert text.text.startswith("Notat om SOSU-dimensionering.")
    text = _settled(scanned.pk)
    assert (text.status, text.page_count, text.has_text_layer, text.text) == ("done", 2, False, "")
    assert _settled(broken.pk).status == "failed"
    text = _settled(bomb.pk)
    assert (text.status, "zip bomb" in text.error) == ("failed", True)

    # The broken files did not take the worker down: it reads the next upload.
    assert worker.process.poll() is None
    later = upload(item, "senere.docx", files.docx(["Senere bilag."]))
    assert _settled(later.pk).text == "Senere bilag."
    assert worker.process.poll() is None
