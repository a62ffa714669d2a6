"""Quota demo data: the real 2015 table (entered as published) and an invented example year
computed by the model from invented input data."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

from django.db import transaction

from councils.models import Municipality
from quotas import services
from quotas.models import ModelInput, QuotaYear

DATA = Path(__file__).resolve().parent / "data" / "quotas_2015.csv"
EXAMPLE_YEAR = 2027
EXAMPLE_FIGURE = 1200


@transaction.atomic
def load_quota_demo(*, actor: Any = None) -> dict[str, int]:
    created = 0
    if not QuotaYear.objects.filter(year=2015).exists():
        year = services.quota_year_create(
            actor=actor,
            year=2015,
            notes="Kommunekvoter 2015 som meddelt af Udlændingestyrelsen i brev af 30. marts 2014.",
        )
        rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
        regional: dict[str, int] = {}
        for row in rows:
            regional[row["region_code"]] = regional.get(row["region_code"], 0) + int(row["quota"])
        services.quotas_enter(
            actor=actor,
            quota_year=year,
            figure=4000,
            announced_on=dt.date(2014, 3, 30),
            regional=regional,
            municipal={row["municipality_code"]: int(row["quota"]) for row in rows},
            reason="Landstal for 2015 udmeldt af Udlændingestyrelsen.",
            legal_basis="Integrationsloven §§ 6-9; bekendtgørelse nr. 50 af 18. januar 2008",
        )
        created += 1
    if not QuotaYear.objects.filter(year=EXAMPLE_YEAR).exists():
        year = services.quota_year_create(
            actor=actor,
            year=EXAMPLE_YEAR,
            is_example=True,
            notes="Opdigtede inddata, beregnet med modellen. Kun til demonstration.",
        )
        generator = random.Random(2027)  # noqa: S311 - invented demo figures, not security
        inputs = []
        for municipality in Municipality.objects.filter(region__country="DK").order_by("code"):
            population = generator.randint(2_000, 350_000)
            inputs.append(
                ModelInput(
                    quota_year=year,
                    municipality=municipality,
                    population=population,
                    immigrants_and_refugees=int(population * generator.uniform(0.04, 0.2)),
                    family_reunified=generator.randint(0, 12),
                )
            )
        ModelInput.objects.bulk_create(inputs)
        services.national_figure_announce(
            actor=actor,
            quota_year=year,
            figure=EXAMPLE_FIGURE,
            announced_on=dt.date(EXAMPLE_YEAR - 1, 5, 1),
            reason="Eksempel: opdigtet landstal.",
            legal_basis="Eksempel",
        )
        created += 1
    return {"quota years": created}
