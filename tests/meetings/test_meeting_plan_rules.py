"""The meeting plan rule (issue 18, decision 0025): items due and the agenda published N
working days before each meeting, counted over weekends and the body's public holidays;
stored per body with history; each meeting's dates on the secretariat's meeting plan, and
the agendas whose publication is overdue on the plan and on "Mine opgaver"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councils.models import Body
from meetings import selectors_planning, services
from meetings.models import Meeting, MeetingPlanRule
from meetings.planning import working_days_before
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def client(client: Client) -> Client:
    """Pages in English (the language cookie), so the test reads the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def body() -> Body:
    return BodyFactory(name="Planlagt Organ", region=RegionFactory(country="DK"))


@pytest.fixture
def secretary(body):
    user = UserFactory(username="plan-secretary")
    AffiliationFactory(user=user, body=body)
    return user


def _rule(body: Body, items: int | None, publication: int | None) -> MeetingPlanRule:
    return services.meeting_plan_rule_set(
        actor=None,
        body=body,
        item_deadline_working_days=items,
        publication_working_days=publication,
    )


def _meeting(body: Body, day: dt.date, **extra) -> Meeting:
    return services.meeting_schedule(actor=None, body=body, starts_at=at(day), **extra)


def _dates(meeting: Meeting) -> selectors_planning.MeetingDates:
    meeting = Meeting.objects.select_related("body__region").get(pk=meeting.pk)
    return selectors_planning.meeting_dates(
        meeting, selectors_planning.plan_rule(meeting.body), today=dt.date(2026, 1, 1)
    )


# --- Working days -------------------------------------------------------------------------


def test_four_working_days_before_the_tuesday_after_easter_skips_the_easter_holidays(body):
    # Easter 2026: Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April.
    _rule(body, 6, 4)
    dates = _dates(_meeting(body, dt.date(2026, 4, 7)))
    assert dates.publish_by == dt.date(2026, 3, 27)  # Friday before Palm Sunday
    assert dates.item_deadline == dt.date(2026, 3, 25)
    assert dates.item_deadline_from_rule


def test_working_days_before_a_meeting_after_christmas_skip_christmas_and_new_year(body):
    # Monday 4 January 2027: 1 January (Friday, a holiday) and the weekend are not working
    # days, nor are the 24th and 31st, on which municipal offices close (only the 25th and
    # 26th are holidays in law): 30, 29, 28, then over Christmas to the 23rd.
    _rule(body, 6, 4)
    dates = _dates(_meeting(body, dt.date(2027, 1, 4)))
    assert dates.publish_by == dt.date(2026, 12, 23)
    assert dates.item_deadline == dt.date(2026, 12, 21)


def test_a_swedish_bodys_working_days_skip_swedish_holidays_not_danish_ones():
    swedish = BodyFactory(name="Skånsk samverkan", region=RegionFactory(country="SE"))
    danish = BodyFactory(name="Dansk Organ", region=RegionFactory(country="DK"))
    # Epiphany (trettondedag jul), Wednesday 6 January 2027, is a holiday in Sweden only.
    for body in (swedish, danish):
        _rule(body, 1, 1)
    assert _dates(_meeting(swedish, dt.date(2027, 1, 7))).publish_by == dt.date(2027, 1, 5)
    assert _dates(_meeting(danish, dt.date(2027, 1, 7))).publish_by == dt.date(2027, 1, 6)
    assert working_days_before(dt.date(2027, 1, 7), 1, "SE") == dt.date(2027, 1, 5)


def test_a_meetings_own_agenda_deadline_overrides_the_item_rule(body):
    _rule(body, 10, 4)
    own = _meeting(body, dt.date(2026, 9, 14), agenda_deadline=dt.date(2026, 9, 10))
    dates = _dates(own)
    assert dates.item_deadline == dt.date(2026, 9, 10)
    assert not dates.item_deadline_from_rule
    assert dates.publish_by == dt.date(2026, 9, 8)


def test_a_body_without_a_rule_has_no_dates(body):
    dates = _dates(_meeting(body, dt.date(2026, 9, 14)))
    assert dates.item_deadline is None and dates.publish_by is None
    assert not dates.publication_overdue


# --- The rule as data -----------------------------------------------------------------------


def test_setting_the_rule_keeps_its_history_with_the_actor(body, secretary):
    services.meeting_plan_rule_set(
        actor=secretary, body=body, item_deadline_working_days=8, publication_working_days=4
    )
    services.meeting_plan_rule_set(
        actor=secretary, body=body, item_deadline_working_days=8, publication_working_days=4
    )
    services.meeting_plan_rule_set(
        actor=secretary, body=body, item_deadline_working_days=10, publication_working_days=5
    )
    rule = MeetingPlanRule.objects.get(body=body)
    assert (rule.item_deadline_working_days, rule.publication_working_days) == (10, 5)
    rows = list(rule.history.order_by("history_id"))
    assert [(r.item_deadline_working_days, r.publication_working_days) for r in rows] == [
        (8, 4),
        (10, 5),
    ]  # saving the same rule again leaves no row
    assert {r.history_user_id for r in rows} == {secretary.pk}


def test_items_cannot_be_due_after_the_agenda_is_published(body):
    with pytest.raises(ValidationError) as error:
        _rule(body, 2, 4)
    assert "item_deadline_working_days" in error.value.message_dict
    with pytest.raises(ValidationError):
        _rule(body, 61, None)
    assert not MeetingPlanRule.objects.filter(body=body).exists()


# --- Publication overdue --------------------------------------------------------------------


def _soon(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def test_an_unpublished_agenda_past_the_rules_day_is_overdue_for_its_secretariat_only(
    body, secretary
):
    _rule(body, 8, 5)
    late = _meeting(body, _soon(2))  # 5 working days before is in the past
    published = _meeting(body, _soon(3))
    services.agenda_publish(actor=None, meeting_id=published.pk)
    cancelled = _meeting(body, _soon(4))
    services.meeting_cancel(actor=None, meeting_id=cancelled.pk)
    _meeting(body, _soon(40))  # not due yet
    overdue = selectors_planning.agendas_overdue(user=secretary)
    assert [row.meeting.pk for row in overdue] == [late.pk]
    assert overdue[0].dates.publish_by < timezone.localdate()
    other = UserFactory(username="other-secretary")
    AffiliationFactory(user=other, body=BodyFactory(name="Andet Organ"))
    assert selectors_planning.agendas_overdue(user=other) == []


def test_my_tasks_lists_the_overdue_agenda(client: Client, body, secretary):
    _rule(body, 8, 5)
    late = _meeting(body, _soon(2))
    client.force_login(secretary)
    html = client.get(reverse("accounts:tasks")).content.decode()
    assert "Agendas that should have been published" in html
    assert reverse("meetings:agenda_edit", args=[late.pk]) in html


# --- The meeting plan page ------------------------------------------------------------------


def test_the_secretariat_sets_the_rule_on_the_meeting_plan_and_sees_the_dates(
    client: Client, body, secretary
):
    meeting = _meeting(body, dt.date(2027, 1, 4))
    client.force_login(secretary)
    url = reverse("meetings:meeting_plan", args=[body.slug])
    response = client.post(
        url, {"item_deadline_working_days": "6", "publication_working_days": "4"}
    )
    assert response.status_code == 302
    rule = MeetingPlanRule.objects.get(body=body)
    assert rule.history.get().history_user_id == secretary.pk
    html = client.get(url).content.decode()
    assert reverse("meetings:agenda_edit", args=[meeting.pk]) in html
    assert "23 December 2026" in html and "21 December 2026" in html
    refused = client.post(url, {"item_deadline_working_days": "2", "publication_working_days": "4"})
    assert refused.status_code == 400
    assert "Items must be due before the agenda is published" in refused.content.decode()


def test_members_and_the_public_never_see_the_meeting_plan_or_the_deadlines(client: Client, body):
    _rule(body, 8, 5)
    meeting = _meeting(body, _soon(2))
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    url = reverse("meetings:meeting_plan", args=[body.slug])
    assert client.get(url).status_code == 302  # to the log-in page
    member = UserFactory(username="plan-member")
    MembershipFactory(person=PersonFactory(user=member), body=body)
    client.force_login(member)
    assert client.get(url).status_code == 403
    for reader in (member, None):
        if reader is None:
            client.logout()
        html = client.get(meeting.get_absolute_url()).content.decode()
        assert "Deadlines" not in html
        assert "Agenda published by" not in html
        assert reverse("meetings:meeting_plan", args=[body.slug]) not in html


def test_the_meeting_plan_page_does_not_grow_with_meetings(client: Client, body, secretary):
    _rule(body, 8, 4)
    for days in (10, 20):
        _meeting(body, _soon(days))
    client.force_login(secretary)
    url = reverse("meetings:meeting_plan", args=[body.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Of the meetings app: the rule, the meetings, their items (whatever the sign-in costs).
    ours = [q for q in queries.captured_queries if '"meetings_' in q["sql"]]
    assert len(ours) == 3
    for days in (30, 40, 50, 60, 70):
        meeting = _meeting(body, _soon(days))
        services.agenda_item_add(actor=None, meeting=meeting, title=f"Punkt {days}")
    with CaptureQueriesContext(connection) as grown:
        assert client.get(url).status_code == 200
    assert len(grown.captured_queries) == len(queries.captured_queries)


# --- The daily reminder ---------------------------------------------------------------------


def test_the_secretariat_is_reminded_of_an_overdue_agenda_once_a_day(body, secretary):
    from kkr_portal.celery import app
    from meetings.tasks import remind_overdue_agendas
    from notifications.models import OutgoingEmail

    _rule(body, 8, 5)
    late = _meeting(body, _soon(2))
    _meeting(body, _soon(40))  # not due yet: no e-mail
    assert services.overdue_agendas_remind() == 1
    assert remind_overdue_agendas.apply().get() == 0  # the same day again: nothing
    email = OutgoingEmail.objects.get()
    assert email.to == secretary.email
    assert str(late.pk) in email.key
    assert reverse("meetings:agenda_edit", args=[late.pk]) in email.text
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert services.overdue_agendas_remind(today=tomorrow) == 1
    services.agenda_publish(actor=None, meeting_id=late.pk)
    assert services.overdue_agendas_remind(today=tomorrow + dt.timedelta(days=1)) == 0
    names = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "meetings.tasks.remind_overdue_agendas" in names
