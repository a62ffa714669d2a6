"""Issue 12, defects: municipality slugs dropped Danish letters (``kbenhavn-101``), and the
API listed municipalities by their code as text. Slugs are readable (``koebenhavn``, as
person slugs), and municipalities come by name in Danish order."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from councils import services
from councils.models import Municipality
from tests.factories import RegionFactory

BEFORE = ("councils", "0004_body_publishes_attendance")
AFTER = ("councils", "0005_municipality_slugs_keep_danish_letters")


def test_the_demo_municipalities_have_readable_slugs_and_pages(client: Client, demo) -> None:
    slugs = dict(Municipality.objects.values_list("name", "slug"))
    assert slugs["København"] == "koebenhavn"
    assert slugs["Ærø"] == "aeroe"
    assert slugs["Høje-Taastrup"] == "hoeje-taastrup"
    assert slugs["Lyngby-Taarbæk"] == "lyngby-taarbaek"
    assert client.get("/kommuner/koebenhavn/").status_code == 200
    assert client.get("/kommuner/101/").status_code == 200  # by code, as before


@pytest.mark.django_db
def test_a_swedish_name_loses_only_its_accents_and_a_shared_name_gets_the_code() -> None:
    skane = RegionFactory(country="SE")
    malmo = services.municipality_upsert(actor=None, code="1280", name="Malmö", region=skane)
    assert malmo.slug == "malmo"
    denmark = RegionFactory(country="DK")
    first = services.municipality_upsert(actor=None, code="901", name="Ås", region=denmark)
    second = services.municipality_upsert(actor=None, code="0902", name="Ås", region=denmark)
    assert (first.slug, second.slug) == ("aas", "aas-0902")
    # Loading again changes nothing.
    again = services.municipality_upsert(actor=None, code="0902", name="Ås", region=denmark)
    assert again.slug == "aas-0902"


@pytest.mark.django_db
def test_the_api_lists_municipalities_by_name_in_danish_order(client: Client) -> None:
    region = RegionFactory(country="DK")
    # The codes as text would give 1000, 101, 20, 99; as numbers 20, 99, 101, 1000.
    for code, name in [("101", "Aarhus"), ("20", "Ærø"), ("1000", "Vejle"), ("99", "Odense")]:
        services.municipality_upsert(actor=None, code=code, name=name, region=region)
    names = [row["name"] for row in client.get("/api/municipalities/").json()["results"]]
    assert names == ["Odense", "Vejle", "Ærø", "Aarhus"]
    assert list(Municipality.objects.values_list("name", flat=True)) == names


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_municipalities_readable_slugs() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    Region = apps.get_model("councils", "Region")
    OldMunicipality = apps.get_model("councils", "Municipality")
    region = Region.objects.create(code="1084", name="Region Hovedstaden", slug="hovedstaden")
    OldMunicipality.objects.create(code="101", name="København", slug="kbenhavn-101", region=region)
    OldMunicipality.objects.create(code="492", name="Ærø", slug="r-492", region=region)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([AFTER])
    slugs = dict(Municipality.objects.values_list("code", "slug"))
    assert slugs == {"101": "koebenhavn", "492": "aeroe"}
    # Going back to BEFORE also unapplied every later migration that depends on it (in
    # other apps too); bring the whole schema forward again for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
