"""The secretariat's upkeep of a body's composition (issue 12): seats, terms, direct
appointments with the elected-politician warning, substitutes, ending memberships, linking
accounts, municipal contact persons, and what a contact person may propose and see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from accounts import rules
from accounts import services as account_services
from accounts.models import Affiliation
from accounts.rules import Action, can
from councils import selectors_composition as selectors
from councils import services
from councils.models import Body, Membership, Nomination, Organisation, Seat, Term
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    MunicipalityFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
)

TODAY = timezone.localdate()


@pytest.fixture
def world(db: None) -> dict:
    region, other_region = RegionFactory(), RegionFactory()
    kkr = BodyFactory(kind=Body.Kind.KKR, region=region)
    board = BodyFactory(region=region)
    other_kkr = BodyFactory(kind=Body.Kind.KKR, region=other_region)
    municipality = MunicipalityFactory(region=region)
    other_municipality = MunicipalityFactory(region=other_region)
    secretary, kkr_secretary, contact, outsider = (UserFactory() for _ in range(4))
    AffiliationFactory(user=secretary, body=board)
    AffiliationFactory(user=kkr_secretary, body=kkr)
    AffiliationFactory(
        user=contact,
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        body=None,
        municipality=municipality,
    )
    (politician_seat,) = services.seats_create(
        actor=secretary,
        body=board,
        count=1,
        label="Municipal",
        appointing_body=kkr,
        requires_elected_politician=True,
        has_personal_substitute=True,
    )
    organisation = Organisation.objects.create(name="DA", slug="da")
    (organisation_seat,) = services.seats_create(
        actor=secretary, body=board, count=1, label="DA", nominating_organisation=organisation
    )
    (other_region_seat,) = services.seats_create(
        actor=None, body=board, count=1, label="Other", appointing_body=other_kkr
    )
    return {
        "board": board,
        "kkr": kkr,
        "municipality": municipality,
        "other_municipality": other_municipality,
        "secretary": secretary,
        "kkr_secretary": kkr_secretary,
        "contact": contact,
        "outsider": outsider,
        "politician_seat": politician_seat,
        "organisation_seat": organisation_seat,
        "other_region_seat": other_region_seat,
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"  # English texts are asserted in this file
    return client


# --- Services ---------------------------------------------------------------------------


def test_a_politician_seat_refuses_a_non_politician_until_the_warning_is_confirmed(
    world: dict,
) -> None:
    person = PersonFactory(is_elected_politician=False)
    with pytest.raises(ValidationError) as refused:
        services.membership_appoint(
            actor=world["secretary"], seat=world["politician_seat"], person=person, start=TODAY
        )
    assert refused.value.code == services.NOT_ELECTED_POLITICIAN
    assert not Membership.objects.exists()
    membership = services.membership_appoint(
        actor=world["secretary"],
        seat=world["politician_seat"],
        person=person,
        start=TODAY,
        confirm_not_politician=True,
    )
    assert membership.seat == world["politician_seat"]
    assert membership.history.first().history_user == world["secretary"]


def test_seats_and_terms_are_changed_and_ended_with_history(world: dict) -> None:
    seat = world["organisation_seat"]
    services.seat_update(
        actor=world["secretary"],
        seat_id=seat.pk,
        label="  Nominated  by DA ",
        role="vice_chair",
        nominating_organisation=seat.nominating_organisation,
    )
    seat.refresh_from_db()
    assert (seat.label, seat.role) == ("Nominated by DA", "vice_chair")
    assert seat.history.first().history_user == world["secretary"]

    holder = services.membership_appoint(
        actor=world["secretary"], seat=seat, person=PersonFactory(), start=TODAY
    )
    with pytest.raises(ValidationError):  # someone holds it after its last day
        services.seat_end(actor=world["secretary"], seat_id=seat.pk)
    services.membership_end(actor=world["secretary"], membership_id=holder.pk, end=TODAY)
    services.seat_end(actor=world["secretary"], seat_id=seat.pk, last_day=TODAY)
    seat.refresh_from_db()
    assert not seat.is_active
    # The public's seat list shows active seats: a syncing system learns this one is gone.
    from core.models import Tombstone

    assert list(Tombstone.objects.values_list("resource", "object_id")) == [
        ("councils.seat", seat.pk)
    ]

    board = world["board"]
    first = services.term_create(
        actor=world["secretary"], body=board, start=dt.date(2022, 1, 1), end=dt.date(2025, 12, 31)
    )
    second = services.term_create(
        actor=world["secretary"], body=board, start=dt.date(2026, 1, 1), end=dt.date(2029, 12, 31)
    )
    with pytest.raises(ValidationError):  # would overlap the next term
        services.term_update(
            actor=world["secretary"],
            term_id=first.pk,
            start=first.start,
            end=dt.date(2026, 6, 30),
        )
    services.term_end(actor=world["secretary"], term_id=second.pk, end=dt.date(2027, 6, 30))
    second.refresh_from_db()
    assert second.end == dt.date(2027, 6, 30)
    with pytest.raises(ValidationError):
        services.term_end(actor=world["secretary"], term_id=second.pk, end=dt.date(2025, 1, 1))


def test_ending_a_membership_cannot_reach_into_a_successors_period(world: dict) -> None:
    seat = world["other_region_seat"]
    first = services.membership_appoint(
        actor=None,
        seat=seat,
        person=PersonFactory(),
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
    )
    services.membership_appoint(
        actor=None, seat=seat, person=PersonFactory(), start=dt.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.membership_end(actor=None, membership_id=first.pk, end=dt.date(2025, 6, 30))
    with pytest.raises(ValidationError):
        services.membership_end(actor=None, membership_id=first.pk, end=dt.date(2023, 6, 30))
    services.membership_end(actor=None, membership_id=first.pk, end=dt.date(2024, 6, 30))
    first.refresh_from_db()
    assert first.end == dt.date(2024, 6, 30)


def test_a_substitute_is_registered_only_on_a_seat_that_has_one(world: dict) -> None:
    substitute = services.membership_appoint(
        actor=world["secretary"],
        seat=world["politician_seat"],
        person=PersonFactory(),
        start=TODAY,
        as_substitute=True,
    )
    assert substitute.role == Membership.Role.SUBSTITUTE
    with pytest.raises(ValidationError):
        services.membership_appoint(
            actor=world["secretary"],
            seat=world["organisation_seat"],
            person=PersonFactory(),
            start=TODAY,
            as_substitute=True,
        )


def test_a_secretariat_links_an_account_only_for_people_who_sit_in_its_bodies(
    world: dict,
) -> None:
    person = PersonFactory()
    services.membership_appoint(
        actor=None, seat=world["organisation_seat"], person=person, start=TODAY
    )
    account = UserFactory()
    services.person_user_link(actor=world["secretary"], person_id=person.pk, user=account)
    person.refresh_from_db()
    assert person.user == account
    assert can(type(account).objects.get(pk=account.pk), Action.VIEW_CLOSED, world["board"])

    # Once the person also sits in a body the secretariat does not manage, it may not link.
    elsewhere = BodyFactory()
    Membership.objects.create(person=person, body=elsewhere, start=TODAY)
    with pytest.raises(ValidationError):
        services.person_user_link(actor=world["secretary"], person_id=person.pk, user=UserFactory())
    # One account belongs to one person.
    other = PersonFactory()
    with pytest.raises(ValidationError):
        services.person_user_link(actor=None, person_id=other.pk, user=account)
    # Unlinking takes the member role away in every body too: not for this secretariat,
    # since the person also sits in a body it does not manage; the administrator may.
    with pytest.raises(ValidationError):
        services.person_user_link(actor=world["secretary"], person_id=person.pk, user=None)
    person.refresh_from_db()
    assert person.user == account
    administrator = UserFactory(is_superuser=True, is_staff=True)
    services.person_user_link(actor=administrator, person_id=person.pk, user=None)
    person.refresh_from_db()
    assert person.user is None


def test_a_kkr_secretariat_grants_and_revokes_contacts_of_its_region_only(world: dict) -> None:
    user = UserFactory()
    affiliation = account_services.municipal_contact_grant(
        actor=world["kkr_secretary"], user=user, municipality_id=world["municipality"].pk
    )
    assert affiliation.history.first().history_user == world["kkr_secretary"]
    with pytest.raises(PermissionDenied):
        account_services.municipal_contact_grant(
            actor=world["kkr_secretary"],
            user=user,
            municipality_id=world["other_municipality"].pk,
        )
    with pytest.raises(PermissionDenied):  # a body's secretariat is not a KKR's
        account_services.municipal_contact_grant(
            actor=world["secretary"], user=user, municipality_id=world["municipality"].pk
        )
    secretariat_role = Affiliation.objects.get(user=world["secretary"])
    with pytest.raises(PermissionDenied):  # platform roles are the administrator's
        account_services.affiliation_revoke(
            actor=world["kkr_secretary"], affiliation_id=secretariat_role.pk
        )
    account_services.affiliation_revoke(actor=world["kkr_secretary"], affiliation_id=affiliation.pk)
    assert not Affiliation.objects.filter(pk=affiliation.pk).exists()
    deleted = Affiliation.history.filter(id=affiliation.pk, history_type="-").get()
    assert deleted.history_user == world["kkr_secretary"]


def test_a_contact_proposes_only_for_seats_open_to_their_municipality(world: dict) -> None:
    contact, municipality = world["contact"], world["municipality"]
    nomination = services.nomination_propose(
        actor=contact,
        seat=world["politician_seat"],
        candidate_name="Anna",
        on_behalf_of_municipality=municipality,
    )
    assert nomination.status == Nomination.Status.PROPOSED
    for seat in (world["organisation_seat"], world["other_region_seat"]):
        with pytest.raises(ValidationError):
            services.nomination_propose(
                actor=contact,
                seat=seat,
                candidate_name="Bent",
                on_behalf_of_municipality=municipality,
            )
    with pytest.raises(ValidationError):  # on behalf of someone else's municipality
        services.nomination_propose(
            actor=contact,
            seat=world["politician_seat"],
            candidate_name="Carl",
            on_behalf_of_municipality=world["other_municipality"],
        )


def test_the_nominable_seats_filter_agrees_with_proposing(world: dict) -> None:
    seats = list(Seat.objects.all())
    for role in ("secretary", "kkr_secretary", "contact", "outsider"):
        user = world[role]
        found = set(Seat.objects.filter(rules.nominable_seats_q(user)))
        assert found == {s for s in seats if can(user, Action.PROPOSE_NOMINATION, s)}, role


def test_an_accepted_nomination_that_starts_later_shows_as_coming(world: dict) -> None:
    nomination = services.nomination_propose(
        actor=world["contact"],
        seat=world["politician_seat"],
        candidate_name="Dorte",
        candidate_is_elected_politician=True,
        on_behalf_of_municipality=world["municipality"],
    )
    services.nomination_accept(
        actor=world["kkr_secretary"],
        nomination_id=nomination.pk,
        start=TODAY + dt.timedelta(days=30),
    )
    (row,) = [
        row
        for group in selectors.body_composition(body=world["board"])
        for row in group.rows
        if row.seat == world["politician_seat"]
    ]
    assert row.holder is None and [m.person.name for m in row.coming] == ["Dorte"]
    page = Client().get(world["board"].get_absolute_url()).content.decode()
    assert "badge badge-info" in page and "Dorte" in page


# --- Pages ------------------------------------------------------------------------------


def test_the_secretariat_reaches_the_composition_page_from_the_body_page(world: dict) -> None:
    board = world["board"]
    manage = reverse("councils:composition_manage", args=[board.slug])
    assert manage in _client(world["secretary"]).get(board.get_absolute_url()).content.decode()
    assert manage not in _client(world["contact"]).get(board.get_absolute_url()).content.decode()
    assert _client(world["secretary"]).get(manage).status_code == 200
    assert _client(world["contact"]).get(manage).status_code == 403
    assert _client(world["kkr_secretary"]).get(manage).status_code == 403


def test_appointing_a_non_politician_asks_for_confirmation_then_appoints(world: dict) -> None:
    board, seat = world["board"], world["politician_seat"]
    url = reverse("councils:membership_appoint", args=[board.slug, seat.pk])
    client = _client(world["secretary"])
    data = {"new_name": "Erik Ørsted", "start": TODAY.isoformat()}
    with override("en"):
        warned = client.post(url, data)
    assert warned.status_code == 200
    assert "confirm_not_politician" in warned.content.decode()
    assert "not registered as an elected politician" in warned.content.decode()
    assert not Membership.objects.exists()
    assert client.post(url, {**data, "confirm_not_politician": "on"}).status_code == 302
    membership = Membership.objects.get()
    assert membership.person.name == "Erik Ørsted" and membership.person.slug == "erik-oersted"


def test_pages_create_seats_terms_end_a_membership_and_link_an_account(world: dict) -> None:
    board = world["board"]
    client = _client(world["secretary"])
    response = client.post(
        reverse("councils:seat_create", args=[board.slug]),
        {"count": "2", "label": "Observers", "role": "observer"},
    )
    assert response.status_code == 302
    assert board.seats.filter(label="Observers").count() == 2
    seat = board.seats.filter(label="Observers").first()
    edit = reverse("councils:seat_edit", args=[board.slug, seat.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"label": "Observer", "role": "observer"}).status_code == 302
    seat.refresh_from_db()
    assert seat.label == "Observer"
    bad = client.post(
        reverse("councils:term_create", args=[board.slug]),
        {"start": "2026-01-01", "end": "2025-01-01"},
    )
    assert bad.status_code == 400 and "end" in bad.context["form"].errors
    assert (
        client.post(
            reverse("councils:term_create", args=[board.slug]),
            {"start": "2026-01-01", "end": "2029-12-31"},
        ).status_code
        == 302
    )
    term = Term.objects.get(body=board)
    client.post(
        reverse("councils:term_edit", args=[board.slug, term.pk]),
        {"start": "2026-01-01", "end": "2027-12-31"},
    )
    term.refresh_from_db()
    assert term.end == dt.date(2027, 12, 31)

    person = PersonFactory()
    membership = services.membership_appoint(
        actor=None, seat=world["organisation_seat"], person=person, start=dt.date(2024, 1, 1)
    )
    account = UserFactory(username="member-account")
    assert (
        client.post(
            reverse("councils:person_account", args=[board.slug, membership.pk]),
            {"account": "member-account"},
        ).status_code
        == 302
    )
    person.refresh_from_db()
    assert person.user == account
    unknown = client.post(
        reverse("councils:person_account", args=[board.slug, membership.pk]),
        {"account": "nobody-here"},
    )
    assert unknown.status_code == 400 and "account" in unknown.context["form"].errors
    end_url = reverse("councils:membership_end", args=[board.slug, membership.pk])
    assert client.get(end_url).status_code == 200  # asks first
    assert client.post(end_url, {"end": "2025-06-30"}).status_code == 302
    membership.refresh_from_db()
    assert membership.end == dt.date(2025, 6, 30)


def test_another_bodys_secretariat_cannot_touch_the_composition(world: dict) -> None:
    board = world["board"]
    membership = services.membership_appoint(
        actor=None, seat=world["organisation_seat"], person=PersonFactory(), start=TODAY
    )
    other = UserFactory()
    AffiliationFactory(user=other, body=BodyFactory())
    client = _client(other)
    for url in (
        reverse("councils:seat_create", args=[board.slug]),
        reverse("councils:seat_end", args=[board.slug, world["organisation_seat"].pk]),
        reverse("councils:membership_appoint", args=[board.slug, world["organisation_seat"].pk]),
        reverse("councils:membership_end", args=[board.slug, membership.pk]),
        reverse("councils:person_account", args=[board.slug, membership.pk]),
    ):
        assert client.post(url, {"end": TODAY.isoformat()}).status_code == 403, url
    membership.refresh_from_db()
    assert membership.end is None and world["organisation_seat"].is_active


def test_the_contacts_page_grants_and_revokes_for_the_kkr_region(world: dict) -> None:
    client = _client(world["kkr_secretary"])
    url = reverse("councils:municipal_contacts")
    page = client.get(url)
    assert page.status_code == 200
    offered = set(page.context["form"].fields["municipality"].queryset)
    assert offered == {world["municipality"]}
    newcomer = UserFactory(username="newcomer", email="newcomer@example.org")
    response = client.post(
        url, {"municipality": world["municipality"].pk, "account": "NEWCOMER@example.org"}
    )
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(user=newcomer)
    refused = client.post(
        url, {"municipality": world["other_municipality"].pk, "account": "newcomer"}
    )
    assert refused.status_code == 400
    revoke = reverse("councils:municipal_contact_revoke", args=[affiliation.pk])
    assert client.post(revoke).status_code == 200  # asks first
    assert Affiliation.objects.filter(pk=affiliation.pk).exists()
    assert client.post(revoke, {"confirm": "1"}).status_code == 302
    assert not Affiliation.objects.filter(pk=affiliation.pk).exists()
    assert _client(world["secretary"]).get(url).status_code == 403
    assert _client(world["contact"]).get(url).status_code == 403


def test_the_propose_form_offers_only_the_seats_open_to_the_contacts_municipality(
    world: dict,
) -> None:
    client = _client(world["contact"])
    page = client.get(reverse("councils:nomination_propose"))
    assert set(page.context["form"].fields["seat"].queryset) == {world["politician_seat"]}
    refused = client.post(
        reverse("councils:nomination_propose"),
        {
            "seat": world["organisation_seat"].pk,
            "candidate_name": "Finn",
            "municipality": world["municipality"].pk,
        },
    )
    assert refused.status_code == 400 and "seat" in refused.context["form"].errors
    direct = reverse(
        "councils:nomination_create", args=[world["board"].slug, world["organisation_seat"].pk]
    )
    assert client.get(direct).status_code == 403
    assert (
        client.post(
            reverse("councils:nomination_propose"),
            {
                "seat": world["politician_seat"].pk,
                "candidate_name": "Finn",
                "municipality": world["municipality"].pk,
            },
        ).status_code
        == 302
    )
    mine = client.get(reverse("councils:nominations_own"))
    assert [n.candidate_name for n in mine.context["nominations"]] == ["Finn"]
    assert _client(world["secretary"]).get(reverse("councils:nominations_own")).status_code == 403


def test_the_menu_shows_only_entries_the_user_may_open(world: dict) -> None:
    appointments = reverse("councils:appointments")
    own = reverse("councils:nominations_own")
    contact_page = _client(world["contact"]).get(own).content.decode()
    assert f'href="{appointments}"' not in contact_page and f'href="{own}"' in contact_page
    secretary_page = _client(world["secretary"]).get(appointments).content.decode()
    assert f'href="{appointments}"' in secretary_page and f'href="{own}"' not in secretary_page
    outsider_page = _client(world["outsider"]).get(reverse("accounts:profile")).content.decode()
    assert f'href="{appointments}"' not in outsider_page and f'href="{own}"' not in outsider_page


def test_the_appointments_page_leads_a_kkr_secretariat_to_the_contact_persons(
    world: dict,
) -> None:
    contacts = reverse("councils:municipal_contacts")
    page = _client(world["kkr_secretary"]).get(reverse("councils:appointments"))
    assert contacts in page.content.decode()
    page = _client(world["secretary"]).get(reverse("councils:appointments"))
    assert contacts not in page.content.decode()


def test_accepting_a_nomination_of_a_non_politician_warns_then_appoints_on_confirmation(
    world: dict,
) -> None:
    """As with a direct appointment: the secretariat is warned, not refused, and nothing is
    saved until it confirms."""
    nomination = services.nomination_propose(
        actor=None,
        seat=world["politician_seat"],
        candidate_name="Karen Kandidat",
        on_behalf_of_municipality=world["municipality"],
    )
    client = _client(world["kkr_secretary"])  # the KKR appoints to the politician seat
    url = reverse("councils:nomination_decide", args=[nomination.pk, "accept"])
    data = {"start": TODAY.isoformat()}
    warned = client.post(url, data)
    page = warned.content.decode()
    assert warned.status_code == 200
    assert "not registered as an elected politician" in page
    assert 'name="confirm_not_politician"' in page
    assert not Membership.objects.filter(person__name="Karen Kandidat").exists()
    confirmed = client.post(url, {**data, "confirm_not_politician": "on"})
    assert confirmed.status_code == 302
    assert Membership.objects.filter(
        person__name="Karen Kandidat", seat=world["politician_seat"]
    ).exists()


def test_a_member_without_an_account_is_invited_and_linked_all_or_nothing(
    world: dict, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from accounts.models import User
    from accounts.rules import roles_for

    person = PersonFactory(email="ny.medlem@example.dk")
    membership = services.membership_appoint(
        actor=None, seat=world["organisation_seat"], person=person, start=TODAY
    )
    client = _client(world["secretary"])
    url = reverse("councils:person_account", args=[world["board"].slug, membership.pk])
    assert 'name="invite"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, {"invite": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is not None and not person.user.has_usable_password()
    assert person.user.email == "ny.medlem@example.dk"
    assert world["board"].pk in roles_for(User.objects.get(pk=person.user_id)).member_body_ids
    assert callbacks  # the invitation is queued after the commit
    [message] = mailoutbox
    assert message.to == ["ny.medlem@example.dk"]
    assert reverse("accounts:password_reset_complete").rsplit("/", 2)[0] in message.body

    # All or nothing: a person who also sits elsewhere is not invited by this secretariat.
    other = PersonFactory(email="anden@example.dk")
    Membership.objects.create(person=other, body=BodyFactory(), start=TODAY)
    with pytest.raises(ValidationError):
        services.person_account_invite(
            actor=world["secretary"],
            person_id=other.pk,
            domain="testserver",
            use_https=True,
            language="da",
        )
    assert not User.objects.filter(email="anden@example.dk").exists()
