"""The Danish model: the worked examples of quota-model.md exactly, and its invariants on
random inputs."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotas.model import (
    ModelError,
    MunicipalityInput,
    compute,
    largest_remainder,
    revise_proportionally,
)


def _inputs(populations, immigrants, reunified=None, region="R") -> list[MunicipalityInput]:
    reunified = reunified or [0] * len(populations)
    return [
        MunicipalityInput(str(i + 1), region, b, i_, f)
        for i, (b, i_, f) in enumerate(zip(populations, immigrants, reunified, strict=True))
    ]


def test_worked_example_one_region_shares_follow_population() -> None:
    result = compute(_inputs([100, 200, 700], [10, 20, 70]), national_figure=10)
    shares = [m.distribution_share for m in result.municipalities.values()]
    assert shares == [F(1, 10), F(2, 10), F(7, 10)]
    assert [m.quota for m in result.municipalities.values()] == [1, 2, 7]


def test_worked_example_negative_share_gets_nothing() -> None:
    result = compute(_inputs([300, 300, 400], [800, 100, 100]), national_figure=100)
    rows = list(result.municipalities.values())
    assert [m.distribution_share for m in rows] == [F(-1, 5), F(1, 2), F(7, 10)]
    assert [m.provisional for m in rows] == [-20, 50, 70]
    assert [m.exact for m in rows] == [0, F(125, 3), F(175, 3)]
    assert [m.quota for m in rows] == [0, 42, 58]
    assert result.as_json(exact=True)["exact"]["municipalities"] == {
        "1": "0",
        "2": "125/3",
        "3": "175/3",
    }


def test_worked_example_proportional_cut_from_100_to_60() -> None:
    revision = revise_proportionally(
        regional_quotas={"R": 100},
        municipal_quotas={"1": ("R", 0), "2": ("R", 42), "3": ("R", 58)},
        old_figure=100,
        new_figure=60,
    )
    assert revision.municipalities == {"1": (F(0), 0), "2": (F(126, 5), 25), "3": (F(174, 5), 35)}


@pytest.mark.parametrize(
    ("weights", "total", "expected"),
    [
        ([216, 310, 22, 32], 60, [23, 32, 2, 3]),
        ([47000, 16000, 15800, 12000, 6100, 3100], 10, [5, 2, 1, 1, 1, 0]),
        ([6, 6, 2], 10, [4, 4, 2]),
        ([6, 6, 2], 11, [5, 5, 1]),  # the Alabama paradox, expected
    ],
)
def test_largest_remainder_examples(weights, total, expected) -> None:
    exact = {i: F(w * total, sum(weights)) for i, w in enumerate(weights)}
    assert list(largest_remainder(exact, total).values()) == expected


def test_ties_go_to_the_larger_population_then_the_lower_code() -> None:
    # Two municipalities with equal exact values 1/2 share one unit.
    same = _inputs([100, 100], [10, 10])
    assert [m.quota for m in compute(same, national_figure=1).municipalities.values()] == [1, 0]
    # Equal exact values (a = 2/5 each) but different populations: population decides
    # before the code does, so code "2" with 300 inhabitants wins over code "1" with 250.
    bigger_second = [
        MunicipalityInput("1", "R", 250, 10, 0),
        MunicipalityInput("2", "R", 300, 20, 0),
        MunicipalityInput("3", "R", 450, 70, 0),
    ]
    result = compute(bigger_second, national_figure=1)
    assert result.municipalities["1"].exact == result.municipalities["2"].exact == F(2, 5)
    assert result.municipalities["2"].quota == 1
    codes = [MunicipalityInput("20", "R", 100, 10, 0), MunicipalityInput("3", "R", 100, 10, 0)]
    result = compute(codes, national_figure=1)
    assert result.municipalities["3"].quota == 1  # 3 < 20 numerically


def test_the_2015_table_adds_up_by_region() -> None:
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "quotas" / "data" / "quotas_2015.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == 98
    assert sum(int(r["quota"]) for r in rows) == 4000
    syddanmark = sum(int(r["quota"]) for r in rows if r["region_code"] == "1083")
    assert syddanmark == 1000


@pytest.mark.parametrize(
    ("inputs", "figure", "message"),
    [
        ([], 10, "no municipalities"),
        (_inputs([0, 0], [1, 1]), 10, "population is zero"),
        (_inputs([1, 1], [0, 0]), 10, "immigrants and refugees is zero"),
        (_inputs([1, 1], [1, 1]), -1, "cannot be negative"),
    ],
)
def test_impossible_inputs_are_refused_with_a_reason(inputs, figure, message) -> None:
    with pytest.raises(ModelError, match=message):
        compute(inputs, national_figure=figure)


municipality = st.tuples(
    st.integers(min_value=1, max_value=600_000),
    st.integers(min_value=0, max_value=100_000),
    st.integers(min_value=0, max_value=200),
    st.sampled_from(["A", "B", "C"]),
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(municipality, min_size=1, max_size=30),
    figure=st.integers(min_value=0, max_value=20_000),
    data=st.data(),
)
def test_invariants_hold_on_random_inputs(rows, figure, data) -> None:
    inputs = [
        MunicipalityInput(str(100 + i), region, b, im, f)
        for i, (b, im, f, region) in enumerate(rows)
    ]
    if sum(m.immigrants_and_refugees for m in inputs) == 0:
        inputs[0] = MunicipalityInput(inputs[0].code, inputs[0].region, inputs[0].population, 1, 0)
    result = compute(inputs, national_figure=figure)
    municipalities = result.municipalities.values()

    assert sum(m.distribution_share for m in municipalities) == 1
    assert sum(m.provisional for m in municipalities) == figure
    assert sum(r.quota for r in result.regions.values()) == figure
    for region in result.regions.values():
        members = [m for m in municipalities if m.region == region.code]
        assert sum(m.quota for m in members) == region.quota
        assert region.quota in (region.exact.__floor__(), region.exact.__ceil__())
    for m in municipalities:
        assert m.quota >= 0
        assert m.quota in (m.exact.__floor__(), m.exact.__ceil__())
        if m.provisional <= 0:
            assert m.quota == 0

    shuffled = data.draw(st.permutations(inputs))
    again = compute(shuffled, national_figure=figure)
    assert again.as_json(exact=True) == result.as_json(exact=True)


@settings(max_examples=100, deadline=None)
@given(
    quotas=st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=15),
    new_figure=st.integers(min_value=0, max_value=5000),
)
def test_proportional_revision_keeps_the_sums(quotas, new_figure) -> None:
    old_figure = sum(quotas)
    if old_figure == 0:
        return
    municipal = {str(i): ("R", q) for i, q in enumerate(quotas)}
    revision = revise_proportionally(
        regional_quotas={"R": old_figure},
        municipal_quotas=municipal,
        old_figure=old_figure,
        new_figure=new_figure,
    )
    assert revision.regions["R"][1] == new_figure
    assert sum(q for _e, q in revision.municipalities.values()) == new_figure
    for exact, quota in revision.municipalities.values():
        assert quota in (exact.__floor__(), exact.__ceil__())
