"""Announcing, revising under each regime, entering by hand, placements."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from quotas import services
from quotas.models import DistributionAgreement, MunicipalQuota, NationalFigure, SetBy


def _quotas(figure: NationalFigure) -> dict[str, int]:
    return dict(figure.municipal_quotas.values_list("municipality__code", "quota"))


def test_announcing_computes_regional_and_municipal_quotas(computed_year) -> None:
    figure = computed_year.figures.get()
    assert figure.method == NationalFigure.Method.MODEL
    assert sum(figure.regional_quotas.values_list("quota", flat=True)) == 1000
    for regional in figure.regional_quotas.all():
        municipal = MunicipalQuota.objects.filter(
            national_figure=figure, municipality__region=regional.region
        )
        assert sum(municipal.values_list("quota", flat=True)) == regional.quota
    assert set(figure.municipal_quotas.values_list("set_by", flat=True)) == {SetBy.MODEL}


def test_announcing_without_input_data_says_what_to_do(demo) -> None:
    year = services.quota_year_create(actor=None, year=2031)
    with pytest.raises(ValidationError, match="Import the input data"):
        services.national_figure_announce(
            actor=None, quota_year=year, figure=10, announced_on=dt.date(2030, 5, 1)
        )


@pytest.mark.parametrize(
    ("old", "new", "on", "method"),
    [
        (1000, 1400, dt.date(2017, 6, 1), "proportional"),  # +40 % before 2018
        (1000, 1600, dt.date(2017, 6, 1), "recomputed"),  # +60 % before 2018
        (1000, 400, dt.date(2018, 1, 1), "recomputed"),  # -60 % before 2018
        (1000, 1600, dt.date(2019, 6, 1), "proportional"),  # 2018-2020: always
        (1000, 600, dt.date(2021, 6, 1), "proportional"),  # since Sept 2020: a reduction
        (1000, 1100, dt.date(2021, 6, 1), "recomputed"),  # since Sept 2020: an increase
        (1000, 1100, dt.date(2020, 9, 2), "proportional"),  # the day before the new order
    ],
)
def test_the_regime_in_force_decides_how_quotas_follow(old, new, on, method) -> None:
    assert services.revision_method(old_figure=old, new_figure=new, on=on) == method


def test_a_proportional_revision_keeps_every_version(computed_year) -> None:
    first = computed_year.figures.get()
    second = services.national_figure_revise(
        actor=None,
        quota_year=computed_year,
        figure=600,
        announced_on=dt.date(2030, 2, 1),
        reason="Færre asylansøgere",
    )
    assert second.version == 2 and second.method == NationalFigure.Method.PROPORTIONAL
    assert sum(_quotas(second).values()) == 600
    assert sum(_quotas(first).values()) == 1000  # the first version is untouched
    for code, quota in _quotas(second).items():
        assert quota <= _quotas(first)[code]


def test_an_increase_since_2020_is_computed_anew_and_lapses_distribution_agreements(
    computed_year,
) -> None:
    from councils.models import Region

    distribution_agreement = services.distribution_agreement_draft(
        actor=None,
        quota_year=computed_year,
        region=Region.objects.get(code="1081"),
        deadline=dt.date(2029, 9, 10),
    )
    DistributionAgreement.objects.filter(pk=distribution_agreement.pk).update(
        status=DistributionAgreement.Status.FINALISED
    )
    revised = services.national_figure_revise(
        actor=None,
        quota_year=computed_year,
        figure=1500,
        announced_on=dt.date(2030, 3, 1),
        reason="Flere flygtninge",
    )
    assert revised.method == NationalFigure.Method.RECOMPUTED
    assert sum(_quotas(revised).values()) == 1500
    distribution_agreement.refresh_from_db()
    assert distribution_agreement.status == DistributionAgreement.Status.LAPSED


def test_a_revision_needs_a_reason_and_a_changed_figure(computed_year) -> None:
    kwargs = {"actor": None, "quota_year": computed_year, "announced_on": dt.date(2030, 1, 1)}
    with pytest.raises(ValidationError, match="same as the current"):
        services.national_figure_revise(figure=1000, reason="x", **kwargs)
    with pytest.raises(ValidationError, match="Say why"):
        services.national_figure_revise(figure=900, reason=" ", **kwargs)
    with pytest.raises(ValidationError, match="cannot be dated before"):
        services.national_figure_revise(
            actor=None,
            quota_year=computed_year,
            figure=900,
            reason="x",
            announced_on=dt.date(2020, 1, 1),
        )
    assert computed_year.figures.count() == 1


def test_quotas_entered_by_hand_must_add_up(demo) -> None:
    year = services.quota_year_create(actor=None, year=2032, country="SE")
    with pytest.raises(ValidationError, match="add up to 5, not 6"):
        services.quotas_enter(
            actor=None,
            quota_year=year,
            figure=6,
            announced_on=dt.date(2031, 1, 1),
            regional={"SE-12": 6},
            municipal={"1290": 3, "1293": 2},
        )
    figure = services.quotas_enter(
        actor=None,
        quota_year=year,
        figure=5,
        announced_on=dt.date(2031, 1, 1),
        regional={"SE-12": 5},
        municipal={"1290": 3, "1293": 2},
        reason="Länstal och kommuntal beslutade av länsstyrelsen",
    )
    assert figure.method == NationalFigure.Method.MANUAL
    assert set(figure.municipal_quotas.values_list("set_by", flat=True)) == {SetBy.MANUAL}


def test_placements_may_exceed_the_quota_but_not_be_empty(computed_year) -> None:
    from councils.models import Municipality

    aarhus = Municipality.objects.get(code="751")
    services.placement_record(
        actor=None,
        quota_year=computed_year,
        municipality=aarhus,
        placed_on=dt.date(2030, 2, 1),
        count=5000,
    )
    with pytest.raises(ValidationError):
        services.placement_record(
            actor=None,
            quota_year=computed_year,
            municipality=aarhus,
            placed_on=dt.date(2030, 2, 1),
            count=0,
        )
    with pytest.raises(ValidationError, match="quota year 2030"):
        services.placement_record(
            actor=None,
            quota_year=computed_year,
            municipality=aarhus,
            placed_on=dt.date(2028, 2, 1),
            count=1,
        )
