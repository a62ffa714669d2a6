"""The secretariat keeps a body's composition in the browser, and a municipal contact
person proposes and follows a candidate (issue 12). Desktop and a 390 px phone; axe-core on
each page. New texts are not yet translated, so the test finds fields by name and links by
address, not by their Danish words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from councils.models import Membership, Nomination, Seat
from tests.browser_helpers import axe_violations, log_in

pytestmark = pytest.mark.browser

BODY = "kd-net-midtjylland"


def _no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _submit(page) -> None:
    page.locator("main form[method=post] button[type=submit]").first.click()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_secretary_keeps_the_composition_with_the_politician_warning(page, width) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "sekretariat")
    manage = reverse("councils:composition_manage", args=[BODY])
    page.goto(page.base + reverse("councils:body_detail", args=[BODY]))
    page.locator(f'main a[href="{manage}"]').click()
    page.wait_for_url(f"**{manage}")
    assert axe_violations(page) == []

    # New seat that must be held by an elected politician, with a personal substitute.
    page.goto(page.base + reverse("councils:seat_create", args=[BODY]))
    page.locator("[name=count]").fill("1")
    page.locator("[name=label]").fill("Kommunal plads")
    page.locator("label[for=id_requires_elected_politician]").click()
    page.locator("label[for=id_has_personal_substitute]").click()
    assert page.locator("#id_requires_elected_politician").is_checked()
    assert axe_violations(page) == []
    _submit(page)
    page.wait_for_url(f"**{manage}")
    seat = Seat.objects.get(body__slug=BODY, label="Kommunal plads")
    assert seat.requires_elected_politician and seat.has_personal_substitute

    # Appoint someone who is not registered as an elected politician: a warning first.
    appoint = reverse("councils:membership_appoint", args=[BODY, seat.pk])
    page.locator(f'a[href="{appoint}"]').click()
    page.wait_for_url(f"**{appoint}")
    page.locator("[name=new_name]").fill("Erik Ørsted")
    page.locator("[name=start]").fill(timezone.localdate().isoformat())
    _submit(page)
    expect(page.locator("#confirm-warning")).to_be_visible()
    assert not Membership.objects.filter(person__name="Erik Ørsted").exists()
    assert page.locator("[name=new_name]").input_value() == "Erik Ørsted"
    assert axe_violations(page) == []
    page.locator("label[for=id_confirm_not_politician]").click()
    _submit(page)
    page.wait_for_url(f"**{manage}")
    holder = Membership.objects.get(person__name="Erik Ørsted")
    expect(page.get_by_role("link", name="Erik Ørsted").first).to_be_visible()

    # Register the substitute, then end the holder's membership.
    page.locator(
        f'a[href="{reverse("councils:substitute_appoint", args=[BODY, seat.pk])}"]'
    ).click()
    page.locator("[name=new_name]").fill("Sofie Stedfortræder")
    page.locator("[name=start]").fill(timezone.localdate().isoformat())
    _submit(page)
    page.wait_for_url(f"**{manage}")
    assert Membership.objects.get(person__name="Sofie Stedfortræder").role == "substitute"

    end = reverse("councils:membership_end", args=[BODY, holder.pk])
    page.locator(f'a[href="{end}"]').first.click()
    page.wait_for_url(f"**{end}")
    last_day = timezone.localdate() + dt.timedelta(days=10)
    page.locator("[name=end]").fill(last_day.isoformat())
    _submit(page)
    page.wait_for_url(f"**{manage}")
    holder.refresh_from_db()
    assert holder.end == last_day

    # A term of office.
    page.goto(page.base + reverse("councils:term_create", args=[BODY]))
    page.locator("[name=start]").fill("2026-01-01")
    page.locator("[name=end]").fill("2029-12-31")
    _submit(page)
    page.wait_for_url(f"**{manage}")
    assert _no_sideways_scroll(page)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_a_contact_proposes_only_for_open_seats_and_follows_the_proposal(page, width) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "kontakt")
    own = reverse("councils:nominations_own")
    appointments = reverse("councils:appointments")
    assert page.locator(f'a[href="{own}"]').count() == 1
    assert page.locator(f'a[href="{appointments}"]').count() == 0

    page.goto(page.base + reverse("councils:nomination_propose"))
    offered = {
        int(value)
        for value in page.locator("[name=seat] option").evaluate_all(
            "options => options.map(o => o.value).filter(v => v)"
        )
    }
    open_seat = Seat.objects.get(
        body__slug="via-uddannelsesudvalg-ergoterapeut", appointing_body__slug=BODY
    )
    assert open_seat.pk in offered
    # Seats an organisation nominates to (RAR Fyn's DA seats) and seats of another region
    # are not offered.
    assert not offered & set(
        Seat.objects.filter(nominating_organisation__isnull=False).values_list("pk", flat=True)
    )
    assert not offered & set(
        Seat.objects.filter(appointing_body__slug="kkr-syddanmark").values_list("pk", flat=True)
    )
    assert axe_violations(page) == []
    page.locator("[name=seat]").select_option(str(open_seat.pk))
    page.locator("[name=candidate_name]").fill("Hanne Jensen")
    page.locator("[name=municipality]").select_option(label="Aarhus")
    _submit(page)
    page.wait_for_url(f"**{own}")
    assert Nomination.objects.get(candidate_name="Hanne Jensen").seat == open_seat
    expect(page.get_by_role("cell", name="Hanne Jensen")).to_be_visible()
    assert _no_sideways_scroll(page)
    assert axe_violations(page) == []
