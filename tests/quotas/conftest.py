from __future__ import annotations

import datetime as dt

import pytest

from councils.models import Municipality
from quotas import services
from quotas.models import QuotaYear


@pytest.fixture
def quota_demo(demo):
    from quotas.demo import load_quota_demo

    load_quota_demo()
    return QuotaYear.objects.get(year=2027)


def input_csv(rows: list[tuple], *, delimiter: str = ",", header: str | None = None) -> bytes:
    head = header or delimiter.join(
        [
            "municipality_code",
            "region_code",
            "population",
            "immigrants_and_refugees",
            "family_reunified",
        ]
    )
    return (
        "\n".join([head, *(delimiter.join(str(v) for v in row) for row in rows)]) + "\n"
    ).encode()


def full_input_rows() -> list[tuple]:
    return [
        (m.code, m.region.code, 10_000 + int(m.code) * 10, 500 + int(m.code), int(m.code) % 5)
        for m in Municipality.objects.filter(region__country="DK").select_related("region")
    ]


@pytest.fixture
def computed_year(demo):
    year = services.quota_year_create(actor=None, year=2030)
    services.model_input_import(actor=None, quota_year=year, raw=input_csv(full_input_rows()))
    services.national_figure_announce(
        actor=None, quota_year=year, figure=1000, announced_on=dt.date(2029, 5, 1)
    )
    return year


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are asserted in English here; the pages' tests check the Danish."""
    from django.utils import translation

    with translation.override("en"):
        yield
