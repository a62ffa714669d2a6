"""The meeting plan in the browser (issue 18): the secretariat sets the body's rule (items
due 5 and the agenda published 2 working days before), sees a coming meeting's dates, adds
an item after the deadline and finds it marked late in the agenda editor and listed on the
meeting plan. axe-core on both pages; nothing wider than the window.

The tab runs in English (the language cookie), so the test reads the source strings.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from councils.models import Body
from meetings import services
from meetings.models import MeetingPlanRule
from tests.browser_helpers import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def english_page(browser, live_server, demo, transactional_db):
    context = browser.new_context(
        bypass_csp=True, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.goto(page.base + "/konto/log-ind/")
    page.get_by_label("Username").fill("sekretariat")
    page.get_by_label("Password").fill("demo-kkr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/konto/")
    yield page
    context.close()


def _check(page) -> None:
    """axe-core clean (but for the shared header's logo link, reported elsewhere: see
    test_upkeep_browser), and nothing wider than the window."""
    violations = [
        v
        for v in axe_violations(page)
        if not (v["id"] == "link-name" and v["nodes"] == [[".logo"]])
    ]
    assert violations == []
    overflow = page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_the_secretariat_sets_the_rule_and_sees_a_late_item_marked(english_page) -> None:
    page = english_page
    body = Body.objects.get(slug="kd-net-midtjylland")
    day = timezone.localdate() + dt.timedelta(days=3)
    meeting = services.meeting_schedule(
        actor=None,
        body=body,
        starts_at=timezone.make_aware(dt.datetime(day.year, day.month, day.day, 9)),
        place="Regionshuset, Viborg",
    )

    page.goto(page.base + f"/moeder/organ/{body.slug}/moedeplan/")
    page.get_by_label("Items for the agenda are due: working days before the meeting").fill("5")
    page.get_by_label("The agenda is published: working days before the meeting").fill("2")
    page.get_by_role("button", name="Save the rule").click()
    page.get_by_text("The meeting plan rule is saved.").wait_for()
    rule = MeetingPlanRule.objects.get(body=body)
    assert (rule.item_deadline_working_days, rule.publication_working_days) == (5, 2)
    row = page.locator("#meeting-plan tr", has_text="Regionshuset, Viborg")
    assert row.count() == 1
    _check(page)

    page.goto(page.base + f"/moeder/{meeting.pk}/dagsorden/")
    expect(page.get_by_text("an item added now is marked late")).to_be_visible()
    page.get_by_label("Title").fill("Ekstra punkt om trafikplanen")
    page.get_by_role("button", name="Add the item").click()
    page.get_by_text("The item is added.").wait_for()
    entry = page.locator(".agenda-entry", has_text="Ekstra punkt om trafikplanen")
    assert entry.locator(".badge-late").inner_text() == "Late item"
    expect(page.locator("#late-items")).to_be_visible()
    _check(page)

    page.goto(page.base + f"/moeder/organ/{body.slug}/moedeplan/")
    late_table = page.locator("table", has=page.locator("th", has_text="Came"))
    assert "Ekstra punkt om trafikplanen" in late_table.inner_text()
    _check(page)
