"""The list of requests for a visitor who is not signed in, and what the secretariat may
still change on a sent request (the reminder plan and the meeting item it feeds)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import RequestForInput
from core.errors import ConflictError
from meetings.models import AgendaItem, Meeting
from tests.consultations.conftest import sent
from tests.factories import BodyFactory


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_public_requests(client, db):
    answer = client.get(reverse("consultations:request_list"))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("consultations:public_requests")
    assert reverse("accounts:login") not in answer["Location"]


def test_the_public_list_offers_a_visitor_to_log_in_to_their_own_requests(client, db):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("consultations:public_requests")).content.decode()
    own = reverse("consultations:request_list")
    assert f"{reverse('accounts:login')}?next={own}" in page


def test_a_public_request_is_listed_for_a_visitor_who_opens_the_requests(client, setup):
    sent(setup)
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        answers_visibility=RequestForInput.Visibility.PUBLIC_AFTER_DEADLINE,
        deadline=timezone.now() - dt.timedelta(days=1),
    )
    page = client.get(reverse("consultations:request_list"), follow=True)
    assert page.status_code == 200
    assert setup.request.title in page.content.decode()


def test_a_signed_in_user_still_gets_their_own_list_with_a_link_to_the_public_one(client, setup):
    client.force_login(setup.secretary)
    page = client.get(reverse("consultations:request_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert setup.request.title in body
    assert reverse("consultations:public_requests") in body


# --- A sent request: the reminder plan and the meeting item still change ----------------------


def _item(body, title="Vækstforum"):
    meeting = Meeting.objects.create(body=body, starts_at=timezone.now() + dt.timedelta(days=5))
    return AgendaItem.objects.create(meeting=meeting, title=title)


def _follow_up(setup, **fields):
    request = RequestForInput.objects.get(pk=setup.request.pk)
    values = {
        "reminder_days": request.reminder_days,
        "remind_after_deadline": request.remind_after_deadline,
        "meeting_item": request.meeting_item,
        **fields,
    }
    return services.request_follow_up_update(
        actor=setup.secretary,
        request_id=request.pk,
        expected_version=request.version,
        **values,
    )


def test_a_sent_request_gets_a_new_reminder_plan_and_meeting_item_with_history(setup):
    sent(setup)
    item = _item(setup.body)
    before = setup.request.history.count()
    _follow_up(setup, reminder_days=["3", "14"], remind_after_deadline=False, meeting_item=item)
    request = RequestForInput.objects.get(pk=setup.request.pk)
    assert request.reminder_days == [14, 3]
    assert request.remind_after_deadline is False
    assert request.meeting_item == item
    assert request.status == RequestForInput.Status.SENT
    latest = request.history.first()
    assert request.history.count() == before + 1
    assert latest.history_user == setup.secretary
    assert latest.meeting_item_id == item.pk


def test_the_new_plan_is_what_the_morning_reminders_follow(setup):
    sent(setup)
    RequestForInput.objects.filter(pk=setup.request.pk).update(
        deadline=timezone.now() + dt.timedelta(days=10)
    )
    _follow_up(setup, reminder_days=[])
    assert services.reminders_send() == 0
    _follow_up(setup, reminder_days=[10])
    assert services.reminders_send() == 3


def test_a_closed_request_keeps_its_plan_and_meeting_item(setup):
    sent(setup)
    services.request_close(actor=setup.secretary, request_id=setup.request.pk)
    with pytest.raises(ValidationError):
        _follow_up(setup, reminder_days=[1])
    assert RequestForInput.objects.get(pk=setup.request.pk).reminder_days == [7, 2]


def test_a_stale_version_is_a_conflict_and_an_item_of_another_body_is_refused(setup):
    sent(setup)
    request = RequestForInput.objects.get(pk=setup.request.pk)
    with pytest.raises(ConflictError):
        services.request_follow_up_update(
            actor=setup.secretary,
            request_id=request.pk,
            expected_version=request.version - 1,
            reminder_days=[1],
            remind_after_deadline=True,
            meeting_item=None,
        )
    with pytest.raises(ValidationError) as refused:
        _follow_up(setup, meeting_item=_item(BodyFactory()))
    assert "meeting_item" in refused.value.message_dict


def test_the_edit_page_of_a_sent_request_changes_only_the_plan_and_the_item(client, setup):
    sent(setup)
    item = _item(setup.body)
    client.force_login(setup.secretary)
    url = reverse("consultations:request_edit", args=[setup.request.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {
        "reminder_days",
        "remind_after_deadline",
        "meeting_item",
        "version",
    }
    version = RequestForInput.objects.get(pk=setup.request.pk).version
    answer = client.post(
        url,
        {
            "reminder_days": "5",
            "meeting_item": item.pk,
            "version": version,
            # Not on this form: ignored.
            "title": "Changed title",
            "deadline": "2031-01-01T12:00",
        },
    )
    assert answer.status_code == 302
    request = RequestForInput.objects.get(pk=setup.request.pk)
    assert request.reminder_days == [5]
    assert request.remind_after_deadline is False
    assert request.meeting_item == item
    assert request.title == "Vækststrategier"
    assert request.deadline == setup.request.deadline


def test_the_detail_page_offers_the_change_until_the_request_is_closed(client, setup):
    sent(setup)
    client.force_login(setup.secretary)
    url = reverse("consultations:request_edit", args=[setup.request.pk])
    detail = setup.request.get_absolute_url()
    assert url in client.get(detail).content.decode()
    services.request_close(actor=setup.secretary, request_id=setup.request.pk)
    assert url not in client.get(detail).content.decode()
    assert client.get(url).status_code == 302


def test_a_contact_person_cannot_change_the_plan_of_a_sent_request(client, setup):
    sent(setup)
    client.force_login(setup.contacts[0])
    url = reverse("consultations:request_edit", args=[setup.request.pk])
    version = RequestForInput.objects.get(pk=setup.request.pk).version
    assert client.post(url, {"reminder_days": "1", "version": version}).status_code == 403
    assert RequestForInput.objects.get(pk=setup.request.pk).reminder_days == [7, 2]
