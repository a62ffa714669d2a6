"""A person's page shows all their seats across bodies, current, coming and past, with who
appointed them (issue 18), in a number of queries that does not grow with the seats."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils import selectors_composition as selectors
from councils import services
from councils.models import Body
from tests.factories import BodyFactory, PersonFactory, RegionFactory

TODAY = timezone.localdate()


def _seats_for(person, count: int, kkr) -> None:
    """``count`` past, ``count`` current and one coming seat, each in its own body."""
    for number in range(count):
        for start, end in (
            (TODAY - dt.timedelta(days=900), TODAY - dt.timedelta(days=400)),
            (TODAY - dt.timedelta(days=100), None),
        ):
            body = BodyFactory(name=f"Organ {number} {start:%Y%m%d}")
            (seat,) = services.seats_create(
                actor=None, body=body, count=1, label=f"Plads {number}", appointing_body=kkr
            )
            services.membership_appoint(
                actor=None,
                seat=seat,
                person=person,
                start=start,
                end=end,
                decision_reference=f"KKR punkt {number}",
            )
    body = BodyFactory(name="Kommende organ")
    (seat,) = services.seats_create(actor=None, body=body, count=1, label="Kommende plads")
    services.membership_appoint(
        actor=None, seat=seat, person=person, start=TODAY + dt.timedelta(days=30)
    )


@pytest.fixture
def kkr(db: None) -> Body:
    return BodyFactory(kind=Body.Kind.KKR, region=RegionFactory(), name="KKR Person")


def test_the_seats_are_split_into_current_coming_and_past(kkr) -> None:
    person = PersonFactory(name="Karen Sæde", slug="karen-saede")
    _seats_for(person, 2, kkr)
    seats = selectors.person_seats(slug="karen-saede")
    assert (len(seats.current), len(seats.coming), len(seats.past)) == (2, 1, 2)
    assert all(m.end and m.end < TODAY for m in seats.past)


@pytest.mark.parametrize("count", [2, 20])
def test_the_person_page_shows_every_seat_in_fixed_queries(
    kkr, count, django_assert_max_num_queries
) -> None:
    person = PersonFactory(name="Karen Sæde", slug="karen-saede")
    _seats_for(person, count, kkr)
    with django_assert_max_num_queries(6):
        response = Client().get(reverse("councils:person_detail", args=["karen-saede"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("KKR Person") == 2 * count  # appointed by, on current and past seats
    assert 'id="seats-current"' in html and 'id="seats-past"' in html
    assert 'id="seats-coming"' in html
    assert "KKR punkt 1" in html
