"""A secretary subscribes a system to a body's events in the browser; a refused address keeps
what was typed; the subscription's page shows the secret and, after a publication, the
delivery to the real receiver; deleting asks first. axe-core on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import axe_violations, follow, log_in
from tests.integrations.receiver import receiver

pytestmark = pytest.mark.browser


def _publish_a_meeting() -> None:
    from django.utils import timezone

    from councils.models import Body
    from meetings import services

    start = timezone.make_aware(dt.datetime(2019, 2, 4, 9))
    meeting = services.meeting_schedule(
        actor=None,
        body=Body.objects.get(slug="kd-net-midtjylland"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)


def test_a_secretary_subscribes_sees_the_delivery_and_deletes(page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "sekretariat")
    page.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    expect(page.get_by_text("Dine organer har ingen webhook-abonnementer endnu.")).to_be_visible()

    with receiver() as hook:
        name = page.get_by_role("textbox", name=re.compile("^Navn"))
        name.fill("Regionens intranet")
        page.get_by_role("combobox", name=re.compile("^Organ")).select_option(
            label="KD-Net Midtjylland"
        )
        address = page.get_by_role("textbox", name=re.compile("^Adresse"))
        address.fill("https://no-such-host.invalid/hook")
        page.get_by_role("button", name="Abonner").click()
        expect(
            page.get_by_text("Værtsnavnet no-such-host.invalid kan ikke findes.")
        ).to_be_visible()
        assert name.input_value() == "Regionens intranet"
        address.fill(hook.url)
        page.get_by_role("button", name="Abonner").click()
        expect(page.get_by_role("heading", name="Webhook “Regionens intranet”")).to_be_visible()
        assert axe_violations(page) == []
        secret = page.get_by_label("Signeringsnøgle").input_value()
        assert secret.startswith("whsec_")
        expect(page.get_by_text("Der er ikke sendt noget endnu.", exact=False)).to_be_visible()

        _publish_a_meeting()  # tasks run in-process here, after the commit
        page.reload()
        row = page.get_by_role("row", name=re.compile("Dagsorden offentliggjort"))
        expect(row).to_contain_text("Leveret")
        expect(row).to_contain_text("HTTP 200")
        assert len(hook.requests) == 1

    follow(page, page.get_by_role("link", name="Slet abonnementet"))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Slet").click()
    expect(page.get_by_text("Abonnementet “Regionens intranet” er slettet.")).to_be_visible()
