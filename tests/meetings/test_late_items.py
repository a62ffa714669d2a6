"""Late items (issue 18, decision 0025): an item put on the agenda after the meeting's item
deadline, or whose case text or first attachment came after it, is late. The one rule is
``selectors_planning.item_lateness``; the secretariat sees late items marked in the agenda
editor and listed ("Late items", with when they came) on the meeting plan and the meeting
page; nobody else does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councils.models import Body
from meetings import selectors_planning, services
from meetings.models import AgendaItem, Meeting
from meetings.selectors_planning import LateReason, item_lateness
from tests.factories import AffiliationFactory, BodyFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DEADLINE = dt.date(2026, 9, 7)
MEETING_DAY = dt.date(2026, 9, 14)


def moment(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


# --- The rule --------------------------------------------------------------------------------


def test_an_item_added_on_the_deadline_day_is_on_time_and_the_day_after_is_late() -> None:
    on_time = item_lateness(
        added_at=moment(DEADLINE, 23), content_at=None, deadline=DEADLINE, meeting_day=MEETING_DAY
    )
    assert on_time is None
    late = item_lateness(
        added_at=moment(dt.date(2026, 9, 8), 0),
        content_at=None,
        deadline=DEADLINE,
        meeting_day=MEETING_DAY,
    )
    assert late is not None and late.reason == LateReason.ADDED


def test_an_item_added_in_time_whose_case_text_came_later_is_late_from_then() -> None:
    came = moment(dt.date(2026, 9, 10))
    late = item_lateness(
        added_at=moment(dt.date(2026, 9, 1)),
        content_at=came,
        deadline=DEADLINE,
        meeting_day=MEETING_DAY,
    )
    assert late is not None
    assert (late.reason, late.came_at) == (LateReason.CONTENT, came)


def test_standing_items_items_without_a_deadline_and_entries_after_the_meeting_are_never_late():
    after = moment(dt.date(2026, 9, 10))
    common = {"added_at": after, "content_at": None, "meeting_day": MEETING_DAY}
    assert item_lateness(**common, deadline=DEADLINE, standing="other_business") is None
    assert item_lateness(**common, deadline=None) is None
    archived = {**common, "added_at": moment(dt.date(2026, 9, 15))}
    assert item_lateness(**archived, deadline=DEADLINE) is None
    # Taken up on the meeting's own day: late.
    assert item_lateness(**{**common, "added_at": moment(MEETING_DAY, 8)}, deadline=DEADLINE)


# --- On real items ---------------------------------------------------------------------------


@pytest.fixture
def body() -> Body:
    return BodyFactory(name="Senepunkter Organ", region=RegionFactory(country="DK"))


@pytest.fixture
def secretary(body):
    user = UserFactory(username="late-secretary")
    AffiliationFactory(user=user, body=body)
    return user


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def meeting(body) -> Meeting:
    """A meeting in three days whose items were due five working days before: the
    deadline has passed."""
    services.meeting_plan_rule_set(
        actor=None, body=body, item_deadline_working_days=5, publication_working_days=2
    )
    day = timezone.localdate() + dt.timedelta(days=3)
    return services.meeting_schedule(
        actor=None,
        body=body,
        starts_at=timezone.make_aware(dt.datetime(day.year, day.month, day.day, 9)),
        place="Rådhuset",
    )


def _backdate(item: AgendaItem, when: dt.datetime) -> None:
    """As if the item (and its history so far) had been written at ``when``."""
    AgendaItem.objects.filter(pk=item.pk).update(added_at=when)
    AgendaItem.history.filter(id=item.pk).update(history_date=when)


def _late(meeting: Meeting) -> list[selectors_planning.LateItem]:
    meeting = Meeting.objects.select_related("body__region").get(pk=meeting.pk)
    return selectors_planning.meeting_planning(meeting).late


def test_items_added_or_filled_after_the_deadline_are_late_and_others_are_not(meeting):
    deadline = selectors_planning.meeting_planning(meeting).dates.item_deadline
    assert deadline is not None and deadline < timezone.localdate()
    before = moment(deadline - dt.timedelta(days=1))
    on_time = services.agenda_item_add(
        actor=None, meeting=meeting, title="I tide", case_text="<p>Sagen</p>"
    )
    _backdate(on_time, before)
    oral = services.agenda_item_add(actor=None, meeting=meeting, title="Mundtlig orientering")
    _backdate(oral, before)
    filled_late = services.agenda_item_add(actor=None, meeting=meeting, title="Bilag kom sent")
    _backdate(filled_late, before)
    services.attachments_add(
        actor=None, item=filled_late, files=[("Notat", SimpleUploadedFile("n.pdf", PDF))]
    )
    added_late = services.agenda_item_add(actor=None, meeting=meeting, title="Kom for sent")
    late = _late(meeting)
    assert [(entry.item.pk, entry.lateness.reason) for entry in late] == [
        (filled_late.pk, LateReason.CONTENT),
        (added_late.pk, LateReason.ADDED),
    ]
    assert late[1].lateness.came_at == AgendaItem.objects.get(pk=added_late.pk).added_at
    # Standing items, created with the meeting, are not late even when made after it.
    assert all(not entry.item.standing for entry in late)


def test_the_editor_marks_late_items_and_the_meeting_page_lists_them_for_the_secretariat(
    client: Client, meeting, secretary
):
    on_time = services.agenda_item_add(actor=None, meeting=meeting, title="Punkt i tide")
    _backdate(on_time, moment(timezone.localdate() - dt.timedelta(days=30)))
    late = services.agenda_item_add(actor=None, meeting=meeting, title="Det sene punkt")
    client.force_login(secretary)
    editor = client.get(reverse("meetings:agenda_edit", args=[meeting.pk])).content.decode()
    entry = editor.split(f'id="item-{late.pk}"')[1].split("</li>")[0]
    assert "Late item" in entry
    assert "Late item" not in editor.split(f'id="item-{on_time.pk}"')[1].split("</li>")[0]
    assert "an item added now is marked late" in editor
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Late items" in page and "Det sene punkt" in page
    plan = client.get(reverse("meetings:meeting_plan", args=[meeting.body.slug])).content
    assert "Det sene punkt" in plan.decode()


def test_the_public_and_members_never_see_late_flags(client: Client, meeting, secretary):
    services.agenda_item_add(actor=None, meeting=meeting, title="Det sene punkt")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Det sene punkt" in html  # the item itself is published
    assert "Late item" not in html
    assert "Deadlines" not in html


def test_the_editor_does_not_grow_with_late_items(
    client: Client, meeting, secretary, django_assert_num_queries
):
    services.agenda_item_add(actor=None, meeting=meeting, title="Sent 1")
    client.force_login(secretary)
    url = reverse("meetings:agenda_edit", args=[meeting.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for number in range(2, 8):
        item = services.agenda_item_add(actor=None, meeting=meeting, title=f"Sent {number}")
        services.attachments_add(
            actor=None, item=item, files=[("Bilag", SimpleUploadedFile("b.pdf", PDF))]
        )
    with django_assert_num_queries(len(first.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("badge-late") == 7


def test_the_planning_demo_shows_an_overdue_agenda_with_one_late_item(demo) -> None:
    from meetings.demo_planning import PLACE, load_planning_demo

    load_planning_demo()
    load_planning_demo()  # idempotent
    meeting = Meeting.objects.select_related("body__region").get(place=PLACE)
    planning = selectors_planning.meeting_planning(meeting)
    assert planning.dates.publication_overdue
    assert [entry.item.title for entry in planning.late] == [
        "Udpegning til arbejdsgruppe om grøn omstilling (eftersendt)"
    ]
