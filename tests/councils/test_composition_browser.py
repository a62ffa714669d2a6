"""Proposing a candidate as a municipality's contact and accepting as the secretariat."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from councils.models import Membership, Seat
from tests.browser_helpers import log_in

pytestmark = pytest.mark.browser


def test_a_contact_proposes_and_the_secretariat_appoints(page) -> None:
    seat = Seat.objects.filter(body__slug="via-uddannelsesudvalg-ergoterapeut").first()

    log_in(page, "kontakt")
    page.goto(page.base + "/organer/via-uddannelsesudvalg-ergoterapeut/")
    page.get_by_role("link", name="indstil en kandidat").first.click()
    page.get_by_label("Kandidatens navn").fill("Hanne Jensen")
    page.get_by_label("Titel eller stilling").fill("Ergoterapeut")
    page.get_by_label("Indstillet på vegne af").select_option(label="Aarhus")
    page.get_by_role("button", name="Send indstilling").click()
    expect(
        page.get_by_text("Indstillingen er sendt til sekretariatet for KD-Net Midtjylland.")
    ).to_be_visible()
    page.get_by_role("button", name="Log ud").first.click()

    log_in(page, "sekretariat")
    page.goto(page.base + "/udpegninger/indstillinger/")
    section = page.get_by_role("region", name="Hanne Jensen, Ergoterapeut")
    section.get_by_label("Medlem fra").fill("2026-01-01")
    section.get_by_label("Besluttet på").fill("KD-Net Midtjylland, december 2026, punkt 7")
    section.get_by_role("button", name="Godkend").click()
    expect(page.get_by_text("Hanne Jensen er udpeget.")).to_be_visible()

    membership = Membership.objects.get(person__name="Hanne Jensen")
    assert membership.seat == seat and membership.municipality.name == "Aarhus"
    page.goto(page.base + "/organer/via-uddannelsesudvalg-ergoterapeut/")
    expect(page.get_by_role("link", name="Hanne Jensen").first).to_be_visible()
