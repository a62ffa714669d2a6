"""The secretariat sees where a body departs from its statutes on the composition page, and
works through the re-appointment round at the start of an election period (issue 18), with
axe-core on each page. The new texts are not yet translated, so the test finds links by
address and rows by their data attributes, not by their Danish words."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from councils import services
from councils.election_periods import election_period, reappointment_round_period
from councils.models import Body, Membership
from tests.browser_helpers import axe_violations, log_in
from tests.factories import AffiliationFactory, BodyFactory, PersonFactory

pytestmark = pytest.mark.browser


def _world() -> dict:
    """A body of the demo secretary: a chair who is not an elected politician although the
    statutes want one, and two seats whose appointments end with the old period."""
    today = timezone.localdate()
    old = reappointment_round_period(today=today)
    secretary = User.objects.get(username="sekretariat")
    body = BodyFactory(name="Arbejdsgruppen for genudpegning", kind=Body.Kind.WORKING_GROUP)
    AffiliationFactory(user=secretary, body=body)
    services.statute_update(actor=None, body=body, chair_must_be_politician=True)
    services.statute_rule_create(actor=None, body=body, label="Kommunale medlemmer", count=2)
    (chair,) = services.seats_create(actor=None, body=body, count=1, label="Formand", role="chair")
    services.membership_appoint(
        actor=None,
        seat=chair,
        person=PersonFactory(name="Carl Formand", is_elected_politician=False),
        start=election_period(on=today).start,
        confirm_not_politician=True,
    )
    seats = services.seats_create(actor=None, body=body, count=2, label="Kommunale medlemmer")
    endings = [
        services.membership_appoint(
            actor=None,
            seat=seat,
            person=PersonFactory(name=name),
            start=old.start,
            end=old.end,
        )
        for seat, name in zip(seats, ["Anna Genvalgt", "Bo Afgår"], strict=True)
    ]
    return {"body": body, "old": old, "endings": endings, "seats": seats}


def test_the_secretariat_sees_a_departure_and_works_through_the_round(page) -> None:
    world = _world()
    body, old = world["body"], world["old"]
    anna, bo = world["endings"]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "sekretariat")

    # The composition page: the chair breaks the statutes (a listed departure).
    manage = reverse("councils:composition_manage", args=[body.slug])
    page.goto(page.base + manage)
    departure = page.locator('#statute-deviations li[data-kind="chair_not_politician"]')
    expect(departure).to_be_visible()
    assert "Carl Formand" in departure.inner_text()
    # The rule names no organisation or appointer, so the chair's seat counts too: 3 of 2.
    assert page.locator('#statute-deviations li[data-kind="too_many_seats"]').count() == 1
    assert axe_violations(page) == []

    # The statutes page, from the composition page.
    statutes = reverse("councils:statute_manage", args=[body.slug])
    page.locator(f'main a[href="{statutes}"]').first.click()
    page.wait_for_url(f"**{statutes}")
    assert page.locator("#id_chair_must_be_politician").is_checked()
    assert axe_violations(page) == []

    # The round: two seats end with the old period, both open.
    round_url = reverse("councils:reappointment_body", args=[body.slug])
    page.goto(page.base + manage)
    page.locator(f'main a[href="{round_url}"]').click()
    page.wait_for_url(f"**{round_url}")
    rows = page.locator("#round-table tbody tr")
    assert rows.count() == 2
    assert page.locator('#round-table tr[data-status="open"]').count() == 2
    assert axe_violations(page) == []

    # Re-appoint Anna for the new period.
    page.locator(
        f'a[href="{reverse("councils:membership_reappoint", args=[body.slug, anna.pk])}"]'
    ).click()
    page.locator("[name=decision_reference]").fill("Arbejdsgruppen 12. januar, punkt 3")
    assert axe_violations(page) == []
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_url(f"**{round_url}")
    assert (
        page.locator(f'#round-table tr[data-membership="{anna.pk}"]').get_attribute("data-status")
        == "reappointed"
    )

    # Appoint someone else to Bo's seat: the form starts with the new period's dates.
    row = page.locator(f'#round-table tr[data-membership="{bo.pk}"]')
    appoint = reverse("councils:membership_appoint", args=[body.slug, world["seats"][1].pk])
    row.locator(f'a[href^="{appoint}"]').click()
    new = old.following()
    assert page.locator("[name=start]").input_value() == new.start.isoformat()
    assert page.locator("[name=end]").input_value() == new.end.isoformat()
    page.locator("[name=new_name]").fill("Dorte Ny")
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_url(f"**{manage}")

    page.goto(page.base + round_url)
    statuses = [
        page.locator(f'#round-table tr[data-membership="{m.pk}"]').get_attribute("data-status")
        for m in (anna, bo)
    ]
    assert statuses == ["reappointed", "new_person"]
    assert axe_violations(page) == []
    dorte = Membership.objects.get(person__name="Dorte Ny")
    assert (dorte.start, dorte.end) == (new.start, new.end)
    assert Membership.objects.get(person=anna.person, start=new.start).end == new.end
