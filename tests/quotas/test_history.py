"""The history of a quota year is the quota secretariats' (who changed what and when), and
shows another region's draft agreement to no one but that region's workers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from quotas import services
from tests.quotas.test_access import _client_for, _user

DEADLINE = dt.date(2029, 9, 10)


@pytest.fixture
def drafts(computed_year):
    from councils.models import Region

    for code in ("1082", "1081"):  # Midtjylland (the demo's KKR), Nordjylland
        services.distribution_agreement_draft(
            actor=None,
            quota_year=computed_year,
            region=Region.objects.get(code=code),
            deadline=DEADLINE,
        )
    return computed_year


def _history(client: Client, year: int):
    client.cookies["django_language"] = "en"
    return client.get(reverse("quotas:year_history", args=[year]))


def test_the_kkr_secretariat_sees_the_years_history_with_its_own_regions_distribution_agreement(
    drafts,
) -> None:
    from django.utils import translation

    from quotas.selectors import quota_year_history

    secretary = _user("sekretariat")
    assert _history(_client_for(secretary), drafts.year).status_code == 200
    with translation.override("en"):
        records = {e.record for e in quota_year_history(quota_year=drafts, user=secretary)}
    assert "National figure, version 1" in records
    assert "Quota of Aarhus" in records  # the municipal quotas (created in bulk) have history
    assert "Agreement line of Aarhus" in records
    assert "Distribution agreement, Region Midtjylland" in records
    assert not any("Nordjylland" in record for record in records)  # another region's draft


@pytest.mark.parametrize("role", ["anonymous", "medlem", "kontakt", "non_kkr_secretariat"])
def test_others_do_not_see_the_quota_history(drafts, role: str) -> None:
    response = _history(_client_for(_user(role)), drafts.year)
    assert response.status_code in (302, 403)


def test_a_year_beyond_the_integer_range_is_a_404(client: Client, demo) -> None:
    assert client.get(reverse("quotas:year_history", args=[99999999999])).status_code == 404
    assert client.get(reverse("quotas:year_detail", args=[99999999999])).status_code == 404


def test_a_kkr_secretariat_who_is_also_a_contact_elsewhere_does_not_see_that_regions_draft(
    drafts,
) -> None:
    """The draft of Nordjylland is its KKR secretariat's until it is sent, even for a user
    who is also contact person of a municipality there (quotas.access, not the roles)."""
    from accounts.models import Affiliation, User
    from councils.models import Region
    from tests.factories import AffiliationFactory

    secretary = User.objects.get(username="sekretariat")  # KKR Midtjylland
    AffiliationFactory(
        user=secretary,
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        body=None,
        municipality=Region.objects.get(code="1081").municipalities.first(),
    )
    from django.utils import translation

    from quotas.selectors import quota_year_history

    assert _history(_client_for(secretary), drafts.year).status_code == 200
    with translation.override("en"):
        records = {e.record for e in quota_year_history(quota_year=drafts, user=secretary)}
    assert "Distribution agreement, Region Midtjylland" in records
    assert not any("Nordjylland" in record for record in records)
