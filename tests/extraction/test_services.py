"""The text of uploaded attachments: read after commit, stored once per bytes, shown as allowed.

Tasks run in-process here (eager); tests/extraction/test_worker.py runs them in a real worker.
"""

from __future__ import annotations

import pytest
from celery.exceptions import Retry
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import User
from core.uploads import DOCX
from extraction import extractors, selectors, services
from extraction.models import AttachmentText, ExtractionStatus
from extraction.signals import attachment_text_ready
from extraction.tasks import extract_attachment_text
from meetings import services as meeting_services
from tests.extraction import files
from tests.extraction.conftest import PASSWORD, SECRETARY, make_item, upload

pytestmark = pytest.mark.django_db

PDF_PAGES = (
    "Kvoter for flygtninge fordeles mellem kommunerne.",
    "Dimensioneringen af SOSU-uddannelserne drøftes.",
)


@pytest.fixture
def calls(monkeypatch) -> list[str]:
    """The content types actually parsed (the real parser still runs)."""
    seen: list[str] = []
    real = extractors.extract

    def counting(data: bytes, content_type: str) -> extractors.Extracted:
        seen.append(content_type)
        return real(data, content_type)

    monkeypatch.setattr(extractors, "extract", counting)
    return seen


def test_an_uploaded_pdf_is_read_once_the_upload_commits(django_capture_on_commit_callbacks):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment = upload(item, "kvoter.pdf", files.pdf_with_pages(*PDF_PAGES))
    assert not AttachmentText.objects.filter(attachment=attachment).exists()
    for callback in callbacks:
        callback()
    text = AttachmentText.objects.get(attachment=attachment)
    assert text.status == ExtractionStatus.DONE
    assert text.page_count == 2
    assert text.has_text_layer
    assert "SOSU-uddannelserne" in text.text
    assert len(text.sha256) == 64
    assert text.extracted_at is not None
    assert selectors.attachment_text(attachment) == text.text


def test_an_uploaded_word_file_is_read_with_its_page_count(django_capture_on_commit_callbacks):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = upload(item, "notat.docx", files.docx(["Notat om erhvervsfremme."], pages=7))
    text = AttachmentText.objects.get(attachment=attachment)
    assert (text.status, text.page_count, text.text) == ("done", 7, "Notat om erhvervsfremme.")


def test_a_scanned_pdf_is_done_without_a_text_layer(django_capture_on_commit_callbacks):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = upload(item, "scanning.pdf", files.image_only_pdf(pages=3))
    text = AttachmentText.objects.get(attachment=attachment)
    assert (text.status, text.page_count, text.has_text_layer) == ("done", 3, False)
    assert selectors.attachment_text(attachment) == ""


def test_a_broken_file_is_recorded_as_failed_with_a_reason(django_capture_on_commit_callbacks):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = upload(item, "i-stykker.pdf", b"%PDF-1.4\nnothing more")
    text = AttachmentText.objects.get(attachment=attachment)
    assert text.status == ExtractionStatus.FAILED
    assert "not a readable PDF" in text.error
    assert selectors.attachment_text(attachment) == ""


def test_an_image_is_unsupported(django_capture_on_commit_callbacks):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = upload(item, "kort.png", files.png())
    assert AttachmentText.objects.get(attachment=attachment).status == "unsupported"


def test_a_zip_bomb_uploaded_as_a_word_file_is_refused(django_capture_on_commit_callbacks):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = upload(item, "bombe.docx", files.zip_bomb_docx())
    text = AttachmentText.objects.get(attachment=attachment)
    assert text.status == ExtractionStatus.FAILED
    assert "zip bomb" in text.error


def test_the_same_bytes_are_not_read_again(django_capture_on_commit_callbacks, calls):
    item = make_item()
    data = files.pdf_with_pages(*PDF_PAGES)
    with django_capture_on_commit_callbacks(execute=True):
        first = upload(item, "kvoter.pdf", data)
    read_at = AttachmentText.objects.get(attachment=first).extracted_at
    assert len(calls) == 1
    # The same attachment again (the worker runs twice, the command runs): nothing changes.
    services.attachment_text_extract(attachment_id=first.pk)
    assert AttachmentText.objects.get(attachment=first).extracted_at == read_at
    # The same bytes uploaded again, elsewhere: the text is copied, not read.
    with django_capture_on_commit_callbacks(execute=True):
        second = upload(make_item("Samme bilag igen"), "kopi.pdf", data)
    copy = AttachmentText.objects.get(attachment=second)
    assert len(calls) == 1
    assert (copy.status, copy.page_count, copy.text) == (
        "done",
        2,
        AttachmentText.objects.get(attachment=first).text,
    )
    # Forced (the command's --all), the file is read again.
    services.attachment_text_extract(attachment_id=second.pk, force=True)
    assert len(calls) == 2


def test_a_new_title_or_the_bin_does_not_queue_a_reading(django_capture_on_commit_callbacks, calls):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = upload(item, "notat.docx", files.docx(["Tekst."]))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.attachment_update(actor=None, attachment_id=attachment.pk, title="Ny")
        meeting_services.attachment_delete(actor=None, attachment_id=attachment.pk)
    assert calls == [DOCX]


def test_search_is_told_after_commit_which_attachment_has_its_text(
    django_capture_on_commit_callbacks,
):
    received: list[int] = []

    def receiver(sender, attachment_id, **kwargs):
        assert sender is AttachmentText
        received.append(attachment_id)

    attachment_text_ready.connect(receiver, dispatch_uid="test-ready")
    try:
        item = make_item()
        with django_capture_on_commit_callbacks(execute=True):
            attachment = upload(item, "notat.docx", files.docx(["Tekst."]))
        assert received == [attachment.pk]
        # Nothing changed, nothing to reindex.
        with django_capture_on_commit_callbacks(execute=True):
            services.attachment_text_extract(attachment_id=attachment.pk)
        assert received == [attachment.pk]
    finally:
        attachment_text_ready.disconnect(dispatch_uid="test-ready")


def test_a_file_missing_from_storage_is_failed_not_retried(django_capture_on_commit_callbacks):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=False):
        attachment = upload(item, "notat.docx", files.docx(["Tekst."]))
    attachment.file.storage.delete(attachment.file.name)
    assert extract_attachment_text.apply(kwargs={"attachment_id": attachment.pk}).get() == "failed"
    assert "missing" in AttachmentText.objects.get(attachment=attachment).error


def test_an_unexpected_error_is_retried_and_then_recorded(
    django_capture_on_commit_callbacks, monkeypatch
):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=False):
        attachment = upload(item, "notat.docx", files.docx(["Tekst."]))
    attempts: list[int] = []

    def storage_down(_attachment):
        attempts.append(1)
        raise OSError("storage is down")

    monkeypatch.setattr(services, "_read", storage_down)
    # A first attempt asks to be retried and records nothing yet ...
    with pytest.raises(Retry):
        extract_attachment_text.apply(kwargs={"attachment_id": attachment.pk})
    assert AttachmentText.objects.get(attachment=attachment).status == "pending"
    # ... the last one records the failure for the secretariat.
    last = extract_attachment_text.max_retries
    outcome = extract_attachment_text.apply(kwargs={"attachment_id": attachment.pk}, retries=last)
    assert outcome.get() == "failed"
    assert len(attempts) == 2
    text = AttachmentText.objects.get(attachment=attachment)
    assert (text.status, text.error) == ("failed", "OSError: storage is down")


def test_an_attachment_deleted_before_the_worker_came_is_left_alone():
    assert services.attachment_text_extract(attachment_id=999_999) is None


def test_the_selectors_give_an_empty_text_when_there_is_none():
    item = make_item()
    from django.db.models.signals import post_save

    from meetings.models import Attachment

    # Outside a commit nothing is read: the row does not exist yet.
    assert post_save.has_listeners(Attachment)
    attachment = upload(item, "notat.docx", files.docx(["Tekst."]))
    assert selectors.attachment_text(attachment) == ""
    assert selectors.attachment_text(attachment.pk) == ""
    assert selectors.attachment_texts([attachment.pk]) == {}
    services.attachment_text_extract(attachment_id=attachment.pk)
    assert selectors.attachment_texts([attachment.pk]) == {attachment.pk: "Tekst."}


def test_the_command_reads_the_missing_ones_and_all_on_request(capsys, calls):
    item = make_item()
    first = upload(item, "a.docx", files.docx(["Første."]))
    upload(item, "b.docx", files.docx(["Andet."]))
    call_command("extract_attachment_texts", "--missing", "--now")
    assert "2 attachment(s): 2 done" in capsys.readouterr().out
    call_command("extract_attachment_texts", "--now")  # --missing is the default
    assert "0 attachment(s): nothing to do" in capsys.readouterr().out
    AttachmentText.objects.filter(attachment=first).update(status="failed")
    call_command("extract_attachment_texts", "--missing")  # queued: in-process here
    assert "1 attachment(s): 1 queued" in capsys.readouterr().out
    assert AttachmentText.objects.get(attachment=first).status == "done"
    assert len(calls) == 3  # a failure is read again when asked
    call_command("extract_attachment_texts", "--all", "--now")
    assert "2 attachment(s): 2 done" in capsys.readouterr().out
    assert len(calls) == 5


# --- what the attachment list shows ----------------------------------------------------------


def _render(attachments, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template(
        "{% load extraction_tags %}{% for a in attachments %}[{% attachment_text_note a %}]"
        "{% endfor %}"
    )
    return template.render(Context({"attachments": attachments, "request": request}))


def _scanned_and_text(django_capture_on_commit_callbacks):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=True):
        scanned = upload(item, "scanning.pdf", files.image_only_pdf(pages=3))
        text = upload(item, "kvoter.pdf", files.pdf_with_pages(*PDF_PAGES))
    return item, scanned, text


def test_the_secretariat_is_told_a_file_has_no_text_layer(django_capture_on_commit_callbacks):
    item, _scanned, _text = _scanned_and_text(django_capture_on_commit_callbacks)
    secretary = User.objects.get(username=SECRETARY)
    html = _render(list(item.attachments.all()), secretary)
    assert "3 pages · no text layer (scanned?)" in html
    assert "2 pages</span>" in html


def test_the_public_sees_the_page_count_only(django_capture_on_commit_callbacks):
    item, scanned, _text = _scanned_and_text(django_capture_on_commit_callbacks)
    html = _render(list(item.attachments.all()), AnonymousUser())
    assert "3 pages" in html and "2 pages" in html
    assert "text layer" not in html
    # A published version's attachment is a dict with its id: the same rule.
    assert "text layer" not in _render([{"pk": scanned.pk}], AnonymousUser())
    assert "3 pages" in _render([{"pk": scanned.pk}], AnonymousUser())


def test_the_notes_of_a_list_cost_the_same_queries_for_one_or_many(
    django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    item = make_item()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            upload(item, f"notat-{number}.docx", files.docx([f"Notat {number}."], pages=number + 1))
    secretary = User.objects.get(username=SECRETARY)
    few = list(item.attachments.all()[:1])
    many = list(item.attachments.all())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        _render(few, User.objects.get(pk=secretary.pk))
    with CaptureQueriesContext(connection) as five:
        html = _render(many, User.objects.get(pk=secretary.pk))
    assert len(one) == len(five)
    assert html.count("attachment-text-note") == 5


def test_the_item_page_of_the_secretariat_shows_the_note(django_capture_on_commit_callbacks):
    item, _scanned, _text = _scanned_and_text(django_capture_on_commit_callbacks)
    client = Client()
    client.post(reverse("accounts:login"), {"username": SECRETARY, "password": PASSWORD})
    response = client.get(reverse("meetings:item_edit", args=[item.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # The portal speaks Danish unless the visitor chose another language.
    assert "intet tekstlag (scannet?)" in page
    assert "2 sider" in page
