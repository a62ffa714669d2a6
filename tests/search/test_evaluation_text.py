"""Agreement evaluations in search, with the text of their documents (issue 16: an
evaluation's report is a PDF like the contract it evaluates): the evaluation is found by its
title, its conclusion and the words of its document, exactly where its agreement is found;
the worker reads the document after the upload, and the agreement page shows its page count
and, for the secretariat, what went wrong in reading it."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from celery.exceptions import Retry
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from agreements import services
from agreements import services_plans as plans
from extraction import services as extraction_services
from extraction.models import AgreementDocumentText, EvaluationText
from extraction.tasks import extract_agreement_document_text, extract_evaluation_text
from search.models import EntryKind, SearchEntry
from search.selectors import search
from tests.extraction import files
from tests.factories import UserFactory
from tests.search.conftest import agreement_of_a_new_body

pytestmark = pytest.mark.postgres


def _agreement(slug: str, *, in_force: bool = True) -> tuple[Any, Any]:
    return agreement_of_a_new_body(
        slug,
        kind="Vækstplan",
        title="Vækst- og udviklingsstrategi 2016-19",
        start=dt.date(2016, 1, 1),
        in_force=in_force,
    )


def _evaluation(
    agreement: Any, secretary: Any, name: str = "", data: bytes = b"", **kw: Any
) -> Any:
    return plans.evaluation_add(
        actor=secretary,
        agreement=agreement,
        title=kw.pop("title", "Fælles evaluering"),
        due_on=dt.date(2017, 12, 31),
        document=SimpleUploadedFile(name, data) if name else None,
        **kw,
    )


def _evaluations(user: Any, q: str) -> list[str]:
    return [h.title for h in search(user=user, q=q).hits if h.kind == EntryKind.EVALUATION]


def test_an_evaluation_is_found_by_its_title_conclusion_and_document_as_its_agreement_is(
    db: None, committed: Any
) -> None:
    with committed(every=True):
        agreement, secretary = _agreement("evaluering")
        evaluation = _evaluation(
            agreement,
            secretary,
            "evaluering.pdf",
            files.pdf_with_pages("Evalueringen af klyngesamarbejdet.", "Anbefalinger."),
            conclusion="<p>Strategien har styrket <strong>erhvervsfremmen</strong>.</p>",
            done_on=dt.date(2017, 11, 20),
        )
        hidden, hidden_secretary = _agreement("evalueringkladde", in_force=False)
        _evaluation(
            hidden,
            hidden_secretary,
            "kladde.docx",
            files.docx(["Klyngesamarbejdet i kladden."], pages=1),
            title="Evaluering i kladde",
        )
    row = EvaluationText.objects.get(evaluation=evaluation)
    assert (row.status, row.page_count, row.has_text_layer) == ("done", 2, True)

    public, anyone = AnonymousUser(), UserFactory(username="evaluering-laeser")
    for user in (public, anyone, secretary):
        # By a word of its document only (stemmed), of its conclusion, of its title.
        assert _evaluations(user, "klyngesamarbejde") == ["Fælles evaluering"]
        assert _evaluations(user, "erhvervsfremme") == ["Fælles evaluering"]
        assert _evaluations(user, "fælles evaluering") == ["Fælles evaluering"]
    # An agreement in draft: its evaluation's words change nothing for those who may not
    # see it, not even the count; its secretariat finds it.
    for user in (public, anyone):
        assert search(user=user, q="kladden").total == 0
    assert _evaluations(hidden_secretary, "kladden") == ["Evaluering i kladde"]

    [hit] = search(user=public, q="klyngesamarbejdet").hits
    assert hit.url == f"/aftaler/{agreement.pk}/#evaluation-{evaluation.pk}"
    assert hit.date == dt.date(2017, 11, 20)  # found in the year it was done
    assert "<mark>klyngesamarbejdet</mark>" in hit.snippet.lower()


def test_a_replaced_document_replaces_its_words_and_no_document_reads_nothing(
    db: None, committed: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with committed(every=True):
        agreement, secretary = _agreement("evalueringskift")
        evaluation = _evaluation(agreement, secretary)  # due, not done: no document yet
    assert not EvaluationText.objects.exists()
    assert _evaluations(AnonymousUser(), "fælles evaluering") == ["Fælles evaluering"]

    with committed(every=True):
        evaluation = plans.evaluation_update(
            actor=secretary,
            evaluation_id=evaluation.pk,
            expected_version=evaluation.version,
            document=SimpleUploadedFile("a.docx", files.docx(["Første udgave om laksetrapper."])),
        )
    assert _evaluations(AnonymousUser(), "laksetrapper") == ["Fælles evaluering"]
    with committed(every=True):
        plans.evaluation_update(
            actor=secretary,
            evaluation_id=evaluation.pk,
            expected_version=evaluation.version,
            document=SimpleUploadedFile("b.docx", files.docx(["Endelig udgave om ålegræsset."])),
        )
    assert _evaluations(AnonymousUser(), "ålegræs") == ["Fælles evaluering"]
    assert search(user=AnonymousUser(), q="laksetrapper").total == 0
    assert EvaluationText.objects.count() == 1

    # A new conclusion leaves the document as it was: its reading is not queued again.
    evaluation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plans.evaluation_update(
            actor=secretary,
            evaluation_id=evaluation.pk,
            expected_version=evaluation.version,
            conclusion="<p>Konklusion om vandløb.</p>",
            done_on=dt.date(2017, 12, 1),
        )
    assert not [c for c in callbacks if getattr(c, "__name__", "") == "enqueue"]
    assert _evaluations(AnonymousUser(), "vandløb") == ["Fælles evaluering"]
    assert _evaluations(AnonymousUser(), "ålegræs") == ["Fælles evaluering"]


def test_the_agreement_page_shows_page_counts_and_the_secretariat_scans_without_text(
    db: None, committed: Any
) -> None:
    # Both kinds of an agreement's files: a document and an evaluation's document.
    with committed(every=True):
        agreement, secretary = _agreement("filnoter")
        services.document_add(
            actor=secretary,
            agreement=agreement,
            title="Scannet kontrakt",
            upload=SimpleUploadedFile("kontrakt.pdf", files.image_only_pdf(pages=3)),
        )
        _evaluation(agreement, secretary, "scan.pdf", files.image_only_pdf(pages=2))
    assert AgreementDocumentText.objects.get().has_text_layer is False
    assert EvaluationText.objects.get().has_text_layer is False
    url = f"/aftaler/{agreement.pk}/"
    page = Client().get(url).content.decode()
    assert "3 sider" in page and "2 sider" in page
    assert "intet tekstlag" not in page

    client = Client()
    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert "3 sider" in page and "2 sider" in page
    assert page.count("intet tekstlag (scannet?)") == 2


def test_the_command_reads_evaluation_documents_too(db: None, committed: Any, capsys: Any) -> None:
    with committed():  # the reading is not queued here: no row yet
        agreement, secretary = _agreement("evalueringkommando")
        evaluation = _evaluation(agreement, secretary, "e.pdf", files.pdf_with_pages("Rapport."))
        _evaluation(agreement, secretary, title="Uden dokument")
    with committed(every=True):
        call_command("extract_attachment_texts", "--now")
    # The evaluation without a document is not among them.
    assert "1 evaluation document(s): 1 done" in capsys.readouterr().out
    assert EvaluationText.objects.get(evaluation=evaluation).text.startswith("Rapport.")
    assert SearchEntry.objects.filter(
        kind=EntryKind.EVALUATION, object_id=evaluation.pk, text_d__contains="Rapport."
    ).exists()
    call_command("extract_attachment_texts", "--now")
    assert "0 evaluation document(s): nothing to do" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["agreement document", "evaluation"])
def test_a_storage_error_is_retried_and_then_recorded(
    db: None, committed: Any, monkeypatch: Any, kind: str
) -> None:
    with committed():  # uploaded; the worker has not come yet
        agreement, secretary = _agreement("evalueringfejl")
        if kind == "evaluation":
            owner = _evaluation(agreement, secretary, "e.docx", files.docx(["Tekst."]))
            task, kwargs = extract_evaluation_text, {"evaluation_id": owner.pk}
            rows: Any = EvaluationText.objects.filter(evaluation=owner)
        else:
            owner = services.document_add(
                actor=secretary,
                agreement=agreement,
                title="Kontrakt",
                upload=SimpleUploadedFile("k.docx", files.docx(["Tekst."])),
            )
            task, kwargs = extract_agreement_document_text, {"document_id": owner.pk}
            rows = AgreementDocumentText.objects.filter(document=owner)

    def storage_down(_file: Any) -> Any:
        raise OSError("storage is down")

    monkeypatch.setattr(extraction_services, "_read", storage_down)
    # A first attempt asks to be retried and records nothing yet ...
    with pytest.raises(Retry):
        task.apply(kwargs=kwargs)
    assert rows.get().status == "pending"
    # ... the last one records the failure, which the secretariat is shown.
    with committed(every=True):
        outcome = task.apply(kwargs=kwargs, retries=task.max_retries)
    assert outcome.get() == "failed"
    assert (rows.get().status, rows.get().error) == ("failed", "OSError: storage is down")
    client = Client()
    client.force_login(secretary)
    assert "teksten kunne ikke læses" in client.get(f"/aftaler/{agreement.pk}/").content.decode()


@pytest.mark.redis
@pytest.mark.worker
def test_a_real_worker_reads_an_evaluations_document(worker_factory: Any) -> None:
    worker_factory()
    agreement, secretary = _agreement("evalueringworker")
    evaluation = _evaluation(
        agreement, secretary, "rapport.docx", files.docx(["Evaluering af søredningen."], pages=5)
    )
    deadline = time.monotonic() + 90
    while not SearchEntry.objects.filter(
        kind=EntryKind.EVALUATION, object_id=evaluation.pk, text_d__contains="søredning"
    ).exists():
        assert time.monotonic() < deadline, "the worker's text never reached the index"
        time.sleep(0.1)
    assert EvaluationText.objects.get(evaluation=evaluation).page_count == 5
    assert _evaluations(AnonymousUser(), "søredningen") == ["Fælles evaluering"]
