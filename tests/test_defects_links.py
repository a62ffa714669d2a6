"""Issue 12, defect: links that lead to a 404 for the user who sees them (such as "Aftale"
on a quota year before the region has an agreement). Each role opens the pages a new user
stumbles on and follows every link on them: none may answer 404."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Meeting

ROLES = [None, "medlem", "kontakt", "sekretariat"]
SKIP = re.compile(r"^/(static|media|admin)/|/log-ud/|\?|#")


def _links(html: str) -> set[str]:
    return {
        href
        for href in re.findall(r'href="(/[^"]*)"', html)
        if not SKIP.search(href) and not href.startswith("//")
    }


@pytest.fixture
def world(demo):
    from meetings.demo import load_meeting_demo
    from quotas.demo import load_quota_demo

    load_meeting_demo()
    load_quota_demo()
    meeting = Meeting.objects.get(body__slug="kd-net-midtjylland", starts_at__year=2014)
    return [
        reverse("quotas:year_detail", args=[2015]),
        reverse("quotas:year_detail", args=[2027]),
        meeting.get_absolute_url(),
        "/kommuner/aarhus/",
    ]


@pytest.mark.parametrize("username", ROLES)
def test_no_link_on_the_quota_meeting_and_municipality_pages_leads_to_a_404(
    world, username: str | None
) -> None:
    client = Client()
    if username:
        response = client.post(
            reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"}
        )
        assert response.status_code == 302
    broken = []
    for start in world:
        page = client.get(start)
        assert page.status_code == 200, start
        for href in sorted(_links(page.content.decode())):
            if client.get(href).status_code == 404:
                broken.append(f"{start} → {href}")
    assert broken == []
