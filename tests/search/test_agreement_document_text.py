"""The text of agreement documents (issue 16: "agreements" among what is searched; the
signed contract is a PDF): read by the worker after the upload as meeting attachments are,
found by its words as the document is found (an internal one only by the body's
secretariat), with its page count on the agreement page and, for the secretariat, a note
when the file has no text layer."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from agreements import services
from extraction.models import AgreementDocumentText
from search.models import EntryKind, SearchEntry
from search.selectors import search
from tests.extraction import files
from tests.factories import UserFactory
from tests.search.conftest import agreement_of_a_new_body

pytestmark = pytest.mark.postgres


def _agreement(slug: str) -> tuple[Any, Any]:
    return agreement_of_a_new_body(
        slug, kind="Resultatkontrakt", title="Resultatkontrakt 2027", start=dt.date(2027, 1, 1)
    )


def _add(agreement: Any, secretary: Any, title: str, name: str, data: bytes, **kw: Any) -> Any:
    return services.document_add(
        actor=secretary,
        agreement=agreement,
        title=title,
        upload=SimpleUploadedFile(name, data),
        **kw,
    )


def _documents(user: Any, q: str) -> list[str]:
    return [h.title for h in search(user=user, q=q).hits if h.kind == EntryKind.AGREEMENT_DOCUMENT]


def test_a_documents_text_is_read_after_the_upload_and_found_as_the_document_is(
    db: None, committed: Any
) -> None:
    with committed(every=True):
        agreement, secretary = _agreement("dokumenttekst")
        signed = _add(
            agreement,
            secretary,
            "Underskrevet kontrakt",
            "kontrakt.pdf",
            files.pdf_with_pages("Parterne aftaler fjordhestelauget.", "Underskrifter."),
        )
        internal = _add(
            agreement,
            secretary,
            "Intern beregning",
            "beregning.docx",
            files.docx(["Budgettet for qwertyxmodellen."], pages=1),
            is_internal=True,
        )
    row = AgreementDocumentText.objects.get(document=signed)
    assert (row.status, row.page_count, row.has_text_layer) == ("done", 2, True)
    assert AgreementDocumentText.objects.get(document=internal).status == "done"

    public, anyone = AnonymousUser(), UserFactory(username="dokumenttekst-laeser")
    # Found by a word of its file only, stemmed ("fjordhestelaug" for "fjordhestelauget").
    for user in (public, anyone, secretary):
        assert _documents(user, "fjordhestelaug") == ["Underskrevet kontrakt"]
    # The internal document's text: the secretariat finds it; for the others it changes
    # nothing, not even the count.
    assert _documents(secretary, "qwertyxmodellen") == ["Intern beregning"]
    for user in (public, anyone):
        assert search(user=user, q="qwertyxmodellen").total == 0

    # The snippet comes from the file's text.
    [hit] = [h for h in search(user=public, q="fjordhestelauget").hits]
    assert "<mark>fjordhestelauget</mark>" in hit.snippet.lower()


def test_the_command_reads_agreement_documents_too(db: None, committed: Any, capsys: Any) -> None:
    # Uploaded while no worker read them (the reading is not queued here): no row yet.
    with committed():
        agreement, secretary = _agreement("dokumentkommando")
        document = _add(agreement, secretary, "Kontrakt", "k.pdf", files.pdf_with_pages("Tekst."))
    assert not AgreementDocumentText.objects.exists()
    with committed(every=True):
        call_command("extract_attachment_texts", "--now")
    assert "1 agreement document(s): 1 done" in capsys.readouterr().out
    assert AgreementDocumentText.objects.get(document=document).text.startswith("Tekst.")
    assert SearchEntry.objects.filter(
        kind=EntryKind.AGREEMENT_DOCUMENT, object_id=document.pk, text_d__contains="Tekst."
    ).exists()
    call_command("extract_attachment_texts", "--now")
    assert "0 agreement document(s): nothing to do" in capsys.readouterr().out


@pytest.mark.redis
@pytest.mark.worker
def test_a_real_worker_reads_an_uploaded_agreement_document(worker_factory: Any) -> None:
    worker_factory()
    agreement, _secretary = _agreement("dokumentworker")
    document = _add(
        agreement,
        _secretary,
        "Partnerskabsaftale",
        "aftale.docx",
        files.docx(["Samarbejdet om vandmøllelauget."], pages=4),
    )
    deadline = time.monotonic() + 90
    while not SearchEntry.objects.filter(
        kind=EntryKind.AGREEMENT_DOCUMENT, object_id=document.pk, text_d__contains="vandmølle"
    ).exists():
        assert time.monotonic() < deadline, "the worker's text never reached the index"
        time.sleep(0.1)
    assert AgreementDocumentText.objects.get(document=document).page_count == 4
    assert _documents(AnonymousUser(), "vandmøllelauget") == ["Partnerskabsaftale"]
