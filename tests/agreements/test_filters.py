"""The agreement list filtered by party (organisation, body, municipality) and by period (in
force on a date, overlapping a year range): the page, its pagination and export links, the
CSV export and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.test import Client
from django.urls import reverse

from agreements import services
from agreements.models import Agreement
from tests.agreements.conftest import Setup
from tests.factories import MunicipalityFactory

LIST = "/api/agreements/"


def _agreement(setup: Setup, title: str, start: dt.date, end: dt.date | None, **party: Any):
    agreement = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=setup.agreement.kind,
        title=title,
        start=start,
        end=end,
    )
    if party:
        services.party_add(actor=setup.secretary, agreement=agreement, **party)
    return services.agreement_put_in_force(actor=None, agreement_id=agreement.pk)


def _world(setup: Setup) -> dict[str, Agreement]:
    """The setup's contract (2023, Erhvervshus Test) in force; a 2016-19 plan with the other
    body; an open-ended agreement from 2021 with a municipality, terminated mid-2022; a
    draft with the municipality (never offered or shown to the public)."""
    services.agreement_put_in_force(actor=None, agreement_id=setup.agreement.pk)
    aarhus = MunicipalityFactory(name="Aarhus", code="751")
    plan = _agreement(
        setup,
        "Handlingsplan 2016-19",
        dt.date(2016, 1, 1),
        dt.date(2019, 12, 31),
        body=setup.other_body,
    )
    local = _agreement(setup, "Lokal aftale", dt.date(2021, 1, 1), None, municipality=aarhus)
    services.agreement_end(actor=None, agreement_id=local.pk, ended_on=dt.date(2022, 6, 30))
    draft = services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=setup.agreement.kind,
        title="Hemmeligt udkast",
        start=dt.date(2023, 1, 1),
    )
    hidden = MunicipalityFactory(name="Skjulby", code="999")
    services.party_add(actor=setup.secretary, agreement=draft, municipality=hidden)
    return {"plan": plan, "local": local, "draft": draft}


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200
    return sorted(a.title for a in response.context["page"].object_list)


def test_the_list_filters_by_party(client: Client, setup: Setup) -> None:
    _world(setup)
    url = reverse("agreements:agreement_list")
    assert _titles(client.get(url, {"party": f"organisation:{setup.organisation.slug}"})) == [
        "Resultatkontrakt 2023"
    ]
    assert _titles(client.get(url, {"party": f"body:{setup.other_body.slug}"})) == [
        "Handlingsplan 2016-19"
    ]
    assert _titles(client.get(url, {"party": "municipality:751"})) == ["Lokal aftale"]
    # Only the parties of agreements the visitor may see are offered; a draft's is not.
    page = client.get(url)
    choices = str(page.context["filter"].form["party"])
    assert "municipality:751" in choices and "Skjulby" not in choices
    refused = client.get(url, {"party": "municipality:999"})
    assert refused.status_code == 200
    assert "party" in refused.context["filter"].form.errors
    client.force_login(setup.secretary)
    assert _titles(client.get(url, {"party": "municipality:999"})) == ["Hemmeligt udkast"]


def test_the_list_filters_by_a_day_in_force_and_a_year_range(client: Client, setup: Setup) -> None:
    _world(setup)
    url = reverse("agreements:agreement_list")
    assert _titles(client.get(url, {"on": "2018-05-01"})) == ["Handlingsplan 2016-19"]
    # Open-ended from 2021, but terminated on 30 June 2022.
    assert _titles(client.get(url, {"on": "2022-03-01"})) == ["Lokal aftale"]
    assert _titles(client.get(url, {"on": "2022-08-01"})) == []
    assert _titles(client.get(url, {"from_year": "2019", "to_year": "2021"})) == [
        "Handlingsplan 2016-19",
        "Lokal aftale",
    ]
    assert _titles(client.get(url, {"from_year": "2023"})) == [
        "Lokal aftale",  # no end: runs on (the period, not the termination)
        "Resultatkontrakt 2023",
    ]
    assert _titles(client.get(url, {"to_year": "2016"})) == ["Handlingsplan 2016-19"]
    reversed_range = client.get(url, {"from_year": "2023", "to_year": "2020"})
    assert "to_year" in reversed_range.context["filter"].form.errors
    assert client.get(url, {"on": "not a day"}).status_code == 200


def test_the_filters_are_kept_in_the_pagination_and_export_links(
    client: Client, setup: Setup
) -> None:
    _world(setup)
    for n in range(21):
        _agreement(setup, f"Aftale {n:02}", dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    url = reverse("agreements:agreement_list")
    page = client.get(url, {"on": "2018-06-01", "party": ""})
    content = page.content.decode()
    assert page.context["page"].paginator.count == 22
    assert "on=2018-06-01" in content and "side=2" in content
    assert "aftaler.csv?on=2018-06-01" in content
    second = client.get(url, {"on": "2018-06-01", "side": "2"})
    assert len(second.context["page"].object_list) == 2


def test_the_export_applies_the_party_and_period_filters(client: Client, setup: Setup) -> None:
    _world(setup)
    url = reverse("agreements:agreement_list_export", args=["csv"])

    def titles(**query: str) -> list[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        text = b"".join(response.streaming_content if response.streaming else [response.content])
        rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
        return sorted(row[1] for row in rows[1:])

    assert titles(party="municipality:751") == ["Lokal aftale"]
    assert titles(from_year="2016", to_year="2017") == ["Handlingsplan 2016-19"]
    assert client.get(url, {"party": "municipality:999"}).status_code == 400
    assert client.get(url, {"from_year": "2020", "to_year": "2019"}).status_code == 400


def test_the_api_filters_by_party_and_period(client: Client, setup: Setup) -> None:
    _world(setup)

    def titles(**query: str) -> list[str]:
        response = client.get(LIST, query)
        assert response.status_code == 200, response.content
        return sorted(a["title"] for a in response.json()["results"])

    assert titles(party="municipality:751") == ["Lokal aftale"]
    assert titles(party=f"organisation:{setup.organisation.slug}") == ["Resultatkontrakt 2023"]
    assert titles(party=f"body:{setup.other_body.slug}") == ["Handlingsplan 2016-19"]
    # A draft's party gives nothing to the public.
    assert titles(party="municipality:999") == []
    assert titles(on="2022-03-01") == ["Lokal aftale"]
    assert titles(from_year="2019", to_year="2021") == ["Handlingsplan 2016-19", "Lokal aftale"]
    assert client.get(LIST, {"party": "nonsense"}).status_code == 400
    assert client.get(LIST, {"from_year": "2021", "to_year": "2019"}).status_code == 400
    assert client.get(LIST, {"on": "yesterday"}).status_code == 400
    assert client.get(LIST, {"to_year": "99999"}).status_code == 400
