"""The public pages and the secretariat's pages for bodies and municipalities."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from councils.models import Body
from tests.factories import (
    BodyFactory,
    MembershipFactory,
    MunicipalityFactory,
    PersonFactory,
    RegionFactory,
)


def _log_in(client: Client, username: str) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"}
    )
    assert response.status_code == 302


def test_the_front_page_lists_the_five_regions_with_their_kkr(client: Client, demo) -> None:
    body = client.get(reverse("home")).content.decode()
    for region in ("Nordjylland", "Midtjylland", "Syddanmark", "Hovedstaden", "Sjælland"):
        assert f"Region {region}" in body
        assert f"KKR {region}" in body
    assert "KD-Net Midtjylland" in body
    assert "Danmarks Erhvervsfremmebestyrelse" in body


def test_the_front_page_keeps_a_fixed_number_of_queries(
    client: Client, db, django_assert_num_queries
) -> None:
    region = RegionFactory()
    BodyFactory(region=region)
    # Session-less: regions, bodies, national bodies, coming meetings, latest minutes.
    with django_assert_num_queries(5):
        client.get(reverse("home"))
    for _ in range(10):
        BodyFactory(region=RegionFactory())
    with django_assert_num_queries(5):
        client.get(reverse("home"))


def test_a_body_page_shows_its_members_but_no_contact_details_to_the_public(
    client: Client, demo
) -> None:
    from councils.models import Person

    Person.objects.filter(name="Jan Kallestrup").update(email="jan@example.org")
    page = client.get(reverse("councils:body_detail", args=["kd-net-midtjylland"]))
    body = page.content.decode()
    assert "Jan Kallestrup" in body
    assert "Niels Højberg" in body
    assert "jan@example.org" not in body
    _log_in(client, "medlem")
    body = client.get(reverse("councils:body_detail", args=["kd-net-midtjylland"])).content
    assert "jan@example.org" in body.decode()


def test_the_body_page_keeps_a_fixed_number_of_queries(
    client: Client, db, django_assert_num_queries
) -> None:
    body = BodyFactory(parent=BodyFactory())
    MembershipFactory(body=body)
    from councils import services

    services.seats_create(actor=None, body=body, count=1, label="Formand", role="chair")
    url = reverse("councils:body_detail", args=[body.slug])
    # body, current members, sub-bodies, seats, their holders, terms, meetings
    with django_assert_num_queries(7):
        client.get(url)

    for _ in range(15):
        MembershipFactory(body=body)
        BodyFactory(parent=body)
    seats = services.seats_create(actor=None, body=body, count=8, label="Medlem")
    for seat in seats[:4]:
        services.membership_appoint(
            actor=None, seat=seat, person=PersonFactory(), start=dt.date(2024, 1, 1)
        )
    services.term_create(
        actor=None, body=body, start=dt.date(2024, 1, 1), end=dt.date(2027, 12, 31)
    )
    with django_assert_num_queries(7):
        client.get(url)


def test_an_unknown_body_is_a_danish_404(client: Client, db) -> None:
    response = client.get(reverse("councils:body_detail", args=["findes-ikke"]))
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_the_municipality_list_shows_all_with_codes_and_regions(client: Client, demo) -> None:
    page = client.get(reverse("councils:municipality_list"))
    body = page.content.decode()
    assert page.context["page"].paginator.count == 105  # 98 Danish and 7 Swedish
    assert re.search(
        r'<td>751</td>\s*<td><a href="/kommuner/aarhus/">Aarhus</a></td>\s*'
        r"<td>Region Midtjylland</td>",
        body,
    )
    filtered = client.get(reverse("councils:municipality_list"), {"region": "1081"})
    assert filtered.context["page"].paginator.count == 11


def test_an_unknown_region_filter_is_explained_not_crashed(client: Client, demo) -> None:
    page = client.get(reverse("councils:municipality_list"), {"region": "9999"})
    assert page.status_code == 200
    assert "Ukendt region. Vælg en fra listen." in page.content.decode()


def test_the_municipality_list_keeps_a_fixed_number_of_queries(
    client: Client, db, django_assert_num_queries
) -> None:
    MunicipalityFactory()
    with django_assert_num_queries(3):  # count, rows, regions for the filter
        client.get(reverse("councils:municipality_list"))
    for _ in range(20):
        MunicipalityFactory()
    with django_assert_num_queries(3):
        client.get(reverse("councils:municipality_list"))


@pytest.mark.parametrize(
    ("username", "edit_status", "history_status"),
    [
        (None, 403, 403),
        ("medlem", 403, 403),
        ("kontakt", 403, 403),
        ("sekretariat", 200, 200),
    ],
)
def test_only_the_secretariat_edits_a_body_and_sees_its_history(
    client: Client, demo, username, edit_status, history_status
) -> None:
    if username:
        _log_in(client, username)
    assert client.get(reverse("councils:body_edit", args=["kd-net-midtjylland"])).status_code == (
        edit_status
    )
    assert client.get(
        reverse("councils:body_history", args=["kd-net-midtjylland"])
    ).status_code == (history_status)


def test_the_secretariat_edits_a_body_and_the_change_shows_in_the_history(
    client: Client, demo
) -> None:
    _log_in(client, "sekretariat")
    url = reverse("councils:body_edit", args=["kd-net-midtjylland"])
    response = client.post(
        url,
        {
            "short_name": "KD",
            "description": "Nyt formål",
            "website": "",
            "is_active": "on",
            "version": "1",
        },
    )
    assert response.status_code == 302
    history = client.get(reverse("councils:body_history", args=["kd-net-midtjylland"]))
    body = history.content.decode()
    assert "sekretariat" in body
    assert "Nyt formål" in body


def test_a_second_editor_is_told_what_changed_and_keeps_what_they_typed(
    client: Client, demo
) -> None:
    _log_in(client, "sekretariat")
    url = reverse("councils:body_edit", args=["kd-net-midtjylland"])
    data = {"short_name": "KD", "website": "", "is_active": "on", "version": "1"}
    client.post(url, {**data, "description": "Første redaktørs tekst"})
    response = client.post(url, {**data, "description": "Anden redaktørs tekst"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Gemt af en anden i mellemtiden" in body
    assert "Første redaktørs tekst" in body  # what the other person saved
    assert "Anden redaktørs tekst" in body  # what this person typed is still in the form
    assert Body.objects.get(slug="kd-net-midtjylland").description == "Første redaktørs tekst"


def test_a_bad_website_address_is_refused_and_the_rest_is_kept(client: Client, demo) -> None:
    _log_in(client, "sekretariat")
    url = reverse("councils:body_edit", args=["kd-net-midtjylland"])
    response = client.post(
        url,
        {
            "short_name": "KD",
            "description": "Beholdes",
            "website": "ikke en adresse",
            "is_active": "on",
            "version": "1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Indtast en gyldig URL" in body
    assert "Beholdes" in body


def test_the_account_page_says_what_each_role_allows(client: Client, demo) -> None:
    _log_in(client, "sekretariat")
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "Sekretariat for KD-Net Midtjylland" in body
    assert "Sekretariat for KKR Midtjylland" in body
    client.post(reverse("accounts:logout"))
    _log_in(client, "kontakt")
    assert "Kontaktperson for Aarhus" in client.get(reverse("accounts:profile")).content.decode()
    assert User.objects.get(username="medlem").person.name == "Jan Kallestrup"
