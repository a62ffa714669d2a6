"""Hole 7 for quotas: bad input in the quota pages and forms is a 400 or a Danish form
error, never a 5xx, and changes nothing. The integer-overflow cases need PostgreSQL (SQLite
stores any 64-bit number): run them with ``scripts/run_tests.py``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from councils.models import Municipality, Region
from quotas import services
from quotas.models import DistributionAgreement, NationalFigure, Placement, QuotaYear

HUGE = "99999999999999999999"  # beyond PostgreSQL's integer and bigint
JUST_TOO_BIG = str(2**31)  # one more than PostgreSQL's integer holds


@pytest.fixture
def secretariat(client: Client, demo) -> Client:
    with translation.override("da"):
        response = client.post(
            reverse("accounts:login"), {"username": "sekretariat", "password": "demo-kkr-2026"}
        )
    assert response.status_code == 302
    return client


@pytest.fixture
def distribution_agreement(computed_year) -> DistributionAgreement:
    return services.distribution_agreement_draft(
        actor=None,
        quota_year=computed_year,
        region=Region.objects.get(code="1082"),  # the demo secretariat's KKR
        deadline=dt.date(2029, 9, 10),
    )


# --- The year list: creating a year -------------------------------------------------


@pytest.mark.parametrize("year", ["²", "0", "99999", "abc", "", "2030.5", HUGE])
def test_a_bad_year_is_a_form_error_and_creates_nothing(secretariat, year) -> None:
    before = QuotaYear.objects.count()
    with translation.override("da"):
        response = secretariat.post(reverse("quotas:year_list"), {"year": year})
    assert response.status_code == 400
    assert "year" in response.context["form"].errors
    assert QuotaYear.objects.count() == before


# --- The year page's ?version= --------------------------------------------------------


@pytest.mark.parametrize("version", ["²", "abc", "0", "-1", "1.5", JUST_TOO_BIG, HUGE])
def test_a_bad_version_on_the_year_page_is_a_400(client: Client, computed_year, version) -> None:
    url = reverse("quotas:year_detail", args=[computed_year.year])
    assert client.get(url, {"version": version}).status_code == 400


def test_a_version_that_does_not_exist_is_a_404_and_no_version_the_newest(
    client: Client, computed_year
) -> None:
    url = reverse("quotas:year_detail", args=[computed_year.year])
    assert client.get(url, {"version": "7"}).status_code == 404
    assert client.get(url).status_code == 200
    assert client.get(url, {"version": ""}).status_code == 200


# --- The national figure --------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("figure", "²"),
        ("figure", "tusind"),
        ("figure", "-5"),
        ("announced_on", "99999-01-01"),
        ("announced_on", "0000-01-01"),
        ("announced_on", "2026-02-30"),
    ],
)
def test_a_bad_figure_or_date_is_a_form_error_and_saves_no_version(
    secretariat, computed_year, field, value
) -> None:
    data = {"figure": "900", "announced_on": "2029-10-01", "reason": "Lavere skøn"}
    data[field] = value
    with translation.override("da"):
        response = secretariat.post(reverse("quotas:figure_form", args=[computed_year.year]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert computed_year.figures.count() == 1


# --- Distribution agreement numbers -----------------------------------------------------


def _numbers(distribution_agreement: DistributionAgreement, **changes: str) -> dict[str, str]:
    data = {
        f"quota_{line.municipality_id}": str(line.quota)
        for line in distribution_agreement.lines.all()
    }
    data["version"] = str(distribution_agreement.version)
    data.update(changes)
    return data


def _post_numbers(
    client: Client, distribution_agreement: DistributionAgreement, data: dict[str, str]
):
    url = reverse(
        "quotas:distribution_agreement_action",
        args=[distribution_agreement.quota_year.year, "1082", "numbers"],
    )
    with translation.override("da"):
        return client.post(url, data)


def _unchanged(distribution_agreement: DistributionAgreement) -> bool:
    fresh = DistributionAgreement.objects.get(pk=distribution_agreement.pk)
    return fresh.version == distribution_agreement.version and all(
        line.quota == line.model_quota for line in fresh.lines.all()
    )


@pytest.mark.parametrize("value", ["²", "٣x", "abc", "-1", "1.5", "", JUST_TOO_BIG, HUGE])
def test_a_bad_number_in_a_distribution_agreement_is_an_error_naming_the_municipality(
    secretariat, distribution_agreement, value
) -> None:
    aarhus = Municipality.objects.get(code="751")
    response = _post_numbers(
        secretariat,
        distribution_agreement,
        _numbers(distribution_agreement, **{f"quota_{aarhus.pk}": value}),
    )
    assert response.status_code == 400
    assert any(error.startswith("Aarhus: ") for error in response.context["errors"])
    assert _unchanged(distribution_agreement)


def test_a_distribution_agreement_number_error_is_in_danish(
    secretariat, distribution_agreement
) -> None:
    aarhus = Municipality.objects.get(code="751")
    response = _post_numbers(
        secretariat,
        distribution_agreement,
        _numbers(distribution_agreement, **{f"quota_{aarhus.pk}": "²"}),
    )
    assert "Aarhus: Indtast et heltal." in response.content.decode()


@pytest.mark.parametrize("version", ["abc", "²", "", "-1", HUGE])
def test_a_bad_or_missing_distribution_agreement_version_is_a_400_and_changes_nothing(
    secretariat, distribution_agreement, version
) -> None:
    aarhus = Municipality.objects.get(code="751")
    data = _numbers(distribution_agreement, version=version, **{f"quota_{aarhus.pk}": "3"})
    assert _post_numbers(secretariat, distribution_agreement, data).status_code == 400
    data.pop("version")
    assert _post_numbers(secretariat, distribution_agreement, data).status_code == 400
    assert _unchanged(distribution_agreement)


# --- Placements ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("count", "²"), ("count", "0"), ("placed_on", "99999-03-01"), ("placed_on", "0-03-01")],
)
def test_a_bad_placement_is_a_form_error_and_records_nothing(
    secretariat, computed_year, field, value
) -> None:
    data = {
        "municipality": str(Municipality.objects.get(code="751").pk),
        "placed_on": f"{computed_year.year}-03-01",
        "count": "4",
    }
    data[field] = value
    with translation.override("da"):
        response = secretariat.post(reverse("quotas:placements", args=[computed_year.year]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Placement.objects.exists()


# --- The services, for callers without a form -------------------------------------------


def test_the_services_refuse_numbers_the_database_cannot_store(
    computed_year, distribution_agreement
) -> None:
    aarhus = Municipality.objects.get(code="751")
    with pytest.raises(ValidationError):
        services.national_figure_revise(
            actor=None,
            quota_year=computed_year,
            figure=2**31,
            announced_on=dt.date(2029, 10, 1),
            reason="for stort",
        )
    with pytest.raises(ValidationError):
        services.placement_record(
            actor=None,
            quota_year=computed_year,
            municipality=aarhus,
            placed_on=dt.date(computed_year.year, 3, 1),
            count=2**31,
        )
    with pytest.raises(ValidationError):
        services.distribution_agreement_lines_set(
            actor=None,
            distribution_agreement_id=distribution_agreement.pk,
            expected_version=distribution_agreement.version,
            quotas={aarhus.pk: 2**31},
        )
    assert computed_year.figures.count() == 1
    assert _unchanged(distribution_agreement)


# --- Integer overflow: only PostgreSQL has a 32-bit integer column ------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("value", [JUST_TOO_BIG, HUGE])
def test_a_national_figure_beyond_the_integer_range_is_a_form_error(
    secretariat, computed_year, value
) -> None:
    data = {"figure": value, "announced_on": "2029-10-01", "reason": "Stort skøn"}
    response = secretariat.post(reverse("quotas:figure_form", args=[computed_year.year]), data)
    assert response.status_code == 400
    assert "figure" in response.context["form"].errors
    assert computed_year.figures.count() == 1


@pytest.mark.postgres
@pytest.mark.parametrize("value", [JUST_TOO_BIG, HUGE])
def test_a_placement_beyond_the_integer_range_is_a_form_error(
    secretariat, computed_year, value
) -> None:
    data = {
        "municipality": str(Municipality.objects.get(code="751").pk),
        "placed_on": f"{computed_year.year}-03-01",
        "count": value,
    }
    response = secretariat.post(reverse("quotas:placements", args=[computed_year.year]), data)
    assert response.status_code == 400
    assert "count" in response.context["form"].errors
    assert not Placement.objects.exists()


@pytest.mark.postgres
@pytest.mark.parametrize("value", [JUST_TOO_BIG, HUGE])
def test_a_distribution_agreement_number_beyond_the_integer_range_is_an_error(
    secretariat, distribution_agreement, value
) -> None:
    aarhus = Municipality.objects.get(code="751")
    data = _numbers(distribution_agreement, **{f"quota_{aarhus.pk}": value})
    assert _post_numbers(secretariat, distribution_agreement, data).status_code == 400
    assert _unchanged(distribution_agreement)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "path",
    [
        f"/kvoter/{HUGE}/",
        f"/kvoter/{JUST_TOO_BIG}/",
        f"/kvoter/2030/version/{HUGE}/",
        f"/kvoter/{HUGE}/beregning/",
        f"/kvoter/{HUGE}/aftale/1082/",
        f"/kvoter/dokument/{HUGE}/",
    ],
)
def test_numbers_beyond_the_integer_range_in_a_quota_address_are_a_404(
    secretariat, computed_year, path
) -> None:
    assert secretariat.get(path).status_code == 404


@pytest.mark.postgres
def test_a_year_beyond_the_integer_range_is_a_form_error(secretariat) -> None:
    response = secretariat.post(reverse("quotas:year_list"), {"year": HUGE})
    assert response.status_code == 400
    assert not NationalFigure.objects.filter(quota_year__year__gt=2100).exists()


def test_a_quota_table_with_odd_digits_or_huge_numbers_gives_line_errors() -> None:
    from quotas.inputs import InputFileError, parse_quota_csv

    for value in ("²", "99999999999999999999"):
        with pytest.raises(InputFileError) as refused:
            parse_quota_csv(f"municipality_code;region_code;quota\n101;1084;{value}\n".encode())
        assert "Line 2" in str(refused.value.args[0])
