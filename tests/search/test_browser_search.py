"""The header search field in Chromium: type, land on the results, open the item; axe-core
finds nothing serious on the results page, the empty state or the front page with the field."""

from __future__ import annotations

import json
import re

import pytest

from tests.browser_helpers import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def test_typing_in_the_header_field_finds_the_2014_contact_centre_decision(page) -> None:
    from meetings.demo import load_meeting_demo

    # Committed (the browser's server reads it), so the index is written after each commit.
    load_meeting_demo()
    page.goto(page.base + "/")
    field = page.get_by_role("search", name=re.compile(".")).first.get_by_role("searchbox")
    field.fill("fælles kontaktcenter")
    field.press("Enter")
    page.wait_for_url("**/soeg/?q=*")
    assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)
    result = page.get_by_role("link", name=re.compile("Det fælles kontaktcenter"))
    assert result.count() >= 1, page.locator("main").inner_text()
    result.first.click()
    page.wait_for_url(re.compile(r"/moeder/\d+/#item-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    assert "kontaktcenter" in page.locator(f"#{anchor}").inner_text()


def test_the_empty_state_and_a_search_without_words_are_accessible(page) -> None:
    for query in ("?q=zzqqxxnothing", "?q=", "?q=og"):
        response = page.goto(page.base + "/soeg/" + query)
        assert response.status == 200
        assert axe_violations(page) == [], query
