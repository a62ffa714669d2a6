"""Composition on the pages, the appointments overview, person pages, the API."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from councils import services
from councils.models import Body, Nomination, Seat
from tests.factories import PersonFactory


def _log_in(client: Client, username: str) -> None:
    assert (
        client.post(
            reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"}
        ).status_code
        == 302
    )


def test_the_rar_page_shows_seats_by_nominating_organisation_and_vacancies(
    client: Client, demo
) -> None:
    body = client.get(reverse("councils:body_detail", args=["rar-fyn"])).content.decode()
    assert "Indstillet af DA – Dansk Arbejdsgiverforening" in body
    assert "6 pladser" in body and "6 ledige" in body
    assert "udpeget af KKR Syddanmark" in body


def test_the_elena_page_shows_the_appointment_decided_at_kd_net(client: Client, demo) -> None:
    body = client.get(
        reverse("councils:body_detail", args=["styregruppe-elena-cedepi"])
    ).content.decode()
    assert "Rune Asmussen" in body and "Carsten Kronborg" in body
    person = client.get(reverse("councils:person_detail", args=["rune-asmussen"])).content.decode()
    assert "Styregruppen for ELENA/CeDEPI" in person


def test_a_person_page_hides_contact_details_from_the_public(client: Client, demo) -> None:
    from councils.models import Person

    Person.objects.filter(slug="rune-asmussen").update(email="rune@example.org")
    url = reverse("councils:person_detail", args=["rune-asmussen"])
    assert "rune@example.org" not in client.get(url).content.decode()
    _log_in(client, "medlem")
    assert "rune@example.org" in client.get(url).content.decode()


def test_the_overview_is_for_secretariats(client: Client, demo) -> None:
    assert client.get(reverse("councils:appointments")).status_code == 302
    _log_in(client, "kontakt")
    assert client.get(reverse("councils:appointments")).status_code == 403


def test_the_overview_lists_what_kd_net_appoints_and_filters(client: Client, demo) -> None:
    _log_in(client, "sekretariat")
    page = client.get(reverse("councils:appointments"))
    rows = page.context["rows"]
    assert {row.seat.body.slug for row in rows} >= {
        "styregruppe-elena-cedepi",
        "via-uddannelsesudvalg-ergoterapeut",
        "danmarks-erhvervsfremmebestyrelse",
    }
    vacant = client.get(reverse("councils:appointments"), {"ledige": "1"}).context["rows"]
    assert all(row.is_vacant for row in vacant) and vacant
    randers = client.get(reverse("councils:appointments"), {"kommune": "730"}).context["rows"]
    assert [row.holder.person.name for row in randers] == ["Rune Asmussen"]


def test_the_overview_keeps_a_fixed_number_of_queries(
    client: Client, demo, django_assert_num_queries, settings
) -> None:
    settings.PAGE_CACHE_SECONDS = 0  # the queries of making the page, never a kept one
    _log_in(client, "sekretariat")
    url = reverse("councils:appointments")
    client.get(url)
    kd_net = Body.objects.get(slug="kd-net-midtjylland")
    with django_assert_num_queries(6):
        client.get(url)
    for _ in range(5):
        seat = services.seats_create(
            actor=None,
            body=Body.objects.get(slug="rar-fyn"),
            count=1,
            label="Ekstra",
            appointing_body=kd_net,
        )[0]
        services.membership_appoint(
            actor=None,
            seat=seat,
            person=PersonFactory(),
            start=__import__("datetime").date(2025, 1, 1),
        )
    with django_assert_num_queries(6):
        client.get(url)


def test_the_overview_exports_csv_and_excel(client: Client, demo) -> None:
    _log_in(client, "sekretariat")
    csv_text = client.get(
        reverse("councils:appointments_export", args=["csv"]), {"organ": "styregruppe-elena-cedepi"}
    ).content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0].startswith("body;seat;role")
    assert any("Rune Asmussen" in line for line in lines)
    from openpyxl import load_workbook

    workbook = load_workbook(
        io.BytesIO(client.get(reverse("councils:appointments_export", args=["xlsx"])).content)
    )
    rows = client.get(reverse("councils:appointments")).context["rows"]
    assert workbook.active.max_row == 1 + len(rows)
    assert client.get("/udpegninger/udpegninger.exe").status_code == 404


def test_a_municipal_contact_proposes_and_a_duplicate_is_refused_keeping_the_form(
    client: Client, demo
) -> None:
    seat = Seat.objects.filter(body__slug="via-uddannelsesudvalg-ergoterapeut").first()
    _log_in(client, "kontakt")
    url = reverse("councils:nomination_create", args=[seat.body.slug, seat.pk])
    from councils.models import Municipality

    data = {
        "candidate_name": "Hanne Jensen",
        "candidate_title": "Ergoterapeut",
        "municipality": Municipality.objects.get(code="751").pk,
        "motivation": "Erfaren",
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    body = again.content.decode()
    assert again.status_code == 400
    assert "Hanne Jensen er allerede indstillet til denne plads" in body
    assert 'value="Ergoterapeut"' in body
    assert Nomination.objects.count() == 1


def test_a_contact_may_only_propose_for_their_own_municipality(client: Client, demo) -> None:
    from councils.models import Municipality

    seat = Seat.objects.filter(body__slug="via-uddannelsesudvalg-ergoterapeut").first()
    _log_in(client, "kontakt")
    response = client.post(
        reverse("councils:nomination_create", args=[seat.body.slug, seat.pk]),
        {"candidate_name": "X", "municipality": Municipality.objects.get(code="101").pk},
    )
    assert response.status_code == 400
    assert Nomination.objects.count() == 0


def test_the_api_lists_seats_persons_and_memberships_with_filters(client: Client, demo) -> None:
    seats = client.get(
        "/api/seats/", {"body": "rar-fyn", "organisation": "dansk-arbejdsgiverforening"}
    )
    assert seats.json()["count"] == 6
    memberships = client.get(
        "/api/memberships/", {"body": "styregruppe-elena-cedepi", "current_on": "2014-08-01"}
    ).json()
    assert memberships["count"] == 6  # Rune Asmussen joined on 22 August
    persons = client.get("/api/persons/", {"municipality__code": "730"}).json()
    assert [p["slug"] for p in persons["results"]] == [
        "claus-omann-jensen",
        "hans-nikolaisen",
        "rune-asmussen",
    ]
    assert "email" not in persons["results"][0]


@pytest.mark.parametrize("path", ["/api/seats/", "/api/memberships/", "/api/persons/"])
def test_api_lists_keep_a_fixed_number_of_queries(
    client: Client, demo, django_assert_max_num_queries, path
) -> None:
    with django_assert_max_num_queries(3):
        client.get(path)
