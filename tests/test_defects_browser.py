"""Issue 12, defects seen in the browser: a pasted table keeps visible borders and its
headings rank below the item's heading on the meeting page."""

from __future__ import annotations

import pytest
from django.utils import timezone

from councils.models import Body
from meetings import services

pytestmark = pytest.mark.browser


def test_a_pasted_table_has_borders_and_pasted_headings_rank_below_the_item(page) -> None:
    meeting = services.meeting_schedule(
        actor=None,
        body=Body.objects.get(slug="kd-net-midtjylland"),
        starts_at=timezone.now() + timezone.timedelta(days=30),
        ends_at=None,
        place="Rådhuset",
    )
    services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Budget med tabel",
        case_text=(
            "<h1>Baggrund</h1><table><tr><th>År</th><th>Beløb</th></tr>"
            "<tr><td>2019</td><td>4.000</td></tr></table>"
        ),
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base + meeting.get_absolute_url())

    cell = page.locator(".case-text td").first
    style = cell.evaluate(
        "c => { const s = getComputedStyle(c); return [s.borderTopStyle, s.borderTopWidth]; }"
    )
    assert style[0] == "solid" and style[1] != "0px"
    item_heading = page.get_by_role("heading", name="Budget med tabel")
    assert item_heading.evaluate("h => h.tagName") == "H3"
    pasted = page.locator(".case-text").get_by_role("heading", name="Baggrund")
    assert pasted.evaluate("h => h.tagName") == "H4"
