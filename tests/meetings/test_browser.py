"""Building an agenda in the browser, as a secretary does it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.browser_helpers import axe_violations, log_in

pytestmark = pytest.mark.browser


def test_a_secretary_builds_and_publishes_an_agenda(page) -> None:
    log_in(page, "sekretariat")
    page.goto(page.base + "/organer/kd-net-midtjylland/")
    page.get_by_role("link", name="Nyt møde").click()
    page.get_by_label("Starter").fill("2027-02-05T09:00")
    page.get_by_label("Sted").first.fill("Medborgerhuset, Silkeborg")
    page.get_by_role("button", name="Opret mødet").click()
    expect(page.get_by_text("Mødet er oprettet med de faste punkter.")).to_be_visible()

    page.get_by_label("Titel").fill("Det fælles kontaktcenter")
    # The rich-text editor, once its script has replaced the plain text area (before that
    # the locator could settle on the text area, which the script then hides).
    editor = page.locator('[contenteditable="true"][aria-label="Sagsfremstilling"]')
    editor.click()
    page.keyboard.type("Orientering om status på etape to.")
    page.get_by_role("button", name="Tilføj punktet").click()
    expect(page.get_by_role("link", name="Det fælles kontaktcenter")).to_be_visible()

    # The new item is number 3; move it to the top with the keyboard-usable buttons.
    page.get_by_role("button", name="Flyt punkt 3 op").click()
    page.get_by_role("button", name="Flyt punkt 2 op").click()
    first = page.locator("ol.agenda-list > li").first
    assert "Det fælles kontaktcenter" in first.inner_text()

    violations = axe_violations(page)
    assert violations == []

    page.get_by_role("button", name="Offentliggør dagsordenen").click()
    expect(page.get_by_text("Dagsordenen er offentliggjort.")).to_be_visible()
    meeting = Meeting.objects.get(place="Medborgerhuset, Silkeborg")
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert (
        "Orientering om status på etape to."
        in meeting.items.get(title="Det fælles kontaktcenter").case_text
    )

    page.get_by_role("button", name="Log ud").first.click()
    page.goto(page.base + meeting.get_absolute_url())
    expect(page.get_by_role("heading", name="1. Det fælles kontaktcenter")).to_be_visible()


def test_the_published_minutes_page_is_accessible(page) -> None:
    from meetings.demo import load_meeting_demo

    load_meeting_demo()
    meeting = Meeting.objects.get(body__slug="kd-net-midtjylland", starts_at__year=2014)
    page.goto(page.base + meeting.get_absolute_url())
    expect(page.get_by_role("heading", name="12. Lukket punkt")).to_be_visible()
    assert axe_violations(page) == []


def test_sub_items_attachments_attendance_decisions_and_minutes(page, tmp_path) -> None:
    from django.utils import timezone

    from councils.models import Body
    from meetings import services

    body = Body.objects.get(slug="kd-net-midtjylland")
    meeting = services.meeting_schedule(
        actor=None, body=body, starts_at=timezone.now() - timezone.timedelta(hours=3)
    )
    log_in(page, "sekretariat")
    page.goto(page.base + f"/moeder/{meeting.pk}/dagsorden/")
    page.get_by_label("Titel").fill("Udpegelser")
    page.get_by_role("button", name="Tilføj punktet").click()
    page.get_by_label("Titel").fill("Udpegning til ELENA")
    page.get_by_label("Underpunkt til").select_option(label="Udpegelser")
    page.get_by_label("Lukket punkt (kun medlemmer og sekretariatet ser det)").check()
    page.get_by_role("button", name="Tilføj punktet").click()
    expect(page.locator("[data-number-for]").filter(has_text="3.1")).to_be_visible()

    # Two attachments at once on the sub-item.
    page.get_by_role("link", name="Udpegning til ELENA").click()
    first, second = tmp_path / "styregruppe.pdf", tmp_path / "referat.pdf"
    first.write_bytes(b"%PDF-1.4\n%%EOF\n")
    second.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label(re.compile(r"^Bilag")).set_input_files([str(first), str(second)])
    page.get_by_role("button", name="Vedhæft").click()
    expect(page.get_by_text("2 bilag er tilføjet.")).to_be_visible()

    # The decision, written in the rich-text editor.
    editor = page.locator('[contenteditable="true"][aria-label="Beslutning"]')
    editor.click()
    page.keyboard.type("Rune Asmussen indtræder i styregruppen.")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Punktet er gemt.")).to_be_visible()

    page.get_by_role("link", name="Deltagere").click()
    page.get_by_label(re.compile(r"^Person")).select_option(label="Jan Kallestrup")
    page.get_by_label(re.compile(r"^Deltog som")).select_option(label="Afbud")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("cell", name="Afbud")).to_be_visible()

    page.goto(page.base + f"/moeder/{meeting.pk}/dagsorden/")
    page.get_by_role("button", name="Offentliggør dagsordenen").click()
    page.get_by_role("button", name="Offentliggør referatet").click()
    expect(page.get_by_text("Disse punkter har ingen beslutning")).to_be_visible()
    page.get_by_label("Offentliggør, selv om nogle punkter ikke har en beslutning").check()
    page.get_by_role("button", name="Offentliggør referatet").click()
    expect(page.get_by_text("Referatet er offentliggjort.")).to_be_visible()

    page.get_by_role("button", name="Log ud").first.click()
    page.goto(page.base + meeting.get_absolute_url())
    expect(page.get_by_role("heading", name="3.1. Lukket punkt")).to_be_visible()
    assert page.get_by_text("Rune Asmussen indtræder").count() == 0
    assert axe_violations(page) == []


def test_items_can_be_dragged_into_a_new_order(page) -> None:
    from django.utils import timezone

    from councils.models import Body
    from meetings import services
    from meetings.numbering import agenda_order

    meeting = services.meeting_schedule(
        actor=None, body=Body.objects.get(slug="kd-net-midtjylland"), starts_at=timezone.now()
    )
    budget = services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    log_in(page, "sekretariat")
    page.goto(page.base + f"/moeder/{meeting.pk}/dagsorden/")
    handles = page.locator("ol.agenda-list > li.agenda-entry > .agenda-entry-row .drag-handle")
    with page.expect_response(lambda r: "/flyt/" in r.url):
        handles.nth(2).drag_to(handles.nth(0))
    titles = [item.title for _n, item in agenda_order(meeting.items.all())]
    assert titles[0] == "Budget"
    # The script renumbers the rows after the answer arrives; expect waits for it.
    expect(page.locator(f'[data-number-for="{budget.pk}"]')).to_have_text("1")


def test_a_meeting_page_reads_on_a_phone(browser, live_server, demo, transactional_db) -> None:
    from meetings.demo import load_meeting_demo

    load_meeting_demo()
    meeting = Meeting.objects.get(body__slug="kd-net-midtjylland", starts_at__year=2014)
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    phone.goto(live_server.url + meeting.get_absolute_url())
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    expect(
        phone.get_by_role("heading", name="9. LIFE programmet v. Lisbeth Binderup")
    ).to_be_visible()
    context.close()
