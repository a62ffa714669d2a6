"""The secretariat builds a performance contract in the browser: goal, indicator, a
measurement, and the chart shows it; the pages pass axe-core. (Field names, not the Danish
labels of new strings, find the fields.)"""

from __future__ import annotations

from typing import Any

import pytest

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
    assert page.locator("#id_end_error").is_visible()
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
    assert chart.is_visible()
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
