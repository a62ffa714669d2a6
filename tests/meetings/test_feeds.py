"""Calendars and news feeds, parsed with real parsers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from icalendar import Calendar

from meetings import services
from tests.meetings.conftest import at


@pytest.fixture
def meetings(kd_net, meeting):
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    cancelled = services.meeting_schedule(actor=None, body=kd_net, starts_at=at(2014, 10, 31))
    services.agenda_publish(actor=None, meeting_id=cancelled.pk)
    services.meeting_cancel(actor=None, meeting_id=cancelled.pk)
    planned = services.meeting_schedule(actor=None, body=kd_net, starts_at=at(2014, 12, 11))
    return {"published": meeting, "cancelled": cancelled, "planned": planned}


def _events(client: Client, url: str) -> list:
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_the_calendar_has_stable_uids_local_times_and_cancellations(
    client: Client, meetings
) -> None:
    events = _events(client, "/moeder/organ/kd-net-midtjylland/kalender.ics")
    by_uid = {str(e["UID"]): e for e in events}
    published, cancelled = meetings["published"], meetings["cancelled"]
    assert set(by_uid) == {
        f"meeting-{published.pk}@kkr-portalen",
        f"meeting-{cancelled.pk}@kkr-portalen",
    }  # planned ones stay out
    event = by_uid[f"meeting-{published.pk}@kkr-portalen"]
    assert str(event["DTSTART"].dt.tzinfo) == "Europe/Copenhagen"
    assert event["DTSTART"].dt.hour == 9
    assert str(event["URL"]) == f"http://testserver/moeder/{published.pk}/"
    assert str(event["LOCATION"]) == "Medborgerhuset, Silkeborg"
    assert str(by_uid[f"meeting-{cancelled.pk}@kkr-portalen"]["STATUS"]) == "CANCELLED"
    # The UID does not change when the meeting is edited.
    services.agenda_item_add(actor=None, meeting=published, title="Nyt punkt")
    again = {
        str(e["UID"]) for e in _events(client, "/moeder/organ/kd-net-midtjylland/kalender.ics")
    }
    assert again == set(by_uid)


def test_the_calendar_of_all_bodies_has_the_timezone(client: Client, meetings) -> None:
    calendar = Calendar.from_ical(client.get("/moeder/kalender.ics").content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    assert len(calendar.walk("VEVENT")) == 2


def test_rss_and_atom_list_published_agendas_and_minutes(client: Client, meetings) -> None:
    published = meetings["published"]
    services.agenda_item_add(actor=None, meeting=published, title="Hemmeligt", is_closed=True)
    services.agenda_publish(actor=None, meeting_id=published.pk, change_note="Punkt tilføjet")
    rss = ET.fromstring(client.get("/moeder/organ/kd-net-midtjylland/rss/").content)
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert "Dagsorden: KD-Net Midtjylland, 22-08-2014 (version 2)" in titles
    assert "Hemmeligt" not in client.get("/moeder/organ/kd-net-midtjylland/rss/").content.decode()
    atom = ET.fromstring(client.get("/moeder/organ/kd-net-midtjylland/atom/").content)
    namespace = {"a": "http://www.w3.org/2005/Atom"}
    assert (
        len(atom.findall("a:entry", namespace)) == 3
    )  # two agendas of one meeting, one of the other


def test_a_cancelled_meeting_gets_no_minutes(meetings) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.minutes_publish(
            actor=None, meeting_id=meetings["cancelled"].pk, confirm_missing=True
        )
