"""HEAD is answered wherever GET is (uptime monitors and link checkers send HEAD)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import Meeting


@pytest.fixture
def published_meeting(demo) -> Meeting:
    from councils.models import Body
    from tests.meetings.conftest import at

    meeting = services.meeting_schedule(
        actor=None, body=Body.objects.get(slug="kd-net-midtjylland"), starts_at=at(2014, 8, 22)
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    return meeting


def _urls(meeting: Meeting) -> list[str]:
    body = meeting.body.slug
    return [
        "/",
        reverse("councils:body_detail", args=[body]),
        reverse("councils:municipality_list"),
        meeting.get_absolute_url(),
        reverse("meetings:meeting_pdfs", args=[meeting.pk, "agenda"]),
        reverse("meetings:calendar_all"),
        reverse("meetings:calendar_body", args=[body]),
        reverse("meetings:feed_rss", args=[body]),
        reverse("meetings:feed_atom", args=[body]),
        reverse("meetings:newsletter_list", args=[body]),
        reverse("meetings:version_detail", args=[meeting.pk, "agenda", 1]),
        reverse("quotas:year_list"),
        reverse("accounts:login"),
        "/api/meetings/",
        f"/api/meetings/{meeting.pk}/",
        "/livez",
    ]


def test_head_gets_the_same_status_as_get_and_no_body(
    client: Client, published_meeting: Meeting
) -> None:
    assert published_meeting is not None
    for url in _urls(published_meeting):
        get = client.get(url)
        head = client.head(url)
        assert head.status_code == get.status_code, url
        assert get.status_code < 400, url
        assert head.content == b"", url


def test_head_on_a_page_that_needs_a_log_in_redirects_like_get(
    client: Client, published_meeting: Meeting
) -> None:
    meeting = published_meeting
    url = reverse("meetings:agenda_edit", args=[meeting.pk])
    assert client.head(url).status_code == client.get(url).status_code == 302


def test_head_never_confirms_a_subscription_or_unsubscribes(
    client: Client, published_meeting: Meeting
) -> None:
    """Mail scanners send HEAD too: it must show the page, never act."""
    from notifications import services as notification_services
    from notifications.models import Subscription

    token = notification_services.confirm_token(
        body=published_meeting.body, email="a@example.dk", frequency="digest"
    )
    url = reverse("notifications:confirm", args=[token])
    assert client.head(url).status_code == 200
    assert not Subscription.objects.filter(email="a@example.dk").exists()
