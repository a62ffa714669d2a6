"""National figures (landstal) and the regional and municipal quotas they give: announce,
enter by hand, revise (by the regime in force on the revision's date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from councils.models import Municipality, Region
from quotas import model
from quotas.models import (
    DistributionAgreement,
    ModelInput,
    MunicipalQuota,
    NationalFigure,
    QuotaYear,
    RegionalQuota,
    SetBy,
)
from quotas.services.common import _check_integers, _history_user
from quotas.services.quota_years import quota_year_compute

# The dates on which new rules for revisions took effect (docs/quota-model.md).
REGIME_2018 = dt.date(2018, 4, 1)
REGIME_2020 = dt.date(2020, 9, 3)


def _next_version(quota_year: QuotaYear) -> int:
    latest = quota_year.figures.order_by("-version").first()
    return 1 if latest is None else latest.version + 1


def _save_result(
    figure: NationalFigure,
    result: model.ModelResult,
    *,
    set_by: str = SetBy.MODEL,
    actor: User | None = None,
) -> None:
    regions = {r.code: r for r in Region.objects.filter(code__in=result.regions)}
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in=result.municipalities)
    }
    RegionalQuota.objects.bulk_create(
        RegionalQuota(
            national_figure=figure,
            region=regions[code],
            quota=r.quota,
            exact=str(r.exact),
            set_by=set_by,
        )
        for code, r in result.regions.items()
    )
    # With history rows (who set each municipal quota, and when): the quota history shows
    # them.
    bulk_create_with_history(
        [
            MunicipalQuota(
                national_figure=figure,
                municipality=municipalities[code],
                quota=m.quota,
                exact=str(m.exact),
                set_by=set_by,
            )
            for code, m in result.municipalities.items()
        ],
        MunicipalQuota,
        default_user=_history_user(actor),
    )


@transaction.atomic
def national_figure_announce(
    *,
    actor: User | None,
    quota_year: QuotaYear,
    figure: int,
    announced_on: dt.date,
    reason: str = "",
    legal_basis: str = "",
) -> NationalFigure:
    """Record the first national figure and compute regional and municipal quotas by the model."""
    _check_integers(figure=figure)
    if quota_year.figures.exists():
        raise ValidationError(
            _("The year already has a national figure; record a revision instead.")
        )
    result = quota_year_compute(quota_year=quota_year, national_figure=figure)
    version = NationalFigure.objects.create(
        quota_year=quota_year,
        version=1,
        figure=figure,
        announced_on=announced_on,
        reason=reason,
        legal_basis=legal_basis,
        method=NationalFigure.Method.MODEL,
    )
    _save_result(version, result, actor=actor)
    return version


@transaction.atomic
def quotas_enter(
    *,
    actor: User | None,
    quota_year: QuotaYear,
    figure: int,
    announced_on: dt.date,
    regional: Mapping[str, int],
    municipal: Mapping[str, int],
    reason: str = "",
    legal_basis: str = "",
) -> NationalFigure:
    """Record quotas decided elsewhere (a published table, or by an authority as in Sweden
    and Norway). Rule: regions add up to the figure and each region's municipalities to it."""
    _check_integers(figure=figure)
    for quota in (*regional.values(), *municipal.values()):
        _check_integers(quota=quota)
    regions = {r.code: r for r in Region.objects.filter(code__in=regional)}
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in=municipal).select_related("region")
    }
    unknown = sorted((set(regional) - set(regions)) | (set(municipal) - set(municipalities)))
    if unknown:
        raise ValidationError(_("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    if sum(regional.values()) != figure:
        raise ValidationError(
            _("The regional quotas add up to %(sum)d, not to the national figure %(figure)d.")
            % {"sum": sum(regional.values()), "figure": figure}
        )
    for code, quota in regional.items():
        total = sum(q for c, q in municipal.items() if municipalities[c].region.code == code)
        if total != quota:
            raise ValidationError(
                _("The municipalities of %(region)s add up to %(sum)d, not %(quota)d.")
                % {"region": regions[code].name, "sum": total, "quota": quota}
            )
    version = NationalFigure.objects.create(
        quota_year=quota_year,
        version=_next_version(quota_year),
        figure=figure,
        announced_on=announced_on,
        reason=reason,
        legal_basis=legal_basis,
        method=NationalFigure.Method.MANUAL,
    )
    RegionalQuota.objects.bulk_create(
        RegionalQuota(national_figure=version, region=regions[c], quota=q, set_by=SetBy.MANUAL)
        for c, q in regional.items()
    )
    bulk_create_with_history(
        [
            MunicipalQuota(
                national_figure=version,
                municipality=municipalities[c],
                quota=q,
                set_by=SetBy.MANUAL,
            )
            for c, q in municipal.items()
        ],
        MunicipalQuota,
        default_user=_history_user(actor),
    )
    return version


def revision_method(*, old_figure: int, new_figure: int, on: dt.date) -> str:
    """Which rule applies to a change of the national figure on a date.

    Until March 2018: in proportion within ±50 %, computed anew beyond. April 2018 to
    2 September 2020: always in proportion. From 3 September 2020: a reduction in
    proportion, an increase computed anew with the first announcement's input data.
    """
    if on < REGIME_2018:
        change = abs(Fraction(new_figure - old_figure, old_figure))
        if change > Fraction(1, 2):
            return NationalFigure.Method.RECOMPUTED
        return NationalFigure.Method.PROPORTIONAL
    if on < REGIME_2020:
        return NationalFigure.Method.PROPORTIONAL
    if new_figure > old_figure:
        return NationalFigure.Method.RECOMPUTED
    return NationalFigure.Method.PROPORTIONAL


@transaction.atomic
def national_figure_revise(
    *,
    actor: User | None,
    quota_year: QuotaYear,
    figure: int,
    announced_on: dt.date,
    reason: str,
    legal_basis: str = "",
) -> NationalFigure:
    """Record a new version of the national figure and its quotas; earlier versions stay."""
    _check_integers(figure=figure)
    current = quota_year.figures.order_by("-version").first()
    if current is None:
        raise ValidationError(_("Announce the first national figure before revising it."))
    if figure == current.figure:
        raise ValidationError(_("The new figure is the same as the current one."))
    if announced_on < current.announced_on:
        raise ValidationError(
            _("A revision cannot be dated before the version it changes (%(date)s).")
            % {"date": current.announced_on.isoformat()}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the figure changes.")})
    method = revision_method(old_figure=current.figure, new_figure=figure, on=announced_on)
    version = NationalFigure.objects.create(
        quota_year=quota_year,
        version=current.version + 1,
        figure=figure,
        announced_on=announced_on,
        reason=reason,
        legal_basis=legal_basis,
        method=method,
    )
    if method == NationalFigure.Method.RECOMPUTED:
        _save_result(
            version,
            quota_year_compute(quota_year=quota_year, national_figure=figure),
            actor=actor,
        )
        if announced_on >= REGIME_2020:
            quota_year.distribution_agreements.filter(
                status=DistributionAgreement.Status.FINALISED, has_change_clause=False
            ).update(status=DistributionAgreement.Status.LAPSED)
        return version

    old_municipal = {
        q.municipality.code: (q.municipality.region.code, q.quota)
        for q in current.municipal_quotas.select_related("municipality__region")
    }
    populations = dict(
        ModelInput.objects.filter(quota_year=quota_year).values_list(
            "municipality__code", "population"
        )
    )
    try:
        revision = model.revise_proportionally(
            regional_quotas={
                q.region.code: q.quota for q in current.regional_quotas.select_related("region")
            },
            municipal_quotas=old_municipal,
            old_figure=current.figure,
            new_figure=figure,
            populations=populations,
        )
    except model.ModelError as error:
        raise ValidationError(str(error)) from error
    regions = {r.code: r for r in Region.objects.filter(code__in=revision.regions)}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=old_municipal)}
    RegionalQuota.objects.bulk_create(
        RegionalQuota(
            national_figure=version,
            region=regions[c],
            quota=q,
            exact=str(e),
            set_by=SetBy.PROPORTIONAL,
        )
        for c, (e, q) in revision.regions.items()
    )
    bulk_create_with_history(
        [
            MunicipalQuota(
                national_figure=version,
                municipality=municipalities[c],
                quota=q,
                exact=str(e),
                set_by=SetBy.PROPORTIONAL,
            )
            for c, (e, q) in revision.municipalities.items()
        ],
        MunicipalQuota,
        default_user=_history_user(actor),
    )
    return version
