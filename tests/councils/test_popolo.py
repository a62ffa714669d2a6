"""The Popolo export validates against the Popolo JSON schemas (draft-03), every object."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "popolo-schemas"


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft3Validator]:
    schemas = {p.stem: json.loads(p.read_text()) for p in SCHEMAS.glob("*.json")}
    registry = (
        Registry()
        .with_resources(
            (schema["id"].rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT3))
            for schema in schemas.values()
        )
        .with_resources(
            (schema["id"], Resource.from_contents(schema, default_specification=DRAFT3))
            for schema in schemas.values()
        )
    )
    return {
        name: Draft3Validator(schemas[name], registry=registry)
        for name in ("person", "organization", "post", "membership")
    }


def test_every_exported_object_is_valid_popolo(client: Client, demo, validators) -> None:
    data = client.get("/api/popolo/").json()
    kinds = {
        "persons": "person",
        "organizations": "organization",
        "posts": "post",
        "memberships": "membership",
    }
    for collection, schema in kinds.items():
        assert data[collection], collection
        for item in data[collection]:
            errors = [e.message for e in validators[schema].iter_errors(item)]
            assert errors == [], (collection, item, errors)


def test_the_validator_rejects_a_broken_object(validators) -> None:
    assert list(validators["membership"].iter_errors({"start_date": "22. august 2014"}))


def test_memberships_name_the_nominating_organisation(client: Client, demo) -> None:
    from councils import services
    from councils.models import Seat
    from tests.factories import PersonFactory

    seat = Seat.objects.filter(
        body__slug="rar-fyn", nominating_organisation__short_name="DA"
    ).first()
    services.membership_appoint(
        actor=None,
        seat=seat,
        person=PersonFactory(name="Arbejdsgiver"),
        start=__import__("datetime").date(2024, 1, 1),
    )
    data = client.get("/api/popolo/").json()
    membership = next(m for m in data["memberships"] if m["person_id"] == "person-arbejdsgiver")
    assert membership["on_behalf_of_id"] == "org-dansk-arbejdsgiverforening"
    assert membership["post_id"] == f"seat-{seat.pk}"
    ids = {o["id"] for o in data["organizations"]}
    assert membership["on_behalf_of_id"] in ids and membership["organization_id"] in ids
