"""The API's lists keep each published version's items as an audience sees them
(``meetings.api.views.items_by_meeting``, decision 0039): a kept list must always be the
list that would be made from the database now, for every audience and language, and after
every change that shows in it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Affiliation
from meetings import services
from meetings.models import AgendaItem, Attendance
from tests.factories import AffiliationFactory, MunicipalityFactory, PersonFactory, UserFactory
from tests.meetings.conftest import SECRET
from tests.meetings.test_closed_items import _log_in

LIST = "/api/meetings/?items=true&body=kd-net-midtjylland"


def _items(client: Client, url: str = LIST, **headers: str) -> list[Any]:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return [meeting["items"] for meeting in response.json()["results"]]


def _kept_and_made(client: Client, **headers: str) -> tuple[list[Any], list[Any]]:
    # Another address each time, so the whole answer is never the public page cache's.
    _items(client, f"{LIST}&page_size=50", **headers)  # makes and keeps
    with CaptureQueriesContext(connection) as queries:
        kept = _items(client, f"{LIST}&page_size=51", **headers)
    assert not [q for q in queries.captured_queries if '"snapshot"' in q["sql"]], "not kept"
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        made = _items(client, f"{LIST}&page_size=52", **headers)
    assert [q for q in queries.captured_queries if '"snapshot"' in q["sql"]], "kept"
    return kept, made


def test_a_kept_list_reads_no_snapshot_and_is_the_made_list(
    client: Client, published, django_assert_num_queries
) -> None:
    _items(client, f"{LIST}&page_size=40")
    # count, meetings, current versions, withdrawn files: the items themselves are kept
    with django_assert_num_queries(4):
        kept = _items(client, f"{LIST}&page_size=41")
    cache.clear()
    with django_assert_num_queries(5):  # and the snapshots, when nothing is kept
        made = _items(client, f"{LIST}&page_size=42")
    assert kept == made
    assert any(item.get("title") == "Åbent punkt" for items in kept for item in items)


def test_members_and_the_public_are_kept_apart(published) -> None:
    member = Client()
    _log_in(member, "medlem")
    public = Client()
    # Each audience first after the other has filled the cache.
    assert SECRET in str(_items(member))
    assert SECRET not in str(_items(public, f"{LIST}&page_size=60"))
    cache.clear()
    assert SECRET not in str(_items(public, f"{LIST}&page_size=61"))
    assert SECRET in str(_items(member))
    kept, made = _kept_and_made(member)
    assert kept == made


def test_a_new_publication_is_shown_at_once(client: Client, published) -> None:
    _items(client, f"{LIST}&page_size=70")
    item = AgendaItem.objects.get(meeting=published["meeting"], title="Åbent punkt")
    services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=item.version, title="Nyt navn"
    )
    # Not yet published: the kept list is still right.
    assert "Nyt navn" not in str(_items(client, f"{LIST}&page_size=71"))
    services.minutes_publish(
        actor=None, meeting_id=published["meeting"].pk, confirm_missing=True, change_note="Navn"
    )
    assert "Nyt navn" in str(_items(client, f"{LIST}&page_size=72"))
    kept, made = _kept_and_made(client)
    assert kept == made


def test_an_item_closed_and_published_leaves_the_public_list(client: Client, published) -> None:
    assert "Offentlig tekst" in str(_items(client, f"{LIST}&page_size=80"))
    item = AgendaItem.objects.get(meeting=published["meeting"], title="Åbent punkt")
    services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=item.version, is_closed=True
    )
    services.minutes_publish(
        actor=None, meeting_id=published["meeting"].pk, confirm_missing=True, change_note="Lukket"
    )
    assert "Offentlig tekst" not in str(_items(client, f"{LIST}&page_size=81"))


def test_each_language_is_kept_for_itself(client: Client, published) -> None:
    item = AgendaItem.objects.get(meeting=published["meeting"], title="Åbent punkt")
    services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=item.version, decision_type="approved"
    )
    services.minutes_publish(
        actor=None, meeting_id=published["meeting"].pk, confirm_missing=True, change_note="Type"
    )

    def label(language: str, size: int) -> str:
        items = _items(client, f"{LIST}&page_size={size}", accept_language=language)
        [found] = [i for m in items for i in m if i.get("decision_type") == "approved"]
        return found["decision_type_label"]

    assert label("da", 90) == "Godkendt"
    assert label("en", 91) == "Approved"
    assert label("da", 92) == "Godkendt"
    for language in ("da", "en"):
        kept, made = _kept_and_made(client, accept_language=language)
        assert kept == made


def test_a_withdrawn_file_shows_its_reason_at_once_not_a_dead_link(
    client: Client, published
) -> None:
    open_attachment = published["open_attachment"]

    def shown(items: list[Any]) -> dict[str, Any]:
        [found] = [
            {key: value for key, value in a.items() if key != "number"}
            for item in items
            for a in item.get("attachments", [])
            if a["title"] == "Åbent bilag"
        ]
        return found

    assert shown(_items(client, f"{LIST}&page_size=100")[0]) == {
        "title": "Åbent bilag",
        "content_type": "application/pdf",
        "url": f"http://testserver/moeder/bilag/{open_attachment.pk}/",
        "withdrawn_reason": "",
    }
    since = timezone.now().isoformat()
    services.attachment_withdraw(
        actor=None, attachment_id=open_attachment.pk, reason="Offentliggjort ved en fejl"
    )
    # Systems syncing with ?modified_since= are told to fetch the meeting again.
    feed = client.get("/api/meetings/", {"modified_since": since}).json()["results"]
    assert [m["id"] for m in feed] == [published["meeting"].pk]
    withdrawn = {
        "title": "Åbent bilag",
        "content_type": "application/pdf",
        "url": None,
        "withdrawn_reason": "Offentliggjort ved en fejl",
    }
    assert shown(_items(client, f"{LIST}&page_size=101")[0]) == withdrawn
    detail = client.get(f"/api/meetings/{published['meeting'].pk}/").json()
    assert shown(detail["items"]) == withdrawn
    kept, made = _kept_and_made(client)
    assert kept == made


def test_a_draft_is_never_kept(client: Client, published) -> None:
    _items(client, f"{LIST}&page_size=110")  # the public fills the cache
    item = AgendaItem.objects.get(meeting=published["meeting"], title="Åbent punkt")
    services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=item.version, title="Kladdens navn"
    )
    secretariat = Client()
    _log_in(secretariat, "sekretariat")
    assert "Kladdens navn" in str(_items(secretariat))
    item.refresh_from_db()
    services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=item.version, title="Næste udkast"
    )
    shown = str(_items(secretariat, f"{LIST}&page_size=111"))
    assert "Næste udkast" in shown and "Kladdens navn" not in shown
    assert "Kladdens navn" not in str(_items(client, f"{LIST}&page_size=112"))


def test_links_follow_the_address_asked(client: Client, published) -> None:
    pk = published["open_attachment"].pk

    def urls(**extra: Any) -> list[str]:
        response = client.get(f"{LIST}&page_size=120", **extra)
        return [
            a["url"]
            for meeting in response.json()["results"]
            for item in meeting["items"]
            for a in item.get("attachments", [])
        ]

    assert urls() == [f"http://testserver/moeder/bilag/{pk}/"]
    cache.clear()  # the page cache too: the next answer is made, its items from the cache
    _items(client, f"{LIST}&page_size=121")
    assert urls(secure=True) == [f"https://testserver/moeder/bilag/{pk}/"]


@pytest.fixture
def late_arrival(published) -> Client:
    """Someone joined at the open item, in published minutes of a body that does not
    publish attendance; a client signed in as a municipality's contact person, who sees
    named attendance and nothing else the public does not (no closed item)."""
    meeting = published["meeting"]
    assert not meeting.body.publishes_attendance
    item = AgendaItem.objects.get(meeting=meeting, title="Åbent punkt")
    services.attendance_record(
        actor=None,
        meeting=meeting,
        person=PersonFactory(name="Sen Ankomst"),
        status=Attendance.Status.PRESENT,
        joined_at=item,
    )
    services.minutes_publish(
        actor=None, meeting_id=meeting.pk, confirm_missing=True, change_note="Fremmøde"
    )
    contact = UserFactory(username="kontaktperson-fremmoede")
    AffiliationFactory(
        user=contact,
        kind=Affiliation.Kind.MUNICIPAL_CONTACT,
        body=None,
        municipality=MunicipalityFactory(),
    )
    named = Client()
    named.force_login(contact)
    return named


def test_an_audience_that_differs_only_in_named_attendance_is_kept_apart(
    late_arrival: Client,
) -> None:
    named, public = late_arrival, Client()
    # Each first after the other has filled the cache, and both ways round.
    assert "Sen Ankomst" in str(_items(named))
    assert "Sen Ankomst" not in str(_items(public, f"{LIST}&page_size=80"))
    cache.clear()
    assert "Sen Ankomst" not in str(_items(public, f"{LIST}&page_size=81"))
    assert "Sen Ankomst" in str(_items(named))
    # The closed item stays closed to both.
    assert SECRET not in str(_items(named))


def test_the_meeting_pages_agenda_fragment_keeps_named_attendance_apart(
    late_arrival: Client, published
) -> None:
    """The page's agenda fragment is kept per ``AgendaSource.key``: the item's attendance
    (who joined there) only in the fragment of those who see named attendance."""
    url = published["meeting"].get_absolute_url()

    def page(client: Client) -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    named, public = late_arrival, Client()
    assert 'class="item-attendance"' in page(named)
    assert 'class="item-attendance"' not in page(public)
    assert "Sen Ankomst" not in page(public)
    cache.clear()
    assert 'class="item-attendance"' not in page(public)
    assert 'class="item-attendance"' in page(named)
