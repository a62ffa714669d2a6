"""The indicator chart drawn on the server (agreements/chart.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from agreements.chart import indicator_chart
from agreements.models import Indicator


def _indicator(**fields: object) -> SimpleNamespace:
    defaults = {
        "name": "Virksomheder",
        "unit": "virksomheder",
        "target_value": Decimal(900),
        "baseline_value": Decimal(820),
        "direction": Indicator.Direction.AT_LEAST,
    }
    defaults.update(fields)
    indicator = SimpleNamespace(**defaults)
    indicator.get_direction_display = lambda: Indicator.Direction(indicator.direction).label
    return indicator


def _m(year: int, value: int, day: dt.date | None = None) -> SimpleNamespace:
    return SimpleNamespace(year=year, value=Decimal(value), measured_on=day)


def test_no_measurements_no_chart() -> None:
    assert indicator_chart(_indicator(), []) is None


def test_the_axis_reads_in_round_steps_and_the_description_names_value_and_target() -> None:
    with translation.override("en"):
        chart = indicator_chart(_indicator(), [_m(2023, 430, dt.date(2023, 6, 30)), _m(2023, 905)])
    assert chart is not None
    assert [t.label for t in chart.ticks] == ["0", "250", "500", "750", "1,000"]
    assert [b.value for b in chart.bars] == ["430", "905"]
    assert chart.bars[0].label == "30.06.2023" and chart.bars[1].label == "2023"
    assert chart.description == (
        "Latest value 905 virksomheder (2023). Target: at least 900 virksomheder."
    )
    # Coordinates are SVG numbers whatever the language (a point, never a comma).
    with translation.override("da"):
        danish = indicator_chart(_indicator(), [_m(2023, 905)])
    assert danish is not None and "," not in danish.bars[0].y
    # The target line lies above the baseline line (a smaller y).
    assert chart.target is not None and chart.baseline is not None
    assert float(chart.target.y) < float(chart.baseline.y)


def test_negative_values_are_drawn_below_the_axis() -> None:
    chart = indicator_chart(
        _indicator(target_value=None, baseline_value=None), [_m(2023, -20), _m(2024, 50)]
    )
    assert chart is not None
    axis = float(chart.axis_y)
    assert float(chart.bars[0].y) == axis  # the bar of -20 starts at the axis and goes down
    assert float(chart.bars[1].y) < axis
