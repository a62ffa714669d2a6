"""Composition rules: seats, terms, appointments, nominations, reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import Affiliation
from councils import services
from councils.models import Appointment, Membership, Nomination, Seat
from tests.factories import AffiliationFactory, BodyFactory, PersonFactory, UserFactory

D = dt.date


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def seat(db) -> Seat:
    kkr = BodyFactory(name="KKR Test")
    board = BodyFactory(name="Bestyrelse")
    return services.seats_create(
        actor=None,
        body=board,
        count=1,
        label="Udpeget af KKR",
        appointing_body=kkr,
        has_personal_substitute=True,
    )[0]


def test_seats_exist_without_holders(seat) -> None:
    assert seat.memberships.count() == 0
    assert seat.body.seats.count() == 1


def test_a_seat_cannot_get_a_second_holder_for_an_overlapping_period(seat) -> None:
    services.membership_appoint(
        actor=None,
        seat=seat,
        person=PersonFactory(name="A"),
        start=D(2022, 1, 1),
        end=D(2025, 12, 31),
    )
    b = PersonFactory(name="B")
    with pytest.raises(
        ValidationError, match="The seat is held by A from 01-01-2022 to 31-12-2025"
    ):
        services.membership_appoint(actor=None, seat=seat, person=b, start=D(2025, 6, 1))
    assert seat.memberships.count() == 1
    # After the first term has ended, the seat can be given again.
    services.membership_appoint(actor=None, seat=seat, person=b, start=D(2026, 1, 1))
    assert seat.memberships.count() == 2


def test_an_open_ended_holder_blocks_any_later_appointment(seat) -> None:
    services.membership_appoint(actor=None, seat=seat, person=PersonFactory(), start=D(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.membership_appoint(
            actor=None, seat=seat, person=PersonFactory(), start=D(2030, 1, 1)
        )


def test_the_same_person_cannot_hold_the_same_seat_twice_at_once(seat) -> None:
    person = PersonFactory(name="Ane")
    services.membership_appoint(
        actor=None, seat=seat, person=person, start=D(2022, 1, 1), end=D(2023, 1, 1)
    )
    with pytest.raises(ValidationError, match="Ane already holds this seat"):
        services.membership_appoint(
            actor=None, seat=seat, person=person, start=D(2022, 6, 1), as_substitute=True
        )


def test_a_personal_substitute_sits_beside_the_holder_but_only_one(seat) -> None:
    services.membership_appoint(actor=None, seat=seat, person=PersonFactory(), start=D(2022, 1, 1))
    substitute = services.membership_appoint(
        actor=None, seat=seat, person=PersonFactory(), start=D(2022, 1, 1), as_substitute=True
    )
    assert substitute.role == "substitute"
    with pytest.raises(ValidationError):
        services.membership_appoint(
            actor=None, seat=seat, person=PersonFactory(), start=D(2023, 1, 1), as_substitute=True
        )


def test_a_seat_for_an_elected_politician_refuses_others(db) -> None:
    seat = services.seats_create(
        actor=None,
        body=BodyFactory(),
        count=1,
        label="Formand",
        role="chair",
        requires_elected_politician=True,
    )[0]
    with pytest.raises(ValidationError, match="not registered as an elected politician"):
        services.membership_appoint(
            actor=None, seat=seat, person=PersonFactory(name="Embedsmand"), start=D(2024, 1, 1)
        )
    mayor = PersonFactory(name="Borgmester", is_elected_politician=True)
    membership = services.membership_appoint(
        actor=None, seat=seat, person=mayor, start=D(2024, 1, 1)
    )
    assert membership.role == "chair"


def test_a_membership_cannot_end_before_it_starts(seat) -> None:
    with pytest.raises(ValidationError):
        services.membership_appoint(
            actor=None, seat=seat, person=PersonFactory(), start=D(2024, 1, 1), end=D(2023, 1, 1)
        )
    assert Membership.objects.count() == 0


def test_terms_of_a_body_do_not_overlap(db) -> None:
    body = BodyFactory()
    services.term_create(actor=None, body=body, start=D(2022, 1, 1), end=D(2025, 12, 31))
    with pytest.raises(ValidationError, match="overlaps the term 01-01-2022 – 31-12-2025"):
        services.term_create(actor=None, body=body, start=D(2025, 1, 1), end=D(2029, 12, 31))
    services.term_create(actor=None, body=body, start=D(2026, 1, 1), end=D(2029, 12, 31))


def test_an_appointment_records_who_appointed_and_where_it_was_decided(seat) -> None:
    membership = services.membership_appoint(
        actor=None,
        seat=seat,
        person=PersonFactory(),
        start=D(2014, 8, 22),
        decided_on=D(2014, 8, 22),
        decision_reference="KD-Net 22. august 2014, punkt 15.2",
    )
    appointment = Appointment.objects.get(membership=membership)
    assert appointment.appointing_body == seat.appointing_body
    assert appointment.decision_reference.endswith("punkt 15.2")


def test_a_candidate_proposed_twice_is_refused(seat) -> None:
    services.nomination_propose(actor=None, seat=seat, candidate_name="Mette  Frederiksen")
    with pytest.raises(ValidationError, match="already been proposed"):
        services.nomination_propose(actor=None, seat=seat, candidate_name="mette frederiksen")
    assert Nomination.objects.count() == 1


def test_accepting_creates_person_membership_and_tells_both_secretariats(
    seat, django_capture_on_commit_callbacks
) -> None:
    appointing = UserFactory(username="kkr", email="kkr@example.org")
    receiving = UserFactory(username="board", email="board@example.org")
    AffiliationFactory(user=appointing, body=seat.appointing_body)
    AffiliationFactory(user=receiving, body=seat.body)
    nomination = services.nomination_propose(
        actor=None, seat=seat, candidate_name="Rune Asmussen", candidate_is_elected_politician=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.nomination_accept(
            actor=appointing, nomination_id=nomination.pk, start=D(2026, 1, 1)
        )
    nomination.refresh_from_db()
    assert nomination.status == "accepted" and nomination.membership == membership
    assert membership.person.name == "Rune Asmussen" and membership.person.is_elected_politician
    # One e-mail per address, through the outbox.
    assert sorted(m.to for m in mail.outbox) == [["board@example.org"], ["kkr@example.org"]]
    # A retried notice task sends nothing again.
    assert services.appointment_notice_send(membership_id=membership.pk) == 0


def test_accepting_into_a_taken_seat_saves_nothing(seat) -> None:
    services.membership_appoint(actor=None, seat=seat, person=PersonFactory(), start=D(2020, 1, 1))
    nomination = services.nomination_propose(actor=None, seat=seat, candidate_name="Ny Kandidat")
    with pytest.raises(ValidationError):
        services.nomination_accept(actor=None, nomination_id=nomination.pk, start=D(2026, 1, 1))
    nomination.refresh_from_db()
    assert nomination.status == "proposed"
    assert not Membership.objects.filter(person__name="Ny Kandidat").exists()


def test_declining_needs_a_reason(seat) -> None:
    nomination = services.nomination_propose(actor=None, seat=seat, candidate_name="X")
    with pytest.raises(ValidationError):
        services.nomination_decline(actor=None, nomination_id=nomination.pk, reason="")
    services.nomination_decline(actor=None, nomination_id=nomination.pk, reason="Ikke valgbar")
    # A declined candidate may be proposed again later.
    services.nomination_propose(actor=None, seat=seat, candidate_name="X")


def test_term_endings_and_vacancies_are_announced_once(
    seat, django_capture_on_commit_callbacks
) -> None:
    secretary = UserFactory(username="sekr", email="sekr@example.org")
    AffiliationFactory(user=secretary, body=seat.appointing_body, kind=Affiliation.Kind.SECRETARIAT)
    today = D(2026, 3, 1)
    # The seat is vacant today: one vacancy notice (sent from the outbox after the commit).
    with django_capture_on_commit_callbacks(execute=True):
        assert services.term_reminders_send(today=today) == 1
    assert "Vacant seat" in mail.outbox[-1].subject
    services.membership_appoint(
        actor=None,
        seat=seat,
        person=PersonFactory(name="Lise"),
        start=D(2026, 1, 1),
        end=D(2026, 4, 15),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.term_reminders_send(today=today) == 1
    assert mail.outbox[-1].subject == "Term ending: Lise in Bestyrelse on 15-04-2026"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.term_reminders_send(today=today + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2


def test_accepting_a_candidate_whose_name_starts_with_a_capital_danish_letter_keeps_it_in_the_slug(
    seat,
) -> None:
    nomination = services.nomination_propose(
        actor=None, seat=seat, candidate_name="Øjvind Ærbø", candidate_is_elected_politician=True
    )
    membership = services.nomination_accept(
        actor=None, nomination_id=nomination.pk, start=D(2026, 1, 1)
    )
    assert membership.person.slug == "oejvind-aerboe"
