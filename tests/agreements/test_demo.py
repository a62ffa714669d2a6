from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from accounts.models import User
from agreements import selectors
from agreements.demo import (
    FYN_TITLE,
    LOCAL_TITLE,
    NATIONAL_TITLE,
    REGIONAL_TITLE,
    RENEWAL_TITLE,
    SYDJYLLAND_TITLE,
    load_agreement_demo,
)
from agreements.models import Agreement
from agreements.selectors import GoalStatus


def test_the_demo_has_the_erhvervshus_contracts_and_the_vaeksthus_complex(
    demo: dict[str, int], client: Client
) -> None:
    first = load_agreement_demo()
    assert load_agreement_demo() == first  # loading twice changes nothing
    fyn = Agreement.objects.get(title=FYN_TITLE)
    assert Agreement.objects.get(title=SYDJYLLAND_TITLE).body == fyn.body
    assert fyn.body.slug == "kkr-syddanmark"
    assert fyn.status == Agreement.Status.EXPIRED
    statuses = {view.goal.title: view.status for view in selectors.agreement_goals(agreement=fyn)}
    assert set(statuses.values()) == {
        GoalStatus.AT_RISK,
        GoalStatus.OFF_TRACK,
        GoalStatus.NO_DATA,
    }
    national = Agreement.objects.get(title=NATIONAL_TITLE)
    regional = Agreement.objects.get(title=REGIONAL_TITLE)
    local = Agreement.objects.get(title=LOCAL_TITLE)
    assert (local.parent, regional.parent, national.parent) == (regional, national, None)
    assert national.economy_lines.get().amount == Decimal("101292000")
    assert regional.economy_lines.get().amount == Decimal("22668000")
    renewal = Agreement.objects.get(title=RENEWAL_TITLE)
    assert renewal.status == Agreement.Status.DRAFT and renewal.predecessor == regional
    # The public sees the complex but not the draft renewal; the demo secretariat of KKR
    # Midtjylland sees it.
    page = client.get(regional.get_absolute_url())
    assert page.status_code == 200
    assert NATIONAL_TITLE in page.content.decode() and LOCAL_TITLE in page.content.decode()
    assert RENEWAL_TITLE not in page.content.decode()
    assert client.get(renewal.get_absolute_url()).status_code == 404
    client.force_login(User.objects.get(username="sekretariat"))
    assert client.get(renewal.get_absolute_url()).status_code == 200
    assert client.get(reverse("agreements:agreement_list")).status_code == 200
