"""A follow-up round in the browser: the secretariat opens it from the agreement page, the
municipality's contact person answers the request for input, the secretariat accepts the
figure on the round page, and the agreement page's chart and table show it; axe-core finds
nothing on the pages. (Field names and URLs, not the labels of new strings, find things.)"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agreements import services
from agreements.models import AgreementKind, FollowUpRound, Measurement
from tests.browser_helpers import axe_violations, follow, log_in

pytestmark = pytest.mark.browser


def _contract() -> Any:
    from accounts.models import User
    from councils.models import Body, Municipality

    secretary = User.objects.get(username="sekretariat")
    year = timezone.localdate().year
    agreement = services.agreement_create(
        actor=secretary,
        body=Body.objects.get(name="KKR Midtjylland"),
        kind=services.builtin_kind(AgreementKind.Builtin.PERFORMANCE_CONTRACT),
        title="Resultatkontrakt med Aarhus om iværksætteri",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
    )
    aarhus = Municipality.objects.get(name__startswith="Aarhus")
    services.party_add(actor=secretary, agreement=agreement, municipality=aarhus, role="Part")
    goal = services.goal_add(actor=secretary, agreement=agreement, title="Flere iværksættere")
    indicator = services.indicator_add(
        actor=secretary,
        goal=goal,
        name="Nye virksomheder vejledt",
        unit="virksomheder",
        target_value=Decimal("300"),
        target_year=year,
    )
    services.agreement_put_in_force(actor=secretary, agreement_id=agreement.pk)
    return agreement, aarhus, indicator


def test_the_secretariat_opens_a_round_the_municipality_answers_and_the_chart_shows_it(
    page: Any,
) -> None:
    agreement, aarhus, indicator = _contract()
    year = timezone.localdate().year

    log_in(page, "sekretariat")
    page.goto(page.base + agreement.get_absolute_url())
    follow(page, page.locator(f"a[href$='/aftaler/{agreement.pk}/opfoelgning/ny/']"))
    assert axe_violations(page) == []
    page.locator("[name=period_label]").fill(str(year))
    page.locator("[name=year]").fill(str(year))
    deadline = timezone.localtime() + dt.timedelta(days=14)
    page.locator("[name=deadline]").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.locator("main form[method=post] button[type=submit].button-primary").click()
    follow_up = FollowUpRound.objects.get(agreement=agreement)
    page.wait_for_url(f"**{follow_up.get_absolute_url()}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Log ud").first.click()

    # The contact person of Aarhus answers the request for input.
    log_in(page, "kontakt")
    page.goto(page.base + f"/hoeringer/{follow_up.request_id}/svar/{aarhus.pk}/")
    question = follow_up.questions.get(indicator=indicator).question
    page.locator(f"[name=q{question.pk}]").fill("320")
    page.get_by_role("button", name="Indsend svaret").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Log ud").first.click()

    # The secretariat sees the figure next to the target and accepts it.
    log_in(page, "sekretariat")
    page.goto(page.base + follow_up.get_absolute_url())
    figures = page.locator(
        "table", has=page.locator("caption", has_text="Nye virksomheder vejledt")
    )
    assert "320" in figures.inner_text()
    assert "300" in figures.locator("caption").inner_text()
    assert axe_violations(page) == []
    page.locator("form[action$='/godkend/']:not(.inline-form) button").click()
    page.wait_for_url(f"**{follow_up.get_absolute_url()}")
    measurement = Measurement.objects.get(indicator=indicator)
    assert measurement.value == Decimal("320") and measurement.year == year

    page.goto(page.base + agreement.get_absolute_url())
    chart = page.locator(f"svg[role=img][aria-labelledby^='chart-{indicator.pk}-title']")
    expect(chart).to_be_visible()
    assert "320" in (chart.locator("desc").text_content() or "")
    table = page.locator("table", has=page.locator("caption", has_text="Nye virksomheder vejledt"))
    assert "320" in table.inner_text()
    assert axe_violations(page) == []
