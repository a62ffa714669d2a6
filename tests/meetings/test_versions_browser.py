"""Published versions, the bin and the history in the browser, as a secretary clicks them.

The tab runs in English (the language cookie, as the switcher sets it), so the test reads the
source strings of the new pages rather than their Danish translations.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from councils.models import Body
from meetings import services
from meetings.models import AgendaItem
from meetings.numbering import agenda_order
from tests.browser_helpers import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def english_page(browser, live_server, demo, transactional_db):
    context = browser.new_context(bypass_csp=True, locale="en-GB")
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    yield page
    context.close()


def _log_in_as_the_secretariat(page) -> None:
    page.goto(page.base + "/konto/log-ind/")
    page.get_by_label("Username").fill("sekretariat")
    page.get_by_label("Password").fill("demo-kkr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/konto/")


def test_a_secretary_publishes_twice_compares_the_versions_and_restores_a_deleted_item(
    english_page,
) -> None:
    page = english_page
    meeting = services.meeting_schedule(
        actor=None,
        body=Body.objects.get(slug="kd-net-midtjylland"),
        starts_at=timezone.now() + timezone.timedelta(days=14),
        place="Regionshuset, Viborg",
    )
    services.agenda_item_add(actor=None, meeting=meeting, title="Trafikplan for Østjylland")
    services.agenda_item_add(actor=None, meeting=meeting, title="Fælles indkøb af it")
    editor_url = page.base + f"/moeder/{meeting.pk}/dagsorden/"

    _log_in_as_the_secretariat(page)
    page.goto(editor_url)
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_text("The agenda is published.")).to_be_visible()

    # Change an item after publishing: the secretariat sees a draft, marked as such.
    page.get_by_role("link", name="Trafikplan for Østjylland").click()
    page.get_by_label("Title").fill("Trafikplan for Østjylland, revideret")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The item is saved.")).to_be_visible()
    page.goto(page.base + meeting.get_absolute_url())
    expect(page.get_by_text("it has changes that are not yet published")).to_be_visible()

    # Publish again, with a note of what changed.
    page.get_by_role("link", name="Edit the agenda").click()
    # The first of two such fields: the second belongs to the minutes.
    page.get_by_label("What changed since the last publication").first.fill(
        "Punktet om trafikplanen har fået ny titel."
    )
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_text("The agenda is published.")).to_be_visible()
    page.goto(page.base + meeting.get_absolute_url())
    assert page.get_by_text("it has changes that are not yet published").count() == 0

    # Version 1, as it was published.
    page.get_by_text("Published versions").click()
    page.get_by_role("link", name="Agenda version 1").click()
    expect(
        page.get_by_role("heading", name="3. Trafikplan for Østjylland", exact=True)
    ).to_be_visible()
    assert page.get_by_text("revideret").count() == 0
    assert axe_violations(page) == []

    # What changed in version 2.
    page.goto(page.base + meeting.get_absolute_url())
    page.get_by_text("Published versions").click()
    page.get_by_role("link", name="what changed (Agenda version 2)").click()
    expect(
        page.get_by_role("heading", name="Agenda: version 1 compared with version 2")
    ).to_be_visible()
    changed = page.get_by_role("heading", name="Changed: 3. Trafikplan for Østjylland, revideret")
    expect(changed).to_be_visible()
    expect(page.get_by_text("Changed parts: title")).to_be_visible()
    expect(page.get_by_text("Punktet om trafikplanen har fået ny titel.")).to_be_visible()
    assert page.get_by_role("heading", name=re.compile("Fælles indkøb")).count() == 0
    assert axe_violations(page) == []

    # Deleting an item asks first.
    page.goto(editor_url)
    page.get_by_role("button", name="Delete item 3").click()
    expect(
        page.get_by_role("heading", name="Delete the item “Trafikplan for Østjylland, revideret”?")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Yes, delete").click()
    page.wait_for_url(re.compile(r"/dagsorden/$"))
    expect(page.get_by_text("The item is in the bin.")).to_be_visible()
    entries = page.locator("ol.agenda-list > li.agenda-entry")
    assert not any("Trafikplan" in text for text in entries.all_inner_texts())
    assert "Fælles indkøb af it" in entries.nth(2).inner_text()
    assert entries.nth(2).locator("[data-number-for]").first.inner_text() == "3"

    # The bin, from the editor; restore puts the item back with its number.
    page.get_by_role("link", name="Bin", exact=True).click()
    expect(page.get_by_role("heading", name="Deleted items and attachments")).to_be_visible()
    expect(page.get_by_text("Trafikplan for Østjylland, revideret")).to_be_visible()
    assert axe_violations(page) == []
    # Each button names what it restores (for a screen reader's list of buttons).
    page.get_by_role("button", name="Restore Trafikplan for Østjylland, revideret").click()
    expect(page.get_by_text("The item is back on the agenda.")).to_be_visible()
    restored = AgendaItem.objects.get(meeting=meeting, title__startswith="Trafikplan")
    assert ("3", restored) in agenda_order(meeting.items.all())
    row = page.locator(f"#item-{restored.pk}")
    assert row.locator("[data-number-for]").inner_text() == "3"
    expect(row.get_by_role("link", name="Trafikplan for Østjylland, revideret")).to_be_visible()
    assert "Fælles indkøb af it" in entries.nth(3).inner_text()

    # The history names the deletion and the restore.
    page.get_by_role("link", name="History", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^History of the meeting"))).to_be_visible()
    item_rows = page.locator("tbody tr").filter(
        has_text="Item “Trafikplan for Østjylland, revideret”"
    )
    assert item_rows.filter(has_text="Moved to the bin").count() >= 2
    assert (
        page.locator("tbody tr")
        .filter(has_text="Agenda version 2")
        .filter(has_text="Punktet om trafikplanen har fået ny titel.")
        .count()
        == 1
    )
    assert axe_violations(page) == []
