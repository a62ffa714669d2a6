"""The pages people click, in Debian's Chromium driven by Playwright, checked by axe-core."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import axe_violations as _axe_violations
from tests.browser_helpers import log_in as _log_in

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/organer/kd-net-midtjylland/",
    "/organer/kkr-syddanmark/",
    "/organer/rar-fyn/",
    "/organer/styregruppe-elena-cedepi/",
    "/personer/rune-asmussen/",
    "/kommuner/",
    "/konto/log-ind/",
    "/konto/glemt-adgangskode/",
    "/tilgaengelighed/",
]


def _violations_on(page, paths: list[str]) -> dict[str, list[dict]]:
    failures = {}
    for path in paths:
        response = page.goto(page.base + path)
        assert response.status == 200, path
        violations = _axe_violations(page)
        if violations:
            failures[path] = violations
    return failures


def test_public_pages_have_no_serious_accessibility_violations(page) -> None:
    failures = _violations_on(page, PUBLIC_PAGES)
    assert failures == {}, json.dumps(failures, indent=1)


def test_staff_pages_have_no_serious_accessibility_violations(page) -> None:
    _log_in(page, "sekretariat")
    staff_pages = [
        "/konto/",
        "/organer/kd-net-midtjylland/rediger/",
        "/organer/kd-net-midtjylland/historik/",
        "/konto/to-faktor/",
        "/udpegninger/",
        "/udpegninger/indstillinger/",
    ]
    failures = _violations_on(page, staff_pages)
    assert failures == {}, json.dumps(failures, indent=1)


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page) -> None:
    page.goto(page.base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Gå til indhold"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_a_visitor_switches_the_language_to_english_and_back(page) -> None:
    page.goto(page.base + "/organer/kd-net-midtjylland/")
    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Skift sprog").click()
    page.wait_for_load_state()
    assert page.url.endswith("/organer/kd-net-midtjylland/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Members")).to_be_visible()
    page.get_by_label("Language").select_option("da")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Medlemmer")).to_be_visible()


def test_a_secretary_logs_in_edits_a_body_and_sees_it_in_the_history(page) -> None:
    _log_in(page, "sekretariat")
    expect(page.get_by_text("Sekretariat for KD-Net Midtjylland")).to_be_visible()
    page.goto(page.base + "/organer/kd-net-midtjylland/")
    page.get_by_role("link", name="Redigér").click()
    page.get_by_label("beskrivelse").fill("Netværket mødes fire gange om året.")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url("**/organer/kd-net-midtjylland/")
    expect(page.get_by_text("Ændringerne er gemt.")).to_be_visible()
    expect(page.get_by_text("Netværket mødes fire gange om året.")).to_be_visible()
    page.get_by_role("link", name="Historik").click()
    expect(page.get_by_role("cell", name="sekretariat").first).to_be_visible()


def test_a_wrong_password_shows_the_error_next_to_the_form(page) -> None:
    page.goto(page.base + "/konto/log-ind/")
    page.get_by_label("Brugernavn").fill("sekretariat")
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_label("Brugernavn").input_value() == "sekretariat"


def test_the_front_page_works_on_a_phone(browser, live_server, demo, transactional_db) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    phone.goto(live_server.url + "/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"
    expect(phone.get_by_role("link", name="KKR Midtjylland")).to_be_visible()
    context.close()


def test_the_accessibility_check_catches_real_violations(page) -> None:
    # Guards the guard: a page with an unlabelled field and an image without text must fail.
    page.set_content(
        '<!DOCTYPE html><html lang="da"><head><title>x</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )
    found = {violation["id"] for violation in _axe_violations(page)}
    assert {"image-alt", "label"} <= found
