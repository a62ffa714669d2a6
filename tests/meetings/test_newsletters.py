"""Newsletters drafted from the minutes' open decisions, edited and published by the
secretariat, with a page, a feed and an e-mail to the subscribers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, Newsletter
from tests.meetings.conftest import at


def _log_in(client: Client, username: str) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"}
    )
    assert response.status_code == 302


@pytest.fixture
def held(meeting):
    services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Tværgående samarbejde om uddannelser",
        decision="<p>KD-Net besluttede at arbejde videre med fælles pejlemærker.</p>",
    )
    services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Resultatkontrakt 2020",
        decision="<p>KD-Net pegede på grøn omstilling.</p>",
    )
    services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Personalesag",
        decision="<p>Fortrolig beslutning om fratrædelse.</p>",
        is_closed=True,
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    return meeting


def test_publishing_the_minutes_drafts_a_newsletter_from_the_open_decisions(held):
    services.minutes_publish(actor=None, meeting_id=held.pk, confirm_missing=True)
    newsletter = Newsletter.objects.get(meeting=held)
    assert newsletter.status == "draft"
    assert newsletter.title == "Nyhedsbrev KD-Net Midtjylland august 2014"
    content = newsletter.content
    assert "På mødet den 22. august 2014 drøftede KD-Net Midtjylland" in content
    assert "<li>Tværgående samarbejde om uddannelser</li>" in content
    assert "<h2>Resultatkontrakt 2020</h2>" in content
    assert "grøn omstilling" in content
    assert reverse("meetings:meeting_detail", args=[held.pk]) in content
    assert "Personalesag" not in content and "fratrædelse" not in content
    # Changing the minutes later does not make a second draft.
    services.minutes_publish(
        actor=None, meeting_id=held.pk, change_note="Rettelse", confirm_missing=True
    )
    assert Newsletter.objects.filter(meeting=held).count() == 1


def test_kkr_sjaelland_demo_newsletter_reads_like_the_real_one(demo):
    from meetings.demo import load_meeting_demo

    load_meeting_demo()
    meeting = Meeting.objects.get(body__slug="kkr-sjaelland", starts_at__year=2019)
    newsletter = Newsletter.objects.get(meeting=meeting)
    assert newsletter.title == "Nyhedsbrev KKR Sjælland september 2019"
    assert "På mødet drøftede KKR Sjælland blandt andet:" in newsletter.content
    assert "Her kan du finde referatet fra mødet i KKR Sjælland den 10. september 2019" in (
        newsletter.content
    )


def test_a_draft_is_for_the_secretariat_until_published_then_public_in_page_and_feed(
    held, django_capture_on_commit_callbacks
):
    services.minutes_publish(actor=None, meeting_id=held.pk, confirm_missing=True)
    newsletter = Newsletter.objects.get(meeting=held)
    public = Client()
    assert public.get(newsletter.get_absolute_url()).status_code == 404
    feed_url = reverse("meetings:newsletter_feed", args=[held.body.slug])
    assert ET.fromstring(public.get(feed_url).content).findall("./channel/item") == []

    secretariat = Client()
    _log_in(secretariat, "sekretariat")
    edit_url = reverse("meetings:newsletter_edit", args=[newsletter.pk])
    rejected = secretariat.post(edit_url, {"title": "", "content": "<p>x</p>", "version": 1})
    assert rejected.status_code == 400
    response = secretariat.post(
        edit_url,
        {
            "title": "Nyt fra KD-Net august 2014",
            "content": "<p>Redigeret tekst</p><script>alert(1)</script>",
            "version": 1,
        },
    )
    assert response.status_code == 302
    stale = secretariat.post(
        edit_url, {"title": "Gammel", "content": "<p>Gammel</p>", "version": 1}
    )
    assert stale.status_code == 409
    assert "Nyt fra KD-Net august 2014" in stale.content.decode()  # what changed
    assert 'value="Gammel"' in stale.content.decode()  # what they typed is kept
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(reverse("meetings:newsletter_publish", args=[newsletter.pk]))
    newsletter.refresh_from_db()
    assert newsletter.status == "published" and "<script>" not in newsletter.content

    page = public.get(newsletter.get_absolute_url()).content.decode()
    assert "Redigeret tekst" in page
    items = ET.fromstring(public.get(feed_url).content).findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Nyt fra KD-Net august 2014"]
    assert [m.subject for m in mail.outbox] == ["Nyt fra KD-Net august 2014"]
    assert "Redigeret tekst" in mail.outbox[0].body
    listing = public.get(reverse("meetings:newsletter_list", args=[held.body.slug]))
    assert "Nyt fra KD-Net august 2014" in listing.content.decode()


def test_a_member_cannot_edit_or_publish_a_newsletter(held):
    newsletter = services.newsletter_create(
        actor=None, body=held.body, title="Nyhed", content="<p>Tekst</p>"
    )
    member = Client()
    _log_in(member, "medlem")
    assert member.get(reverse("meetings:newsletter_edit", args=[newsletter.pk])).status_code in (
        403,
        404,
    )
    response = member.post(reverse("meetings:newsletter_publish", args=[newsletter.pk]))
    assert response.status_code in (403, 404)
    newsletter.refresh_from_db()
    assert newsletter.status == "draft"


def test_the_newsletter_date_is_danish_whatever_the_page_language(kd_net):
    meeting = services.meeting_schedule(actor=None, body=kd_net, starts_at=at(2019, 3, 5))
    services.agenda_item_add(actor=None, meeting=meeting, title="Punkt", decision="<p>Ja.</p>")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)
    assert Newsletter.objects.get(meeting=meeting).title.endswith("marts 2019")


def test_the_secretariat_writes_a_newsletter_between_meetings(kd_net):
    url = reverse("meetings:newsletter_create", args=[kd_net.slug])
    member = Client()
    _log_in(member, "medlem")
    assert member.get(url).status_code == 403
    secretariat = Client()
    _log_in(secretariat, "sekretariat")
    listing = secretariat.get(reverse("meetings:newsletter_list", args=[kd_net.slug]))
    assert url in listing.content.decode()
    rejected = secretariat.post(url, {"title": "Sommerhilsen", "content": ""})
    assert rejected.status_code == 400
    assert 'value="Sommerhilsen"' in rejected.content.decode()  # what was typed is kept
    response = secretariat.post(url, {"title": "Sommerhilsen", "content": "<p>God sommer</p>"})
    newsletter = Newsletter.objects.get(title="Sommerhilsen")
    assert response.status_code == 302 and response["Location"] == newsletter.get_absolute_url()
    assert newsletter.status == "draft" and newsletter.meeting is None
