"""Building, publishing and approving agendas and minutes."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ConflictError
from meetings import services
from meetings.models import Attachment, Meeting
from meetings.numbering import agenda_order, attachment_numbers
from tests.meetings.conftest import at

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _numbers(meeting: Meeting) -> list[tuple[str, str]]:
    return [(n, i.title) for n, i in agenda_order(meeting.items.all())]


def _pdf(name: str = "bilag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_new_meeting_starts_from_the_standing_items(meeting, kd_net) -> None:
    assert [t for _n, t in _numbers(meeting)] == [
        "Approval of the agenda",
        "Approval of the minutes of the previous meeting",
        "Any other business",
        "Next meeting",
    ]
    later = services.meeting_schedule(actor=None, body=kd_net, starts_at=at(2014, 10, 31))
    approval = later.items.get(standing="approve_minutes")
    assert approval.minutes_of == meeting
    assert approval.title == "Approval of the minutes of the meeting of 22-08-2014"


def test_a_meeting_cannot_end_before_it_starts(kd_net) -> None:
    with pytest.raises(ValidationError):
        services.meeting_schedule(
            actor=None, body=kd_net, starts_at=at(2024, 1, 2), ends_at=at(2024, 1, 1)
        )


def test_new_items_go_before_other_business_and_sub_items_are_numbered(meeting) -> None:
    appointments = services.agenda_item_add(actor=None, meeting=meeting, title="Udpegelser")
    services.agenda_item_add(actor=None, meeting=meeting, title="VIA UC", parent=appointments)
    services.agenda_item_add(actor=None, meeting=meeting, title="ELENA", parent=appointments)
    assert _numbers(meeting) == [
        ("1", "Approval of the agenda"),
        ("2", "Approval of the minutes of the previous meeting"),
        ("3", "Udpegelser"),
        ("3.1", "VIA UC"),
        ("3.2", "ELENA"),
        ("4", "Any other business"),
        ("5", "Next meeting"),
    ]
    with pytest.raises(ValidationError):
        services.agenda_item_add(
            actor=None, meeting=meeting, title="Too deep", parent=appointments.children.first()
        )


def test_moving_an_item_renumbers_items_and_attachments(meeting) -> None:
    first = services.agenda_item_add(actor=None, meeting=meeting, title="Kontaktcenter")
    second = services.agenda_item_add(actor=None, meeting=meeting, title="VUS")
    services.attachments_add(actor=None, item=first, files=[("Oplæg", _pdf())])
    services.attachments_add(actor=None, item=second, files=[("Strategi", _pdf())])
    services.agenda_item_move(actor=None, item_id=second.pk, position=0)
    ordered = agenda_order(meeting.items.all())
    assert [t for _n, t in [(n, i.title) for n, i in ordered]][:2] == [
        "VUS",
        "Approval of the agenda",
    ]
    numbers = attachment_numbers(ordered, Attachment.objects.filter(item__meeting=meeting))
    by_title = {a.title: numbers[a.pk] for a in Attachment.objects.all()}
    assert by_title == {"Strategi": 1, "Oplæg": 2}


def test_attachments_are_checked_by_content_and_refused_all_together(meeting) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    fake = SimpleUploadedFile(
        "budget.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as error:
        services.attachments_add(actor=None, item=item, files=[("Ok", _pdf()), ("Falsk", fake)])
    assert (
        "budget.pdf is not a PDF, image, Word, Excel or PowerPoint file" in error.value.messages[0]
    )
    assert item.attachments.count() == 0


def test_an_attachment_over_the_size_limit_is_refused(meeting, monkeypatch) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    monkeypatch.setattr(services.attachments, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ValidationError, match=r"the limit is \d+ MB"):
        services.attachments_add(actor=None, item=item, files=[("Stor", _pdf())])


def test_a_word_file_is_recognised_inside_its_zip(meeting) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Notat")
    [attachment] = services.attachments_add(
        actor=None,
        item=item,
        files=[("Notat", SimpleUploadedFile("notat.docx", buffer.getvalue()))],
    )
    assert attachment.content_type.endswith("wordprocessingml.document")


def test_rich_text_is_sanitised_but_keeps_structure(meeting) -> None:
    item = services.agenda_item_add(
        actor=None,
        meeting=meeting,
        title="X",
        case_text='<h2>Baggrund</h2><p onclick="x()">Tekst <a href="javascript:alert(1)">link</a>'
        "</p><script>alert(1)</script><table><tr><td>1</td></tr></table>",
    )
    assert "<h4>Baggrund</h4>" in item.case_text and "<table>" in item.case_text
    assert "script" not in item.case_text and "onclick" not in item.case_text
    assert "javascript:" not in item.case_text


def test_a_stale_edit_is_refused_and_says_what_changed(meeting) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Budget 2014")
    services.agenda_item_update(
        actor=None, item_id=item.pk, expected_version=1, title="Budget 2014, revideret"
    )
    with pytest.raises(ConflictError) as error:
        services.agenda_item_update(actor=None, item_id=item.pk, expected_version=1, title="Budget")
    assert ("title", "Budget 2014, revideret") in error.value.changes


def test_publishing_again_needs_a_note_and_keeps_every_version(meeting) -> None:
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    services.agenda_item_add(actor=None, meeting=meeting, title="Nyt punkt")
    with pytest.raises(ValidationError, match="say what changed"):
        services.agenda_publish(actor=None, meeting_id=meeting.pk)
    services.agenda_publish(actor=None, meeting_id=meeting.pk, change_note="Punkt 3 tilføjet")
    versions = list(meeting.published.filter(document="agenda").order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert len(versions[1].snapshot["items"]) == len(versions[0].snapshot["items"]) + 1


def test_a_scheduled_agenda_is_published_when_its_time_comes(meeting) -> None:
    from datetime import timedelta

    from django.utils import timezone

    services.agenda_publish(
        actor=None, meeting_id=meeting.pk, at=timezone.now() + timedelta(hours=2)
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert services.agendas_due_publish(now=timezone.now()) == 0
    assert services.agendas_due_publish(now=timezone.now() + timedelta(hours=3)) == 1
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED


def test_minutes_are_approved_through_the_next_meetings_standing_item(meeting, kd_net) -> None:
    with pytest.raises(ValidationError, match="Publish the agenda"):
        services.minutes_publish(actor=None, meeting_id=meeting.pk)
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)
    later = services.meeting_schedule(actor=None, body=kd_net, starts_at=at(2014, 10, 31))
    approval = later.items.get(standing="approve_minutes")
    services.minutes_approve(actor=None, item_id=approval.pk)
    meeting.refresh_from_db()
    approval.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert "The minutes were approved." in approval.decision
    with pytest.raises(ValidationError):
        services.minutes_publish(
            actor=None, meeting_id=meeting.pk, change_note="x", confirm_missing=True
        )


def test_a_substitute_names_whom_they_attend_for(meeting) -> None:
    from councils.models import Person

    peter = Person.objects.create(name="Peter Pedersen", slug="peter-pedersen")
    niels = Person.objects.get(name="Niels Højberg")
    with pytest.raises(ValidationError):
        services.attendance_record(actor=None, meeting=meeting, person=peter, status="substitute")
    attendance = services.attendance_record(
        actor=None, meeting=meeting, person=peter, status="substitute", substitute_for=niels
    )
    assert attendance.substitute_for == niels


def test_minutes_name_the_items_without_a_decision_until_confirmed(meeting) -> None:
    heading = services.agenda_item_add(actor=None, meeting=meeting, title="Sundhed")
    services.agenda_item_add(
        actor=None, meeting=meeting, title="MTIC", parent=heading, decision="<p>Aftalt</p>"
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    with pytest.raises(ValidationError, match="These items have no decision: 1, 2, 4, 5"):
        services.minutes_publish(actor=None, meeting_id=meeting.pk)
    services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)


def test_an_agenda_without_items_is_not_published(meeting) -> None:
    meeting.items.all().delete()
    with pytest.raises(ValidationError, match="no items"):
        services.agenda_publish(actor=None, meeting_id=meeting.pk)


@pytest.mark.parametrize(
    "name",
    [
        ".hidden.pdf",
        "bilag.exe.pdf",
        "rapport.pdf.exe",
        "side.html",
        "navn\x01.pdf",
    ],
)
def test_an_attachment_with_a_dangerous_name_is_refused(meeting, name) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="X")
    upload = SimpleUploadedFile("placeholder.pdf", PDF)
    upload.name = name  # as a browser could send it, before Django cleans it
    with pytest.raises(ValidationError, match=r"cannot be stored safely|not allowed"):
        services.attachments_add(actor=None, item=item, files=[("", upload)])
    assert item.attachments.count() == 0
