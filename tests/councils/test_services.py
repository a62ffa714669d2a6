"""Rules enforced by the councils services, and the history they leave."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.errors import ConflictError
from councils import services
from councils.models import Body, Membership
from tests.factories import BodyFactory, PersonFactory, UserFactory


def test_a_membership_cannot_end_before_it_starts(db: None) -> None:
    with pytest.raises(ValidationError) as error:
        services.membership_ensure(
            actor=None,
            person=PersonFactory(),
            body=BodyFactory(),
            role="member",
            start=dt.date(2024, 1, 1),
            end=dt.date(2023, 12, 31),
        )
    assert error.value.message_dict["end"] == ["Et medlemskab kan ikke slutte, før det begynder."]
    assert Membership.objects.count() == 0


def test_the_database_also_refuses_an_end_before_the_start(db: None) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=PersonFactory(),
            body=BodyFactory(),
            start=dt.date(2024, 1, 1),
            end=dt.date(2023, 1, 1),
        )


def test_updating_a_body_records_who_changed_what(db: None) -> None:
    body = BodyFactory(description="Gammel")
    secretary = UserFactory(username="sekretaer")
    services.body_update(
        actor=secretary,
        body_id=body.pk,
        expected_version=1,
        short_name="AG",
        description="Ny",
        website="",
        is_active=True,
    )
    latest = body.history.latest()
    assert latest.history_user == secretary
    assert latest.description == "Ny"
    delta = latest.diff_against(latest.prev_record)
    assert set(delta.changed_fields) == {"short_name", "description"}
    assert latest.version == 2


def test_a_stale_version_is_refused_and_says_what_the_other_person_changed(db: None) -> None:
    body = BodyFactory(description="Oprindelig")
    first, second = UserFactory(username="a"), UserFactory(username="b")
    fields = {"short_name": "", "website": "", "is_active": True}
    services.body_update(
        actor=first, body_id=body.pk, expected_version=1, description="Førstes tekst", **fields
    )
    with pytest.raises(ConflictError) as error:
        services.body_update(
            actor=second, body_id=body.pk, expected_version=1, description="Andens", **fields
        )
    assert error.value.changes == [("beskrivelse", "Førstes tekst")]
    body.refresh_from_db()
    assert body.description == "Førstes tekst"
    assert body.version == 2


def test_only_editable_fields_can_be_changed_through_body_update(db: None) -> None:
    body = BodyFactory()
    with pytest.raises(ValueError, match="slug"):
        services.body_update(actor=None, body_id=body.pk, expected_version=1, slug="x")


def test_upserting_the_same_values_again_writes_no_history(db: None) -> None:
    kwargs = {"actor": None, "slug": "ag", "name": "Arbejdsgruppe", "kind": Body.Kind.WORKING_GROUP}
    body = services.body_upsert(**kwargs)
    services.body_upsert(**kwargs)
    assert body.history.count() == 1
    services.body_upsert(**{**kwargs, "name": "Arbejdsgruppen"})
    assert body.history.count() == 2
