"""Quota years and the model's input (befolkningstal etc.): create, import, compute."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from councils.models import Municipality
from quotas import model
from quotas.inputs import InputFileError, parse_input_csv
from quotas.models import (
    ModelInput,
    QuotaYear,
)


@transaction.atomic
def quota_year_create(
    *, actor: User | None, year: int, country: str = "DK", is_example: bool = False, notes: str = ""
) -> QuotaYear:
    if QuotaYear.objects.filter(year=year).exists():
        raise ValidationError(
            {"year": _("The quota year %(year)s already exists.") % {"year": year}}
        )
    quota_year = QuotaYear(year=year, country=country, is_example=is_example, notes=notes)
    save_as(quota_year, actor=actor)
    return quota_year


@transaction.atomic
def model_input_import(*, actor: User | None, quota_year: QuotaYear, raw: bytes) -> int:
    """Replace the year's input data with the file's, or refuse the whole file.

    Beyond the file's own checks: every code must be a municipality of the year's country,
    in the region the file says, and every such municipality must be in the file.
    """
    rows = parse_input_csv(raw)  # raises InputFileError
    known = {
        m.code: m
        for m in Municipality.objects.filter(region__country=quota_year.country).select_related(
            "region"
        )
    }
    errors = []
    for line, row in enumerate(rows, start=2):
        municipality = known.get(row.code)
        if municipality is None:
            errors.append(
                _("Line %(line)d: no municipality has the code %(code)s.")
                % {"line": line, "code": row.code}
            )
        elif municipality.region.code != row.region:
            errors.append(
                _("Line %(line)d: %(name)s is in region %(right)s, not %(wrong)s.")
                % {
                    "line": line,
                    "name": municipality.name,
                    "right": municipality.region.code,
                    "wrong": row.region,
                }
            )
    present = {row.code for row in rows}
    for code, municipality in sorted(known.items(), key=lambda item: model.code_key(item[0])):
        if code not in present:
            errors.append(
                _("%(name)s (%(code)s) is missing from the file.")
                % {"name": municipality.name, "code": code}
            )
    if errors:
        raise InputFileError(errors)
    ModelInput.objects.filter(quota_year=quota_year).delete()
    ModelInput.objects.bulk_create(
        ModelInput(
            quota_year=quota_year,
            municipality=known[row.code],
            population=row.population,
            immigrants_and_refugees=row.immigrants_and_refugees,
            family_reunified=row.family_reunified,
        )
        for row in rows
    )
    return len(rows)


def _model_inputs(quota_year: QuotaYear) -> list[model.MunicipalityInput]:
    inputs = [
        model.MunicipalityInput(
            code=i.municipality.code,
            region=i.municipality.region.code,
            population=i.population,
            immigrants_and_refugees=i.immigrants_and_refugees,
            family_reunified=i.family_reunified,
        )
        for i in ModelInput.objects.filter(quota_year=quota_year).select_related(
            "municipality__region"
        )
    ]
    if not inputs:
        raise ValidationError(
            _(
                "Import the input data (population, immigrants and refugees, family-reunified "
                "persons) before computing."
            )
        )
    return inputs


def quota_year_compute(*, quota_year: QuotaYear, national_figure: int) -> model.ModelResult:
    """The model's result for the year's input data; nothing is saved (used by pages)."""
    try:
        return model.compute(_model_inputs(quota_year), national_figure=national_figure)
    except model.ModelError as error:
        raise ValidationError(str(error)) from error
