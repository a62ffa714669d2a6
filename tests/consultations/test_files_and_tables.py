"""File-upload and table questions, the request's attachments, the receipt e-mail and the
notice of changed questions (issue 13, second slice)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations import services
from consultations.models import AnswerFile, RequestAttachment, Response
from notifications.models import OutgoingEmail
from tests.consultations.conftest import sent

PDF = b"%PDF-1.4\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def pdf(name: str = "budget.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def old_word(name: str = "gammel.doc") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, OLE, content_type="application/msword")


@pytest.fixture
def with_file_and_table(setup):
    """The setup's request (not sent yet) with a required file question and a required
    table question."""
    setup.questions["file"] = services.question_add(
        actor=setup.secretary,
        request=setup.request,
        kind="file",
        text="Strategien som fil",
        required=True,
    )
    setup.questions["table"] = services.question_add(
        actor=setup.secretary,
        request=setup.request,
        kind="table",
        text="Aktiviteter",
        required=True,
        table_rows=["Uddannelse", "Erhverv"],
        table_columns=["Budget", "Ansvarlig"],
    )
    sent(setup)
    return setup


def _form_url(setup, n=0):
    return reverse(
        "consultations:response_form",
        args=[
            setup.request.pk,
            setup.request.recipients.get(municipality=setup.municipalities[n]).pk,
        ],
    )


def _post(setup, **extra):
    q = setup.questions
    data = {
        "version": "0",
        f"q{q['text'].pk}": "Vores input",
        f"q{q['number'].pk}": "3",
        f"q{q['table'].pk}_r0_c0": "2 mio.",
        f"q{q['table'].pk}_r1_c1": "Borgmesteren",
    }
    data.update(extra)
    return data


# --- Table questions --------------------------------------------------------------------------


def test_a_table_question_needs_rows_and_columns(setup):
    with pytest.raises(ValidationError) as error:
        services.question_add(
            actor=setup.secretary, request=setup.request, kind="table", text="Tabel"
        )
    assert "table_rows" in error.value.message_dict


def test_the_secretariat_gives_rows_and_columns_one_a_line(client, setup):
    client.force_login(setup.secretary)
    response = client.post(
        reverse("consultations:question_add", args=[setup.request.pk]),
        {
            "kind": "table",
            "text": "Aktiviteter",
            "table_rows": "Uddannelse\n\nErhverv\n",
            "table_columns": "Budget\nAnsvarlig",
        },
    )
    assert response.status_code == 302
    question = setup.request.questions.get(text="Aktiviteter")
    assert (question.table_rows, question.table_columns) == (
        ["Uddannelse", "Erhverv"],
        ["Budget", "Ansvarlig"],
    )


def test_a_table_answer_is_stored_by_row_and_column_and_shown_readably(client, with_file_and_table):
    setup = with_file_and_table
    q = setup.questions
    client.force_login(setup.contacts[0])
    response = client.post(
        _form_url(setup), {**_post(setup), f"q{q['file'].pk}": [pdf()], "submit": ""}
    )
    assert response.status_code == 302
    answer = Response.objects.get().answers.get(question=q["table"])
    assert answer.value == {
        "Uddannelse": {"Budget": "2 mio."},
        "Erhverv": {"Ansvarlig": "Borgmesteren"},
    }
    assert (
        services.display_value(q["table"], answer.value)
        == "Uddannelse: Budget=2 mio.; Erhverv: Ansvarlig=Borgmesteren"
    )
    page = client.get(_form_url(setup)).content.decode()
    assert "Borgmesteren" in page
    # The export keeps one column per question: the table is one readable cell.
    client.force_login(setup.secretary)
    export = client.get(reverse("consultations:response_export", args=[setup.request.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    answered = next(row for row in rows if row[0] == "Inputby 0")
    assert "Uddannelse: Budget=2 mio.; Erhverv: Ansvarlig=Borgmesteren" in answered
    assert "budget.pdf" in answered


def test_a_required_table_with_no_cell_filled_is_refused(client, with_file_and_table):
    setup = with_file_and_table
    q = setup.questions
    client.force_login(setup.contacts[0])
    data = _post(setup, **{f"q{q['file'].pk}": [pdf()], "submit": ""})
    del data[f"q{q['table'].pk}_r0_c0"], data[f"q{q['table'].pk}_r1_c1"]
    response = client.post(_form_url(setup), data)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {f"q{q['table'].pk}"}


# --- File questions ---------------------------------------------------------------------------


def test_a_refused_file_is_named_and_the_accepted_one_is_kept_with_what_was_typed(
    client, with_file_and_table
):
    setup = with_file_and_table
    q = setup.questions
    client.cookies["django_language"] = "en"
    client.force_login(setup.contacts[0])
    response = client.post(
        _form_url(setup),
        {**_post(setup), f"q{q['file'].pk}": [pdf(), old_word()], "submit": ""},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {f"q{q['file'].pk}"}
    assert "Strategien som fil" in errors[f"q{q['file'].pk}"][0]
    assert "gammel.doc" in errors[f"q{q['file'].pk}"][0]
    # Nothing is submitted, but the accepted file is stored with a draft, and the page
    # lists it with a box to remove it; what was typed is still in the form.
    stored = Response.objects.get()
    assert stored.status == Response.Status.DRAFT
    assert list(stored.files.values_list("original_name", flat=True)) == ["budget.pdf"]
    page = response.content.decode()
    assert "budget.pdf" in page and 'name="remove_files"' in page
    assert 'value="Borgmesteren"' in page
    assert f'name="version" value="{stored.version}"' in page
    # Submitting again without choosing the file again works.
    again = client.post(
        _form_url(setup), {**_post(setup, version=str(stored.version)), "submit": ""}
    )
    assert again.status_code == 302
    stored.refresh_from_db()
    assert stored.status == Response.Status.SUBMITTED
    assert stored.answers.get(question=q["file"]).value == ["budget.pdf"]


def test_a_required_file_question_needs_a_file_and_a_removed_file_does_not_count(
    client, with_file_and_table
):
    setup = with_file_and_table
    q = setup.questions
    client.force_login(setup.contacts[0])
    missing = client.post(_form_url(setup), {**_post(setup), "submit": ""})
    assert missing.status_code == 400
    assert set(missing.context["form"].errors) == {f"q{q['file'].pk}"}
    draft = services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values={},
        files={q["file"].pk: [pdf()]},
    )
    stored = draft.files.get()
    removed = client.post(
        _form_url(setup),
        {**_post(setup, version=str(draft.version)), "remove_files": [stored.pk], "submit": ""},
    )
    assert removed.status_code == 400
    assert set(removed.context["form"].errors) == {f"q{q['file'].pk}"}
    assert AnswerFile.objects.filter(pk=stored.pk).exists()  # refused: nothing removed
    # A draft save removes it.
    saved = client.post(
        _form_url(setup),
        {**_post(setup, version=str(draft.version)), "remove_files": [stored.pk], "draft": ""},
    )
    assert saved.status_code == 302
    assert not AnswerFile.objects.exists()


def test_a_refused_file_in_a_draft_keeps_the_rest_of_the_draft(with_file_and_table):
    setup = with_file_and_table
    q = setup.questions
    with pytest.raises(ValidationError) as error:
        services.response_save_draft(
            actor=setup.contacts[0],
            request_id=setup.request.pk,
            municipality_id=setup.municipalities[0].pk,
            expected_version=0,
            values={q["number"].pk: "4"},
            files={q["file"].pk: [old_word(), pdf()]},
        )
    assert f"q{q['file'].pk}" in error.value.message_dict
    draft = Response.objects.get()
    assert draft.answers.get(question=q["number"]).value == "4"
    assert draft.files.count() == 1


def test_answer_files_are_downloaded_only_by_those_who_may_read_the_answer(
    client, with_file_and_table
):
    setup = with_file_and_table
    q = setup.questions
    draft = services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values={},
        files={q["file"].pk: [pdf()]},
    )
    url = reverse("consultations:answer_file", args=[setup.request.pk, draft.files.get().pk])
    client.force_login(setup.contacts[0])
    own = client.get(url)
    assert own.status_code == 200
    assert own["X-Content-Type-Options"] == "nosniff"
    assert b"".join(own.streaming_content) == PDF
    client.force_login(setup.contacts[1])
    assert client.get(url).status_code == 404
    # A draft is the municipality's own; once submitted the secretariat reads it.
    client.force_login(setup.secretary)
    assert client.get(url).status_code == 404
    services.response_submit(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=draft.version,
        values={q["text"].pk: "Svar", q["table"].pk: {"Erhverv": {"Budget": "1"}}},
    )
    assert client.get(url).status_code == 200
    # A file of another request is not found through this one.
    other = services.request_create(
        actor=setup.secretary, body=setup.body, title="Anden", deadline=setup.request.deadline
    )
    assert (
        client.get(
            reverse("consultations:answer_file", args=[other.pk, draft.files.get().pk])
        ).status_code
        == 404
    )


# --- The receipt ------------------------------------------------------------------------------


def test_a_submission_sends_a_receipt_with_a_copy_of_the_answers(with_file_and_table):
    setup = with_file_and_table
    q = setup.questions
    response = services.response_submit(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values={
            q["text"].pk: "<p>Vi satser på <strong>uddannelse</strong>.</p>",
            q["number"].pk: "12",
            q["table"].pk: {"Erhverv": {"Budget": "3 mio."}},
        },
        files={q["file"].pk: [pdf()]},
    )
    receipt = OutgoingEmail.objects.get(key__startswith=f"rfi-receipt:{response.pk}:")
    assert receipt.to == setup.contacts[0].email
    assert "Vi satser på uddannelse." in receipt.text
    assert "<strong>" not in receipt.text
    assert "Antal projekter\n12 stk." in receipt.text
    assert "Erhverv: Budget=3 mio." in receipt.text
    assert "budget.pdf" in receipt.text
    # Each submission has its own receipt; a refused one has none.
    with pytest.raises(ValidationError):
        services.response_submit(
            actor=setup.contacts[0],
            request_id=setup.request.pk,
            municipality_id=setup.municipalities[0].pk,
            expected_version=response.version,
            values={q["number"].pk: "99"},
        )
    assert OutgoingEmail.objects.filter(key__startswith="rfi-receipt:").count() == 1


# --- Changed questions ------------------------------------------------------------------------


def test_the_form_tells_the_respondent_when_the_questions_changed_after_their_save(
    client, with_file_and_table
):
    setup = with_file_and_table
    draft = services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values={},
    )
    client.cookies["django_language"] = "en"
    client.force_login(setup.contacts[0])
    assert client.get(_form_url(setup)).context["questions_changed_on"] is None
    services.question_update(
        actor=setup.secretary, question_id=setup.questions["number"].pk, max_value=10
    )
    page = client.get(_form_url(setup))
    assert page.context["questions_changed_on"] is not None
    assert "The questions changed on" in page.content.decode()
    services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=draft.version,
        values={},
    )
    assert client.get(_form_url(setup)).context["questions_changed_on"] is None


# --- Attachments of the request ---------------------------------------------------------------


def test_the_secretariat_attaches_renames_and_removes_files_and_recipients_download_them(
    client, setup
):
    sent(setup)
    client.force_login(setup.secretary)
    add = reverse("consultations:attachment_add", args=[setup.request.pk])
    assert client.post(add, {"files": [pdf("bilag.pdf")], "title": "Baggrund"}).status_code == 302
    attachment = RequestAttachment.objects.get()
    assert (attachment.title, attachment.content_type) == ("Baggrund", "application/pdf")
    # A refused file stores nothing and says why.
    client.cookies["django_language"] = "en"
    refused = client.post(add, {"files": [old_word()]}, follow=True)
    assert "gammel.doc" in refused.content.decode()
    assert RequestAttachment.objects.count() == 1
    client.post(
        reverse("consultations:attachment_update", args=[setup.request.pk, attachment.pk]),
        {"title": "Baggrundsnotat"},
    )
    attachment.refresh_from_db()
    assert attachment.title == "Baggrundsnotat"
    download = reverse("consultations:attachment_download", args=[setup.request.pk, attachment.pk])
    client.force_login(setup.contacts[0])
    assert "Baggrundsnotat" in client.get(setup.request.get_absolute_url()).content.decode()
    assert client.get(download).status_code == 200
    # A contact person may not change the attachments.
    assert (
        client.post(
            reverse("consultations:attachment_remove", args=[setup.request.pk, attachment.pk])
        ).status_code
        == 403
    )
    client.force_login(setup.secretary)
    client.post(reverse("consultations:attachment_remove", args=[setup.request.pk, attachment.pk]))
    assert not RequestAttachment.objects.exists()
    assert client.get(download).status_code == 404


def test_the_attachments_of_a_draft_are_not_shown_to_recipients(client, setup):
    services.request_attachments_add(
        actor=setup.secretary, request_id=setup.request.pk, files=[("Udkast", pdf())]
    )
    attachment = RequestAttachment.objects.get()
    client.force_login(setup.contacts[0])
    url = reverse("consultations:attachment_download", args=[setup.request.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_a_form_refused_for_its_shape_still_keeps_the_accepted_files(client, with_file_and_table):
    setup = with_file_and_table
    q = setup.questions
    client.force_login(setup.contacts[0])
    response = client.post(
        _form_url(setup),
        {**_post(setup), f"q{q['number'].pk}": "mange", f"q{q['file'].pk}": [pdf()], "draft": ""},
    )
    assert response.status_code == 400
    assert f"q{q['number'].pk}" in response.context["form"].errors
    stored = Response.objects.get()
    assert list(stored.files.values_list("original_name", flat=True)) == ["budget.pdf"]
    assert 'value="mange"' in response.content.decode()
    assert f'name="version" value="{stored.version}"' in response.content.decode()
