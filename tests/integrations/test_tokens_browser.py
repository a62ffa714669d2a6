"""A secretary makes an API token in the browser, sees it once, a system reads the members'
view with it, the secretary revokes it and the system is refused; the documentation page's
Python sync client runs as printed against the live portal. axe-core on every page."""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import axe_violations, log_in

pytestmark = pytest.mark.browser


def _get(url: str, token: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Accept-Language": "da"})  # noqa: S310
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request) as answer:  # noqa: S310 (the live server)
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def _published_meeting():
    """A published meeting of KD-Net with two items (the demo fixture has councils only)."""
    import datetime as dt

    from django.utils import timezone

    from councils.models import Body
    from meetings import services

    start = timezone.make_aware(dt.datetime(2016, 4, 4, 9))
    meeting = services.meeting_schedule(
        actor=None,
        body=Body.objects.get(slug="kd-net-midtjylland"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    services.agenda_item_add(actor=None, meeting=meeting, title="Godkendelse af dagsorden")
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Sundhedsaftalen")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    return item


def test_a_secretary_makes_uses_and_revokes_a_token(page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "sekretariat")
    page.get_by_role("link", name="API-nøgler").click()
    expect(page.get_by_role("heading", name="API-nøgler", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    expect(page.get_by_text("Dine organer har ingen API-nøgler endnu.")).to_be_visible()

    # A rejected form keeps what was typed.
    page.get_by_label("Gyldig til og med").fill("2099-01-01")
    page.get_by_role("button", name="Lav nøglen").click()
    expect(page.get_by_text("Dette felt er påkrævet.").first).to_be_visible()
    assert page.get_by_label("Gyldig til og med").input_value() == "2099-01-01"
    expect(page.get_by_text("En nøgle kan højst gælde i to år.")).to_be_visible()

    page.get_by_role("textbox", name=re.compile("^Navn")).fill("Regionens intranet")
    body = page.get_by_role("combobox", name=re.compile("^Organ"))
    body.select_option(label="KD-Net Midtjylland")
    page.get_by_label("Det, organets medlemmer ser (lukkede punkter med)").check()
    page.get_by_label("Gyldig til og med").fill("")
    page.get_by_label("Gyldig til og med").fill(
        page.evaluate("new Date(Date.now() + 30*864e5).toISOString().slice(0, 10)")
    )
    page.get_by_role("button", name="Lav nøglen").click()
    expect(page.get_by_role("heading", name="Nøglen “Regionens intranet”")).to_be_visible()
    assert axe_violations(page) == []
    secret = page.get_by_label("Nøgle", exact=True).input_value()
    assert secret.startswith("kkr_")

    status, data = _get(page.base + "/api/meetings/", secret)
    assert status == 200 and "results" in data

    # Shown once: the same address again leads back to the list, without the token.
    page.reload()
    expect(page.get_by_text("En nøgle vises kun én gang.", exact=False)).to_be_visible()
    assert secret not in page.content()
    row = page.get_by_role("row", name=re.compile("Regionens intranet"))
    expect(row).to_contain_text("Aktiv")

    row.get_by_role("link", name=re.compile("Tilbagekald")).click()
    question = "Tilbagekald nøglen “Regionens intranet”?"
    expect(page.get_by_role("heading", name=question)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Tilbagekald").click()
    expect(page.get_by_text("Nøglen “Regionens intranet” er tilbagekaldt.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Regionens intranet"))).to_contain_text(
        "Tilbagekaldt"
    )

    status, data = _get(page.base + "/api/meetings/", secret)
    assert status == 401
    assert data["detail"] == "API-nøglen er tilbagekaldt. Bed organets sekretariat om en ny."


def test_the_documentation_page_and_its_sync_client(page, settings) -> None:
    # The examples and OParl's ids use the portal's canonical address: here the live server.
    settings.SITE_URL = page.base
    item = _published_meeting()
    page.goto(page.base + "/")
    page.get_by_role("link", name="Åbne data (API)").click()
    expect(page.get_by_role("heading", name="Åbne data: portalens API")).to_be_visible()
    assert axe_violations(page) == []
    # The Python example, as printed, keeps a copy of every body's agenda items.
    code = html.unescape(page.locator("pre code", has_text="import json").inner_text())
    assert code.startswith("import json")
    namespace: dict = {}
    exec(compile(code, "documentation-example", "exec"), namespace)  # noqa: S102
    copy: dict = {}
    since = namespace["sync"](copy)
    assert copy and all(item["type"].endswith("/AgendaItem") for item in copy.values())
    assert since == max(item["modified"] for item in copy.values())
    # The secretariat takes an item off the agenda and publishes again: the next run, asking
    # only for what changed since the last, gets its tombstone and drops it from the copy.
    from meetings import services

    services.agenda_item_delete(actor=None, item_id=item.pk)
    services.agenda_publish(actor=None, meeting_id=item.meeting_id, change_note="Punkt udgår")
    gone = f"{page.base}/oparl/v1.1/agendaitem/{item.pk}/"
    assert gone in copy
    namespace["sync"](copy, since)
    assert gone not in copy
    assert copy and all(not item.get("deleted") for item in copy.values())
