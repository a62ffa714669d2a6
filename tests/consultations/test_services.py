from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from consultations import services
from consultations.models import RequestForInput, Response
from core.errors import ConflictError
from notifications.models import OutgoingEmail
from tests.consultations.conftest import in_days, sent


def _answers(setup, **values):
    q = setup.questions
    return {
        q["text"].pk: values.get("text", "<p>Vi satser på uddannelse.</p>"),
        q["number"].pk: values.get("number", "12"),
        q["choice"].pk: values.get("choice", ["Uddannelse"]),
    }


def _submit(setup, n=0, *, version=0, **values):
    return services.response_submit(
        actor=setup.contacts[n],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[n].pk,
        expected_version=version,
        values=_answers(setup, **values),
    )


def _move_deadline(request, deadline):
    RequestForInput.objects.filter(pk=request.pk).update(deadline=deadline)


def test_the_introduction_is_sanitised_and_the_recipients_recorded(setup):
    assert "script" not in setup.request.introduction
    assert setup.request.recipients.count() == 3
    assert setup.request.history.count() == 1


def test_sending_emails_every_contact_person_once(setup):
    sent(setup)
    setup.request.refresh_from_db()
    assert setup.request.status == RequestForInput.Status.SENT
    emails = OutgoingEmail.objects.filter(key__startswith=f"rfi-sent:{setup.request.pk}:")
    assert sorted(emails.values_list("to", flat=True)) == sorted(c.email for c in setup.contacts)
    assert all("/hoeringer/" in e.text for e in emails)


def test_sending_is_refused_naming_recipients_without_a_contact_person(setup):
    setup.contacts[2].affiliations.all().delete()
    with pytest.raises(ValidationError) as error:
        sent(setup)
    assert "Inputby 2" in str(error.value)
    assert "Inputby 0" not in str(error.value)
    setup.request.refresh_from_db()
    assert setup.request.status == RequestForInput.Status.DRAFT
    assert not OutgoingEmail.objects.filter(key__startswith="rfi-sent:").exists()


def test_questions_change_freely_until_somebody_answers_then_each_change_is_a_version(setup):
    sent(setup)
    services.question_update(
        actor=setup.secretary, question_id=setup.questions["number"].pk, max_value=100
    )
    setup.request.refresh_from_db()
    assert setup.request.questions_version == 1
    draft = services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values={},
    )
    assert draft.questions_version == 1
    services.question_update(
        actor=setup.secretary, question_id=setup.questions["number"].pk, max_value=5
    )
    services.question_add(actor=setup.secretary, request=setup.request, kind="date", text="Når?")
    setup.request.refresh_from_db()
    assert setup.request.questions_version == 3
    # The history keeps the question as it was.
    assert [h.max_value for h in setup.questions["number"].history.order_by("history_id")][-2:] == [
        100,
        5,
    ]
    # Only the municipality that has a response is told, once per version.
    told = OutgoingEmail.objects.filter(key__startswith=f"rfi-questions:{setup.request.pk}:")
    assert sorted(told.values_list("to", flat=True)) == [setup.contacts[0].email] * 2
    # Saving again records the version the answer was saved against.
    again = services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=draft.version,
        values={},
    )
    assert again.questions_version == 3


def test_a_question_with_answers_keeps_its_kind(setup):
    sent(setup)
    _submit(setup)
    with pytest.raises(ValidationError) as error:
        services.question_update(
            actor=setup.secretary, question_id=setup.questions["number"].pk, kind="short_text"
        )
    assert "kind" in error.value.message_dict


def test_questions_of_a_closed_request_do_not_change(setup):
    sent(setup)
    services.request_close(actor=setup.secretary, request_id=setup.request.pk)
    with pytest.raises(ValidationError):
        services.question_add(
            actor=setup.secretary, request=setup.request, kind="date", text="Når?"
        )


def test_a_draft_then_a_submission_then_a_resubmission_keeps_each_version(setup):
    sent(setup)
    draft = services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values=_answers(setup, number="3"),
    )
    assert draft.status == Response.Status.DRAFT
    response = _submit(setup, version=draft.version, number="4")
    assert response.status == Response.Status.SUBMITTED
    assert response.submitted_by == setup.contacts[0]
    assert not response.is_late
    again = _submit(setup, version=response.version, number="5")
    assert again.answers.get(question=setup.questions["number"]).value == "5"
    submitted = again.history.filter(status=Response.Status.SUBMITTED)
    assert submitted.count() == 2
    numbers = (
        again.answers.get(question=setup.questions["number"])
        .history.order_by("history_id")
        .values_list("value", flat=True)
    )
    assert list(numbers) == ["3", "4", "5"]


def test_a_submitted_answer_is_not_turned_back_into_a_draft(setup):
    sent(setup)
    response = _submit(setup)
    with pytest.raises(ValidationError):
        services.response_save_draft(
            actor=setup.contacts[0],
            request_id=setup.request.pk,
            municipality_id=setup.municipalities[0].pk,
            expected_version=response.version,
            values={},
        )


def test_missing_required_and_out_of_range_answers_are_named_per_question(setup):
    sent(setup)
    with override("en"), pytest.raises(ValidationError) as error:
        _submit(setup, text="", number="51", choice=["Fiskeri"])
    q = setup.questions
    messages = error.value.message_dict
    assert set(messages) == {f"q{q['text'].pk}", f"q{q['number'].pk}", f"q{q['choice'].pk}"}
    assert "from 0 to 50 stk." in messages[f"q{q['number'].pk}"][0]
    assert not Response.objects.exists()


def test_after_the_deadline_a_submission_is_refused_with_the_deadline_and_the_draft_kept(setup):
    sent(setup)
    draft = services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values=_answers(setup, number="7"),
    )
    deadline = timezone.now() - dt.timedelta(hours=1)
    _move_deadline(setup.request, deadline)
    with override("en"), pytest.raises(ValidationError) as error:
        _submit(setup, version=draft.version)
    assert str(timezone.localtime(deadline).year) in error.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == Response.Status.DRAFT
    assert draft.answers.get(question=setup.questions["number"]).value == "7"


def test_a_late_first_answer_is_accepted_and_marked_when_the_request_allows_it(setup):
    RequestForInput.objects.filter(pk=setup.request.pk).update(allows_late=True)
    sent(setup)
    _move_deadline(setup.request, timezone.now() - dt.timedelta(hours=1))
    response = _submit(setup)
    assert response.is_late
    # A late answer is not changed afterwards without a reopening.
    with pytest.raises(ValidationError):
        _submit(setup, version=response.version, number="1")


def test_the_secretariat_reopens_an_answer_after_the_deadline_and_it_is_submitted_again(setup):
    sent(setup)
    response = _submit(setup)
    _move_deadline(setup.request, timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ValidationError):
        _submit(setup, version=response.version, number="9")
    reopened = services.response_reopen(
        actor=setup.secretary,
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
    )
    assert reopened.status == Response.Status.REOPENED
    assert OutgoingEmail.objects.filter(key__startswith=f"rfi-reopened:{response.pk}:").count() == 1
    again = _submit(setup, version=reopened.version, number="9")
    assert again.status == Response.Status.SUBMITTED
    assert not again.is_late


def test_the_second_writer_is_told_what_changed_and_nothing_of_theirs_is_saved(setup):
    sent(setup)
    services.response_save_draft(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values=_answers(setup, number="1"),
    )
    # A second contact person of the same municipality loaded the page before that save.
    with pytest.raises(ConflictError) as error:
        services.response_save_draft(
            actor=setup.secretary,
            request_id=setup.request.pk,
            municipality_id=setup.municipalities[0].pk,
            expected_version=0,
            values=_answers(setup, number="2"),
        )
    assert ("Antal projekter", "1 stk.") in error.value.changes
    answer = Response.objects.get().answers.get(question=setup.questions["number"])
    assert answer.value == "1"


def test_extending_the_deadline_tells_every_recipient(setup):
    sent(setup)
    services.request_extend_deadline(
        actor=setup.secretary, request_id=setup.request.pk, deadline=in_days(20)
    )
    assert (
        OutgoingEmail.objects.filter(key__startswith=f"rfi-deadline:{setup.request.pk}:").count()
        == 3
    )
    with pytest.raises(ValidationError):
        services.request_extend_deadline(
            actor=setup.secretary, request_id=setup.request.pk, deadline=in_days(5)
        )


def test_a_public_request_whose_deadline_moves_away_is_a_tombstone_until_then(setup):
    from core.models import Tombstone

    RequestForInput.objects.filter(pk=setup.request.pk).update(
        answers_visibility=RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE
    )
    sent(setup)
    # Not public while open (the deadline ahead): no tombstone for a move.
    services.request_extend_deadline(
        actor=setup.secretary, request_id=setup.request.pk, deadline=in_days(20)
    )
    assert not Tombstone.objects.exists()
    # The deadline passed, so the public could open it; a new deadline closes it again.
    _move_deadline(setup.request, timezone.now() - dt.timedelta(hours=1))
    assert RequestForInput.public_pks([setup.request.pk]) == {setup.request.pk}
    services.request_extend_deadline(
        actor=setup.secretary, request_id=setup.request.pk, deadline=in_days(30)
    )
    assert list(Tombstone.objects.values_list("resource", "object_id")) == [
        ("consultations.requestforinput", setup.request.pk)
    ]


def test_reminders_go_once_a_day_to_those_who_have_not_submitted(setup):
    sent(setup)
    _submit(setup, n=0)
    _move_deadline(setup.request, timezone.now() + dt.timedelta(days=2))
    first = services.reminders_send()
    second = services.reminders_send()
    assert (first, second) == (2, 0)
    reminded = OutgoingEmail.objects.filter(key__startswith="rfi-reminder:")
    assert sorted(reminded.values_list("to", flat=True)) == sorted(
        c.email for c in setup.contacts[1:]
    )
    # Tomorrow (1 day left) is not a reminder day; nothing new.
    assert services.reminders_send(now=timezone.now() + dt.timedelta(days=1)) == 0


def test_the_reminder_task_calls_the_service(setup):
    from consultations.tasks import send_consultation_reminders

    sent(setup)
    _move_deadline(setup.request, timezone.now() + dt.timedelta(days=7))
    assert send_consultation_reminders.delay().get() == 3
