"""Newsletters and attendance in the REST API (issue 15): what the caller may see (published
newsletters, drafts for the body's secretariat; who attended, as the meeting page shows it),
and in the change feed when they change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from councils.models import Body
from meetings import services

pytestmark = pytest.mark.django_db


def test_the_public_reads_published_newsletters_and_the_secretariat_its_drafts(
    client: Client, demo
) -> None:
    body = Body.objects.get(slug="kd-net-midtjylland")
    secretariat = User.objects.get(username="sekretariat")
    draft = services.newsletter_create(
        actor=secretariat, body=body, title="Udkast om ungeindsats", content="<p>Kladde</p>"
    )
    news = services.newsletter_create(
        actor=secretariat, body=body, title="Nyt fra KD-Net", content="<p>Beslutninger</p>"
    )
    since = timezone.now().isoformat()
    services.newsletter_publish(actor=secretariat, newsletter_id=news.pk)

    public = client.get("/api/newsletters/", {"body": body.slug}).json()["results"]
    assert [n["title"] for n in public] == ["Nyt fra KD-Net"]
    [shown] = public
    assert shown["status"] == "published" and shown["content"] == "<p>Beslutninger</p>"
    assert shown["url"].endswith(f"/moeder/nyhedsbrev/{news.pk}/")
    assert client.get(f"/api/newsletters/{draft.pk}/").status_code == 404

    # Publishing moved it into the public's change feed; the draft is not there.
    feed = client.get("/api/newsletters/", {"modified_since": since}).json()["results"]
    assert [n["id"] for n in feed] == [news.pk]

    client.force_login(secretariat)
    mine = client.get("/api/newsletters/", {"body": body.slug}).json()["results"]
    assert {n["title"] for n in mine} >= {"Udkast om ungeindsats", "Nyt fra KD-Net"}
    assert client.get(f"/api/newsletters/{draft.pk}/").json()["status"] == "draft"


def test_attendance_is_in_the_meeting_detail_as_the_page_shows_it(client: Client, demo) -> None:
    body = Body.objects.get(slug="kd-net-midtjylland")
    secretariat = User.objects.get(username="sekretariat")
    start = timezone.make_aware(dt.datetime(2016, 4, 4, 9))
    meeting = services.meeting_schedule(actor=None, body=body, starts_at=start, place="Aarhus")
    services.agenda_item_add(actor=None, meeting=meeting, title="Punkt")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    person = body.memberships.select_related("person").first().person
    Body.objects.filter(pk=body.pk).update(publishes_attendance=False)
    since = timezone.now().isoformat()
    services.attendance_record(actor=None, meeting=meeting, person=person, status="apologies")

    url = f"/api/meetings/{meeting.pk}/"
    assert client.get(url).json()["attendance"] is None  # the public: not named
    # Attendance the public does not see tells the public's change feed nothing.
    feed = client.get("/api/meetings/", {"modified_since": since}).json()["results"]
    assert meeting.pk not in [m["id"] for m in feed]

    client.force_login(secretariat)
    [row] = client.get(url).json()["attendance"]
    assert row == {
        "person": person.slug,
        "name": person.name,
        "status": "apologies",
        "substitute_for": None,
        "note": "",
    }
    client.logout()
    Body.objects.filter(pk=body.pk).update(publishes_attendance=True)
    assert [r["person"] for r in client.get(url).json()["attendance"]] == [person.slug]
    # Where the public sees attendance, a change to it moves the meeting into the feed.
    since = timezone.now().isoformat()
    services.attendance_record(
        actor=None, meeting=meeting, person=person, status="apologies", note="Syg"
    )
    feed = client.get("/api/meetings/", {"modified_since": since}).json()["results"]
    assert meeting.pk in [m["id"] for m in feed]
