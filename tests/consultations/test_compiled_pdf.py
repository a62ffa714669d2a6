"""The compiled PDF of all submitted answers: ordered by the secretariat, made by the task
(here run eagerly when the ordering transaction commits), retried after a crash, recorded as
failed after the last retry, shown on the request's pages, downloaded only by the
secretariat, and attached to the linked meeting item with one click."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from consultations import services, services_pdf
from consultations.models import CompiledAnswersPdf, RequestForInput
from core import pdf as core_pdf
from meetings import services as meeting_services
from meetings.models import Attachment
from tests.consultations.conftest import sent


def _answer(setup, n: int, text: str, *, submit: bool = True) -> None:
    service = services.response_submit if submit else services.response_save_draft
    service(
        actor=setup.contacts[n],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[n].pk,
        expected_version=0,
        values={setup.questions["text"].pk: f"<p>{text}</p>", setup.questions["number"].pk: "7"},
    )


def _order(setup, django_capture_on_commit_callbacks) -> CompiledAnswersPdf:
    with django_capture_on_commit_callbacks(execute=True):
        compiled = services_pdf.compiled_pdf_request(
            actor=setup.secretary, request_id=setup.request.pk
        )
    compiled.refresh_from_db()
    return compiled


def _text(compiled: CompiledAnswersPdf) -> str:
    with compiled.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _run_retries_in_process(monkeypatch) -> None:
    # In-process tasks only run their retries when errors are not propagated to the caller.
    from kkr_portal.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


@pytest.fixture
def answered(setup):
    sent(setup)
    _answer(setup, 0, "Vi satser på erhverv")
    _answer(setup, 1, "Kladde der ikke må med", submit=False)
    RequestForInput.objects.filter(pk=setup.request.pk).update(allows_late=True)
    return setup


def test_the_pdf_has_a_title_page_then_each_submitted_answer_and_lists_the_missing(
    answered, django_capture_on_commit_callbacks
):
    setup = answered
    # A late answer from the third municipality.
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1)
    )
    _answer(setup, 2, "Sent efter fristen")
    compiled = _order(setup, django_capture_on_commit_callbacks)
    assert compiled.status == CompiledAnswersPdf.Status.READY
    assert compiled.attempts == 1
    # The title page, then the answers running on (a heading and a rule per municipality).
    assert compiled.pages >= 2
    text = _text(compiled)
    assert "Vækststrategier" in text
    assert "Vi satser på erhverv" in text
    assert "Sent efter fristen" in text
    assert "Kladde der ikke må med" not in text
    # Inputby 1 has only a draft: listed as missing on the title page.
    title_page = text.split("Vi satser")[0]
    assert "Inputby 1" in title_page


def test_the_pdf_is_tagged_and_its_outline_lists_the_municipalities_not_every_question(
    answered, django_capture_on_commit_callbacks
):
    # The answers run on (no page per municipality): a heading per municipality, which is
    # also its bookmark; the question headings are not bookmarks (98 x 20 of them would be).
    compiled = _order(answered, django_capture_on_commit_callbacks)
    with compiled.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA), as the minutes
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    nested = [e.title for entry in reader.outline if isinstance(entry, list) for e in entry]
    assert "Inputby 0" in titles + nested
    assert not any("Jeres input" in title for title in titles + nested)


def test_ordering_again_while_one_is_waiting_returns_it(answered):
    first = services_pdf.compiled_pdf_request(
        actor=answered.secretary, request_id=answered.request.pk
    )
    again = services_pdf.compiled_pdf_request(
        actor=answered.secretary, request_id=answered.request.pk
    )
    assert again.pk == first.pk
    assert CompiledAnswersPdf.objects.count() == 1


def test_a_draft_request_cannot_be_compiled(setup):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services_pdf.compiled_pdf_request(actor=setup.secretary, request_id=setup.request.pk)


def test_a_crashed_render_is_retried_and_then_succeeds(
    answered, django_capture_on_commit_callbacks, monkeypatch
):
    real = core_pdf.html_to_pdf
    calls = []

    def crashes_once(html: str) -> bytes:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("font cache unavailable")
        return real(html)

    monkeypatch.setattr(core_pdf, "html_to_pdf", crashes_once)
    _run_retries_in_process(monkeypatch)
    compiled = _order(answered, django_capture_on_commit_callbacks)
    assert compiled.status == CompiledAnswersPdf.Status.READY
    assert compiled.attempts == 2
    assert compiled.error == ""


def test_a_render_failing_every_time_is_recorded_and_shown_with_try_again(
    answered, django_capture_on_commit_callbacks, monkeypatch, client
):
    def always_fails(html: str) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(core_pdf, "html_to_pdf", always_fails)
    _run_retries_in_process(monkeypatch)
    compiled = _order(answered, django_capture_on_commit_callbacks)
    assert compiled.status == CompiledAnswersPdf.Status.FAILED
    assert "disk full" in compiled.error
    assert compiled.attempts == 6  # the first try and five retries
    client.force_login(answered.secretary)
    client.cookies["django_language"] = "en"
    page = client.get(answered.request.get_absolute_url()).content.decode()
    assert "disk full" in page
    assert "Try again" in page
    # Trying again orders a new PDF.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("consultations:compiled_pdf_create", args=[answered.request.pk])
        )
    assert response.status_code == 302
    newest = answered.request.compiled_pdfs.first()
    assert newest.pk != compiled.pk
    assert newest.status == CompiledAnswersPdf.Status.READY


def test_a_waiting_pdf_is_shown_as_being_made_and_offers_no_download(answered, client):
    services_pdf.compiled_pdf_request(actor=answered.secretary, request_id=answered.request.pk)
    client.force_login(answered.secretary)
    client.cookies["django_language"] = "en"
    page = client.get(answered.request.get_absolute_url()).content.decode()
    assert "Being made" in page
    download = reverse("consultations:compiled_pdf", args=[answered.request.pk])
    assert download not in page
    assert client.get(download).status_code == 404


def test_the_secretariat_downloads_the_ready_pdf_and_a_contact_person_may_not(
    answered, django_capture_on_commit_callbacks, client
):
    _order(answered, django_capture_on_commit_callbacks)
    download = reverse("consultations:compiled_pdf", args=[answered.request.pk])
    client.force_login(answered.secretary)
    assert download in client.get(answered.request.get_absolute_url()).content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(answered.contacts[0])
    assert client.get(download).status_code in (403, 404)
    assert download not in client.get(answered.request.get_absolute_url()).content.decode()


def test_the_secretariat_attaches_the_pdf_to_the_linked_meeting_item(
    answered, django_capture_on_commit_callbacks, client
):
    setup = answered
    meeting = meeting_services.meeting_schedule(
        actor=setup.secretary, body=setup.body, starts_at=timezone.now() + dt.timedelta(days=20)
    )
    item = meeting_services.agenda_item_add(
        actor=setup.secretary, meeting=meeting, title="Kommunernes input"
    )
    RequestForInput.objects.filter(pk=setup.request.pk).update(meeting_item=item)
    _order(setup, django_capture_on_commit_callbacks)
    attach = reverse("consultations:compiled_pdf_attach", args=[setup.request.pk])
    client.force_login(setup.secretary)
    assert attach in client.get(setup.request.get_absolute_url()).content.decode()
    response = client.post(attach)
    assert response.status_code == 302
    [attachment] = Attachment.objects.filter(item=item)
    assert attachment.content_type == "application/pdf"
    assert "Vækststrategier" in attachment.title
    with attachment.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")


def test_attaching_is_refused_when_the_secretariat_may_not_edit_the_meeting(
    answered, django_capture_on_commit_callbacks, client
):
    from tests.factories import BodyFactory

    setup = answered
    other_body = BodyFactory(name="Another body")
    meeting = meeting_services.meeting_schedule(
        actor=None, body=other_body, starts_at=timezone.now() + dt.timedelta(days=20)
    )
    item = meeting_services.agenda_item_add(actor=None, meeting=meeting, title="Fremmed punkt")
    RequestForInput.objects.filter(pk=setup.request.pk).update(meeting_item=item)
    _order(setup, django_capture_on_commit_callbacks)
    attach = reverse("consultations:compiled_pdf_attach", args=[setup.request.pk])
    client.force_login(setup.secretary)
    assert attach not in client.get(setup.request.get_absolute_url()).content.decode()
    assert client.post(attach).status_code == 403
    assert not Attachment.objects.filter(item=item).exists()


def test_a_contact_person_cannot_order_the_pdf(answered, client):
    client.force_login(answered.contacts[0])
    response = client.post(reverse("consultations:compiled_pdf_create", args=[answered.request.pk]))
    assert response.status_code == 403
    assert not CompiledAnswersPdf.objects.exists()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.worker
def test_a_real_worker_makes_the_ordered_pdf_after_the_order_commits(worker_factory, setup):
    import time

    sent(setup)
    _answer(setup, 0, "Svar fra den første kommune")
    _answer(setup, 1, "Svar fra den anden kommune")
    worker_factory()
    compiled = services_pdf.compiled_pdf_request(actor=setup.secretary, request_id=setup.request.pk)
    deadline = time.monotonic() + 90
    while compiled.status != CompiledAnswersPdf.Status.READY:
        assert compiled.status != CompiledAnswersPdf.Status.FAILED, compiled.error
        assert time.monotonic() < deadline, f"timed out; status {compiled.status}"
        time.sleep(0.1)
        compiled.refresh_from_db()
    assert compiled.attempts == 1
    assert compiled.pages >= 2
    assert "Svar fra den anden kommune" in _text(compiled)
