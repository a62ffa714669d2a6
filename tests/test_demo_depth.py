"""Demo depth (issue 18): what `load_demo` promises is there as data, shows on the public
pages, and a second load changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from councils.demo import DEMO_PASSWORD, load_demo
from councils.demo_kkr import SECRETARIAT_USERS
from councils.models import Body, Membership, Municipality, Seat
from meetings.demo import load_meeting_demo
from meetings.models import Meeting, Newsletter

KKRS = ["kkr-hovedstaden", "kkr-sjaelland", "kkr-syddanmark", "kkr-midtjylland", "kkr-nordjylland"]
SKNO = "skane-nordost-samverkanskommitte"


@pytest.fixture(scope="module")
def _loaded_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo loaded once for the module (it takes a while), inside a transaction that is
    rolled back afterwards; each test runs in a savepoint within it, as with setUpTestData."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            load_meeting_demo()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def full_demo(_loaded_once: None, db: None) -> None:
    return None


def _current(body: Body, **filters: object):
    return Membership.objects.current().filter(body=body, **filters)


def test_every_kkr_has_a_chair_a_vice_chair_and_a_mayor_per_municipality(full_demo) -> None:
    for slug in KKRS:
        body = Body.objects.get(slug=slug)
        assert _current(body, role="chair").count() == 1, slug
        assert _current(body, role="vice_chair").count() == 1, slug
        municipalities = Municipality.objects.filter(region=body.region)
        members = _current(body, role__in=["chair", "vice_chair", "member"])
        # Members are politicians of the region's own municipalities, one for each.
        assert members.count() == municipalities.count(), slug
        assert set(members.values_list("municipality", flat=True)) == set(
            municipalities.values_list("pk", flat=True)
        )
        assert not members.filter(person__is_elected_politician=False).exists()
    midt = Body.objects.get(slug="kkr-midtjylland")
    # The seed's names (seed 003) where it gives them.
    assert _current(midt, role="chair").get().person.name == "Jan Petersen"
    assert _current(midt, role="vice_chair").get().person.name == "Carsten Kissmeyer"
    assert _current(midt, person__name="Steen Vindum", municipality__name="Silkeborg").exists()


@pytest.mark.parametrize("username", [row[0] for row in SECRETARIAT_USERS])
def test_each_regional_secretariat_can_sign_in_and_edit_its_own_body_only(
    full_demo, client: Client, username: str
) -> None:
    slugs = dict((row[0], row[3]) for row in SECRETARIAT_USERS)[username]
    response = client.post("/konto/log-ind/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    own = Body.objects.get(slug=slugs[0])
    edit = reverse("councils:body_edit", kwargs={"slug": own.slug})
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "version": own.version,
            "short_name": own.short_name,
            "description": own.description + " Redigeret af sekretariatet.",
            "website": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.description.endswith("Redigeret af sekretariatet.")
    other = "kkr-midtjylland" if own.slug != "kkr-midtjylland" else "kkr-sjaelland"
    assert client.get(reverse("councils:body_edit", kwargs={"slug": other})).status_code == 403


def test_every_kkr_region_has_a_secretariat_log_in(full_demo) -> None:
    from accounts.models import Affiliation

    kept = set(
        Affiliation.objects.filter(kind=Affiliation.Kind.SECRETARIAT).values_list(
            "body__slug", flat=True
        )
    )
    assert set(KKRS) | {SKNO} <= kept


def _held(body: Body, **filters: object) -> list[Seat]:
    today = timezone.localdate()
    return [
        seat
        for seat in body.seats.filter(is_active=True, **filters)
        if seat.memberships.current(today).exclude(role="substitute").exists()
    ]


def test_the_seats_kkr_appoints_to_are_held(full_demo) -> None:
    kkr_syd = Body.objects.get(slug="kkr-syddanmark")
    for slug, count in (("rar-fyn", 5), ("rar-sydjylland", 5)):
        body = Body.objects.get(slug=slug)
        assert len(_held(body, appointing_body=kkr_syd)) == count, slug
    for slug in ("erhvervshus-fyn", "erhvervshus-sydjylland"):
        body = Body.objects.get(slug=slug)
        assert len(_held(body, appointing_body=kkr_syd)) == 4, slug
        assert len(_held(body, appointing_body=kkr_syd, role="chair")) == 1, slug
    defb = Body.objects.get(slug="danmarks-erhvervsfremmebestyrelse")
    held = _held(defb)
    assert len(held) == 5
    # Each KKR's seat is held by that KKR's chair, recorded as an appointment by it.
    for seat in held:
        membership = seat.memberships.get()
        assert membership.appointment.appointing_body_id == seat.appointing_body_id
        assert Membership.objects.filter(
            body=seat.appointing_body, role="chair", person=membership.person
        ).exists()


def test_skane_nordost_has_seven_municipalities_a_board_of_two_each_and_a_kristianstad_chair(
    full_demo,
) -> None:
    body = Body.objects.get(slug=SKNO)
    assert Municipality.objects.filter(region=body.region).count() == 7
    board = _current(body, role__in=["chair", "vice_chair", "member"])
    assert board.count() == 14
    per_municipality = {}
    for membership in board.select_related("municipality"):
        per_municipality.setdefault(membership.municipality.name, []).append(membership)
    assert len(per_municipality) == 7
    assert {len(v) for v in per_municipality.values()} == {2}
    chair = board.get(role="chair")
    assert chair.municipality.name == "Kristianstad"
    meeting = Meeting.objects.get(body=body)
    assert meeting.minutes_adjusted_at is not None and meeting.minutes_are_published
    adjusters = meeting.adjusters.filter(approved_at__isnull=False)
    assert adjusters.exists()
    # The board itself attended and adjusted: no invented stand-ins.
    assert set(adjusters.values_list("person", flat=True)) <= set(
        board.values_list("person", flat=True)
    )
    assert meeting.attendance.count() == 14


def test_kkr_sjaelland_10_september_2019_has_five_topics_and_a_published_newsletter(
    full_demo,
) -> None:
    meeting = Meeting.objects.get(body__slug="kkr-sjaelland", starts_at__date=dt.date(2019, 9, 10))
    topics = meeting.items.filter(parent=None, standing="")
    assert topics.count() == 5
    assert not topics.filter(decision="").exists()
    assert meeting.minutes_are_published
    newsletter = Newsletter.objects.get(meeting=meeting)
    assert newsletter.status == Newsletter.Status.PUBLISHED
    assert newsletter.title == "Nyhedsbrev KKR Sjælland september 2019"
    assert timezone.localtime(newsletter.published_at).date() == dt.date(2019, 9, 16)
    for topic in topics:
        assert topic.title in newsletter.content


def test_the_public_pages_show_them(full_demo, client: Client) -> None:
    for slug in KKRS:
        body = Body.objects.get(slug=slug)
        page = client.get(body.get_absolute_url())
        assert page.status_code == 200
        text = page.content.decode()
        for role in ("chair", "vice_chair"):
            assert _current(body, role=role).get().person.name in text, (slug, role)
    for slug in ("rar-fyn", "erhvervshus-sydjylland", "danmarks-erhvervsfremmebestyrelse", SKNO):
        body = Body.objects.get(slug=slug)
        page = client.get(body.get_absolute_url())
        assert page.status_code == 200
        text = page.content.decode()
        holders = _current(body).select_related("person")
        assert holders.exists()
        for membership in holders:
            assert membership.person.name in text, (slug, membership.person.name)
    skno = Meeting.objects.get(body__slug=SKNO)
    page = client.get(skno.get_absolute_url())
    assert page.status_code == 200
    assert "Näringslivsstrategi för Skåne Nordost 2025-2030" in page.content.decode()
    sjaelland = Meeting.objects.get(body__slug="kkr-sjaelland", starts_at__year=2019)
    page = client.get(sjaelland.get_absolute_url())
    assert page.status_code == 200
    for title in sjaelland.items.filter(standing="").values_list("title", flat=True):
        assert escape(title) in page.content.decode()
    newsletter = sjaelland.newsletter
    page = client.get(reverse("meetings:newsletter_detail", kwargs={"pk": newsletter.pk}))
    assert page.status_code == 200
    assert "Nyhedsbrev KKR Sjælland september 2019" in page.content.decode()
    assert "VIVE" in page.content.decode()


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "councils", "meetings", "core", "notifications"}
    }


def test_a_second_load_changes_nothing(full_demo) -> None:
    before = _row_counts()
    assert load_demo()["users"] == 0
    load_meeting_demo()
    assert _row_counts() == before
