"""The read-only API of requests for input: what each caller sees (consultations.access), the
answers it may read (never another municipality's draft), nothing secret for a caller who is
not signed in, and the endpoints in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import RequestForInput
from tests.consultations.conftest import in_days, sent

LIST = "/api/requests-for-input/"


def _detail(rfi) -> str:
    return f"{LIST}{rfi.pk}/"


def _responses(rfi) -> str:
    return f"{LIST}{rfi.pk}/responses/"


def _answer(setup, n: int, text: str, *, submit: bool = True) -> None:
    service = services.response_submit if submit else services.response_save_draft
    service(
        actor=setup.contacts[n],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[n].pk,
        expected_version=0,
        values={setup.questions["text"].pk: f"<p>{text}</p>", setup.questions["number"].pk: "3"},
    )


def _draft_request(setup) -> RequestForInput:
    return services.request_create(
        actor=setup.secretary,
        body=setup.body,
        title="Hemmeligt udkast",
        deadline=in_days(30),
        municipalities=setup.municipalities,
    )


def _ids(response) -> list[int]:
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_an_anonymous_caller_sees_nothing_of_requests_that_are_not_public(setup):
    sent(setup)
    _draft_request(setup)
    _answer(setup, 0, "Fortroligt svar")
    anonymous = Client()
    listed = anonymous.get(LIST)
    assert _ids(listed) == []
    assert "Vækststrategier" not in listed.content.decode()
    assert "Hemmeligt udkast" not in listed.content.decode()
    assert anonymous.get(_detail(setup.request)).status_code == 404
    assert anonymous.get(_responses(setup.request)).status_code == 404
    # Not even after the deadline when the answers are for the recipients only.
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1),
        answers_visibility=RequestForInput.Visibility.RECIPIENTS_AFTER_DEADLINE,
    )
    assert anonymous.get(_responses(setup.request)).status_code == 404
    assert "Fortroligt svar" not in anonymous.get(LIST).content.decode()


def test_an_anonymous_caller_reads_the_submitted_answers_of_a_public_request_after_its_deadline(
    setup,
):
    sent(setup)
    _answer(setup, 0, "Offentligt svar")
    _answer(setup, 1, "Kladde", submit=False)
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        answers_visibility=RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE
    )
    anonymous = Client()
    assert _ids(anonymous.get(LIST)) == []  # before the deadline
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1)
    )
    assert _ids(anonymous.get(LIST)) == [setup.request.pk]
    detail = anonymous.get(_detail(setup.request)).json()
    assert [q["text"] for q in detail["questions"]] == [
        "Jeres input",
        "Antal projekter",
        "Temaer",
    ]
    answers = anonymous.get(_responses(setup.request)).json()
    assert [row["municipality_name"] for row in answers] == ["Inputby 0"]
    assert answers[0]["status"] == "submitted"
    texts = {a["question"]: a["text"] for a in answers[0]["answers"]}
    assert texts[setup.questions["number"].pk] == "3 stk."
    assert "Kladde" not in anonymous.get(_responses(setup.request)).content.decode()


def test_a_contact_person_sees_sent_requests_and_its_own_draft_but_not_others_drafts(setup):
    sent(setup)
    _draft_request(setup)
    _answer(setup, 0, "Eget udkast", submit=False)
    _answer(setup, 1, "Andens udkast", submit=False)
    _answer(setup, 2, "Andens indsendte", submit=True)
    client = Client()
    client.force_login(setup.contacts[0])
    assert _ids(client.get(LIST)) == [setup.request.pk]  # not the draft request
    rows = client.get(_responses(setup.request)).json()
    assert [(row["municipality_name"], row["status"]) for row in rows] == [("Inputby 0", "draft")]
    # After the deadline, when the request lets recipients read each other's answers, the
    # others' submitted answers too, still no other draft.
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1),
        answers_visibility=RequestForInput.Visibility.RECIPIENTS_AFTER_DEADLINE,
    )
    body = client.get(_responses(setup.request)).content.decode()
    assert "Andens indsendte" in body
    assert "Andens udkast" not in body


def test_the_secretariat_sees_its_drafts_and_every_submitted_answer_but_no_draft_answer(setup):
    sent(setup)
    draft = _draft_request(setup)
    _answer(setup, 0, "Indsendt", submit=True)
    _answer(setup, 1, "Kommunens kladde", submit=False)
    client = Client()
    client.force_login(setup.secretary)
    assert set(_ids(client.get(LIST))) == {setup.request.pk, draft.pk}
    rows = client.get(_responses(setup.request)).json()
    assert [row["municipality_name"] for row in rows] == ["Inputby 0"]
    assert "Kommunens kladde" not in client.get(_responses(setup.request)).content.decode()


def test_another_bodys_secretariat_sees_neither_the_request_nor_its_answers(setup):
    from tests.factories import AffiliationFactory, BodyFactory, UserFactory

    sent(setup)
    _answer(setup, 0, "Indsendt")
    other = UserFactory(username="other-secretary")
    AffiliationFactory(user=other, body=BodyFactory(name="Other body"))
    client = Client()
    client.force_login(other)
    assert _ids(client.get(LIST)) == []
    assert client.get(_responses(setup.request)).status_code == 404


def test_the_requests_for_input_are_in_the_openapi_schema(db):
    schema = Client().get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/requests-for-input/" in schema["paths"]
    assert "/api/requests-for-input/{id}/" in schema["paths"]
    responses = schema["paths"]["/api/requests-for-input/{id}/responses/"]["get"]
    assert "200" in responses["responses"]
    assert "ResponseOutput" in schema["components"]["schemas"]


def test_a_reopened_answer_is_not_public_while_it_is_being_changed(setup):
    sent(setup)
    _answer(setup, 0, "Indsendt svar")
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        answers_visibility=RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE,
        deadline=timezone.now() - dt.timedelta(hours=1),
    )
    services.response_reopen(
        actor=setup.secretary,
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
    )
    response = services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=2,
        values={setup.questions["text"].pk: "<p>HEMMELIG KLADDE</p>"},
    )
    assert response.status == "reopened"
    anonymous = Client()
    assert "HEMMELIG KLADDE" not in anonymous.get(_responses(setup.request)).content.decode()
    side_by_side = reverse("consultations:answers_by_question", kwargs={"pk": setup.request.pk})
    assert "HEMMELIG KLADDE" not in anonymous.get(side_by_side).content.decode()
    # Another recipient municipality does not see it either.
    other = Client()
    other.force_login(setup.contacts[1])
    assert "HEMMELIG KLADDE" not in other.get(_responses(setup.request)).content.decode()
