"""The Danish distribution model for refugee quotas, exactly as in docs/quota-model.md.

Pure functions on ``fractions.Fraction``: no floats, no database. The pages, the API, the
``quota_model`` command and the benchmark all call ``compute``; revisions call
``revise_proportionally``.

For municipality i with population B_i, immigrants and refugees I_i and family-reunified
persons F_i, and the national figure L::

    p_i = B_i / ΣB,  q_i = I_i / ΣI,  a_i = p_i - (q_i - p_i),  c_i = a_i (L + ΣF),
    f_i = c_i - F_i,  x_i = f_i L / S for f_i > 0 (S = Σ positive f), else 0.

Regional quotas are the largest-remainder rounding of Σ x_i per region to L; municipal
quotas the rounding of y_i = f_i R_r / S_r inside each region to its whole-number quota R_r.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeVar

# Messages reach the secretariat's pages, so they are translated; no database is touched.
from django.utils.translation import gettext as _

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
ZERO = Fraction(0)


class ModelError(ValueError):
    """The input cannot be computed (e.g. a total of zero); the message says why."""


@dataclass(frozen=True)
class MunicipalityInput:
    code: str
    region: str
    population: int
    immigrants_and_refugees: int
    family_reunified: int


@dataclass(frozen=True)
class MunicipalityResult:
    code: str
    region: str
    population_share: Fraction  # p_i
    immigrant_share: Fraction  # q_i
    distribution_share: Fraction  # a_i
    computed: Fraction  # c_i
    provisional: Fraction  # f_i
    national_exact: Fraction  # x_i
    exact: Fraction  # y_i: the value the municipal quota rounds
    quota: int


@dataclass(frozen=True)
class RegionResult:
    code: str
    exact: Fraction
    quota: int
    population: int


@dataclass(frozen=True)
class ModelResult:
    national_figure: int
    regions: dict[str, RegionResult]
    municipalities: dict[str, MunicipalityResult] = field(repr=False)

    def as_json(self, *, exact: bool = False) -> dict:
        """The shape printed by ``manage.py quota_model``."""
        data: dict = {
            "regions": {code: r.quota for code, r in _by_code(self.regions)},
            "municipalities": {code: m.quota for code, m in _by_code(self.municipalities)},
        }
        if exact:
            data["exact"] = {
                "regions": {code: str(r.exact) for code, r in _by_code(self.regions)},
                "municipalities": {code: str(m.exact) for code, m in _by_code(self.municipalities)},
            }
        return data


def code_key(code: str) -> tuple[int, int, str]:
    """Order codes numerically where they are numbers ("101" < "1081"), else as text."""
    return (0, int(code), "") if code.isdigit() else (1, 0, code)


def _by_code(items: Mapping[str, V]) -> list[tuple[str, V]]:
    return sorted(items.items(), key=lambda item: code_key(item[0]))


def largest_remainder(
    exact: Mapping[K, Fraction],
    total: int,
    *,
    tie_break: Callable[[K], tuple] = lambda key: (),
) -> dict[K, int]:
    """Whole numbers adding up to ``total``, each the floor or ceiling of its exact value.

    Floors every value, then gives the missing units to the largest remainders ("største
    brøks metode"). Equal remainders go to the larger exact value, then by ``tie_break``
    (smaller sorts first: the caller encodes larger population, lower code).
    """
    if total < 0:
        raise ModelError(_("The total to distribute cannot be negative."))
    if any(value < 0 for value in exact.values()):
        raise ModelError(_("Exact values cannot be negative."))
    floors = {key: value.numerator // value.denominator for key, value in exact.items()}
    missing = total - sum(floors.values())
    if missing < 0 or missing > len(exact):
        raise ModelError(
            _("The exact values add up to %(sum)s, which cannot be rounded to %(total)d.")
            % {"sum": sum(exact.values(), ZERO), "total": total}
        )
    order = sorted(
        exact,
        key=lambda key: (-(exact[key] - floors[key]), -exact[key], tie_break(key)),
    )
    for key in order[:missing]:
        floors[key] += 1
    return floors


def _check(inputs: list[MunicipalityInput], national_figure: int) -> None:
    if national_figure < 0:
        raise ModelError(_("The national figure cannot be negative."))
    if not inputs:
        raise ModelError(_("There are no municipalities to distribute to."))
    codes = [m.code for m in inputs]
    if len(set(codes)) != len(codes):
        raise ModelError(_("A municipality code occurs twice."))
    for m in inputs:
        if min(m.population, m.immigrants_and_refugees, m.family_reunified) < 0:
            raise ModelError(_("Municipality %(code)s has a negative figure.") % {"code": m.code})
    if sum(m.population for m in inputs) == 0:
        raise ModelError(_("The total population is zero."))
    if sum(m.immigrants_and_refugees for m in inputs) == 0:
        raise ModelError(_("The total of immigrants and refugees is zero."))


def compute(inputs: Iterable[MunicipalityInput], *, national_figure: int) -> ModelResult:
    """Regional and municipal quotas by the model, with every intermediate figure."""
    municipalities = list(inputs)
    _check(municipalities, national_figure)
    total_population = sum(m.population for m in municipalities)
    total_immigrants = sum(m.immigrants_and_refugees for m in municipalities)
    total_reunified = sum(m.family_reunified for m in municipalities)
    figure = Fraction(national_figure)

    rows = {}
    for m in municipalities:
        p = Fraction(m.population, total_population)
        q = Fraction(m.immigrants_and_refugees, total_immigrants)
        a = p - (q - p)
        c = a * (figure + total_reunified)
        rows[m.code] = (m, p, q, a, c, c - m.family_reunified)
    positive_sum = sum((row[5] for row in rows.values() if row[5] > 0), ZERO)
    national_exact = {
        code: (row[5] * figure / positive_sum if row[5] > 0 else ZERO) for code, row in rows.items()
    }

    population_by_code = {m.code: m.population for m in municipalities}
    region_population: dict[str, int] = {}
    region_exact: dict[str, Fraction] = {}
    for m in municipalities:
        region_population[m.region] = region_population.get(m.region, 0) + m.population
        region_exact[m.region] = region_exact.get(m.region, ZERO) + national_exact[m.code]
    region_quota = largest_remainder(
        region_exact,
        national_figure,
        tie_break=lambda code: (-region_population[code], code_key(code)),
    )

    exact_in_region: dict[str, Fraction] = {}
    quotas: dict[str, int] = {}
    for region, quota in region_quota.items():
        members = [code for code, row in rows.items() if row[0].region == region]
        region_positive = sum((rows[c][5] for c in members if rows[c][5] > 0), ZERO)
        exact = {
            code: (rows[code][5] * quota / region_positive if rows[code][5] > 0 else ZERO)
            for code in members
        }
        exact_in_region.update(exact)
        quotas.update(
            largest_remainder(
                exact,
                quota,
                tie_break=lambda code: (-population_by_code[code], code_key(code)),
            )
        )

    return ModelResult(
        national_figure=national_figure,
        regions={
            code: RegionResult(
                code, region_exact[code], region_quota[code], region_population[code]
            )
            for code in region_exact
        },
        municipalities={
            code: MunicipalityResult(
                code=code,
                region=row[0].region,
                population_share=row[1],
                immigrant_share=row[2],
                distribution_share=row[3],
                computed=row[4],
                provisional=row[5],
                national_exact=national_exact[code],
                exact=exact_in_region[code],
                quota=quotas[code],
            )
            for code, row in rows.items()
        },
    )


@dataclass(frozen=True)
class Revision:
    regions: dict[str, tuple[Fraction, int]]  # code -> (exact, quota)
    municipalities: dict[str, tuple[Fraction, int]]


def revise_proportionally(
    *,
    regional_quotas: Mapping[str, int],
    municipal_quotas: Mapping[str, tuple[str, int]],
    old_figure: int,
    new_figure: int,
    populations: Mapping[str, int] | None = None,
) -> Revision:
    """Change every quota in proportion to the national figure.

    Regions: largest remainder of R_r * L'/L to L'. Municipalities: largest remainder of
    K_i * R'_r / R_r inside each region to R'_r. ``municipal_quotas`` maps a municipality
    code to (region code, quota); ``populations`` feeds the tie-break.
    """
    if old_figure <= 0:
        raise ModelError(_("The previous national figure must be positive to scale from it."))
    if new_figure < 0:
        raise ModelError(_("The national figure cannot be negative."))
    populations = populations or {}
    region_population: dict[str, int] = {}
    for code, (region, _quota) in municipal_quotas.items():
        region_population[region] = region_population.get(region, 0) + populations.get(code, 0)
    region_exact = {
        code: Fraction(quota * new_figure, old_figure) for code, quota in regional_quotas.items()
    }
    new_regions = largest_remainder(
        region_exact,
        new_figure,
        tie_break=lambda code: (-region_population.get(code, 0), code_key(code)),
    )
    municipalities: dict[str, tuple[Fraction, int]] = {}
    for region, old_quota in regional_quotas.items():
        members = {c: q for c, (r, q) in municipal_quotas.items() if r == region}
        if not members:
            continue
        if old_quota == 0:
            if new_regions[region]:
                raise ModelError(
                    _(
                        "Region %(region)s had a quota of 0; a new quota cannot be shared in "
                        "proportion. Compute anew instead."
                    )
                    % {"region": region}
                )
            municipalities.update({c: (ZERO, 0) for c in members})
            continue
        exact = {c: Fraction(q * new_regions[region], old_quota) for c, q in members.items()}
        rounded = largest_remainder(
            exact,
            new_regions[region],
            tie_break=lambda code: (-populations.get(code, 0), code_key(code)),
        )
        municipalities.update({c: (exact[c], rounded[c]) for c in members})
    return Revision(
        regions={code: (region_exact[code], new_regions[code]) for code in regional_quotas},
        municipalities=municipalities,
    )
