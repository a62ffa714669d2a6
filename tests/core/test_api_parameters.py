"""A malformed query parameter is refused with a 400 that names it, on every list endpoint
(issue 11, hole 16); a well-formed page beyond the last is a 404."""

from __future__ import annotations

import pytest
from django.test import Client

LIST_ENDPOINTS = [
    "/api/regions/",
    "/api/municipalities/",
    "/api/bodies/",
    "/api/seats/",
    "/api/persons/",
    "/api/memberships/",
    "/api/meetings/",
    "/api/quota-years/",
    "/api/national-figures/",
    "/api/regional-quotas/",
    "/api/municipal-quotas/",
]
BAD_PAGES = ["", "0", "-1", "abc", "1.5", "²", "٣", "１２", " 1"]
BAD_PAGE_SIZES = ["", "0", "-5", "huge", "2.0", "²"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_a_malformed_page_or_page_size_is_a_400_naming_it(client: Client, url: str) -> None:
    for value in BAD_PAGES:
        response = client.get(url, {"page": value})
        assert response.status_code == 400, (url, value)
        assert list(response.json()) == ["page"]
    for value in BAD_PAGE_SIZES:
        response = client.get(url, {"page_size": value})
        assert response.status_code == 400, (url, value)
        assert list(response.json()) == ["page_size"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_a_page_beyond_the_last_is_a_404_and_a_large_page_size_is_served_as_1000(
    client: Client, url: str
) -> None:
    assert client.get(url, {"page": "2"}).status_code == 404
    assert client.get(url, {"page": "99999999999999999999"}).status_code == 404
    assert client.get(url, {"page": "1"}).status_code == 200
    assert client.get(url, {"page": "last"}).status_code == 200
    assert client.get(url, {"page_size": "99999999999999999999"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "name", "value"),
    [
        ("/api/meetings/", "items", "-1"),
        ("/api/meetings/", "items", "maybe"),
        ("/api/meetings/", "items", ""),
        ("/api/meetings/", "body", ""),
        ("/api/meetings/", "status", "nonsense"),
        ("/api/meetings/", "start_from", "2024-13-01"),
        ("/api/meetings/", "start_from", "99999-01-01"),
        ("/api/bodies/", "is_active", "maybe"),
        ("/api/bodies/", "kind", ""),
        ("/api/bodies/", "region", ""),
        ("/api/municipalities/", "region", ""),
        ("/api/seats/", "role", ""),
        ("/api/seats/", "role", "boss"),
        ("/api/memberships/", "role", ""),
        ("/api/memberships/", "current_on", "yesterday"),
        ("/api/persons/", "is_elected_politician", "maybe"),
        ("/api/persons/", "municipality__code", ""),
        ("/api/national-figures/", "quota_year__year", "0.5"),
        ("/api/national-figures/", "quota_year__year", "99999999999999"),
        ("/api/regional-quotas/", "year", "0.5"),
        ("/api/regional-quotas/", "year", "99999999999999"),
        ("/api/regional-quotas/", "year", "²"),
        ("/api/regional-quotas/", "version", "1e3"),
        ("/api/regional-quotas/", "current", "maybe"),
        ("/api/municipal-quotas/", "year", "0.5"),
        ("/api/municipal-quotas/", "version", "99999999999999999999"),
        ("/api/municipal-quotas/", "municipality", ""),
    ],
)
def test_a_malformed_filter_value_is_a_400_naming_the_parameter(
    client: Client, url: str, name: str, value: str
) -> None:
    response = client.get(url, {name: value})
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/meetings/", {"items": "true"}),
        ("/api/meetings/", {"items": "0"}),
        ("/api/meetings/", {"items": "False"}),
        ("/api/bodies/", {"is_active": "true"}),
        ("/api/regional-quotas/", {"year": "2015", "current": "1"}),
        ("/api/municipal-quotas/", {"year": "2016", "version": "2"}),
        ("/api/persons/", {"is_elected_politician": "false"}),
    ],
)
def test_well_formed_values_are_still_accepted(client: Client, url: str, params: dict) -> None:
    assert client.get(url, params).status_code == 200
