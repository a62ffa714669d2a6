"""What comes out of a request for input, through the pages: all answers to each question
side by side (who may open it, which answers each sees, its query count), the public page and
list of requests whose answers are public after the deadline, and "Mine opgaver"."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import RequestForInput, Response
from tests.consultations.conftest import sent
from tests.factories import MunicipalityFactory


def _answer(setup, n: int, text: str, *, submit: bool = True) -> None:
    service = services.response_submit if submit else services.response_save_draft
    service(
        actor=setup.contacts[n],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[n].pk,
        expected_version=0,
        values={setup.questions["text"].pk: f"<p>{text}</p>", setup.questions["number"].pk: "7"},
    )


def _past_deadline(setup, visibility: str) -> None:
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1), answers_visibility=visibility
    )


def _side_by_side(setup) -> str:
    return reverse("consultations:answers_by_question", args=[setup.request.pk])


def test_the_secretariat_sees_each_submitted_answer_per_question_and_no_draft(client, setup):
    sent(setup)
    _answer(setup, 0, "Submitted text of the first")
    _answer(setup, 1, "Draft text of the second", submit=False)
    client.force_login(setup.secretary)
    page = client.get(_side_by_side(setup))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Submitted text of the first" in body
    assert "7 stk." in body
    assert "Draft text of the second" not in body
    [text_question, number_question, _choice] = page.context["questions"]
    assert [a.recipient.name for a in text_question.answers] == ["Inputby 0"]
    assert [a.text for a in number_question.answers] == ["7 stk."]


def test_the_request_page_links_to_the_answers_side_by_side_for_the_secretariat(client, setup):
    sent(setup)
    client.force_login(setup.secretary)
    page = client.get(setup.request.get_absolute_url())
    assert _side_by_side(setup) in page.content.decode()


def _queries(client, setup) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_side_by_side(setup))
    assert response.status_code == 200
    return len(queries)


def test_the_side_by_side_query_count_does_not_grow_with_the_recipients(client, setup):
    sent(setup)
    _answer(setup, 0, "Svar")
    client.force_login(setup.secretary)
    # Warm-up: the signed-in user's roles come from the cache after the first page (decision 0029).
    _queries(client, setup)
    few = _queries(client, setup)
    for _ in range(20):
        municipality = MunicipalityFactory(region=setup.body.region)
        recipient = setup.request.recipients.create(municipality=municipality)
        response = Response.objects.create(
            recipient=recipient, status="submitted", submitted_at=timezone.now()
        )
        response.answers.create(question=setup.questions["text"], value="<p>Mere</p>")
    assert _queries(client, setup) == few


def test_a_recipient_sees_the_others_submitted_answers_only_after_the_deadline_when_allowed(
    client, setup
):
    sent(setup)
    _answer(setup, 0, "First municipality's answer")
    _answer(setup, 2, "Third municipality's draft", submit=False)
    client.force_login(setup.contacts[1])
    assert client.get(_side_by_side(setup)).status_code == 404  # before the deadline
    _past_deadline(setup, RequestForInput.Visibility.SECRETARIAT)
    assert client.get(_side_by_side(setup)).status_code == 404  # the secretariat's only
    _past_deadline(setup, RequestForInput.Visibility.RECIPIENTS_AFTER_DEADLINE)
    page = client.get(_side_by_side(setup))
    assert page.status_code == 200
    body = page.content.decode()
    assert "First municipality&#x27;s answer" in body or "First municipality's answer" in body
    assert "Third municipality" not in body


def test_a_public_request_is_shown_to_everyone_after_its_deadline_without_drafts(client, setup):
    sent(setup)
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        answers_visibility=RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE
    )
    _answer(setup, 0, "Public answer")
    _answer(setup, 1, "Secret draft", submit=False)
    public_list = reverse("consultations:public_requests")
    # Before the deadline: not public.
    assert setup.request.title not in client.get(public_list).content.decode()
    before = client.get(_side_by_side(setup))
    assert before.status_code == 302
    assert reverse("accounts:login") in before["Location"]
    _past_deadline(setup, RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE)
    listed = client.get(public_list)
    assert listed.status_code == 200
    assert _side_by_side(setup) in listed.content.decode()
    page = client.get(_side_by_side(setup))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Public answer" in body
    assert "Secret draft" not in body
    # The secretariat's tools are not offered to the public.
    assert reverse("consultations:compiled_pdf_create", args=[setup.request.pk]) not in body


def test_a_request_that_is_not_public_is_refused_to_the_public(client, setup):
    sent(setup)
    _answer(setup, 0, "Answer for the secretariat")
    _past_deadline(setup, RequestForInput.Visibility.RECIPIENTS_AFTER_DEADLINE)
    assert client.get(_side_by_side(setup)).status_code == 302
    assert (
        setup.request.title
        not in client.get(reverse("consultations:public_requests")).content.decode()
    )


def test_my_tasks_lists_the_open_request_of_the_contacts_municipality_until_submitted(
    client, setup
):
    sent(setup)
    client.force_login(setup.contacts[0])
    client.cookies["django_language"] = "en"
    form_url = reverse(
        "consultations:response_form",
        args=[
            setup.request.pk,
            setup.request.recipients.get(municipality=setup.municipalities[0]).pk,
        ],
    )
    page = client.get(reverse("accounts:tasks"))
    assert page.status_code == 200
    assert [r.request_id for r in page.context["requests_for_input"]] == [setup.request.pk]
    assert form_url in page.content.decode()
    _answer(setup, 0, "Done", submit=False)
    assert client.get(reverse("accounts:tasks")).context["requests_for_input"]  # a draft waits
    services.response_submit(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=1,
        values={setup.questions["text"].pk: "<p>Done</p>"},
    )
    page = client.get(reverse("accounts:tasks"))
    assert page.context["requests_for_input"] == []
    assert form_url not in page.content.decode()


def test_my_tasks_does_not_list_a_draft_request_or_another_municipalitys(client, setup):
    client.force_login(setup.contacts[0])
    assert client.get(reverse("accounts:tasks")).context["requests_for_input"] == []
    sent(setup)
    client.force_login(setup.secretary)
    assert client.get(reverse("accounts:tasks")).context["requests_for_input"] == []


def test_my_tasks_drops_a_request_whose_deadline_passed_without_late_answers(client, setup):
    sent(setup)
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1)
    )
    client.force_login(setup.contacts[0])
    assert client.get(reverse("accounts:tasks")).context["requests_for_input"] == []
    RequestForInput.objects.filter(pk=setup.request.pk).update(allows_late=True)
    [waiting] = client.get(reverse("accounts:tasks")).context["requests_for_input"]
    assert waiting.is_overdue
