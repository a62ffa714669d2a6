"""The distribution agreement in the browser: the KKR secretariat drafts and sends, a
municipality's contact person confirms, the secretariat finalises."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from quotas.models import DistributionAgreement, DistributionAgreementLine
from tests.browser_helpers import axe_violations as _axe_violations
from tests.browser_helpers import log_in as _log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def quota_page(page):
    from quotas.demo import load_quota_demo

    load_quota_demo()
    return page


def test_a_distribution_agreement_from_draft_to_finalised(quota_page) -> None:
    page = quota_page
    deadline = (dt.date.today() + dt.timedelta(days=14)).isoformat()

    _log_in(page, "sekretariat")
    page.goto(page.base + "/kvoter/2027/aftale/1082/")
    page.get_by_label("Frist for kommunerne").fill(deadline)
    page.get_by_role("button", name="Start et udkast").click()
    expect(page.get_by_text("Udkastet tager udgangspunkt i modellens tal.")).to_be_visible()

    # Aarhus takes two places from Favrskov: the regional sum stays the same.
    aarhus, favrskov = (
        page.get_by_label("Kvote for Aarhus"),
        page.get_by_label("Kvote for Favrskov"),
    )
    moved = min(2, int(favrskov.input_value()))
    aarhus.fill(str(int(aarhus.input_value()) + moved))
    favrskov.fill(str(int(favrskov.input_value()) - moved))
    page.get_by_role("button", name="Gem tallene").click()
    expect(page.get_by_text("Tallene er gemt.")).to_be_visible()
    page.get_by_role("button", name="Send til kommunerne").click()
    expect(page.get_by_text("Sendt til kommunerne").first).to_be_visible()
    page.get_by_role("button", name="Log ud").first.click()

    _log_in(page, "kontakt")
    page.goto(page.base + "/kvoter/2027/aftale/1082/")
    page.locator("label", has_text="Vi bekræfter tallet").click()
    assert page.get_by_label("Vi bekræfter tallet").is_checked()
    page.get_by_role("button", name="Send svar").click()
    expect(page.get_by_text("Jeres svar er gemt.")).to_be_visible()
    expect(page.get_by_text("1 af 19 kommuner")).to_be_visible()
    page.get_by_role("button", name="Log ud").first.click()

    _log_in(page, "sekretariat")
    page.goto(page.base + "/kvoter/2027/aftale/1082/")
    page.get_by_role("button", name="Gør aftalen endelig").click()
    alert = page.get_by_role("alert")
    assert "Endnu ikke bekræftet af" in alert.inner_text()
    assert "Aarhus" not in alert.inner_text().split("Endnu ikke bekræftet af")[1]

    # The other 18 municipalities confirm (their contact persons are not demo users).
    DistributionAgreementLine.objects.filter(distribution_agreement__region__code="1082").update(
        answer=DistributionAgreementLine.Answer.CONFIRMED
    )
    page.goto(page.base + "/kvoter/2027/aftale/1082/")
    page.get_by_role("button", name="Gør aftalen endelig").click()
    expect(page.get_by_text("Aftalen er endelig; dens tal er nu kommunekvoterne.")).to_be_visible()
    assert (
        DistributionAgreement.objects.get(region__code="1082").status
        == DistributionAgreement.Status.FINALISED
    )

    page.goto(page.base + "/kvoter/2027/#region-1082")
    row = page.get_by_role("row", name="Aarhus")
    assert "Ved aftale" in row.inner_text()


def test_quota_pages_have_no_serious_accessibility_violations(quota_page) -> None:
    page = quota_page
    failures = {}
    _log_in(page, "sekretariat")
    for path in (
        "/kvoter/",
        "/kvoter/2015/",
        "/kvoter/2027/",
        "/kvoter/2027/beregning/",
        "/kvoter/2027/aftale/1082/",
        "/kvoter/2027/landstal/",
        "/kvoter/2027/inddata/",
        "/kvoter/2027/placeringer/",
    ):
        response = page.goto(page.base + path)
        assert response.status == 200, path
        violations = _axe_violations(page)
        if violations:
            failures[path] = violations
    assert failures == {}
