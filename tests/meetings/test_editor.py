"""The secretariat's agenda editor through the client: permissions, items, order,
attachments, conflicts, publishing, minutes, attendance, planning."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from meetings.models import AgendaItem, Meeting
from meetings.numbering import agenda_order

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


@pytest.fixture
def staff(client: Client, demo) -> Client:
    assert (
        client.post(
            reverse("accounts:login"), {"username": "sekretariat", "password": "demo-kkr-2026"}
        ).status_code
        == 302
    )
    return client


def _titles(meeting: Meeting) -> list[str]:
    return [f"{n} {i.title}" for n, i in agenda_order(meeting.items.all())]


@pytest.mark.parametrize("username", [None, "medlem", "kontakt"])
def test_only_the_secretariat_edits_the_agenda(client: Client, meeting, username) -> None:
    if username:
        client.post(reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"})
    response = client.get(reverse("meetings:agenda_edit", args=[meeting.pk]))
    assert response.status_code in (302, 403)
    response = client.post(reverse("meetings:agenda_edit", args=[meeting.pk]), {"title": "X"})
    assert response.status_code in (302, 403)
    assert not meeting.items.filter(title="X").exists()


def test_the_secretariat_adds_items_and_sub_items(staff: Client, meeting) -> None:
    url = reverse("meetings:agenda_edit", args=[meeting.pk])
    staff.post(url, {"title": "Udpegelser", "kind": "decision"})
    parent = meeting.items.get(title="Udpegelser")
    staff.post(
        url,
        {
            "title": "VIA UC",
            "kind": "decision",
            "parent": parent.pk,
            "case_text": "<p>Der mangler <strong>medlemmer</strong></p>",
        },
    )
    assert _titles(meeting)[2:4] == ["3 Udpegelser", "3.1 VIA UC"]
    assert "<strong>medlemmer</strong>" in meeting.items.get(title="VIA UC").case_text


def test_an_item_without_title_is_refused_and_the_text_kept(staff: Client, meeting) -> None:
    response = staff.post(
        reverse("meetings:agenda_edit", args=[meeting.pk]),
        {"title": "", "kind": "information", "case_text": "Min tekst"},
    )
    assert response.status_code == 400
    assert "Min tekst" in response.content.decode()


def test_items_move_with_buttons_and_by_drag_and_drop(staff: Client, meeting) -> None:
    url = reverse("meetings:agenda_edit", args=[meeting.pk])
    staff.post(url, {"title": "A", "kind": "information"})
    staff.post(url, {"title": "B", "kind": "information"})
    b = meeting.items.get(title="B")
    staff.post(reverse("meetings:item_move", args=[b.pk]), {"direction": "up"})
    assert _titles(meeting)[2:4] == ["3 B", "4 A"]
    response = staff.post(
        reverse("meetings:item_move", args=[b.pk]),
        {"position": "0"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["items"][0] == {"id": b.pk, "number": "1"}
    assert _titles(meeting)[0] == "1 B"


def test_a_second_editor_is_told_what_changed(staff: Client, meeting) -> None:
    item = meeting.items.get(standing="next_meeting")
    url = reverse("meetings:item_edit", args=[item.pk])
    data = {"title": "Næste møde 31. oktober", "kind": "information", "version": "1"}
    assert staff.post(url, data).status_code == 302
    response = staff.post(url, {**data, "title": "Næste møde 7. november"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Næste møde 31. oktober" in body and "Næste møde 7. november" in body
    item.refresh_from_db()
    assert item.title == "Næste møde 31. oktober"


def test_several_attachments_at_once_and_a_bad_one_leaves_the_item_as_it_was(
    staff: Client, meeting
) -> None:
    item = meeting.items.first()
    url = reverse("meetings:item_attachments_add", args=[item.pk])
    good = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    assert staff.post(url, {"upload-files": good}).status_code == 302
    assert item.attachments.count() == 2
    bad = [SimpleUploadedFile("c.pdf", PDF), SimpleUploadedFile("virus.pdf", b"MZ\x90")]
    response = staff.post(url, {"upload-files": bad})
    assert response.status_code == 400
    assert "virus.pdf er ikke en PDF-" in response.content.decode()
    assert item.attachments.count() == 2


def test_publishing_from_the_editor_and_the_public_sees_the_agenda(
    staff: Client, meeting, client
) -> None:
    staff.post(reverse("meetings:publish", args=[meeting.pk, "agenda"]), {"change_note": ""})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    response = staff.post(
        reverse("meetings:publish", args=[meeting.pk, "agenda"]), {"change_note": ""}, follow=True
    )
    assert "skriv, hvad der er ændret" in response.content.decode()
    assert Client().get(meeting.get_absolute_url()).status_code == 200


def test_minutes_are_published_and_approved_at_the_next_meeting(staff: Client, meeting) -> None:
    staff.post(reverse("meetings:publish", args=[meeting.pk, "agenda"]))
    refused = staff.post(reverse("meetings:publish", args=[meeting.pk, "minutes"]), follow=True)
    assert "Disse punkter har ingen beslutning: 1, 2, 3, 4" in refused.content.decode()
    staff.post(reverse("meetings:publish", args=[meeting.pk, "minutes"]), {"confirm_missing": "on"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_PUBLISHED
    from meetings import services
    from tests.meetings.conftest import at

    later = services.meeting_schedule(actor=None, body=meeting.body, starts_at=at(2014, 10, 31))
    approval = later.items.get(standing=AgendaItem.Standing.APPROVE_MINUTES)
    staff.post(reverse("meetings:minutes_approve", args=[approval.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED


def test_attendance_with_a_substitute(staff: Client, meeting) -> None:
    from councils.models import Person

    peter = Person.objects.create(name="Peter Pedersen", slug="peter-pedersen")
    niels = Person.objects.get(name="Niels Højberg")
    url = reverse("meetings:attendance", args=[meeting.pk])
    missing = staff.post(url, {"person": peter.pk, "status": "substitute"})
    assert missing.status_code == 400
    staff.post(url, {"person": peter.pk, "status": "substitute", "substitute_for": niels.pk})
    assert "suppleant for Niels Højberg" in staff.get(url).content.decode()


def test_a_year_of_meetings_is_planned_and_a_bad_line_is_named(staff: Client, demo) -> None:
    url = reverse("meetings:meeting_create", args=["kkr-midtjylland"])
    bad = staff.post(url, {"plan-dates": "2027-01-15 09:00\n15/3 2027"})
    assert bad.status_code == 400
    assert "Linje 2: “15/3 2027” er ikke en dato og et klokkeslæt" in bad.content.decode()
    assert Meeting.objects.filter(body__slug="kkr-midtjylland").count() == 0
    staff.post(url, {"plan-dates": "2027-01-15 09:00, Ringsted\n2027-03-12 10:00"})
    meetings = Meeting.objects.filter(body__slug="kkr-midtjylland").order_by("starts_at")
    assert [m.place for m in meetings] == ["Ringsted", ""]
    assert meetings[1].items.get(standing="approve_minutes").minutes_of == meetings[0]
