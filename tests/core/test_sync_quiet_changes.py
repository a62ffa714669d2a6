"""Changes that happen without a save of the record still reach the change feed (issue 15,
decision 0033): a link cleared by a deletion elsewhere, a seat whose holder changes because
a date passed; and a model nobody classified is never taken as public."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils import timezone

from core.checks import timestamped_models_say_who_sees_them
from core.models import Timestamped, Tombstone, set_null_touching
from councils import services
from councils.models import Membership, Organisation, Person, Region, Seat
from tests.factories import BodyFactory, PersonFactory, RegionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _feed_keys(client: Client, url: str, since: dt.datetime) -> list[str]:
    response = client.get(url, {"modified_since": since.isoformat()})
    assert response.status_code == 200, response.content
    return [str(entry.get("slug") or entry.get("id")) for entry in response.json()["results"]]


def test_a_cleared_link_moves_the_records_modified_and_the_feed_shows_it(client: Client) -> None:
    organisation = Organisation.objects.create(name="Dansk Erhverv", slug="dansk-erhverv")
    person = PersonFactory(organisation=organisation)
    before = Person.objects.get(pk=person.pk).modified
    since = timezone.now()
    time.sleep(0.01)  # the clock must move past ``since`` (timestamps, not wall-clock limits)

    organisation.delete()

    person.refresh_from_db()
    assert person.organisation_id is None
    assert person.modified > before
    assert person.slug in _feed_keys(client, "/api/persons/", since)


def test_every_public_records_optional_link_moves_modified_when_cleared() -> None:
    """A new ``SET_NULL`` link on a synced record would clear silently: only links to
    accounts (never in the public's answers) may stay plain ``SET_NULL``."""
    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if issubclass(model, Timestamped)
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey)
        and field.remote_field.on_delete is models.SET_NULL
        and field.related_model._meta.label != "accounts.User"
    ]
    assert plain == []
    uses = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey)
        and field.remote_field.on_delete is set_null_touching
    ]
    assert "councils.Person.municipality" in uses
    assert "agreements.Agreement.predecessor" in uses


def test_a_seat_whose_holder_changes_by_date_moves_modified_once(client: Client) -> None:
    body = BodyFactory(region=RegionFactory())
    (seat,) = services.seats_create(actor=None, body=body, count=1, label="Formand")
    leaving, coming = PersonFactory(), PersonFactory()
    tomorrow = TODAY + dt.timedelta(days=1)
    Membership.objects.create(person=leaving, body=body, seat=seat, start=TODAY, end=TODAY)
    Membership.objects.create(person=coming, body=body, seat=seat, start=tomorrow)
    # Today's holder is announced by the first run; a second run finds nothing new.
    assert services.seat_holders_announce(today=TODAY) == 1
    assert services.seat_holders_announce(today=TODAY) == 0
    announced = Seat.objects.get(pk=seat.pk)
    assert announced.announced_holder_id == leaving.pk
    since = timezone.now()
    time.sleep(0.01)

    # Midnight passes: no write, but the holder is another person now.
    assert services.seat_holders_announce(today=tomorrow) == 1
    seat.refresh_from_db()
    assert seat.announced_holder_id == coming.pk
    assert seat.modified > announced.modified
    assert str(seat.pk) in _feed_keys(client, "/api/seats/", since)
    assert services.seat_holders_announce(today=tomorrow) == 0


def test_a_coming_appointment_does_not_hold_the_seat_yet(client: Client) -> None:
    body = BodyFactory(region=RegionFactory())
    (seat,) = services.seats_create(actor=None, body=body, count=1, label="Næstformand")
    coming = PersonFactory()
    Membership.objects.create(
        person=coming, body=body, seat=seat, start=TODAY + dt.timedelta(days=30)
    )
    answer = client.get("/api/seats/", {"body": body.slug}).json()["results"]
    assert [(row["id"], row["holder"]) for row in answer] == [(seat.pk, None)]


def test_every_synced_model_says_who_sees_it_and_one_that_does_not_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert timestamped_models_say_who_sees_them() == []

    monkeypatch.setattr(Region, "ALL_PUBLIC", False)
    errors = timestamped_models_say_who_sees_them()
    assert [(e.id, e.obj) for e in errors] == [("core.E001", Region)]
    # Unclassified, nothing is taken as public: a deletion leaves no tombstone.
    region = RegionFactory()
    assert Region.public_pks([region.pk]) == set()
    region.delete()
    assert not Tombstone.objects.filter(resource="councils.region").exists()
