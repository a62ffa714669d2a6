from __future__ import annotations

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Affiliation
from consultations import services
from consultations.models import RequestForInput, Response
from tests.consultations.conftest import in_days, sent
from tests.factories import AffiliationFactory, MunicipalityFactory, UserFactory


def _form_url(setup, n=0):
    return reverse(
        "consultations:response_form",
        args=[
            setup.request.pk,
            setup.request.recipients.get(municipality=setup.municipalities[n]).pk,
        ],
    )


def test_the_secretariat_creates_a_request_for_the_whole_region(client, setup):
    client.force_login(setup.secretary)
    deadline = timezone.localtime(in_days(14)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("consultations:request_create", args=[setup.body.slug]),
        {
            "title": "Ny høring",
            "introduction": "<p>Hej</p>",
            "deadline": deadline,
            "answers_visibility": "secretariat",
            "whole_region": "on",
        },
    )
    assert response.status_code == 302
    created = RequestForInput.objects.get(title="Ny høring")
    assert created.recipients.count() == 3
    assert created.status == RequestForInput.Status.DRAFT


def test_a_request_without_recipients_is_refused_and_the_title_kept(client, setup):
    client.force_login(setup.secretary)
    response = client.post(
        reverse("consultations:request_create", args=[setup.body.slug]),
        {
            "title": "Uden modtagere",
            "deadline": "2030-01-01T12:00",
            "answers_visibility": "secretariat",
        },
    )
    assert response.status_code == 400
    assert "municipalities" in response.context["form"].errors
    assert "Uden modtagere" in response.content.decode()


def test_a_number_out_of_range_and_a_missing_required_answer_keep_what_was_typed(client, setup):
    sent(setup)
    q = setup.questions
    client.force_login(setup.contacts[0])
    response = client.post(
        _form_url(setup),
        {
            "version": "0",
            f"q{q['text'].pk}": "",
            f"q{q['number'].pk}": "77",
            f"q{q['choice'].pk}": ["Erhverv"],
            "submit": "",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {f"q{q['text'].pk}", f"q{q['number'].pk}"}
    body = response.content.decode()
    assert 'value="77"' in body
    assert 'value="Erhverv" checked' in body
    assert not Response.objects.exists()


def test_a_submitted_answer_is_shown_read_only_with_the_deadline_to_change_it(client, setup):
    sent(setup)
    q = setup.questions
    client.force_login(setup.contacts[0])
    response = client.post(
        _form_url(setup),
        {
            "version": "0",
            f"q{q['text'].pk}": "Vores input",
            f"q{q['number'].pk}": "3",
            "submit": "",
        },
    )
    assert response.status_code == 302
    page = client.get(_form_url(setup))
    assert page.status_code == 200
    assert page.context["editing"] is False
    assert "?change=1" in page.content.decode()
    assert client.get(_form_url(setup) + "?change=1").context["editing"] is True


def test_the_second_writer_gets_a_conflict_and_keeps_what_they_typed(client, setup):
    sent(setup)
    q = setup.questions
    services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values={q["number"].pk: "1"},
    )
    colleague = UserFactory(username="input-colleague")
    AffiliationFactory(
        user=colleague,
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        body=None,
        municipality=setup.municipalities[0],
    )
    client.force_login(colleague)
    response = client.post(
        _form_url(setup), {"version": "0", f"q{q['number'].pk}": "42", "draft": ""}
    )
    assert response.status_code == 409
    assert 'value="42"' in response.content.decode()
    assert Response.objects.get().answers.get(question=q["number"]).value == "1"


def test_another_municipality_cannot_open_this_municipalitys_answer(client, setup):
    sent(setup)
    client.force_login(setup.contacts[1])
    assert client.get(_form_url(setup, 0)).status_code == 404
    assert client.get(_form_url(setup, 1)).status_code == 200


def test_the_export_has_one_row_per_recipient_and_one_column_per_question(client, setup):
    sent(setup)
    q = setup.questions
    services.response_submit(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values={q["text"].pk: "Svar", q["number"].pk: "5", q["choice"].pk: ["Erhverv", "Turisme"]},
    )
    client.force_login(setup.secretary)
    response = client.get(reverse("consultations:response_export", args=[setup.request.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 3
    assert len(rows[0]) == 4 + 3
    answered = next(row for row in rows if row[0] == "Inputby 0")
    assert answered[4:] == ["Svar", "5 stk.", "Erhverv; Turisme"]


def _matrix_queries(client, setup) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("consultations:response_matrix", args=[setup.request.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_matrix_query_count_does_not_grow_with_the_recipients(client, setup):
    sent(setup)
    services.response_submit(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values={setup.questions["text"].pk: "Svar"},
    )
    client.force_login(setup.secretary)
    # Warm-up: the signed-in user's roles come from the cache after the first page (decision
    # 0029); one more recipient then changes the rows' stamp, so both counts below render them.
    _matrix_queries(client, setup)
    setup.request.recipients.create(municipality=MunicipalityFactory(region=setup.body.region))
    few = _matrix_queries(client, setup)
    more = [MunicipalityFactory(region=setup.body.region) for _ in range(30)]
    for municipality in more:
        setup.request.recipients.create(municipality=municipality)
    assert _matrix_queries(client, setup) == few
