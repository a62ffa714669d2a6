"""The chart of an indicator's measurements: an SVG drawn on the server (no JavaScript),
with bars for the measured values, a dashed line for the target and one for the baseline.
The template gives it ``role="img"``, a title and a description, and puts a table of the same
figures next to it for those who cannot see the chart."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 34


def number(value: Decimal | None) -> str:
    """A value as a reader wants it: no trailing zeros, the language's separators."""
    if value is None:
        return ""
    normal = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return number_format(normal, use_l10n=True, force_grouping=True)


def _coord(value: float) -> str:
    # Coordinates are written with a point whatever the language (SVG's syntax).
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    label_x: str
    label: str
    value: str
    value_y: str


@dataclass(frozen=True)
class Line:
    y: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    target: Line | None
    baseline: Line | None
    ticks: list[Line]
    axis_y: str
    axis_left: str
    axis_right: str
    description: str


def _scale(low: float, high: float) -> tuple[float, float, float]:
    """A range that includes ``low`` and ``high`` with some room above, divided into three to
    six steps of 1, 2, 2.5 or 5 times a power of ten (so the axis reads 0, 250, 500, …)."""
    if high == low:
        high = low + 1.0
    raw = (high - low) * 1.1 / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw)
    return math.floor(low / step) * step, math.ceil(high * 1.05 / step) * step, step


def _label(measurement: Any) -> str:
    if measurement.measured_on is not None:
        return measurement.measured_on.strftime("%d.%m.%Y")
    return str(measurement.year)


def indicator_chart(indicator: Any, measurements: Sequence[Any]) -> Chart | None:
    """The chart of ``indicator`` (None when it has no measurements)."""
    if not measurements:
        return None
    values = [float(m.value) for m in measurements]
    references = [
        float(v) for v in (indicator.target_value, indicator.baseline_value) if v is not None
    ]
    low, high, step = _scale(min(0.0, *values, *references), max(*values, *references, 0.0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    slot = plot_w / len(values)
    bar_w = min(48.0, slot * 0.6)
    zero = y_of(0.0)
    bars = []
    for index, (measurement, value) in enumerate(zip(measurements, values, strict=True)):
        centre = LEFT + slot * (index + 0.5)
        top = min(y_of(value), zero)
        bars.append(
            Bar(
                x=_coord(centre - bar_w / 2),
                y=_coord(top),
                width=_coord(bar_w),
                height=_coord(max(abs(zero - y_of(value)), 1.0)),
                label_x=_coord(centre),
                label=_label(measurement),
                value=number(measurement.value),
                value_y=_coord(max(top - 4, TOP + 10)),
            )
        )
    unit = indicator.unit
    target = None
    if indicator.target_value is not None:
        target = Line(
            y=_coord(y_of(float(indicator.target_value))),
            label=_("Target %(value)s") % {"value": number(indicator.target_value)},
        )
    baseline = None
    if indicator.baseline_value is not None:
        baseline = Line(
            y=_coord(y_of(float(indicator.baseline_value))),
            label=_("Baseline %(value)s") % {"value": number(indicator.baseline_value)},
        )
    count = round((high - low) / step)
    ticks = [
        Line(y=_coord(y_of(low + n * step)), label=number(Decimal(repr(round(low + n * step, 9)))))
        for n in range(count + 1)
    ]
    latest = measurements[-1]
    description = _("Latest value %(value)s %(unit)s (%(when)s).") % {
        "value": number(latest.value),
        "unit": unit,
        "when": _label(latest),
    }
    if indicator.target_value is not None:
        description += " " + _("Target: %(direction)s %(value)s %(unit)s.") % {
            "direction": str(indicator.get_direction_display()).lower(),
            "value": number(indicator.target_value),
            "unit": unit,
        }
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        target=target,
        baseline=baseline,
        ticks=ticks,
        axis_y=_coord(zero),
        axis_left=_coord(LEFT),
        axis_right=_coord(WIDTH - RIGHT),
        description=description,
    )
