"""Municipality pages moved from name-code slugs (``/kommuner/kbenhavn-101/``) to readable
ones (``/kommuner/koebenhavn/``) in migration 0005, and may move again when a municipality
is renamed. Saved links and search engines must not meet a 404: a former address answers
with a permanent redirect (301) to the page's address today."""

from __future__ import annotations

import pytest
from django.test import Client

from councils import services
from councils.models import Municipality, Region
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hovedstaden() -> Region:
    return RegionFactory(code="1084", name="Region Hovedstaden", country="DK")


@pytest.fixture
def koebenhavn(hovedstaden: Region) -> Municipality:
    return services.municipality_upsert(
        actor=None, code="101", name="København", region=hovedstaden
    )


def test_the_old_address_of_koebenhavn_redirects_permanently_to_the_new_one(
    client: Client, koebenhavn: Municipality
) -> None:
    assert koebenhavn.slug == "koebenhavn"
    response = client.get("/kommuner/kbenhavn-101/")
    assert response.status_code == 301
    assert response["Location"] == "/kommuner/koebenhavn/"
    assert client.get(response["Location"]).status_code == 200


def test_the_redirect_keeps_the_query_string(client: Client, koebenhavn: Municipality) -> None:
    response = client.get("/kommuner/kbenhavn-101/?side=2")
    assert response.status_code == 301
    assert response["Location"] == "/kommuner/koebenhavn/?side=2"


def test_a_name_with_a_capital_danish_letter_redirects_from_its_old_address(
    client: Client, hovedstaden: Region
) -> None:
    aeroe = services.municipality_upsert(actor=None, code="492", name="Ærø", region=hovedstaden)
    assert aeroe.slug == "aeroe"
    response = client.get("/kommuner/r-492/")
    assert (response.status_code, response["Location"]) == (301, "/kommuner/aeroe/")


def test_the_address_before_a_rename_redirects_to_the_page_after_it(
    client: Client, hovedstaden: Region
) -> None:
    services.municipality_upsert(
        actor=None, code="810", name="Brønderslev-Dronninglund", region=hovedstaden
    )
    renamed = services.municipality_upsert(
        actor=None, code="810", name="Brønderslev", region=hovedstaden
    )
    assert renamed.slug == "broenderslev"
    response = client.get("/kommuner/broenderslev-dronninglund/")
    assert (response.status_code, response["Location"]) == (301, "/kommuner/broenderslev/")
    # The name-code address of the former name moved too.
    response = client.get("/kommuner/brnderslev-dronninglund-810/")
    assert (response.status_code, response["Location"]) == (301, "/kommuner/broenderslev/")


def test_a_slug_in_use_today_is_the_page_itself_not_a_redirect(
    client: Client, hovedstaden: Region
) -> None:
    # "aas" was the first Ås's slug before the rename; a second Ås holds it now.
    services.municipality_upsert(actor=None, code="901", name="Ås", region=hovedstaden)
    services.municipality_upsert(actor=None, code="901", name="Åby", region=hovedstaden)
    services.municipality_upsert(actor=None, code="902", name="Ås", region=hovedstaden)
    response = client.get("/kommuner/aas/")
    assert response.status_code == 200
    assert response.context["municipality"].code == "902"


def test_an_unknown_slug_still_gets_the_danish_404_page(
    client: Client, koebenhavn: Municipality
) -> None:
    for address in (
        "/kommuner/no-such-place/",
        "/kommuner/kbenhavn-999/",  # no municipality has the code
        "/kommuner/aarhus-101/",  # the code is København's, the name is not
        "/kommuner/-101/",
    ):
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="da")
        assert response.status_code == 404, address
        assert "Siden findes ikke" in response.content.decode(), address
