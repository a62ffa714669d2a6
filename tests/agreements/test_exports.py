"""CSV and Excel of agreements (core.exports): the list as filtered, and the indicator
measurements of one agreement or of the whole (filtered) list. A caller gets only what they
may see: never a draft or internal agreement of another body, never a reporter's name; text
that a spreadsheet would run as a formula arrives as text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agreements import services
from agreements.models import Agreement, AgreementKind
from tests.agreements.conftest import Setup


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _other(setup: Setup, title: str, **fields) -> Agreement:
    return services.agreement_create(
        actor=setup.secretary,
        body=setup.body,
        kind=services.builtin_kind(AgreementKind.Builtin.PARTNERSHIP),
        title=title,
        start=dt.date(2016, 1, 1),
        end=dt.date(2019, 12, 31),
        **fields,
    )


def _in_force(setup: Setup) -> None:
    services.measurement_record(
        actor=setup.secretary, indicator_id=setup.indicator.pk, year=2023, value=Decimal("512")
    )
    services.agreement_put_in_force(actor=None, agreement_id=setup.agreement.pk)


def test_the_list_export_has_what_the_visitor_may_see_as_filtered(
    client: Client, setup: Setup
) -> None:
    _in_force(setup)
    partnership = _other(setup, '=HYPERLINK("http://evil";"Klik")')
    services.agreement_put_in_force(actor=None, agreement_id=partnership.pk)
    _other(setup, "Udkast til aftale")  # a draft
    internal = _other(setup, "Intern aftale", is_internal=True)
    services.agreement_put_in_force(actor=None, agreement_id=internal.pk)
    url = reverse("agreements:agreement_list_export", args=["csv"])
    rows = _csv(client.get(url))
    titles = [row[1] for row in rows[1:]]
    assert sorted(titles) == sorted(["Resultatkontrakt 2023", '\'=HYPERLINK("http://evil";"Klik")'])
    first = next(row for row in rows if row[1] == "Resultatkontrakt 2023")
    assert first[0] == str(setup.agreement.pk) and first[4] == "2023-01-01"
    assert "Erhvervshus Test (Operatør)" in first
    # The list's filters: the kind.
    slug = services.builtin_kind(AgreementKind.Builtin.PARTNERSHIP).slug
    rows = _csv(client.get(url, {"kind": slug}))
    assert [row[1] for row in rows[1:]] == ['\'=HYPERLINK("http://evil";"Klik")']
    # The secretariat also gets its draft and internal agreement.
    client.force_login(setup.secretary)
    titles = [row[1] for row in _csv(client.get(url))[1:]]
    assert "Udkast til aftale" in titles and "Intern aftale" in titles


def test_the_list_export_as_excel_has_typed_cells(client: Client, setup: Setup) -> None:
    _in_force(setup)
    response = client.get(reverse("agreements:agreement_list_export", args=["xlsx"]))
    assert response.status_code == 200
    assert 'filename="aftaler.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == setup.agreement.pk
    assert values[1][1] == "Resultatkontrakt 2023"
    assert values[1][4].date() == dt.date(2023, 1, 1)


def test_a_malformed_filter_is_refused_and_an_unknown_format_not_found(
    client: Client, setup: Setup
) -> None:
    url = reverse("agreements:agreement_list_export", args=["csv"])
    assert client.get(url, {"year": "tyve"}).status_code == 400
    assert client.get(url, {"body": "no-such-body"}).status_code == 400
    assert client.get(reverse("agreements:agreement_list_export", args=["pdf"])).status_code == 404
    measurements = reverse("agreements:measurements_export", args=["csv"])
    assert client.get(measurements, {"status": "nonsense"}).status_code == 400


def test_the_measurements_of_an_agreement_are_exported_without_the_reporter(
    client: Client, setup: Setup
) -> None:
    _in_force(setup)
    url = reverse("agreements:agreement_measurements_export", args=[setup.agreement.pk, "csv"])
    client.force_login(setup.secretary)
    rows = _csv(client.get(url))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row[rows[0][3]] == "Virksomheder i vækstforløb"
    assert "512" in rows[1] and "400" in rows[1] and "500" in rows[1] and "2023" in rows[1]
    assert setup.secretary.username not in ";".join(rows[1])
    response = client.get(url.replace(".csv", ".xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert list(sheet.iter_rows(values_only=True))[1][12] == 512


def test_the_measurements_of_a_draft_are_not_found_for_others(client: Client, setup: Setup) -> None:
    url = reverse("agreements:agreement_measurements_export", args=[setup.agreement.pk, "csv"])
    assert client.get(url).status_code == 404
    client.force_login(setup.other_secretary)
    assert client.get(url).status_code == 404


def test_the_measurements_of_the_list_follow_its_filters_and_visibility(
    client: Client, setup: Setup
) -> None:
    _in_force(setup)
    draft = _other(setup, "Udkast til aftale")
    goal = services.goal_add(actor=setup.secretary, agreement=draft, title="Hemmeligt mål")
    indicator = services.indicator_add(
        actor=setup.secretary, goal=goal, name="Hemmelig", unit="stk"
    )
    services.measurement_record(
        actor=setup.secretary, indicator_id=indicator.pk, year=2017, value=Decimal(3)
    )
    url = reverse("agreements:measurements_export", args=["csv"])
    rows = _csv(client.get(url))
    assert [row[3] for row in rows[1:]] == ["Virksomheder i vækstforløb"]
    assert _csv(client.get(url, {"year": "2010"}))[1:] == []
    client.force_login(setup.secretary)
    assert {row[3] for row in _csv(client.get(url))[1:]} == {
        "Virksomheder i vækstforløb",
        "Hemmelig",
    }


def test_the_list_export_query_count_does_not_grow_with_the_agreements(
    client: Client, setup: Setup
) -> None:
    _in_force(setup)
    url = reverse("agreements:agreement_list_export", args=["csv"])
    measurements = reverse("agreements:measurements_export", args=["csv"])

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    few, few_measurements = count(url), count(measurements)
    for n in range(5):
        agreement = _other(setup, f"Aftale {n}")
        services.party_add(actor=None, agreement=agreement, organisation=setup.organisation)
        goal = services.goal_add(actor=None, agreement=agreement, title=f"Mål {n}")
        indicator = services.indicator_add(actor=None, goal=goal, name=f"I {n}", unit="stk")
        services.measurement_record(actor=None, indicator_id=indicator.pk, year=2017, value=n)
        services.agreement_put_in_force(actor=None, agreement_id=agreement.pk)
    assert count(url) == few
    assert count(measurements) == few_measurements
