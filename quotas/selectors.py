"""Reads for refugee quotas: overviews with placements, version changes, the calculation.

Each overview takes a fixed number of queries whatever the number of municipalities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import rules
from core.collation import danish_sort_key
from core.history import HistoryEntry
from councils.models import Municipality, Region
from quotas import access, model
from quotas.models import (
    DistributionAgreement,
    DistributionAgreementDocument,
    ModelInput,
    NationalFigure,
    Placement,
    QuotaYear,
)


def quota_year_list() -> list[QuotaYear]:
    """Every year with its newest figure as ``latest_figure``: two queries."""
    years = list(QuotaYear.objects.prefetch_related("figures").order_by("-year"))
    for quota_year in years:
        figures = sorted(quota_year.figures.all(), key=lambda figure: figure.version)
        quota_year.latest_figure = figures[-1] if figures else None
    return years


def quota_year_get(*, year: int | str) -> QuotaYear:
    # Beyond the database's integer range no year exists: a 404, not a database error.
    # (A year from a regular-expression route arrives as text.)
    year = int(year)
    quota_year = QuotaYear.objects.filter(year=year).first() if 0 < year < 2**31 else None
    if quota_year is None:
        raise Http404
    return quota_year


def national_figure_for(
    *, quota_year: QuotaYear, version: int | None = None
) -> NationalFigure | None:
    figures = quota_year.figures.all()
    if version is not None:
        figure = figures.filter(version=version).first()
        if figure is None:
            raise Http404
        return figure
    return figures.order_by("-version").first()


@dataclass
class MunicipalityRow:
    municipality: Municipality
    quota: int
    set_by: str
    placed: int

    @property
    def remaining(self) -> int:
        return self.quota - self.placed

    @property
    def over_quota(self) -> bool:
        return self.placed > self.quota


@dataclass
class RegionRow:
    region: Region
    quota: int
    set_by: str
    municipalities: list[MunicipalityRow] = field(default_factory=list)

    @property
    def placed(self) -> int:
        return sum(row.placed for row in self.municipalities)

    @property
    def remaining(self) -> int:
        return self.quota - self.placed


@dataclass
class Overview:
    quota_year: QuotaYear
    figure: NationalFigure
    regions: list[RegionRow]

    @property
    def placed(self) -> int:
        return sum(region.placed for region in self.regions)

    @property
    def remaining(self) -> int:
        return self.figure.figure - self.placed


def quota_overview(*, quota_year: QuotaYear, figure: NationalFigure) -> Overview:
    """Regional and municipal quotas of one version, with what has been placed: 3 queries."""
    placed = dict(
        Placement.objects.filter(quota_year=quota_year)
        .values_list("municipality_id")
        .annotate(total=Sum("count"))
        .values_list("municipality_id", "total")
    )
    regions = {
        q.region_id: RegionRow(region=q.region, quota=q.quota, set_by=q.get_set_by_display())
        for q in figure.regional_quotas.select_related("region").order_by("region__name")
    }
    for q in figure.municipal_quotas.select_related("municipality").order_by("municipality__name"):
        row = MunicipalityRow(
            municipality=q.municipality,
            quota=q.quota,
            set_by=q.get_set_by_display(),
            placed=placed.get(q.municipality_id, 0),
        )
        region = regions.get(q.municipality.region_id)
        if region is not None:
            region.municipalities.append(row)
    return Overview(quota_year=quota_year, figure=figure, regions=list(regions.values()))


@dataclass(frozen=True)
class Change:
    municipality: Municipality
    before: int
    after: int

    @property
    def difference(self) -> int:
        return self.after - self.before


def version_changes(*, figure: NationalFigure) -> tuple[NationalFigure | None, list[Change]]:
    """What changed for each municipality from the previous version to this one."""
    previous = (
        figure.quota_year.figures.filter(version__lt=figure.version).order_by("-version").first()
    )
    if previous is None:
        return None, []
    before = dict(previous.municipal_quotas.values_list("municipality_id", "quota"))
    changes = [
        Change(municipality=q.municipality, before=before.get(q.municipality_id, 0), after=q.quota)
        for q in figure.municipal_quotas.select_related("municipality").order_by(
            "municipality__name"
        )
    ]
    return previous, changes


@dataclass(frozen=True)
class CalculationRow:
    municipality: Municipality
    input: ModelInput
    result: model.MunicipalityResult


def calculation(
    *, quota_year: QuotaYear, figure: NationalFigure
) -> tuple[model.ModelResult, list[CalculationRow]] | None:
    """The model's intermediate figures for the year's inputs and this version's figure."""
    inputs = list(
        ModelInput.objects.filter(quota_year=quota_year).select_related("municipality__region")
    )
    if not inputs:
        return None
    result = model.compute(
        [
            model.MunicipalityInput(
                i.municipality.code,
                i.municipality.region.code,
                i.population,
                i.immigrants_and_refugees,
                i.family_reunified,
            )
            for i in inputs
        ],
        national_figure=figure.figure,
    )
    rows = [
        CalculationRow(i.municipality, i, result.municipalities[i.municipality.code])
        for i in sorted(
            inputs,
            key=lambda i: (i.municipality.region.code, danish_sort_key(i.municipality.name)),
        )
    ]
    return result, rows


def distribution_agreement_get_for_user(
    *, user: Any, quota_year: QuotaYear, region: Region
) -> DistributionAgreement | None:
    """The region's agreement for the year if the user may see it (``quotas.access``);
    ``None`` both when there is none and when it is hidden from the user."""
    return (
        access.distribution_agreements_visible_to(user)
        .filter(quota_year=quota_year, region=region)
        .select_related("national_figure")
        .prefetch_related("lines__municipality", "documents")
        .first()
    )


def distribution_agreement_document_get_for_user(
    *, user: Any, pk: int
) -> DistributionAgreementDocument:
    document = access.distribution_agreement_documents_visible_to(user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def placements_for(*, quota_year: QuotaYear, limit: int = 50) -> list[Placement]:
    return list(
        Placement.objects.filter(quota_year=quota_year).select_related("municipality")[:limit]
    )


def export_rows(*, overview: Overview) -> list[list[Any]]:
    """The rows of the CSV and Excel export: one per municipality."""
    header = [
        "region_code",
        "region",
        "municipality_code",
        "municipality",
        "quota",
        "set_by",
        "placed",
        "remaining",
    ]
    rows: list[list[Any]] = [header]
    for region in overview.regions:
        for row in region.municipalities:
            rows.append(
                [
                    region.region.code,
                    region.region.name,
                    row.municipality.code,
                    row.municipality.name,
                    row.quota,
                    row.set_by,
                    row.placed,
                    row.remaining,
                ]
            )
    return rows


def placement_municipalities(*, user: Any, quota_year: QuotaYear) -> Any:
    """The municipalities the user may record placements for: those of the regions whose
    quotas the user manages (``rules.quota_region_ids``; the whole country for
    administrators)."""
    municipalities = Municipality.objects.filter(region__country=quota_year.country)
    regions = rules.quota_region_ids(user)
    if regions is not None:
        municipalities = municipalities.filter(region_id__in=regions)
    return municipalities.select_related("region").order_by("name")


def quota_year_history(*, quota_year: Any, user: Any, limit: int = 500) -> list[HistoryEntry]:
    """Who changed what and when in a quota year, newest first: the year, each version of
    the national figure, the municipal quotas, placements, and the distribution agreements
    (with their lines) that ``quotas.access`` lets the user see with their comments. For
    those who manage quotas; else PermissionError."""
    from core.history import history_entries
    from quotas.models import (
        DistributionAgreement,
        DistributionAgreementLine,
        MunicipalQuota,
        Placement,
    )

    if not rules.can(user, rules.Action.MANAGE_QUOTAS):
        raise PermissionError

    def rows(manager: Any, **lookup: Any) -> list[Any]:
        return list(
            manager.filter(**lookup)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )

    # The agreement's history holds its numbers and the municipalities' comments: only
    # agreements the user sees *with* their comments (quotas.access), never another
    # region's draft or comments.
    distribution_agreements = {}
    for distribution_agreement in (
        access.distribution_agreements_visible_to(user)
        .filter(quota_year=quota_year)
        .select_related("region")
    ):
        rights = access.distribution_agreement_access(user, distribution_agreement.region)
        if rights.sees(distribution_agreement) and rights.sees_comments:
            distribution_agreements[distribution_agreement.pk] = distribution_agreement.region.name
    placement_regions = rules.quota_region_ids(user)
    placement_scope = (
        {} if placement_regions is None else {"municipality__region_id__in": placement_regions}
    )
    placement_municipalities = list(
        Placement.objects.filter(quota_year=quota_year, **placement_scope)
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    names = dict(Municipality.objects.values_list("pk", "name"))
    figure_ids = list(quota_year.figures.values_list("pk", flat=True))
    entries = (
        history_entries(rows(quota_year.history), lambda r: str(_("Quota year")))
        + history_entries(
            rows(MunicipalQuota.history, national_figure_id__in=figure_ids),
            lambda r: str(_("Quota of %(name)s")) % {"name": names.get(r.municipality_id, "")},
        )
        + history_entries(
            rows(DistributionAgreement.history, id__in=list(distribution_agreements)),
            lambda r: (
                str(_("Distribution agreement, %(region)s"))
                % {"region": distribution_agreements.get(r.id, "")}
            ),
        )
        + history_entries(
            rows(
                DistributionAgreementLine.history,
                distribution_agreement_id__in=list(distribution_agreements),
            ),
            lambda r: (
                str(_("Agreement line of %(name)s")) % {"name": names.get(r.municipality_id, "")}
            ),
        )
        + history_entries(
            rows(
                Placement.history,
                quota_year_id=quota_year.pk,
                municipality_id__in=placement_municipalities,
            ),
            lambda r: str(_("Placements in %(name)s")) % {"name": names.get(r.municipality_id, "")},
        )
    )
    for figure in quota_year.figures.all():
        entries.append(
            HistoryEntry(
                when=figure.created_at,
                who="",
                record=str(_("National figure, version %(number)d")) % {"number": figure.version},
                action=str(_("announced")),
                changes=[(str(_("national figure")), "", str(figure.figure))]
                + ([(str(_("reason")), "", figure.reason)] if figure.reason else []),
            )
        )
    return sorted(entries, key=lambda e: e.when, reverse=True)[:limit]
