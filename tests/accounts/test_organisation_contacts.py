"""Contact persons of organisations (decision 0023): the secretariat of a body grants and
removes them for the organisations that nominate to its seats (councils' page, accounts'
services), with history; nobody else but the administrator."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import services
from accounts.models import Affiliation
from councils.models import Organisation, Seat
from tests.factories import AffiliationFactory, BodyFactory, UserFactory


@pytest.fixture
def world(db: None) -> dict:
    body, other_body = BodyFactory(name="RAR Grant"), BodyFactory(name="Andet Grant")
    secretary, other_secretary = UserFactory(username="grant-sek"), UserFactory(username="o-sek")
    AffiliationFactory(user=secretary, body=body)
    AffiliationFactory(user=other_secretary, body=other_body)
    da = Organisation.objects.create(name="DA Grant", slug="da-grant")
    lo = Organisation.objects.create(name="LO Grant", slug="lo-grant")
    Seat.objects.create(body=body, label="DA", nominating_organisation=da)
    Seat.objects.create(body=other_body, label="LO", nominating_organisation=lo)
    admin = UserFactory(username="grant-admin", is_superuser=True, is_staff=True)
    return {
        "body": body,
        "secretary": secretary,
        "other_secretary": other_secretary,
        "da": da,
        "lo": lo,
        "admin": admin,
        "person": UserFactory(username="da-person", email="person@da.example"),
    }


def test_the_secretariat_grants_a_contact_person_of_an_organisation_nominating_to_its_body(
    world,
):
    affiliation = services.organisation_contact_grant(
        actor=world["secretary"], user=world["person"], organisation_id=world["da"].pk
    )
    assert affiliation.kind == Affiliation.Kind.ORGANISATION_CONTACT
    assert affiliation.organisation == world["da"]
    assert affiliation.history.get().history_user == world["secretary"]
    # Twice changes nothing.
    again = services.organisation_contact_grant(
        actor=world["secretary"], user=world["person"], organisation_id=world["da"].pk
    )
    assert again.pk == affiliation.pk


def test_another_bodys_secretariat_may_neither_grant_nor_revoke(world):
    with pytest.raises(PermissionDenied):
        services.organisation_contact_grant(
            actor=world["other_secretary"], user=world["person"], organisation_id=world["da"].pk
        )
    affiliation = services.organisation_contact_grant(
        actor=world["secretary"], user=world["person"], organisation_id=world["da"].pk
    )
    with pytest.raises(PermissionDenied):
        services.affiliation_revoke(actor=world["other_secretary"], affiliation_id=affiliation.pk)
    services.affiliation_revoke(actor=world["secretary"], affiliation_id=affiliation.pk)
    assert not Affiliation.objects.filter(pk=affiliation.pk).exists()
    deleted = Affiliation.history.filter(id=affiliation.pk, history_type="-").get()
    assert deleted.history_user == world["secretary"]


def test_the_administrator_grants_for_any_organisation(world):
    affiliation = services.organisation_contact_grant(
        actor=world["admin"], user=world["person"], organisation_id=world["lo"].pk
    )
    assert affiliation.organisation == world["lo"]


def test_the_page_offers_only_the_organisations_nominating_to_the_secretariats_bodies(
    client, world
):
    client.force_login(world["secretary"])
    url = reverse("councils:organisation_contacts")
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["organisation"].queryset) == [world["da"]]
    assert [row.organisation for row in page.context["rows"]] == [world["da"]]
    # LO is not offered: choosing it is refused on the form.
    refused = client.post(url, {"organisation": world["lo"].pk, "account": "da-person"})
    assert refused.status_code == 400
    assert not Affiliation.objects.filter(organisation=world["lo"]).exists()
    granted = client.post(url, {"organisation": world["da"].pk, "account": "person@da.example"})
    assert granted.status_code == 302
    affiliation = Affiliation.objects.get(organisation=world["da"])
    assert affiliation.user == world["person"]
    page = client.get(url)
    assert "da-person" in page.content.decode() or "person@da.example" in page.content.decode()
    assert reverse("councils:organisation_contact_revoke", args=[affiliation.pk]) in (
        page.content.decode()
    )


def test_the_page_is_refused_to_who_is_no_secretariat_and_revoking_asks_first(client, world):
    affiliation = services.organisation_contact_grant(
        actor=world["secretary"], user=world["person"], organisation_id=world["da"].pk
    )
    revoke = reverse("councils:organisation_contact_revoke", args=[affiliation.pk])
    client.force_login(world["person"])
    assert client.get(reverse("councils:organisation_contacts")).status_code == 403
    assert client.get(revoke).status_code == 403
    client.force_login(world["other_secretary"])
    assert client.get(reverse("councils:organisation_contacts")).status_code == 200
    assert client.get(revoke).status_code == 403
    assert client.post(revoke, {"confirm": "1"}).status_code == 403
    client.force_login(world["secretary"])
    assert client.get(revoke).status_code == 200
    assert Affiliation.objects.filter(pk=affiliation.pk).exists()  # asked, not done
    assert client.post(revoke, {"confirm": "1"}).status_code == 302
    assert not Affiliation.objects.filter(pk=affiliation.pk).exists()


def test_an_abolished_seat_stops_granting_but_its_contacts_can_still_be_removed(client, world):
    """Once the organisation's only seat in the secretariat's body is inactive, the page
    offers it no longer and the service refuses to grant; its contact persons are still
    listed, and the secretariat removes them (page and service agree)."""
    existing = services.organisation_contact_grant(
        actor=world["secretary"], user=world["person"], organisation_id=world["da"].pk
    )
    Seat.objects.filter(nominating_organisation=world["da"]).update(is_active=False)
    client.force_login(world["secretary"])
    url = reverse("councils:organisation_contacts")
    page = client.get(url)
    assert list(page.context["form"].fields["organisation"].queryset) == []
    assert [row.organisation for row in page.context["rows"]] == [world["da"]]
    revoke = reverse("councils:organisation_contact_revoke", args=[existing.pk])
    assert revoke in page.content.decode()
    newcomer = UserFactory(username="da-ny")
    with pytest.raises(PermissionDenied):
        services.organisation_contact_grant(
            actor=world["secretary"], user=newcomer, organisation_id=world["da"].pk
        )
    assert client.post(revoke, {"confirm": "1"}).status_code == 302
    assert not Affiliation.objects.filter(pk=existing.pk).exists()
    # The administrator still grants for any organisation.
    services.organisation_contact_grant(
        actor=world["admin"], user=newcomer, organisation_id=world["da"].pk
    )
