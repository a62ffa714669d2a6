"""Quota pages, exports, permissions, the API and the command line."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.quotas.conftest import input_csv


def _log_in(client: Client, username: str) -> None:
    with translation.override("da"):
        assert (
            client.post(
                reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"}
            ).status_code
            == 302
        )


def test_the_2015_table_is_public_with_placed_and_remaining(client: Client, quota_demo) -> None:
    body = client.get(reverse("quotas:year_detail", args=[2015])).content.decode()
    assert "Landstal 4.000" in body  # figures the Danish way
    assert '<meter min="0" max="1000" value="0"' in body  # Syddanmark, nothing placed yet
    assert "Aarhus" in body


@pytest.mark.parametrize(
    ("language", "figure", "date"),
    [
        ("da", "4.000", "30. marts 2014"),
        ("en", "4,000", "30 March 2014"),
        ("sv", "4\xa0000", "30 mars 2014"),
    ],
)
def test_figures_and_dates_are_written_each_languages_own_way(
    client: Client, quota_demo, language: str, figure: str, date: str
) -> None:
    client.cookies["django_language"] = language
    body = client.get(reverse("quotas:year_detail", args=[2015])).content.decode()
    assert figure in body
    assert date in body
    assert "2.015" not in body and "2,015" not in body  # years are not numbers to group


def test_the_year_page_keeps_a_fixed_number_of_queries(
    client: Client, quota_demo, django_assert_num_queries
) -> None:
    with django_assert_num_queries(8):
        client.get(reverse("quotas:year_detail", args=[2027]))
    from councils.models import Municipality
    from quotas.models import Placement, QuotaYear

    year = QuotaYear.objects.get(year=2027)
    Placement.objects.bulk_create(
        Placement(quota_year=year, municipality=m, placed_on=dt.date(2027, 3, 1), count=2)
        for m in Municipality.objects.filter(region__country="DK")
    )
    with django_assert_num_queries(8):
        client.get(reverse("quotas:year_detail", args=[2027]))


def test_the_example_year_is_marked(client: Client, quota_demo) -> None:
    body = client.get(reverse("quotas:year_detail", args=[2027])).content.decode()
    assert "opdigtede" in body


def test_the_export_as_csv_and_excel(client: Client, quota_demo) -> None:
    response = client.get("/kvoter/2015/kommunekvoter.csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == 'attachment; filename="kommunekvoter-2015-v1.csv"'
    assert text.splitlines()[0].startswith("region_code;region;municipality_code")
    assert len(text.splitlines()) == 99
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get("/kvoter/2015/kommunekvoter.xlsx").content))
    sheet = workbook.active
    assert sheet.max_row == 99
    assert sum(row[4].value for row in sheet.iter_rows(min_row=2)) == 4000


@pytest.mark.parametrize(
    ("username", "status"), [(None, 302), ("medlem", 403), ("kontakt", 403), ("sekretariat", 200)]
)
def test_only_secretariats_see_the_calculation(
    client: Client, quota_demo, username, status
) -> None:
    if username:
        _log_in(client, username)
    response = client.get(reverse("quotas:calculation", args=[2027]))
    assert response.status_code == (403 if status == 302 else status)


def test_the_calculation_shows_the_intermediate_figures(client: Client, quota_demo) -> None:
    _log_in(client, "sekretariat")
    body = client.get(reverse("quotas:calculation", args=[2027])).content.decode()
    assert "p = population share" not in body  # Danish page
    assert '<th scope="row">Aarhus</th>' in body


def test_an_import_with_errors_lists_them_and_keeps_the_data(client: Client, quota_demo) -> None:
    _log_in(client, "sekretariat")
    upload = io.BytesIO(input_csv([("751", "1082", "mange", 1, 0)]))
    upload.name = "inddata.csv"
    response = client.post(reverse("quotas:input_import", args=[2027]), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Linje 2: population skal være et helt tal, ikke “mange”." in body
    assert quota_demo.inputs.count() == 98


def test_a_revision_through_the_page_shows_what_changed(client: Client, quota_demo) -> None:
    _log_in(client, "sekretariat")
    response = client.post(
        reverse("quotas:figure_form", args=[2027]),
        {"figure": "900", "announced_on": "2026-10-01", "reason": "Lavere skøn", "legal_basis": ""},
        follow=True,
    )
    body = response.content.decode()
    assert "Landstallet ændredes fra 1.200 til 900" in body
    assert "Ændret forholdsmæssigt" in body


def test_a_municipal_contact_cannot_revise_or_import(client: Client, quota_demo) -> None:
    _log_in(client, "kontakt")
    assert client.get(reverse("quotas:figure_form", args=[2027])).status_code == 403
    assert client.get(reverse("quotas:input_import", args=[2027])).status_code == 403
    assert client.get(reverse("quotas:placements", args=[2027])).status_code == 403


def test_a_kkr_secretariat_records_placements_only_in_its_region(
    client: Client, quota_demo
) -> None:
    from councils.models import Municipality

    _log_in(client, "sekretariat")
    url = reverse("quotas:placements", args=[2027])
    aarhus, odense = Municipality.objects.get(code="751"), Municipality.objects.get(code="461")
    ok = client.post(url, {"municipality": aarhus.pk, "placed_on": "2027-03-01", "count": "4"})
    assert ok.status_code == 302
    refused = client.post(url, {"municipality": odense.pk, "placed_on": "2027-03-01", "count": "4"})
    assert refused.status_code == 400
    body = client.get(reverse("quotas:year_detail", args=[2027])).content.decode()
    assert 'value="4"' in body


def test_the_api_filters_quotas_by_year_region_and_version(client: Client, quota_demo) -> None:
    data = client.get("/api/regional-quotas/", {"year": 2015}).json()
    assert {r["region"]: r["quota"] for r in data["results"]} == {
        "1081": 652,
        "1082": 1039,
        "1083": 1000,
        "1084": 582,
        "1085": 727,
    }
    municipal = client.get("/api/municipal-quotas/", {"year": 2015, "region": "1083"}).json()
    assert municipal["count"] == 22
    assert sum(r["quota"] for r in municipal["results"]) == 1000
    years = client.get("/api/quota-years/").json()
    assert [y["year"] for y in years["results"]] == [2027, 2015]
    assert years["results"][0]["is_example"] is True


def test_the_api_list_keeps_a_fixed_number_of_queries(
    client: Client, quota_demo, django_assert_num_queries
) -> None:
    with django_assert_num_queries(2):
        client.get("/api/municipal-quotas/", {"year": 2015})


def test_the_command_prints_the_worked_example(tmp_path) -> None:
    path = tmp_path / "input.csv"
    path.write_bytes(
        input_csv([("1", "R", 300, 800, 0), ("2", "R", 300, 100, 0), ("3", "R", 400, 100, 0)])
    )
    out = io.StringIO()
    call_command("quota_model", str(path), "--national-figure", "100", "--exact", stdout=out)
    assert json.loads(out.getvalue()) == {
        "regions": {"R": 100},
        "municipalities": {"1": 0, "2": 42, "3": 58},
        "exact": {
            "regions": {"R": "100"},
            "municipalities": {"1": "0", "2": "125/3", "3": "175/3"},
        },
    }


def test_the_command_refuses_a_bad_file_naming_the_line(tmp_path) -> None:
    from django.core.management.base import CommandError

    path = tmp_path / "input.csv"
    path.write_bytes(input_csv([("1", "R", "-5", 1, 0)]))
    with pytest.raises(CommandError, match="Line 2: population cannot be negative"):
        call_command("quota_model", str(path), "--national-figure", "10")


def test_quotas_decided_by_an_authority_are_entered_from_a_table(
    client: Client, quota_demo
) -> None:
    from quotas import services
    from quotas.models import SetBy

    year = services.quota_year_create(actor=None, year=2033, country="SE")
    _log_in(client, "sekretariat")
    url = reverse("quotas:manual_quotas", args=[2033])
    table = io.BytesIO(b"municipality_code;region_code;quota\n1290;SE-12;30\n1293;SE-12;x\n")
    table.name = "kommuntal.csv"
    refused = client.post(url, {"figure": "42", "announced_on": "2032-12-01", "file": table})
    assert refused.status_code == 400
    assert "Linje 3: quota skal være et helt tal, ikke “x”." in refused.content.decode()
    table = io.BytesIO(b"municipality_code;region_code;quota\n1290;SE-12;30\n1293;SE-12;11\n")
    table.name = "kommuntal.csv"
    wrong_sum = client.post(url, {"figure": "42", "announced_on": "2032-12-01", "file": table})
    assert "giver tilsammen 41, ikke landstallet 42" in wrong_sum.content.decode()
    table = io.BytesIO(b"municipality_code;region_code;quota\n1290;SE-12;30\n1293;SE-12;12\n")
    table.name = "kommuntal.csv"
    ok = client.post(url, {"figure": "42", "announced_on": "2032-12-01", "file": table})
    assert ok.status_code == 302
    figure = year.figures.get()
    assert set(figure.municipal_quotas.values_list("set_by", flat=True)) == {SetBy.MANUAL}


def test_a_finalised_distribution_agreement_keeps_its_signed_document(
    client: Client, computed_year
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from councils.models import Region
    from quotas import services
    from quotas.models import DistributionAgreementLine

    distribution_agreement = services.distribution_agreement_draft(
        actor=None,
        quota_year=computed_year,
        region=Region.objects.get(code="1081"),
        deadline=dt.date(2029, 9, 10),
    )
    services.distribution_agreement_send(actor=None, distribution_agreement=distribution_agreement)
    DistributionAgreementLine.objects.filter(distribution_agreement=distribution_agreement).update(
        answer="confirmed"
    )
    pdf = SimpleUploadedFile("aftale.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    services.distribution_agreement_finalise(
        actor=None,
        distribution_agreement_id=distribution_agreement.pk,
        documents=[("Underskrevet aftale", pdf)],
    )
    document = distribution_agreement.documents.get()
    response = client.get(reverse("quotas:distribution_agreement_document", args=[document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_document_that_is_not_a_pdf_is_refused(client: Client, quota_demo) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from quotas.forms import DistributionAgreementFinaliseForm

    fake = SimpleUploadedFile("aftale.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    form = DistributionAgreementFinaliseForm({"document_title": "x"}, {"document": fake})
    assert not form.is_valid()
    assert "document" in form.errors


def test_a_model_error_reaches_the_secretariat_in_danish(client: Client, quota_demo) -> None:
    from quotas import services
    from tests.quotas.conftest import full_input_rows

    year = services.quota_year_create(actor=None, year=2035)
    rows = [
        (code, region, population, 0, reunified)
        for code, region, population, _immigrants, reunified in full_input_rows()
    ]
    services.model_input_import(actor=None, quota_year=year, raw=input_csv(rows))
    _log_in(client, "sekretariat")
    with translation.override("da"):
        response = client.post(
            reverse("quotas:figure_form", args=[2035]),
            {"figure": "100", "announced_on": "2034-05-01", "reason": "", "legal_basis": ""},
        )
    assert response.status_code == 400
    assert "Det samlede antal indvandrere og flygtninge er nul." in response.content.decode()
    assert not year.figures.exists()
