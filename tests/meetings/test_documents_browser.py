"""PDFs, e-mail subscriptions and newsletters in the browser, as visitors and the
secretariat use them."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from councils.models import Body
from meetings import services
from meetings.models import Newsletter
from tests.browser_helpers import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.pdf]


def _meeting(**kwargs):
    body = Body.objects.get(slug="kd-net-midtjylland")
    return services.meeting_schedule(actor=None, body=body, place="Regionshuset", **kwargs)


def test_a_visitor_gets_the_public_pdf_and_subscribes_by_email(page) -> None:
    meeting = _meeting(starts_at=timezone.now() + timezone.timedelta(days=10))
    services.agenda_item_add(actor=None, meeting=meeting, title="Trafikplan for Østjylland")
    services.agenda_item_add(actor=None, meeting=meeting, title="Grundkøb", is_closed=True)
    services.agenda_publish(actor=None, meeting_id=meeting.pk)  # PDFs made on commit

    page.goto(page.base + meeting.get_absolute_url())
    page.get_by_role("link", name="Dagsorden som PDF").click()
    expect(page.get_by_text("Dette er den offentlige udgave")).to_be_visible()
    link = page.get_by_role("link", name="Dagsorden (PDF, 1 side)")
    expect(link).to_be_visible()
    assert axe_violations(page) == []
    response = page.request.get(page.base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert b"Grundk" not in response.body()

    page.goto(page.base + "/organer/kd-net-midtjylland/")
    page.get_by_role("link", name="e-mails", exact=True).click()
    page.get_by_label("Din e-mailadresse").fill("borger@eksempel")
    page.get_by_text("Et dagligt sammendrag").click()
    page.get_by_role("button", name="Abonner").click()
    expect(page.get_by_text("Indtast en gyldig e-mailadresse.").first).to_be_visible()
    assert page.get_by_label("Din e-mailadresse").input_value() == "borger@eksempel"
    assert page.get_by_label("Et dagligt sammendrag").is_checked()
    assert axe_violations(page) == []
    page.get_by_label("Din e-mailadresse").fill("borger@eksempel.dk")
    page.get_by_role("button", name="Abonner").click()
    expect(page.get_by_role("heading", name="Tjek din e-mail")).to_be_visible()


def test_the_secretariat_edits_and_publishes_the_newsletter_drafted_from_the_minutes(
    page,
) -> None:
    meeting = _meeting(starts_at=timezone.now() - timezone.timedelta(hours=2))
    services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="Fælles indkøb",
        decision="<p>KD-Net godkendte udbuddet.</p>",
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)

    log_in(page, "sekretariat")
    page.goto(page.base + meeting.get_absolute_url())
    page.get_by_role("link", name="Udkast til nyhedsbrev fra referatet").click()
    # Waits for the page the click opens (is_visible() would look at once).
    expect(page.get_by_role("heading", name="Fælles indkøb")).to_be_visible()
    page.get_by_role("link", name="Redigér").click()
    page.get_by_label("Titel").fill("Nyt fra KD-Net: fælles indkøb")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Nyhedsbrevet er gemt.")).to_be_visible()
    page.get_by_role("button", name="Udgiv og send til abonnenter").click()
    expect(page.get_by_text("Nyhedsbrevet er udgivet")).to_be_visible()
    assert Newsletter.objects.get(meeting=meeting).status == "published"

    page.get_by_role("button", name="Log ud").first.click()
    page.goto(page.base + "/moeder/organ/kd-net-midtjylland/nyhedsbreve/")
    page.get_by_role("link", name="Nyt fra KD-Net: fælles indkøb").click()
    expect(page.get_by_text("KD-Net godkendte udbuddet.")).to_be_visible()
    assert axe_violations(page) == []


def test_the_pdf_page_updates_itself_when_the_pdf_is_ready(page) -> None:
    from meetings.models import MeetingPdf

    meeting = _meeting(starts_at=timezone.now() + timezone.timedelta(days=5))
    services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    # As if the worker had not got to it yet.
    MeetingPdf.objects.filter(version__meeting=meeting).update(
        status="pending", file="", combined_file=""
    )
    page.goto(page.base + f"/moeder/{meeting.pk}/pdf/agenda/")
    expect(page.get_by_text("PDF'en bliver lavet.")).to_be_visible()
    assert page.get_by_role("link", name="Dagsorden (PDF, 1 side)").count() == 0
    assert axe_violations(page) == []
    public = MeetingPdf.objects.get(version__meeting=meeting, audience="public")
    assert services.meeting_pdf_render(pdf_id=public.pk) is True
    # No reload: the page asks again every 3 seconds and shows the download.
    page.get_by_role("link", name="Dagsorden (PDF, 1 side)").wait_for(timeout=20_000)
    expect(page.get_by_text("PDF'en bliver lavet.")).to_be_hidden()
