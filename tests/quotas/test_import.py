"""Importing the model's input data: read correctly or refused whole, line by line."""

from __future__ import annotations

import pytest

from quotas import services
from quotas.inputs import InputFileError, parse_input_csv
from quotas.models import ModelInput
from tests.quotas.conftest import full_input_rows, input_csv


def _errors(raw: bytes) -> list[str]:
    with pytest.raises(InputFileError) as error:
        parse_input_csv(raw)
    return error.value.errors


def test_semicolons_a_bom_and_windows_1252_are_read() -> None:
    text = (
        "\ufeffmunicipality_code;region_code;population;immigrants_and_refugees;family_reunified\n"
        "101;1084;600000;100000;20\n"
    )
    assert parse_input_csv(text.encode("utf-8"))[0].population == 600000
    excel = "Municipality_Code;Region_Code;Population;Immigrants_and_refugees;Family_reunified\r\n"
    excel += "492;1083;6000;300;0\r\n"
    assert parse_input_csv(excel.encode("cp1252"))[0].code == "492"


def test_a_wrong_header_names_the_missing_and_unknown_columns() -> None:
    errors = _errors(b"kommunekode,region_code,population,immigrants,family_reunified\n1,R,1,1,0\n")
    assert "Line 1: missing column(s): municipality_code, immigrants_and_refugees." in errors
    assert "Line 1: unknown column(s): kommunekode, immigrants." in errors


def test_every_bad_line_is_named() -> None:
    errors = _errors(
        input_csv(
            [
                ("101", "1084", "x", 1, 0),
                ("147", "1084", 10, -1, 0),
                ("101", "1084", 1, 1, 0),
                ("", "1084", 1, 1, 0),
                ("151", "1084", 1),
            ]
        )
    )
    assert errors == [
        "Line 2: population must be a whole number, not “x”.",
        "Line 3: immigrants_and_refugees cannot be negative (-1).",
        "Line 4: municipality 101 is also on line 2.",
        "Line 5: the municipality code is empty.",
        "Line 6: expected 5 values, found 3.",
    ]


def test_an_empty_file_is_refused() -> None:
    assert _errors(b"") == ["The file is empty."]


def test_a_complete_file_is_saved(computed_year) -> None:
    assert ModelInput.objects.filter(quota_year=computed_year).count() == 98


def test_a_missing_municipality_or_unknown_code_saves_nothing(computed_year) -> None:
    rows = full_input_rows()
    before = list(ModelInput.objects.filter(quota_year=computed_year).values_list("population"))
    broken = [r for r in rows if r[0] != "751"] + [("999", "1082", 1, 1, 0)]
    broken = [("461", "1082", *r[2:]) if r[0] == "461" else r for r in broken]
    with pytest.raises(InputFileError) as error:
        services.model_input_import(
            actor=None, quota_year=computed_year, raw=input_csv([r for r in broken])
        )
    messages = error.value.errors
    assert any("no municipality has the code 999" in m for m in messages)
    assert any("Odense is in region 1083, not 1082" in m for m in messages)
    assert "Aarhus (751) is missing from the file." in messages
    after = list(ModelInput.objects.filter(quota_year=computed_year).values_list("population"))
    assert after == before
