"""Issue 12, defect: headings pasted from Word (and the editor's own heading button, which
makes ``<h2>``) ranked level with or above the item's ``<h3>`` title on the meeting page.
Case texts keep only ``h4`` to ``h6``; newsletters, under the page's ``h1``, keep ``h2``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.html import sanitize_html
from meetings import services
from tests.factories import BodyFactory

PASTED = (
    "<h1>Indledning</h1><p>Tekst</p><h2>Baggrund</h2><h3>Økonomi</h3>"
    "<h4>Detaljer</h4><h5>Note</h5><h6>Kilde</h6><p>&lt;h2&gt; som tekst</p>"
)


def test_pasted_headings_rank_below_the_items_heading_in_their_order():
    assert sanitize_html(PASTED) == (
        "<h4>Indledning</h4><p>Tekst</p><h4>Baggrund</h4><h4>Økonomi</h4>"
        "<h4>Detaljer</h4><h5>Note</h5><h6>Kilde</h6><p>&lt;h2&gt; som tekst</p>"
    )


def test_a_newsletter_keeps_its_section_headings_under_the_pages_title():
    assert sanitize_html("<h1>A</h1><h2>B</h2><h3>C</h3>", top_heading=2) == (
        "<h2>A</h2><h2>B</h2><h3>C</h3>"
    )


@pytest.mark.django_db
def test_the_editors_heading_button_and_word_headings_are_stored_as_h4():
    meeting = services.meeting_schedule(
        actor=None,
        body=BodyFactory(),
        starts_at=timezone.make_aware(dt.datetime(2019, 9, 10, 9)),
        ends_at=None,
        place="Sorø",
    )
    item = services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Budget",
        # The vendored editor (pell) makes formatBlock <h2>; Word pastes <h1>.
        case_text="<h2>Baggrund</h2><p>Tekst</p>",
        recommendation='<h1 class="MsoTitle">Indstilling</h1><p>At tage til efterretning.</p>',
    )
    assert item.case_text == "<h4>Baggrund</h4><p>Tekst</p>"
    assert item.recommendation == "<h4>Indstilling</h4><p>At tage til efterretning.</p>"
