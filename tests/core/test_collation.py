"""Names sort as Danes expect: ..., Z, Æ, Ø, Å, with "Aa" as "Å"."""

from __future__ import annotations

import pytest
from django.db import connection

from core.collation import danish_sort_key
from councils.models import Municipality
from tests.factories import MunicipalityFactory, RegionFactory

NAMES = ["Aabenraa", "Ærø", "Østerå", "Odense", "Zealand", "Assens", "Ølstykke"]
EXPECTED = ["Assens", "Odense", "Zealand", "Ærø", "Ølstykke", "Østerå", "Aabenraa"]


def test_the_python_key_sorts_danish_letters_last_and_aa_as_aa() -> None:
    assert sorted(NAMES, key=danish_sort_key) == EXPECTED


def test_the_database_sorts_names_the_danish_way(db: None) -> None:
    region = RegionFactory()
    for name in NAMES:
        MunicipalityFactory(name=name, region=region)
    assert list(Municipality.objects.order_by("name").values_list("name", flat=True)) == EXPECTED


@pytest.mark.postgres
def test_postgres_uses_the_icu_collation(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collprovider, colliculocale FROM pg_collation WHERE collname = 'danish'"
        )
        provider, locale = cursor.fetchone()
    assert provider == "i"
    assert locale == "da-DK"
