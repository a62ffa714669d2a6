"""Closed items: the public sees only that a closed item exists, in every page, API
response and file download; the body's members and secretariat see everything."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from meetings import services
from tests.meetings.conftest import SECRET, SECRET_DECISION


def _log_in(client: Client, username: str) -> None:
    assert (
        client.post(
            reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"}
        ).status_code
        == 302
    )


def test_the_public_page_shows_a_closed_item_only_as_closed(client: Client, published) -> None:
    body = client.get(published["meeting"].get_absolute_url()).content.decode()
    assert "Lukket punkt" in body
    for secret in (SECRET, "Hemmelig tekst", SECRET_DECISION, "Hemmeligt bilag", "Lukket bilag"):
        assert secret not in body
    assert "Åbent bilag" in body and "Offentlig tekst" in body


def test_members_and_the_secretariat_see_everything(client: Client, published) -> None:
    for username in ("medlem", "sekretariat"):
        client.logout()
        _log_in(client, username)
        body = client.get(published["meeting"].get_absolute_url()).content.decode()
        assert SECRET in body and SECRET_DECISION in body and "Lukket bilag" in body


def test_the_public_api_leaves_closed_content_out(client: Client, published) -> None:
    data = client.get(f"/api/meetings/{published['meeting'].pk}/").json()
    text = str(data)
    for secret in (SECRET, "Hemmelig tekst", SECRET_DECISION, "Hemmeligt bilag", "Lukket bilag"):
        assert secret not in text
    closed = [item for item in data["items"] if item["is_closed"]]
    assert closed == [{"number": "4", "is_closed": True}]
    urls = [a["url"] for item in data["items"] for a in item.get("attachments", [])]
    assert urls == [f"http://testserver/moeder/bilag/{published['open_attachment'].pk}/"]


def test_the_member_api_includes_closed_content(client: Client, published) -> None:
    _log_in(client, "medlem")
    text = str(client.get(f"/api/meetings/{published['meeting'].pk}/").json())
    assert SECRET in text and "Lukket bilag" in text


def test_closed_files_are_not_served_to_the_public(client: Client, published) -> None:
    url = lambda a: reverse("meetings:attachment_download", args=[a.pk])  # noqa: E731
    assert client.get(url(published["on_closed"])).status_code == 404
    assert client.get(url(published["closed_on_open"])).status_code == 404
    response = client.get(url(published["open_attachment"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    _log_in(client, "medlem")
    assert client.get(url(published["on_closed"])).status_code == 200


def test_an_unpublished_agenda_is_only_for_the_secretariat(client: Client, meeting) -> None:
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(f"/api/meetings/{meeting.pk}/").status_code == 404
    _log_in(client, "sekretariat")
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_attendance_is_for_signed_in_users_unless_the_body_publishes_it(
    client: Client, published
) -> None:
    from councils.models import Person

    meeting = published["meeting"]
    services.attendance_record(
        actor=None,
        meeting=meeting,
        person=Person.objects.get(name="Jan Kallestrup"),
        status="present",
    )
    assert "Jan Kallestrup: " not in client.get(meeting.get_absolute_url()).content.decode()
    meeting.body.publishes_attendance = True
    meeting.body.save()
    assert "Jan Kallestrup: " in client.get(meeting.get_absolute_url()).content.decode()


def test_the_meeting_list_api_filters_by_body_and_date(client: Client, published) -> None:
    data = client.get(
        "/api/meetings/",
        {"body": "kd-net-midtjylland", "start_from": "2014-08-01", "start_to": "2014-08-31"},
    ).json()
    assert data["count"] == 1
    assert client.get("/api/meetings/", {"body": "kkr-sjaelland"}).json()["count"] == 0


def test_a_cached_members_agenda_is_never_served_to_the_public(published) -> None:
    url = published["meeting"].get_absolute_url()
    for username in ("sekretariat", "medlem"):  # each fills the cache for its audience
        member = Client()
        _log_in(member, username)
        assert SECRET in member.get(url).content.decode()
    for _ in range(2):  # the public's own fragment, first made and then cached
        body = Client().get(url).content.decode()
        assert "Lukket punkt" in body
        for secret in (SECRET, "Hemmelig tekst", SECRET_DECISION, "Lukket bilag"):
            assert secret not in body
