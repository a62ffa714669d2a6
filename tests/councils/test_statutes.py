"""A body's statutes as data and where the body departs from them (issue 18): the statute
services with their rules and history, every kind of departure, and the composition and
statutes pages for the secretariat, with the query count pinned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councils import services
from councils.models import Body, Membership, Organisation, Statute, StatuteSeatRule
from councils.selectors_statutes import DeviationKind, statute_deviations
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
)

TODAY = timezone.localdate()
START = TODAY - dt.timedelta(days=30)


@pytest.fixture
def world(db: None) -> dict:
    region = RegionFactory()
    kkr = BodyFactory(kind=Body.Kind.KKR, region=region, name="KKR Test")
    board = BodyFactory(region=region, kind=Body.Kind.BUSINESS_HUB_BOARD, name="Erhvervshus Test")
    da = Organisation.objects.create(name="Dansk Arbejdsgiverforening", slug="da")
    secretary = UserFactory()
    AffiliationFactory(user=secretary, body=board)
    return {"region": region, "kkr": kkr, "board": board, "da": da, "secretary": secretary}


def _kinds(body: Body) -> list[str]:
    return [d.kind for d in statute_deviations(body=body).deviations]


def _appoint(seat, *, politician: bool = True, substitute: bool = False, actor=None, start=START):
    person = PersonFactory(is_elected_politician=politician)
    return services.membership_appoint(
        actor=actor,
        seat=seat,
        person=person,
        start=start,
        as_substitute=substitute,
        confirm_not_politician=True,
    )


# --- Services ---------------------------------------------------------------------------


def test_statute_update_creates_then_changes_only_what_differs_with_history(world) -> None:
    board, secretary = world["board"], world["secretary"]
    statute = services.statute_update(actor=secretary, body=board, seats_total=11)
    services.statute_update(actor=secretary, body=board, seats_total=11)
    assert statute.history.count() == 1
    services.statute_update(
        actor=secretary, body=board, seats_total=11, chair_must_be_politician=True
    )
    statute.refresh_from_db()
    assert statute.chair_must_be_politician
    assert statute.history.count() == 2
    assert statute.history.first().history_user == secretary


def test_statute_refuses_a_total_of_no_members(world) -> None:
    with pytest.raises(ValidationError):
        services.statute_update(actor=None, body=world["board"], seats_total=0)
    assert not Statute.objects.exists()


def test_seat_rule_refuses_two_appointers_and_per_body_without_a_kind(world) -> None:
    board, kkr = world["board"], world["kkr"]
    with pytest.raises(ValidationError) as error:
        services.statute_rule_create(
            actor=None,
            body=board,
            label="KKR",
            count=4,
            appointing_body=kkr,
            appointing_body_kind=Body.Kind.KKR,
        )
    assert "appointing_body_kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.statute_rule_create(
            actor=None, body=board, label="KKR", count=1, per_appointing_body=True
        )
    assert "per_appointing_body" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.statute_rule_create(actor=None, body=board, label="KKR", count=0)
    assert not StatuteSeatRule.objects.exists()


def test_a_removed_seat_rule_stays_in_the_history_with_the_secretary(world) -> None:
    secretary = world["secretary"]
    rule = services.statute_rule_create(actor=secretary, body=world["board"], label="DA", count=6)
    services.statute_rule_update(actor=secretary, rule_id=rule.pk, label="DA", count=5)
    services.statute_rule_delete(actor=secretary, rule_id=rule.pk)
    assert not StatuteSeatRule.objects.exists()
    rows = list(StatuteSeatRule.history.filter(id=rule.pk).order_by("history_date"))
    assert [r.history_type for r in rows] == ["+", "~", "-"]
    assert rows[-1].history_user == secretary


# --- Departures -------------------------------------------------------------------------


def test_no_statutes_means_no_departures(world) -> None:
    services.seats_create(actor=None, body=world["board"], count=3, label="Medlem")
    check = statute_deviations(body=world["board"])
    assert not check.has_statute and check.deviations == []


def test_a_body_that_follows_its_statutes_departs_in_nothing(world) -> None:
    board, kkr = world["board"], world["kkr"]
    services.statute_rule_create(
        actor=None, body=board, label="KKR", count=2, appointing_body=kkr, must_be_politician=True
    )
    for seat in services.seats_create(
        actor=None, body=board, count=2, label="KKR", appointing_body=kkr
    ):
        _appoint(seat)
    assert _kinds(board) == []


def test_too_few_and_too_many_seats_from_an_organisation(world) -> None:
    board, kkr, da = world["board"], world["kkr"], world["da"]
    services.statute_rule_create(
        actor=None, body=board, label="DA", count=6, nominating_organisation=da
    )
    services.statute_rule_create(actor=None, body=board, label="KKR", count=1, appointing_body=kkr)
    services.seats_create(actor=None, body=board, count=5, label="DA", nominating_organisation=da)
    services.seats_create(actor=None, body=board, count=2, label="KKR", appointing_body=kkr)
    check = statute_deviations(body=board)
    kinds = [d.kind for d in check.deviations]
    assert kinds == [DeviationKind.TOO_FEW_SEATS, DeviationKind.TOO_MANY_SEATS]
    assert "6" in check.deviations[0].message and "5" in check.deviations[0].message


def test_a_seat_no_rule_provides_for_is_a_departure_unless_a_total_is_given(world) -> None:
    board, da = world["board"], world["da"]
    services.statute_rule_create(
        actor=None, body=board, label="DA", count=1, nominating_organisation=da
    )
    services.seats_create(actor=None, body=board, count=1, label="DA", nominating_organisation=da)
    (extra,) = services.seats_create(actor=None, body=board, count=1, label="Ekstra")
    check = statute_deviations(body=board)
    assert [d.kind for d in check.deviations] == [DeviationKind.SEAT_OUTSIDE_STATUTES]
    assert check.deviations[0].seat == extra
    # With "11 members in all" the other seats are not named; the total is compared.
    services.statute_update(actor=None, body=board, seats_total=11)
    assert _kinds(board) == [DeviationKind.TOTAL]
    services.statute_update(actor=None, body=board, seats_total=2)
    assert _kinds(board) == []


def test_observers_are_counted_apart_from_members(world) -> None:
    board = world["board"]
    services.statute_update(actor=None, body=board, seats_total=1)
    services.statute_rule_create(actor=None, body=board, label="Obs", count=1, is_observer=True)
    services.seats_create(actor=None, body=board, count=1, label="Medlem")
    services.seats_create(actor=None, body=board, count=1, label="Obs", role="observer")
    assert _kinds(board) == []


def test_one_seat_per_kkr_counts_each_kkr(world) -> None:
    national = BodyFactory(region=None, kind=Body.Kind.BUSINESS_PROMOTION_BOARD)
    kkrs = [world["kkr"], BodyFactory(kind=Body.Kind.KKR), BodyFactory(kind=Body.Kind.KKR)]
    services.statute_rule_create(
        actor=None,
        body=national,
        label="Udpeget af KKR",
        count=1,
        appointing_body_kind=Body.Kind.KKR,
        per_appointing_body=True,
    )
    for kkr in kkrs[:2]:
        services.seats_create(actor=None, body=national, count=1, label="KKR", appointing_body=kkr)
    services.seats_create(actor=None, body=national, count=1, label="KKR", appointing_body=kkrs[0])
    check = statute_deviations(body=national)
    messages = {d.kind: d.message for d in check.deviations}
    assert sorted(messages) == [DeviationKind.TOO_FEW_SEATS, DeviationKind.TOO_MANY_SEATS]
    assert kkrs[2].name in messages[DeviationKind.TOO_FEW_SEATS]
    assert kkrs[0].name in messages[DeviationKind.TOO_MANY_SEATS]


def test_a_politicians_seat_held_by_someone_who_is_not_one(world) -> None:
    board, kkr = world["board"], world["kkr"]
    services.statute_rule_create(
        actor=None, body=board, label="KKR", count=1, appointing_body=kkr, must_be_politician=True
    )
    # The seat itself does not demand it: the statutes do.
    (seat,) = services.seats_create(
        actor=None, body=board, count=1, label="KKR", appointing_body=kkr
    )
    holder = _appoint(seat, politician=False)
    check = statute_deviations(body=board)
    assert [d.kind for d in check.deviations] == [DeviationKind.NOT_POLITICIAN]
    assert holder.person.name in check.deviations[0].message


def test_a_missing_personal_substitute(world) -> None:
    board = world["board"]
    services.statute_rule_create(
        actor=None, body=board, label="Medlem", count=1, personal_substitutes=True
    )
    (seat,) = services.seats_create(
        actor=None, body=board, count=1, label="Medlem", has_personal_substitute=True
    )
    _appoint(seat)
    assert _kinds(board) == [DeviationKind.MISSING_SUBSTITUTE]
    _appoint(seat, substitute=True)
    assert _kinds(board) == []


def test_the_chair_rules(world) -> None:
    board, kkr = world["board"], world["kkr"]
    services.statute_update(
        actor=None, body=board, chair_must_be_politician=True, chair_appointed_by=kkr
    )
    assert _kinds(board) == [DeviationKind.CHAIR_MISSING]
    (chair_seat,) = services.seats_create(
        actor=None, body=board, count=1, label="Formand", role="chair"
    )
    _appoint(chair_seat, politician=False)
    assert _kinds(board) == [
        DeviationKind.CHAIR_NOT_POLITICIAN,
        DeviationKind.CHAIR_WRONG_APPOINTER,
    ]
    services.seat_update(
        actor=None, seat_id=chair_seat.pk, label="Formand", role="chair", appointing_body=kkr
    )
    # The appointment named no appointer; the seat now says KKR appoints to it.
    assert _kinds(board) == [DeviationKind.CHAIR_NOT_POLITICIAN]
    Membership.objects.filter(seat=chair_seat).update(end=TODAY - dt.timedelta(days=1))
    _appoint(chair_seat, politician=True, start=TODAY)
    assert _kinds(board) == []


def test_the_vice_chair_rule_has_its_own_text(world) -> None:
    board = world["board"]
    services.statute_update(actor=None, body=board, vice_chair_must_be_politician=True)
    (seat,) = services.seats_create(
        actor=None, body=board, count=1, label="Næstformand", role="vice_chair"
    )
    _appoint(seat, politician=False)
    (deviation,) = statute_deviations(body=board).deviations
    assert deviation.kind == DeviationKind.CHAIR_NOT_POLITICIAN
    assert deviation.role == "vice_chair"


def _fill(board, kkr, count: int) -> None:
    services.statute_update(
        actor=None, body=board, chair_must_be_politician=True, chair_appointed_by=kkr
    )
    services.statute_rule_create(
        actor=None,
        body=board,
        label="KKR",
        count=3,
        appointing_body_kind=Body.Kind.KKR,
        per_appointing_body=True,
        must_be_politician=True,
        personal_substitutes=True,
    )
    for seat in services.seats_create(
        actor=None, body=board, count=count, label="KKR", appointing_body=kkr
    ):
        _appoint(seat, politician=False)


@pytest.mark.parametrize("count", [2, 20])
def test_the_departures_take_a_fixed_number_of_queries(world, count) -> None:
    board, kkr = world["board"], world["kkr"]
    _fill(board, kkr, count)
    with CaptureQueriesContext(connection) as queries:
        check = statute_deviations(body=board)
    assert len(check.deviations) >= count
    # Statutes, rules, seats, their memberships, the chair, the KKR for "per KKR".
    assert len(queries) == 6


# --- Pages ------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("count", [2, 20])
def test_the_composition_page_lists_the_departures_in_fixed_queries(
    world, count, django_assert_max_num_queries
) -> None:
    board, kkr = world["board"], world["kkr"]
    _fill(board, kkr, count)
    client = _client(world["secretary"])
    url = reverse("councils:composition_manage", args=[board.slug])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="statute-deviations"' in html
    assert html.count('data-kind="not_politician"') == count
    assert html.count('data-kind="missing_substitute"') == count


def test_without_statutes_the_composition_page_offers_to_register_them(world) -> None:
    board = world["board"]
    response = _client(world["secretary"]).get(
        reverse("councils:composition_manage", args=[board.slug])
    )
    html = response.content.decode()
    assert reverse("councils:statute_manage", args=[board.slug]) in html
    assert "data-kind=" not in html


def test_the_secretariat_keeps_the_statutes_on_their_page(world) -> None:
    board, kkr = world["board"], world["kkr"]
    client = _client(world["secretary"])
    url = reverse("councils:statute_manage", args=[board.slug])
    response = client.post(
        url, {"seats_total": "11", "chair_must_be_politician": "on", "chair_appointed_by": kkr.pk}
    )
    assert response.status_code == 302
    statute = Statute.objects.get(body=board)
    assert statute.seats_total == 11 and statute.chair_appointed_by == kkr
    response = client.post(
        reverse("councils:statute_rule_create", args=[board.slug]),
        {"label": "KKR", "count": "4", "appointing_body": kkr.pk, "must_be_politician": "on"},
    )
    assert response.status_code == 302
    rule = StatuteSeatRule.objects.get()
    # Both appointers at once: refused on the form, nothing changed.
    response = client.post(
        reverse("councils:statute_rule_edit", args=[board.slug, rule.pk]),
        {"label": "KKR", "count": "4", "appointing_body": kkr.pk, "appointing_body_kind": "kkr"},
    )
    assert response.status_code == 400
    rule.refresh_from_db()
    assert rule.appointing_body_kind == ""
    page = client.get(url).content.decode()
    assert "KKR" in page and world["secretary"].username in page
    response = client.post(reverse("councils:statute_rule_delete", args=[board.slug, rule.pk]))
    assert response.status_code == 302
    assert not StatuteSeatRule.objects.exists()


def test_another_secretariat_may_not_change_the_statutes(world) -> None:
    outsider = UserFactory()
    AffiliationFactory(user=outsider, body=world["kkr"])
    response = _client(outsider).post(
        reverse("councils:statute_manage", args=[world["board"].slug]), {"seats_total": "3"}
    )
    assert response.status_code == 403
    assert not Statute.objects.exists()


def test_the_demo_statutes_load_twice_and_show_a_departure(demo) -> None:
    from councils.demo_statutes import load_statute_demo

    first = load_statute_demo()
    rules = StatuteSeatRule.objects.count()
    assert load_statute_demo() == first
    assert StatuteSeatRule.objects.count() == rules
    assert first["statutes"] >= 4
    # At least one visible departure (the Erhvervshus boards: 11 members, ten seats).
    bodies = Body.objects.filter(statute__isnull=False)
    assert any(_kinds(body) for body in bodies)
