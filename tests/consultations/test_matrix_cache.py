"""The response matrix's rows are cached (``consultations.matrix``): a second view of an
unchanged matrix does not read the recipients again, and every write shows at once on the
next view: a submitted answer, a reminder, a reopened answer, a recipient added. The reopen
buttons post through the page's one form, with a working CSRF token."""

from __future__ import annotations

import csv
import io
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import services
from consultations.models import Response
from tests.consultations.conftest import sent
from tests.factories import MunicipalityFactory


def _matrix(client, setup) -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("consultations:response_matrix", args=[setup.request.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _row(page: str, name: str) -> str:
    match = re.search(rf'<tr>\s*<th scope="row"><a [^>]*>{re.escape(name)}</a>.*?</tr>', page, re.S)
    assert match, name
    return match.group(0)


def _submit(setup, n: int) -> None:  # type: ignore[no-untyped-def]
    services.response_submit(
        actor=setup.contacts[n],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[n].pk,
        expected_version=0,
        values={setup.questions["text"].pk: "<p>Svar</p>"},
    )


def _signed_in(client, setup):  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = "en"
    client.force_login(setup.secretary)
    return client


def test_an_unchanged_matrix_is_served_from_the_cache_with_fewer_queries(client, setup):
    sent(setup)
    _signed_in(client, setup)
    with CaptureQueriesContext(connection) as first:
        rendered = _matrix(client, setup)
    with CaptureQueriesContext(connection) as second:
        cached = _matrix(client, setup)
    assert len(second) < len(first)
    assert cached.count('<th scope="row">') == rendered.count('<th scope="row">') == 3


def test_a_submitted_answer_shows_at_once_on_the_next_view(client, setup):
    sent(setup)
    _signed_in(client, setup)
    assert ">Not opened<" in _row(_matrix(client, setup), "Inputby 0")
    _submit(setup, 0)
    page = _matrix(client, setup)
    assert ">Submitted<" in _row(page, "Inputby 0")
    assert "2 recipients have not submitted." in page


def test_a_draft_then_its_submission_show_at_once(client, setup):
    sent(setup)
    _signed_in(client, setup)
    _matrix(client, setup)
    services.response_save_draft(
        actor=setup.contacts[1],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[1].pk,
        expected_version=0,
        values={setup.questions["text"].pk: "<p>Udkast</p>"},
    )
    assert ">Draft<" in _row(_matrix(client, setup), "Inputby 1")
    services.response_submit(
        actor=setup.contacts[1],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[1].pk,
        expected_version=1,
        values={setup.questions["text"].pk: "<p>Svar</p>"},
    )
    assert ">Submitted<" in _row(_matrix(client, setup), "Inputby 1")


def test_a_reminder_shows_at_once_on_the_next_view(client, setup):
    sent(setup)
    _signed_in(client, setup)
    assert "<td>0</td>" in _row(_matrix(client, setup), "Inputby 2")
    services.reminders_send_now(actor=setup.secretary, request_id=setup.request.pk)
    assert "<td>1</td>" in _row(_matrix(client, setup), "Inputby 2")


def test_a_reopened_answer_shows_at_once_and_loses_its_reopen_button(client, setup):
    sent(setup)
    _submit(setup, 0)
    _signed_in(client, setup)
    assert "Reopen" in _row(_matrix(client, setup), "Inputby 0")
    services.response_reopen(
        actor=setup.secretary,
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
    )
    row = _row(_matrix(client, setup), "Inputby 0")
    assert ">Reopened<" in row
    assert "Reopen<" not in row


def test_a_recipient_added_and_a_closed_request_show_at_once(client, setup):
    sent(setup)
    _submit(setup, 0)
    _signed_in(client, setup)
    _matrix(client, setup)
    setup.request.recipients.create(municipality=MunicipalityFactory(name="Nyby"))
    page = _matrix(client, setup)
    assert ">Not opened<" in _row(page, "Nyby")
    services.request_close(actor=setup.secretary, request_id=setup.request.pk)
    page = _matrix(client, setup)
    assert "Reopen" not in _row(page, "Inputby 0")  # only a sent request's answers reopen
    assert 'id="matrix-reopen"' not in page


def test_the_cached_rows_follow_the_language(client, setup):
    sent(setup)
    _signed_in(client, setup)
    assert ">Not opened<" in _matrix(client, setup)
    client.cookies["django_language"] = "da"
    danish = _matrix(client, setup)
    assert ">Not opened<" not in danish
    assert danish.count('<th scope="row">') == 3


def test_the_reopen_button_posts_through_the_page_form_with_its_csrf_token(setup):
    sent(setup)
    _submit(setup, 0)
    client = _signed_in(Client(enforce_csrf_checks=True), setup)
    _matrix(client, setup)  # cached by this view, served to the next
    page = _matrix(client, setup)
    form = re.search(r'<form id="matrix-reopen" method="post">(.*?)</form>', page, re.S)
    assert form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1))
    assert token
    button = re.search(
        r'<button type="submit" form="matrix-reopen" formaction="([^"]+)"', _row(page, "Inputby 0")
    )
    assert button
    assert client.post(button.group(1)).status_code == 403  # no token: refused
    response = client.post(button.group(1), {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert Response.objects.get(recipient__municipality=setup.municipalities[0]).status == (
        Response.Status.REOPENED
    )


def _csv_rows(client, setup) -> list[list[str]]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("consultations:response_export", args=[setup.request.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="hoeringssvar-{setup.request.pk}.csv"'
    )
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_export_is_cached_and_a_submitted_answer_shows_at_once(client, setup):
    sent(setup)
    _signed_in(client, setup)
    with CaptureQueriesContext(connection) as first:
        before = _csv_rows(client, setup)
    with CaptureQueriesContext(connection) as second:
        assert _csv_rows(client, setup) == before
    assert len(second) < len(first)
    assert [row[4] for row in before[1:]] == ["", "", ""]
    _submit(setup, 0)
    after = {row[0]: row for row in _csv_rows(client, setup)[1:]}
    assert after["Inputby 0"][4] == "<p>Svar</p>"


def test_a_question_changed_before_anybody_answered_shows_at_once_in_the_export(client, setup):
    # Before any answer a changed question leaves no other trace (no new question version).
    _signed_in(client, setup)
    assert _csv_rows(client, setup)[0][4] == "1. Jeres input"
    services.question_update(
        actor=setup.secretary, question_id=setup.questions["text"].pk, text="Jeres bidrag"
    )
    assert _csv_rows(client, setup)[0][4] == "1. Jeres bidrag"
