"""Who proposes, decides and sees appointments: the pages ask ``accounts.rules``."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from councils.models import Body, Nomination, Seat
from tests.factories import UserFactory


def _log_in(client: Client, username: str) -> None:
    assert (
        client.post(
            reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"}
        ).status_code
        == 302
    )


def _vacant_seat_in_kd_net() -> Seat:
    kd_net = Body.objects.get(slug="kd-net-midtjylland")
    return Seat.objects.create(body=kd_net, label="Ny plads uden udpegende organ")


def test_a_signed_in_user_without_a_role_is_not_offered_to_propose_a_candidate(
    client: Client, demo
) -> None:
    seat = _vacant_seat_in_kd_net()
    propose = reverse("councils:nomination_create", args=[seat.body.slug, seat.pk])
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("councils:body_detail", args=[seat.body.slug])).content.decode()
    assert propose not in page
    assert client.get(propose).status_code == 403


def test_a_municipal_contact_is_offered_to_propose_and_may(client: Client, demo) -> None:
    seat = _vacant_seat_in_kd_net()
    propose = reverse("councils:nomination_create", args=[seat.body.slug, seat.pk])
    _log_in(client, "kontakt")
    page = client.get(reverse("councils:body_detail", args=[seat.body.slug])).content.decode()
    assert propose in page
    assert client.get(propose).status_code == 200


def test_the_overview_shows_the_seats_whose_nominations_the_secretariat_decides(
    client: Client, demo
) -> None:
    """A seat without an appointing body is decided by its own body's secretariat; the
    overview used to leave it out although the nomination list showed its proposals."""
    seat = _vacant_seat_in_kd_net()
    Nomination.objects.create(seat=seat, candidate_name="Kandidat Uden Udpeger")
    _log_in(client, "sekretariat")
    rows = client.get(reverse("councils:appointments")).context["rows"]
    assert seat in {row.seat for row in rows}
    nominations = client.get(reverse("councils:nomination_list")).context["nominations"]
    assert seat in {nomination.seat for nomination in nominations}


def test_another_secretariat_neither_sees_nor_decides_the_seat(client: Client, demo) -> None:
    seat = _vacant_seat_in_kd_net()
    nomination = Nomination.objects.create(seat=seat, candidate_name="Kandidat Uden Udpeger")
    other = UserFactory()
    from accounts.models import Affiliation

    Affiliation.objects.create(
        user=other, kind=Affiliation.Kind.SECRETARIAT, body=Body.objects.get(slug="rar-fyn")
    )
    client.force_login(other)
    rows = client.get(reverse("councils:appointments")).context["rows"]
    assert seat not in {row.seat for row in rows}
    nominations = client.get(reverse("councils:nomination_list")).context["nominations"]
    assert nomination not in set(nominations)
    decide = reverse("councils:nomination_decide", args=[nomination.pk, "decline"])
    assert client.post(decide, {"decline_reason": "nej"}).status_code == 403
