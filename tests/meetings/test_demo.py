"""The demo meetings are the seeds' meetings, entered as data."""

from __future__ import annotations

import pytest
from django.test import Client

from meetings.demo import load_meeting_demo
from meetings.models import Attachment, Meeting
from meetings.numbering import agenda_order, attachment_numbers


@pytest.fixture
def kd_net_2014(demo) -> Meeting:
    load_meeting_demo()
    return Meeting.objects.get(body__slug="kd-net-midtjylland", starts_at__year=2014)


def test_the_kd_net_minutes_have_19_items_and_bilag_1_to_16(kd_net_2014) -> None:
    ordered = agenda_order(kd_net_2014.items.all())
    numbers = [n for n, _i in ordered]
    assert [n for n in numbers if "." not in n] == [str(n) for n in range(1, 20)]
    assert {"6.1", "6.2", "7.1", "7.2", "14.1", "14.2", "14.3", "15.1", "15.2"} <= set(numbers)
    bilag = attachment_numbers(ordered, Attachment.objects.filter(item__meeting=kd_net_2014))
    titles = {bilag[a.pk]: a.title for a in Attachment.objects.filter(item__meeting=kd_net_2014)}
    assert sorted(titles) == list(range(1, 17))
    assert titles[14] == "Udpegning til VIAs uddannelsesudvalg 2014-18, KD-Net, august 2014"
    assert kd_net_2014.status == Meeting.Status.MINUTES_PUBLISHED


def test_the_substitute_and_the_closed_second_part(client: Client, kd_net_2014) -> None:
    peter = kd_net_2014.attendance.get(person__name="Peter Pedersen")
    assert peter.substitute_for.name == "Niels Højberg"
    public = client.get(kd_net_2014.get_absolute_url()).content.decode()
    assert "Rune Asmussen, Randers Kommune indtræder" not in public  # item 15.2 is closed
    assert "Det reviderede budget blev godkendt" not in public  # item 16 is closed
    assert "LIFE programmet" in public  # item 9 is open
    client.post("/konto/log-ind/", {"username": "medlem", "password": "demo-kkr-2026"})
    member = client.get(kd_net_2014.get_absolute_url()).content.decode()
    assert "Rune Asmussen, Randers Kommune indtræder" in member
    assert "suppleant for Niels Højberg" in member


def test_loading_the_meeting_demo_twice_changes_nothing(kd_net_2014) -> None:
    before = Meeting.objects.count()
    load_meeting_demo()
    assert Meeting.objects.count() == before


def test_the_skane_nordost_minutes_are_justerat_with_the_appeal_period_shown(
    client: Client, demo
) -> None:
    from meetings.minutes import minutes_state

    load_meeting_demo()
    meeting = Meeting.objects.get(body__slug="skane-nordost-samverkanskommitte")
    assert meeting.minutes_adjusted_at is not None
    assert meeting.minutes_are_published
    assert meeting.adjusters.filter(approved_at__isnull=False).count() >= 1
    state = minutes_state(meeting)
    assert state.uses_justering and state.appeal_ends is not None
    client.cookies["django_language"] = "en"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Adjusted" in page and "the appeal period ends" in page
    assert "Bifall" in page  # the body's own decision type
    load_meeting_demo()  # a second run changes nothing
    assert Meeting.objects.filter(body__slug="skane-nordost-samverkanskommitte").count() == 1
