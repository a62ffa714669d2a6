"""The look in a real browser (issue 12): checkboxes and radio buttons drawn next to their
labels, no page scrolling sideways on a 390 px phone, the design system's header with the
menu collapsed on phones, and axe-core clean on the new pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.browser_helpers import axe_violations, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Where each drawn box is compared with its label: the input (invisible, but where the
# design system draws the box) must sit at the label's left edge, within its height.
BOXES_NEXT_TO_LABELS = """() => {
  const out = [];
  for (const group of document.querySelectorAll('.form-group-checkbox, .form-group-radio')) {
    const input = group.querySelector('input');
    const label = group.querySelector('label');
    if (!input || !label || label.offsetParent === null) continue;
    const i = input.getBoundingClientRect();
    const l = label.getBoundingClientRect();
    const g = group.getBoundingClientRect();
    const box = getComputedStyle(label, '::before');
    out.push({
      id: input.id,
      dx: Math.abs(i.left - l.left),
      inside: i.top >= l.top - 2 && i.bottom <= l.bottom + 2,
      inGroup: i.left >= g.left - 1 && i.top >= g.top - 1,
      drawn: box.content !== 'none' && box.width === '24px',
    });
  }
  return out;
}"""


def _assert_boxes_next_to_labels(page, expected: int) -> None:
    boxes = page.evaluate(BOXES_NEXT_TO_LABELS)
    assert len(boxes) >= expected, boxes
    for box in boxes:
        assert box["drawn"], box
        assert box["dx"] <= 4 and box["inside"] and box["inGroup"], box


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{page.url} scrolls sideways: {width} > {inner}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_checkboxes_and_radio_buttons_are_drawn_next_to_their_labels(page, viewport) -> None:
    page.set_viewport_size(viewport)
    # Radio buttons (public): how often to get e-mails.
    page.goto(page.base + "/abonnement/organ/kd-net-midtjylland/")
    _assert_boxes_next_to_labels(page, 2)
    log_in(page, "sekretariat")
    # A checkbox in a filter form.
    page.goto(page.base + "/udpegninger/")
    _assert_boxes_next_to_labels(page, 1)
    # The closed-item checkbox of the agenda editor.
    page.goto(page.base + "/organer/kd-net-midtjylland/")
    meeting = Meeting.objects.filter(body__slug="kd-net-midtjylland").first()
    if meeting is not None:
        page.goto(page.base + f"/moeder/{meeting.pk}/dagsorden/")
        if page.locator(".form-group-checkbox").count():
            _assert_boxes_next_to_labels(page, 1)


def test_no_main_page_scrolls_sideways_on_a_390_px_phone(page) -> None:
    from meetings.demo import load_meeting_demo
    from quotas.demo import load_quota_demo
    from quotas.models import QuotaYear

    load_meeting_demo()
    load_quota_demo()
    page.set_viewport_size(PHONE)
    meeting = Meeting.objects.filter(minutes_published_at__isnull=False).first()
    quota_year = QuotaYear.objects.order_by("-year").first()
    paths = [
        "/",
        "/organer/kd-net-midtjylland/",
        meeting.get_absolute_url(),
        quota_year.get_absolute_url(),
        "/kommuner/",
        "/kommuner/751/",
        "/konto/log-ind/",
        "/privatliv/",
    ]
    for path in paths:
        page.goto(page.base + path)
        _no_sideways_scroll(page)
    log_in(page, "sekretariat")
    for path in ["/konto/opgaver/", "/konto/"]:
        page.goto(page.base + path)
        _no_sideways_scroll(page)


def test_the_menu_is_collapsed_on_a_phone_and_opens_with_the_menu_button(page) -> None:
    page.set_viewport_size(PHONE)
    page.goto(page.base + "/")
    municipalities = page.get_by_role("link", name="Kommuner", exact=True)
    expect(municipalities).to_be_hidden()
    page.locator(".js-menu-open").click()
    expect(municipalities).to_be_visible()
    municipalities.click()
    page.wait_for_url("**/kommuner/")
    # The header never covers the page's heading.
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()


def test_the_menu_is_a_bar_on_desktop(page) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(page.base + "/")
    expect(page.locator(".js-menu-open")).to_be_hidden()
    expect(page.get_by_role("link", name="Kommuner", exact=True)).to_be_visible()
    expect(page.locator('footer a[href="/privatliv/"]')).to_be_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_new_pages_have_no_serious_accessibility_violations(page, viewport) -> None:
    from meetings.demo import load_meeting_demo

    load_meeting_demo()
    page.set_viewport_size(viewport)
    for path in ["/", "/kommuner/751/", "/privatliv/", "/findes-ikke/"]:
        page.goto(page.base + path)
        assert axe_violations(page) == [], path
    log_in(page, "kontakt")
    for path in ["/konto/opgaver/", "/kommuner/751/"]:
        page.goto(page.base + path)
        assert axe_violations(page) == [], path
