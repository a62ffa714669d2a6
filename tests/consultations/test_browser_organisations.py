"""An organisation answers a request for input in the browser (decision 0023): RAR Fyn's
secretariat makes a user DA's contact person on its page, sends a request to DA and LO, and
DA's contact person finds it under "Mine opgaver" and answers; axe-core on each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Affiliation
from consultations import services
from consultations.models import RequestForInput, Response
from councils.models import Body, Organisation
from tests.browser_helpers import axe_violations, follow, log_in

pytestmark = pytest.mark.browser

TITLE = "Parternes input til beskæftigelsesindsatsen"
DA = "Dansk Arbejdsgiverforening"
LO = "Landsorganisationen i Danmark"


def _log_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Log ud").first.click()


def test_an_organisations_contact_person_answers_a_request_for_input(page) -> None:
    from accounts import services as account_services
    from tests.factories import UserFactory

    rar_fyn = Body.objects.get(slug="rar-fyn")
    secretary = UserFactory(username="sek-rar-fyn", password="demo-kkr-2026")
    account_services.affiliation_grant(
        actor=None, user=secretary, kind=Affiliation.Kind.SECRETARIAT, body_id=rar_fyn.pk
    )
    da_contact = UserFactory(username="da-browser", password="demo-kkr-2026")
    lo_contact = UserFactory(username="lo-browser", password="demo-kkr-2026")
    lo = Organisation.objects.get(name=LO)
    account_services.affiliation_grant(
        actor=None,
        user=lo_contact,
        kind=Affiliation.Kind.ORGANISATION_CONTACT,
        organisation_id=lo.pk,
    )

    # The secretariat makes the DA user DA's contact person on its page.
    log_in(page, "sek-rar-fyn")
    page.goto(page.base + "/udpegninger/organisationskontakter/")
    assert axe_violations(page) == []
    page.get_by_label(re.compile("^Organisation")).select_option(label=DA)
    page.get_by_label(re.compile("^Kontoens brugernavn")).fill("da-browser")
    page.get_by_role("button", name="Tilføj").click()
    assert Affiliation.objects.filter(
        user=da_contact, kind=Affiliation.Kind.ORGANISATION_CONTACT, organisation__name=DA
    ).exists()

    # ... and asks DA and LO (the organisations nominating to RAR Fyn's seats).
    page.goto(page.base + "/hoeringer/organ/rar-fyn/ny/")
    assert axe_violations(page) == []
    page.get_by_label(re.compile(r"^Titel")).fill(TITLE)
    deadline = timezone.localtime(timezone.now() + dt.timedelta(days=14))
    page.get_by_label(re.compile(r"^Frist")).fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(DA, exact=True).check()
    page.get_by_label(LO, exact=True).check()
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text("Høringen er gemt som kladde.")).to_be_visible()
    request = RequestForInput.objects.get(title=TITLE)
    assert sorted(r.name for r in request.recipients.all()) == [DA, LO]
    question = services.question_add(
        actor=secretary,
        request=request,
        kind="long_text",
        text="Hvilke brancher mangler folk?",
        required=True,
    )
    page.reload()
    page.get_by_role("button", name="Send høringen").click()
    expect(page.get_by_text("Høringen er sendt.")).to_be_visible()
    _log_out(page)

    # DA's contact person finds it under "Mine opgaver" and answers.
    log_in(page, "da-browser")
    page.goto(page.base + "/konto/opgaver/")
    follow(page, page.get_by_role("link", name=re.compile(re.escape(TITLE))))
    assert DA in page.locator("h1").inner_text()
    assert axe_violations(page) == []
    editor = page.locator(f'[contenteditable="true"][aria-label="{question.text}"]')
    editor.click()
    page.keyboard.type("Byggeri og transport.")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Indsend svaret").click()
    assert posted.value.status == 302
    page.wait_for_load_state()
    response = Response.objects.get(recipient__request=request, recipient__organisation__name=DA)
    assert response.status == Response.Status.SUBMITTED
    assert "Byggeri og transport." in response.answers.get().value
    assert axe_violations(page) == []
    _log_out(page)

    # LO's contact person may not open DA's answer.
    log_in(page, "lo-browser")
    da_url = f"/hoeringer/{request.pk}/svar/modtager/{response.recipient_id}/"
    assert page.goto(page.base + da_url).status == 404
