"""A KKR's page shows the bodies it appoints to and who holds its seats there (issue 18):
current holders, substitutes, coming members and vacancies, in fixed queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils import selectors_composition as selectors
from councils import services
from councils.models import Body
from tests.factories import BodyFactory, PersonFactory, RegionFactory

TODAY = timezone.localdate()


@pytest.fixture
def kkr(db: None) -> Body:
    return BodyFactory(kind=Body.Kind.KKR, region=RegionFactory(), name="KKR Udpeger")


def _appointed(kkr, count: int) -> None:
    """``count`` bodies, each with two seats KKR appoints to: one held, one vacant."""
    for number in range(count):
        body = BodyFactory(name=f"Modtager {number:02d}")
        held, _vacant = services.seats_create(
            actor=None, body=body, count=2, label="KKR-plads", appointing_body=kkr
        )
        services.membership_appoint(
            actor=None,
            seat=held,
            person=PersonFactory(name=f"Holder {number:02d}"),
            start=TODAY - dt.timedelta(days=10),
        )
    # A seat someone else appoints to is not the KKR's.
    services.seats_create(actor=None, body=BodyFactory(name="Fremmed"), count=1, label="Anden")


def test_the_bodies_a_kkr_appoints_to_with_holders_and_vacancies(kkr) -> None:
    _appointed(kkr, 2)
    groups = selectors.seats_appointed_by(appointer=kkr)
    assert [g.body.name for g in groups] == ["Modtager 00", "Modtager 01"]
    assert [g.vacancies for g in groups] == [1, 1]
    assert groups[0].rows[0].holder.person.name == "Holder 00"


@pytest.mark.parametrize("count", [2, 20])
def test_the_section_takes_two_queries(kkr, count) -> None:
    _appointed(kkr, count)
    with CaptureQueriesContext(connection) as queries:
        groups = selectors.seats_appointed_by(appointer=kkr)
    assert len(groups) == count
    assert len(queries) == 2


@pytest.mark.parametrize("count", [2, 20])
def test_the_kkr_page_shows_its_seats_elsewhere_in_fixed_queries(
    kkr, count, django_assert_max_num_queries
) -> None:
    _appointed(kkr, count)
    with django_assert_max_num_queries(16):
        response = Client().get(kkr.get_absolute_url())
    html = response.content.decode()
    assert 'id="appoints-to"' in html
    assert html.count("Holder ") == count
    assert "Fremmed" not in html
