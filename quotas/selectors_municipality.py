"""Reads for a municipality's page and "Mine opgaver" (issue 12): its quotas per year (the
newest version of each year's national figure), and the agreement lines waiting for a
contact person's answer (``quotas.access``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from accounts.rules import roles_for
from quotas.access import distribution_agreements_visible_to
from quotas.models import (
    DistributionAgreement,
    DistributionAgreementLine,
    MunicipalQuota,
    NationalFigure,
    QuotaYear,
)


@dataclass(frozen=True)
class MunicipalityQuotaRow:
    quota_year: QuotaYear
    figure: NationalFigure
    quota: int


def municipality_quotas(*, municipality: Any) -> list[MunicipalityQuotaRow]:
    """The municipality's quota in each year's newest version, newest year first: two
    queries."""
    newest: dict[int, NationalFigure] = {}
    for figure in NationalFigure.objects.select_related("quota_year"):
        current = newest.get(figure.quota_year_id)
        if current is None or figure.version > current.version:
            newest[figure.quota_year_id] = figure
    quotas = MunicipalQuota.objects.filter(
        municipality=municipality, national_figure__in=[f.pk for f in newest.values()]
    ).values_list("national_figure_id", "quota")
    by_figure = dict(quotas)
    rows = [
        MunicipalityQuotaRow(
            quota_year=figure.quota_year, figure=figure, quota=by_figure[figure.pk]
        )
        for figure in newest.values()
        if figure.pk in by_figure
    ]
    return sorted(rows, key=lambda row: row.quota_year.year, reverse=True)


def distribution_agreement_lines_awaiting(*, user: Any) -> QuerySet[DistributionAgreementLine]:
    """Lines of distribution agreements in consultation, not yet answered, for the
    municipalities the user is contact person for, earliest deadline first."""
    municipality_ids = roles_for(user).municipality_ids
    return (
        DistributionAgreementLine.objects.filter(
            distribution_agreement__in=distribution_agreements_visible_to(user),
            distribution_agreement__status=DistributionAgreement.Status.CONSULTATION,
            answer=DistributionAgreementLine.Answer.PENDING,
            municipality_id__in=municipality_ids,
        )
        .select_related(
            "distribution_agreement__quota_year", "distribution_agreement__region", "municipality"
        )
        .order_by("distribution_agreement__deadline", "municipality__name")
    )
