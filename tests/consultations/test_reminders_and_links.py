"""The reminder plan of a request, "remind those missing now" from the matrix, reminders
shown per recipient, and the link to the meeting item the request feeds (issue 13)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import RequestForInput
from meetings.models import AgendaItem, Meeting
from notifications.models import OutgoingEmail
from tests.consultations.conftest import in_days, sent
from tests.factories import BodyFactory, MunicipalityFactory


def _move_deadline(request, deadline):
    RequestForInput.objects.filter(pk=request.pk).update(deadline=deadline)


def _plan(request, days, *, after=True, late=False):
    RequestForInput.objects.filter(pk=request.pk).update(
        reminder_days=days, remind_after_deadline=after, allows_late=late
    )


# --- The plan ---------------------------------------------------------------------------------


def test_the_request_form_takes_the_reminder_plan(client, setup):
    client.force_login(setup.secretary)
    response = client.post(
        reverse("consultations:request_edit", args=[setup.request.pk]),
        {
            "title": setup.request.title,
            "deadline": timezone.localtime(in_days(20)).strftime("%Y-%m-%dT%H:%M"),
            "answers_visibility": "secretariat",
            "whole_region": "on",
            "reminder_days": "3, 10",
            "version": str(setup.request.version),
        },
    )
    assert response.status_code == 302
    setup.request.refresh_from_db()
    assert setup.request.reminder_days == [10, 3]
    assert setup.request.remind_after_deadline is False
    page = client.get(reverse("consultations:request_edit", args=[setup.request.pk]))
    assert 'value="10, 3"' in page.content.decode()


@pytest.mark.parametrize("days", ["0", "abc", "1, 2, 3, 4, 5, 6", "61"])
def test_a_bad_reminder_plan_is_refused_on_the_form(client, setup, days):
    client.force_login(setup.secretary)
    response = client.post(
        reverse("consultations:request_edit", args=[setup.request.pk]),
        {
            "title": setup.request.title,
            "deadline": timezone.localtime(in_days(20)).strftime("%Y-%m-%dT%H:%M"),
            "answers_visibility": "secretariat",
            "whole_region": "on",
            "reminder_days": days,
            "version": str(setup.request.version),
        },
    )
    assert response.status_code == 400
    assert "reminder_days" in response.context["form"].errors


def test_reminders_follow_each_requests_plan(setup):
    sent(setup)
    _plan(setup.request, [10])
    _move_deadline(setup.request, timezone.now() + dt.timedelta(days=10))
    assert services.reminders_send() == 3
    # 7 days before is not in this plan.
    assert services.reminders_send(now=timezone.now() + dt.timedelta(days=3)) == 0


def test_the_day_after_the_deadline_only_when_planned_and_late_answers_are_taken(setup):
    sent(setup)
    _move_deadline(setup.request, timezone.now() - dt.timedelta(days=1))
    _plan(setup.request, [], after=True, late=False)
    assert services.reminders_send() == 0
    _plan(setup.request, [], after=False, late=True)
    assert services.reminders_send() == 0
    _plan(setup.request, [], after=True, late=True)
    assert services.reminders_send() == 3


# --- Remind now -------------------------------------------------------------------------------


def test_remind_now_reminds_those_missing_once_a_day_and_the_matrix_counts_them(client, setup):
    sent(setup)
    services.response_submit(
        actor=setup.contacts[0],
        request_id=setup.request.pk,
        municipality_id=setup.municipalities[0].pk,
        expected_version=0,
        values={setup.questions["text"].pk: "Svar"},
    )
    client.cookies["django_language"] = "en"
    client.force_login(setup.secretary)
    url = reverse("consultations:reminders_send_now", args=[setup.request.pk])
    first = client.post(url, follow=True)
    assert "2 recipients were reminded." in first.content.decode()
    reminded = OutgoingEmail.objects.filter(key__startswith=f"rfi-reminder:{setup.request.pk}:")
    assert sorted(reminded.values_list("to", flat=True)) == sorted(
        c.email for c in setup.contacts[1:]
    )
    # Never twice on the same day, also not with the morning job.
    second = client.post(url, follow=True)
    assert "Nobody was reminded" in second.content.decode()
    _move_deadline(setup.request, timezone.now() + dt.timedelta(days=7))
    assert services.reminders_send() == 0
    assert reminded.count() == 2
    assert _reminder_counts(client, setup) == {"Inputby 0": 0, "Inputby 1": 1, "Inputby 2": 1}
    # The next day counts as a second reminder (and shows at once: the matrix is cached).
    services.reminders_send(now=timezone.now() + dt.timedelta(days=5))
    assert _reminder_counts(client, setup) == {"Inputby 0": 0, "Inputby 1": 2, "Inputby 2": 2}


def _reminder_counts(client, setup) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Municipality -> the matrix's "Reminders" column (the fifth)."""
    page = client.get(reverse("consultations:response_matrix", args=[setup.request.pk]))
    rows = re.findall(
        r'<th scope="row"><a [^>]*>([^<]*)</a></th>\s*(?:<td>[^<]*</td>\s*){3}<td>(\d+)</td>',
        page.content.decode(),
    )
    return {name: int(count) for name, count in rows}


def test_only_the_secretariat_reminds_and_only_a_sent_request(client, setup):
    url = reverse("consultations:reminders_send_now", args=[setup.request.pk])
    with pytest.raises(ValidationError):
        services.reminders_send_now(actor=setup.secretary, request_id=setup.request.pk)
    sent(setup)
    client.force_login(setup.contacts[0])
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    assert not OutgoingEmail.objects.filter(key__startswith="rfi-reminder:").exists()


def _matrix_queries(client, setup) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("consultations:response_matrix", args=[setup.request.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_matrix_query_count_stays_the_same_with_reminded_recipients(client, setup):
    sent(setup)
    services.reminders_send_now(actor=setup.secretary, request_id=setup.request.pk)
    client.force_login(setup.secretary)
    # Warm-up: the signed-in user's roles come from the cache after the first page (decision
    # 0029); one more recipient then changes the rows' stamp, so both counts below render them.
    _matrix_queries(client, setup)
    setup.request.recipients.create(municipality=MunicipalityFactory(region=setup.body.region))
    few = _matrix_queries(client, setup)
    for municipality in [MunicipalityFactory(region=setup.body.region) for _ in range(20)]:
        setup.request.recipients.create(municipality=municipality, reminded_on=timezone.localdate())
    assert _matrix_queries(client, setup) == few


# --- The meeting item -------------------------------------------------------------------------


def _meeting(body, days, *, published=False):
    return Meeting.objects.create(
        body=body,
        starts_at=timezone.now() + dt.timedelta(days=days),
        agenda_published_at=timezone.now() if published else None,
    )


def test_the_form_offers_the_bodys_meeting_items_coming_meetings_first(client, setup):
    past = AgendaItem.objects.create(meeting=_meeting(setup.body, -30), title="Gammelt punkt")
    soon = AgendaItem.objects.create(meeting=_meeting(setup.body, 5), title="Snart punkt")
    later = AgendaItem.objects.create(meeting=_meeting(setup.body, 40), title="Senere punkt")
    AgendaItem.objects.create(meeting=_meeting(BodyFactory(), 5), title="Andet organ")
    client.force_login(setup.secretary)
    form = client.get(reverse("consultations:request_edit", args=[setup.request.pk])).context[
        "form"
    ]
    offered = list(form.fields["meeting_item"].queryset)
    assert offered == [soon, later, past]


def test_an_item_of_another_body_is_refused(setup):
    other = AgendaItem.objects.create(meeting=_meeting(BodyFactory(), 5), title="Andet organ")
    with pytest.raises(ValidationError) as error:
        services.request_update(
            actor=setup.secretary,
            request_id=setup.request.pk,
            expected_version=setup.request.version,
            meeting_item=other,
        )
    assert "meeting_item" in error.value.message_dict


def test_the_detail_page_links_the_item_for_those_who_may_see_the_meeting(client, setup):
    meeting = _meeting(setup.body, 10)
    item = AgendaItem.objects.create(meeting=meeting, title="Vækstforum", is_closed=True)
    services.request_update(
        actor=setup.secretary,
        request_id=setup.request.pk,
        expected_version=setup.request.version,
        meeting_item=item,
    )
    sent(setup)
    link = f"{meeting.get_absolute_url()}#item-{item.pk}"
    client.force_login(setup.secretary)
    page = client.get(setup.request.get_absolute_url()).content.decode()
    assert link in page and "Vækstforum" in page
    # The contact person does not see an unpublished meeting, nor a closed item's title.
    client.force_login(setup.contacts[0])
    page = client.get(setup.request.get_absolute_url()).content.decode()
    assert link not in page
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    page = client.get(setup.request.get_absolute_url()).content.decode()
    assert link in page
    assert "Vækstforum" not in page
