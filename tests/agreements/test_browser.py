"""The secretariat builds a performance contract in the browser: goal, indicator, a
measurement, and the chart shows it; the pages pass axe-core. (Field names, not the Danish
labels of new strings, find the fields.)"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement, AgreementKind
from tests.browser_helpers import axe_violations, log_in

pytestmark = pytest.mark.browser


def _submit(page: Any) -> None:
    page.locator("main form[method=post] button[type=submit].button-primary").click()


def test_a_secretary_builds_a_performance_contract_with_a_measured_goal(page: Any) -> None:
    from agreements.demo import load_agreement_demo

    load_agreement_demo()
    log_in(page, "sekretariat")
    page.goto(page.base + "/aftaler/ny/")
    assert axe_violations(page) == []
    page.locator("[name=title]").fill("Resultatkontrakt 2027 med Væksthuset")
    kind = AgreementKind.objects.get(code=AgreementKind.Builtin.PERFORMANCE_CONTRACT)
    page.locator("[name=kind]").select_option(value=str(kind.pk))
    page.locator("[name=body]").select_option(label="KKR Midtjylland")
    page.locator("[name=start]").fill("2027-01-01")
    page.locator("[name=end]").fill("2026-12-31")  # ends before it starts: refused, kept
    _submit(page)
    assert page.locator("[name=title]").input_value() == "Resultatkontrakt 2027 med Væksthuset"
    expect(page.locator("#id_end_error")).to_be_visible()
    page.locator("[name=end]").fill("2027-12-31")
    _submit(page)
    agreement = Agreement.objects.get(title="Resultatkontrakt 2027 med Væksthuset")
    page.wait_for_url(f"**{agreement.get_absolute_url()}")

    page.goto(page.base + f"/aftaler/{agreement.pk}/maal/ny/")
    page.locator("[name=title]").fill("Flere virksomheder i vækst")
    _submit(page)
    goal = agreement.goals.get()
    page.goto(page.base + f"/aftaler/{agreement.pk}/maal/{goal.pk}/indikatorer/ny/")
    page.locator("[name=name]").fill("Vejledte virksomheder")
    page.locator("[name=target_value]").fill("1500")
    _submit(page)  # a target without a unit: refused, kept
    assert page.locator("[name=target_value]").input_value() == "1500"
    page.locator("[name=unit]").fill("virksomheder")
    _submit(page)
    indicator = goal.indicators.get()
    page.goto(page.base + f"/aftaler/{agreement.pk}/indikatorer/{indicator.pk}/maaling/")
    page.locator("[name=year]").fill("2027")
    page.locator("[name=value]").fill("1620")
    _submit(page)
    page.wait_for_url(f"**{agreement.get_absolute_url()}")
    chart = page.locator(f"svg[role=img][aria-labelledby^='chart-{indicator.pk}-title']")
    expect(chart).to_be_visible()
    assert (
        "1.620"
        in page.locator("table caption", has_text="Vejledte virksomheder")
        .locator("..")
        .inner_text()
    )
    assert axe_violations(page) == []

    # A draft is the secretariat's: signed out, it does not exist.
    page.get_by_role("button", name="Log ud").first.click()
    response = page.goto(page.base + agreement.get_absolute_url())
    assert response is not None and response.status == 404


PHONE = {"width": 390, "height": 844}


def _no_sideways_scrolling(page: Any) -> bool:
    return bool(page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"))


def test_the_matrix_is_edited_cell_by_cell_and_read_on_a_phone_and_in_print(page: Any) -> None:
    from agreements.demo import load_agreement_demo
    from agreements.demo_plans import MATRIX_AGREEMENT_TITLE
    from agreements.models import MatrixCell
    from councils.models import Body
    from tests.factories import AffiliationFactory

    load_agreement_demo()
    agreement = Agreement.objects.get(title=MATRIX_AGREEMENT_TITLE)
    matrix = agreement.matrices.get()
    secretary = AffiliationFactory(
        user__username="skno-sekretariat",
        user__password="demo-kkr-2026",
        body=Body.objects.get(slug="skane-nordost-samverkanskommitte"),
    ).user
    log_in(page, secretary.username)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base + matrix.get_absolute_url())
    # A table on a wide screen: the levels are column headers.
    assert page.locator("table.plan-matrix").count() == 6
    expect(page.locator("table.plan-matrix thead th", has_text="Kommunnivå").first).to_be_visible()
    assert axe_violations(page) == []

    cell = MatrixCell.objects.get(
        theme__matrix=matrix,
        theme__name="Gränsöverskridande samverkan",
        section__name="Mål",
        level__name="Kommunnivå",
    )
    page.locator(f"#cell-{cell.pk} a").click()
    page.wait_for_url(f"**/celler/{cell.pk}/")
    editor = page.locator('main form [contenteditable="true"]')
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Kartlägga noderna i alla sju kommuner.")
    assert axe_violations(page) == []
    _submit(page)
    page.wait_for_url(f"**{matrix.get_absolute_url()}*")
    cell.refresh_from_db()
    assert "Kartlägga noderna i alla sju kommuner." in cell.text
    assert cell.version == 2
    assert page.locator(f"#cell-{cell.pk}").inner_text().count("Kartlägga noderna") == 1

    # Signed out, on a phone: readable blocks (the level named in each), no sideways
    # scrolling, no edit links; axe-core finds nothing.
    page.get_by_role("button", name="Log ud").first.click()
    page.set_viewport_size(PHONE)
    page.goto(page.base + matrix.get_absolute_url())
    assert _no_sideways_scrolling(page)
    expect(page.locator("table.plan-matrix thead").first).to_be_hidden()
    level = page.locator(f"#cell-{cell.pk} .plan-matrix__level")
    expect(level).to_have_text("Kommunnivå")
    assert page.locator(".plan-matrix__edit").count() == 0
    assert axe_violations(page) == []
    # Printed: a table again, without the site's navigation.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1000, "height": 1400})
    expect(page.locator("table.plan-matrix thead").first).to_be_visible()
    expect(page.locator("header.site-header")).to_be_hidden()


def test_the_action_plan_page_with_tracks_and_linked_decisions_passes_axe(page: Any) -> None:
    from agreements.demo import load_agreement_demo
    from agreements.demo_plans import ACTION_PLAN_TITLE

    load_agreement_demo()
    plan = Agreement.objects.get(title=ACTION_PLAN_TITLE)
    page.goto(page.base + plan.get_absolute_url())
    expect(page.locator("#track-" + str(plan.tracks.first().pk))).to_be_visible()
    assert page.locator(".agreement-items .decision").count() == 2
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    page.reload()
    assert _no_sideways_scrolling(page)
    assert axe_violations(page) == []
