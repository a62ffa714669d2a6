"""The read API for regions, municipalities and bodies."""

from __future__ import annotations

from django.test import Client


def test_municipalities_can_be_filtered_by_region(client: Client, demo) -> None:
    data = client.get("/api/municipalities/", {"region": "1082"}).json()
    assert data["count"] == 19
    aarhus = next(m for m in data["results"] if m["code"] == "751")
    assert aarhus.items() >= {"name": "Aarhus", "slug": "aarhus", "region": "1082"}.items()
    # Every record says when it was made and last changed (decision 0033).
    assert {"created", "modified"} <= set(aarhus)


def test_bodies_can_be_filtered_by_kind(client: Client, demo) -> None:
    data = client.get("/api/bodies/", {"kind": "kkr"}).json()
    assert data["count"] == 5
    first = data["results"][0]
    assert first["url"].startswith("http://testserver/organer/")


def test_a_bad_filter_value_is_a_400_with_the_reason(client: Client, demo) -> None:
    response = client.get("/api/bodies/", {"kind": "nonsense"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_the_openapi_schema_describes_the_endpoints(client: Client, db) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/bodies/" in schema["paths"]
    assert "/api/municipalities/{code}/" in schema["paths"]


def test_the_body_list_keeps_a_fixed_number_of_queries(
    client: Client, demo, django_assert_num_queries
) -> None:
    with django_assert_num_queries(2):
        client.get("/api/bodies/")
