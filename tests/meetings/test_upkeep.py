"""The secretariat's own upkeep of meetings (issue 12): change a meeting's time and place
(with a version check, history and a notice once the agenda is out), plan a year with agenda
deadlines from a rule, record the whole body's attendance at once and correct it, retitle
attachments, and move sub-items like items (also under another item)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from core.errors import ConflictError
from councils.models import Body, Membership, Person
from meetings import selectors, services
from meetings.agenda import agenda_views
from meetings.forms import AttendanceForm, MeetingPlanForm
from meetings.models import AgendaItem, Attachment, Attendance, Meeting
from meetings.numbering import agenda_order
from meetings.planning import working_days_before
from notifications.models import OutgoingEmail, Subscription
from tests.meetings.conftest import at

MEMBER = "medlem@example.org"  # Jan Kallestrup, member of KD-Net Midtjylland in the demo


def _staff(client: Client) -> Client:
    response = client.post(
        reverse("accounts:login"), {"username": "sekretariat", "password": "demo-kkr-2026"}
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def staff(client: Client, demo) -> Client:
    return _staff(client)


@pytest.fixture
def coming(kd_net) -> Meeting:
    """A meeting in 20 days with one ordinary item."""
    meeting = services.meeting_schedule(
        actor=None,
        body=kd_net,
        starts_at=timezone.now().replace(microsecond=0, second=0) + dt.timedelta(days=20),
        place="Regionshuset, Viborg",
    )
    services.agenda_item_add(actor=None, meeting=meeting, title="Budget 2027")
    meeting.refresh_from_db()
    return meeting


def _publish(meeting: Meeting, capture) -> Meeting:
    with capture(execute=True):
        services.agenda_publish(actor=None, meeting_id=meeting.pk)
    meeting.refresh_from_db()
    return meeting


def _titles(meeting: Meeting) -> list[str]:
    return [f"{n} {i.title}" for n, i in agenda_order(meeting.items.all())]


# --- Changing a meeting's time and place ------------------------------------------------


def test_a_meeting_gets_a_new_time_place_and_deadline_with_history(meeting) -> None:
    meeting.refresh_from_db()
    services.meeting_update(
        actor=None,
        meeting_id=meeting.pk,
        expected_version=meeting.version,
        starts_at=at(2014, 8, 29, 10),
        ends_at=at(2014, 8, 29, 12),
        place="Regionshuset, Viborg",
        agenda_deadline=dt.date(2014, 8, 22),
    )
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.place) == (at(2014, 8, 29, 10), "Regionshuset, Viborg")
    assert meeting.agenda_deadline == dt.date(2014, 8, 22)
    latest, earlier = meeting.history.order_by("-history_id")[:2]
    assert earlier.place == "Medborgerhuset, Silkeborg"
    assert latest.place == "Regionshuset, Viborg"


def test_a_changed_meeting_cannot_end_before_it_starts_or_have_its_deadline_after_it(
    meeting,
) -> None:
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as ends:
        services.meeting_update(
            actor=None,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            starts_at=at(2014, 8, 29, 10),
            ends_at=at(2014, 8, 29, 9),
        )
    assert "ends_at" in ends.value.message_dict
    with pytest.raises(ValidationError) as deadline:
        services.meeting_update(
            actor=None,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            agenda_deadline=dt.date(2014, 9, 1),
        )
    assert "agenda_deadline" in deadline.value.message_dict
    meeting.refresh_from_db()
    assert meeting.starts_at == at(2014, 8, 22)


def test_a_stale_form_is_refused_only_when_someone_changed_the_meeting_itself(meeting) -> None:
    meeting.refresh_from_db()
    loaded = meeting.version
    # Someone adds an item meanwhile: the agenda's version rises, the meeting's facts do not.
    services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    services.meeting_update(
        actor=None, meeting_id=meeting.pk, expected_version=loaded, place="Viborg"
    )
    # Someone else moves the meeting after this form was loaded: a conflict that says what.
    with pytest.raises(ConflictError) as conflict:
        services.meeting_update(
            actor=None, meeting_id=meeting.pk, expected_version=loaded, place="Aarhus"
        )
    assert [label for label, _value in conflict.value.changes] == ["place"]
    assert conflict.value.changes[0][1] == "Viborg"
    meeting.refresh_from_db()
    assert meeting.place == "Viborg"


def test_a_cancelled_meeting_is_not_changed(meeting) -> None:
    services.meeting_cancel(actor=None, meeting_id=meeting.pk)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=None, meeting_id=meeting.pk, expected_version=meeting.version, place="X"
        )


def test_moving_a_published_meeting_tells_members_and_subscribers_once_per_change(
    coming, kd_net, django_capture_on_commit_callbacks
) -> None:
    Subscription.objects.create(body=kd_net, email="borger@example.dk", confirmed_at=timezone.now())
    meeting = _publish(coming, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    new_start = meeting.starts_at + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=None,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            starts_at=new_start,
            place="Medborgerhuset, Silkeborg",
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["borger@example.dk", MEMBER]
    message = mail.outbox[0]
    assert "Medborgerhuset, Silkeborg" in message.body
    assert "Regionshuset, Viborg" in message.body  # where it was before
    assert f"{timezone.localtime(new_start):%d.%m.%Y %H:%M}" in message.body
    keys = set(OutgoingEmail.objects.filter(key__startswith="meeting-change:").values_list("key"))
    assert len(keys) == 2
    # The task run again for the same change records nothing new.
    from notifications import services as notification_services

    history_id = meeting.history.order_by("-history_id").first().history_id
    assert (
        notification_services.meeting_change_notify(meeting_id=meeting.pk, history_id=history_id)
        == 0
    )
    # A second change is a new e-mail to each.
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=None, meeting_id=meeting.pk, expected_version=meeting.version, place="Aarhus"
        )
    assert OutgoingEmail.objects.filter(key__startswith="meeting-change:").count() == 4


def test_an_unpublished_meeting_or_a_new_deadline_tells_nobody(
    coming, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=None, meeting_id=coming.pk, expected_version=coming.version, place="Aarhus"
        )
    assert mail.outbox == []
    meeting = _publish(coming, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=None,
            meeting_id=meeting.pk,
            expected_version=meeting.version,
            agenda_deadline=timezone.localdate(),
        )
    assert mail.outbox == []


def test_a_published_meetings_new_time_shows_in_the_calendar_and_page_not_as_a_draft(
    coming, staff, django_capture_on_commit_callbacks
) -> None:
    meeting = _publish(coming, django_capture_on_commit_callbacks)
    new_start = timezone.localtime(meeting.starts_at + dt.timedelta(days=1, hours=2))
    response = staff.post(
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        {
            "starts_at": f"{new_start:%Y-%m-%dT%H:%M}",
            "ends_at": "",
            "place": "Nyt sted, Herning",
            "agenda_deadline": "",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == new_start
    calendar = Client().get(reverse("meetings:calendar_all")).content.decode()
    assert f"DTSTART;TZID=Europe/Copenhagen:{new_start:%Y%m%dT%H%M}00" in calendar
    assert "Nyt sted\\, Herning" in calendar
    page = Client().get(meeting.get_absolute_url()).content.decode()
    assert "Nyt sted, Herning" in page
    # Time and place are not in the published agenda: no "unpublished changes" for them.
    assert not selectors.has_unpublished_changes(meeting, list(meeting.published.all()))


def test_the_edit_page_shows_a_conflict_and_keeps_the_other_change(staff, coming) -> None:
    url = reverse("meetings:meeting_edit", args=[coming.pk])
    assert staff.get(url).status_code == 200
    start = timezone.localtime(coming.starts_at)
    services.meeting_update(
        actor=None, meeting_id=coming.pk, expected_version=coming.version, place="Aarhus"
    )
    response = staff.post(
        url,
        {
            "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "place": "Odense",
            "version": coming.version,
        },
    )
    assert response.status_code == 409
    coming.refresh_from_db()
    assert coming.place == "Aarhus"


@pytest.mark.parametrize("username", [None, "medlem", "kontakt"])
def test_only_the_secretariat_changes_a_meeting(client: Client, meeting, username) -> None:
    if username:
        client.post(reverse("accounts:login"), {"username": username, "password": "demo-kkr-2026"})
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    meeting.refresh_from_db()
    response = client.post(
        url, {"starts_at": "2014-08-29T09:00", "place": "X", "version": meeting.version}
    )
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/log-ind/" in response["Location"] or "login" in response["Location"]
    meeting.refresh_from_db()
    assert meeting.place == "Medborgerhuset, Silkeborg"


# --- Planning a year with deadlines -------------------------------------------------------


def test_working_days_before_skips_weekends() -> None:
    # Friday 2027-03-12: 5 working days before is Friday 2027-03-05.
    assert working_days_before(dt.date(2027, 3, 12), 5) == dt.date(2027, 3, 5)
    # Monday 2027-03-15: 1 working day before is Friday 2027-03-12.
    assert working_days_before(dt.date(2027, 3, 15), 1) == dt.date(2027, 3, 12)
    # 0 on a Sunday: the Friday before.
    assert working_days_before(dt.date(2027, 3, 14), 0) == dt.date(2027, 3, 12)


def test_the_plan_is_shown_with_its_deadlines_before_it_is_saved(staff) -> None:
    url = reverse("meetings:meeting_create", args=["kkr-midtjylland"])
    data = {
        "plan-dates": "2027-03-12 10:00\n2027-01-15 09:00, Ringsted",
        "plan-deadline_working_days": "5",
    }
    preview = staff.post(url, {**data, "plan-preview": "yes"})
    assert preview.status_code == 200
    assert not Meeting.objects.filter(body__slug="kkr-midtjylland").exists()
    assert preview.context["preview"][0][2] == dt.date(2027, 1, 8)
    # The deadline in the page's (Danish) date format.
    assert "fredag 8. januar 2027" in preview.content.decode()
    saved = staff.post(url, {**data, "plan-confirm": "yes"})
    assert saved.status_code == 302
    meetings = list(Meeting.objects.filter(body__slug="kkr-midtjylland").order_by("starts_at"))
    assert [m.agenda_deadline for m in meetings] == [dt.date(2027, 1, 8), dt.date(2027, 3, 5)]
    assert [m.place for m in meetings] == ["Ringsted", ""]
    assert meetings[1].items.get(standing="approve_minutes").minutes_of == meetings[0]


def test_a_plan_with_a_bad_number_of_days_is_refused(demo) -> None:
    form = MeetingPlanForm(
        {"plan-dates": "2027-03-12 10:00", "plan-deadline_working_days": "-1"}, prefix="plan"
    )
    assert not form.is_valid()
    assert "deadline_working_days" in form.errors


# --- Attendance -----------------------------------------------------------------------------


def _kd_net_members(meeting: Meeting) -> set[int]:
    day = timezone.localtime(meeting.starts_at).date()
    return set(
        Membership.objects.current(day)
        .filter(body=meeting.body, role__in=services.ATTENDING_ROLES)
        .values_list("person_id", flat=True)
    )


def test_all_members_present_records_the_body_and_keeps_apologies(meeting) -> None:
    members = _kd_net_members(meeting)
    assert len(members) >= 2
    apologising = Person.objects.get(pk=sorted(members)[0])
    services.attendance_record(actor=None, meeting=meeting, person=apologising, status="apologies")
    added = services.attendance_all_present(actor=None, meeting=meeting)
    assert added == len(members) - 1
    rows = {a.person_id: a.status for a in Attendance.objects.filter(meeting=meeting)}
    assert set(rows) == members
    assert rows[apologising.pk] == "apologies"
    # Again: nothing more.
    assert services.attendance_all_present(actor=None, meeting=meeting) == 0


def test_all_members_present_leaves_out_former_members_and_substitutes(meeting) -> None:
    former = Person.objects.create(name="Tidligere Medlem", slug="tidligere-medlem")
    Membership.objects.create(
        person=former, body=meeting.body, start=dt.date(2010, 1, 1), end=dt.date(2012, 1, 1)
    )
    substitute = Person.objects.create(name="Suppleant Sørensen", slug="suppleant-sorensen")
    Membership.objects.create(
        person=substitute, body=meeting.body, start=dt.date(2010, 1, 1), role="substitute"
    )
    services.attendance_all_present(actor=None, meeting=meeting)
    recorded = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    assert former.pk not in recorded and substitute.pk not in recorded


def test_a_wrong_entry_is_corrected_and_removed_with_history(staff, meeting) -> None:
    person = Person.objects.create(name="Peter Pedersen", slug="peter-pedersen")
    url = reverse("meetings:attendance", args=[meeting.pk])
    staff.post(url, {"person": person.pk, "status": "present"})
    form_page = staff.get(url + f"?person={person.pk}")
    assert form_page.context["form"].initial["status"] == "present"
    staff.post(url, {"person": person.pk, "status": "guest", "note": "Oplægsholder"})
    row = Attendance.objects.get(meeting=meeting, person=person)
    assert (row.status, row.note) == ("guest", "Oplægsholder")
    remove = reverse("meetings:attendance_remove", args=[meeting.pk, person.pk])
    assert staff.get(remove).status_code == 200  # asks first
    assert staff.post(remove).status_code == 200  # still asks without "confirm"
    assert Attendance.objects.filter(meeting=meeting, person=person).exists()
    assert staff.post(remove, {"confirm": "yes"}).status_code == 302
    assert not Attendance.objects.filter(meeting=meeting, person=person).exists()
    history = Attendance.history.filter(person_id=person.pk).order_by("history_id")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert history.last().history_user.username == "sekretariat"
    # The link again (removed meanwhile): back to the attendance page.
    assert staff.get(remove).status_code == 302


def test_the_all_present_button_records_the_members(staff, meeting) -> None:
    response = staff.post(reverse("meetings:attendance_all_present", args=[meeting.pk]))
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting).count() == len(_kd_net_members(meeting))


def test_departure_is_chosen_in_agenda_order(meeting) -> None:
    first = services.agenda_item_add(actor=None, meeting=meeting, title="Første")
    services.agenda_item_add(actor=None, meeting=meeting, title="Under første", parent=first)
    services.agenda_item_add(actor=None, meeting=meeting, title="Anden")
    # Move "Anden" to the top: its pk is higher than the items it now comes before.
    services.agenda_item_move(actor=None, item_id=meeting.items.get(title="Anden").pk, position=0)
    labels = [
        label for value, label in AttendanceForm(meeting=meeting).fields["left_after"].choices
    ][1:]
    assert labels == [f"{n}. {i.title}" for n, i in agenda_order(meeting.items.all())]
    assert labels[0] == "1. Anden"
    assert labels.index("4.1. Under første") == labels.index("4. Første") + 1


# --- Attachments ------------------------------------------------------------------------


def _attach(item: AgendaItem, size: int = 1_250_000) -> Attachment:
    content = b"%PDF-1.4\n" + b"0" * (size - 15) + b"\n%%EOF\n"
    (attachment,) = services.attachments_add(
        actor=None,
        item=item,
        files=[("", SimpleUploadedFile("budget.pdf", content, content_type="application/pdf"))],
    )
    return attachment


def test_an_attachment_gets_a_new_title_with_history_and_a_new_agenda_version(meeting) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    attachment = _attach(item, size=100)
    meeting.refresh_from_db()
    version = meeting.version
    services.attachment_update(actor=None, attachment_id=attachment.pk, title=" Budget 2027 ")
    attachment.refresh_from_db()
    assert attachment.title == "Budget 2027"
    assert [h.title for h in attachment.history.order_by("history_id")] == [
        "budget",
        "Budget 2027",
    ]
    meeting.refresh_from_db()
    assert meeting.version == version + 1
    with pytest.raises(ValidationError):
        services.attachment_update(actor=None, attachment_id=attachment.pk, title="  ")


def test_the_item_page_lists_type_and_size_in_danish(staff, meeting) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    _attach(item)
    with translation.override("da"):
        page = staff.get(reverse("meetings:item_edit", args=[item.pk])).content.decode()
    assert "(PDF, 1,2\xa0MB)" in page or "(PDF, 1,2 MB)" in page


def test_the_title_page_saves_the_new_title(staff, meeting) -> None:
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    attachment = _attach(item, size=100)
    url = reverse("meetings:attachment_edit", args=[attachment.pk])
    assert staff.get(url).status_code == 200
    assert staff.post(url, {"title": ""}).status_code == 400
    assert staff.post(url, {"title": "Bilag om budget"}).status_code == 302
    attachment.refresh_from_db()
    assert attachment.title == "Bilag om budget"


# --- Sub-items: same controls, and moving under another item ---------------------------


def test_a_sub_item_moves_under_another_item_and_both_lists_are_renumbered(meeting) -> None:
    a = services.agenda_item_add(actor=None, meeting=meeting, title="A")
    b = services.agenda_item_add(actor=None, meeting=meeting, title="B")
    a1 = services.agenda_item_add(actor=None, meeting=meeting, title="A1", parent=a)
    services.agenda_item_add(actor=None, meeting=meeting, title="A2", parent=a)
    services.agenda_item_add(actor=None, meeting=meeting, title="B1", parent=b)
    meeting.refresh_from_db()
    version = meeting.version
    services.agenda_item_reparent(actor=None, item_id=a1.pk, parent_id=b.pk)
    assert _titles(meeting)[2:7] == ["3 A", "3.1 A2", "4 B", "4.1 B1", "4.2 A1"]
    meeting.refresh_from_db()
    assert meeting.version == version + 1
    # Out to the top level: before "any other business" and "next meeting".
    services.agenda_item_reparent(actor=None, item_id=a1.pk, parent_id=None)
    assert _titles(meeting)[2:6] == ["3 A", "3.1 A2", "4 B", "4.1 B1"]
    assert _titles(meeting)[6:] == ["5 A1", "6 Any other business", "7 Next meeting"]
    assert [h.parent_id for h in a1.history.order_by("history_id")][-2:] == [b.pk, None]


def test_an_item_under_a_closed_item_is_closed_and_stays_closed_when_taken_out(
    meeting,
) -> None:
    closed = services.agenda_item_add(actor=None, meeting=meeting, title="Lukket", is_closed=True)
    item = services.agenda_item_add(actor=None, meeting=meeting, title="Personsag")
    services.agenda_item_reparent(actor=None, item_id=item.pk, parent_id=closed.pk)
    public = {
        v.pk: v
        for v in agenda_views(
            selectors.live_snapshot(meeting), see_closed=False, show_decisions=False
        )
    }
    assert public[item.pk].is_closed and public[item.pk].redacted
    # Taken out again, it does not become public by the move.
    services.agenda_item_reparent(actor=None, item_id=item.pk, parent_id=None)
    item.refresh_from_db()
    assert item.is_closed
    public = {
        v.pk: v
        for v in agenda_views(
            selectors.live_snapshot(meeting), see_closed=False, show_decisions=False
        )
    }
    assert public[item.pk].redacted


def test_an_item_with_sub_items_cannot_go_under_another(meeting) -> None:
    a = services.agenda_item_add(actor=None, meeting=meeting, title="A")
    b = services.agenda_item_add(actor=None, meeting=meeting, title="B")
    services.agenda_item_add(actor=None, meeting=meeting, title="A1", parent=a)
    with pytest.raises(ValidationError):
        services.agenda_item_reparent(actor=None, item_id=a.pk, parent_id=b.pk)
    sub = meeting.items.get(title="A1")
    with pytest.raises(ValidationError):  # not under a sub-item
        services.agenda_item_reparent(actor=None, item_id=b.pk, parent_id=sub.pk)
    other = services.meeting_schedule(actor=None, body=meeting.body, starts_at=at(2014, 9, 1))
    foreign = other.items.first()
    with pytest.raises(ValidationError):  # not under another meeting's item
        services.agenda_item_reparent(actor=None, item_id=sub.pk, parent_id=foreign.pk)


def test_the_item_page_moves_an_item_under_another(staff, meeting) -> None:
    a = services.agenda_item_add(actor=None, meeting=meeting, title="A")
    b = services.agenda_item_add(actor=None, meeting=meeting, title="B")
    page = staff.get(reverse("meetings:item_edit", args=[b.pk]))
    choices = dict(page.context["reparent"].fields["parent"].choices)
    assert a.pk in choices and b.pk not in choices
    response = staff.post(reverse("meetings:item_reparent", args=[b.pk]), {"parent": a.pk})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.parent_id == a.pk
    bad = staff.post(reverse("meetings:item_reparent", args=[b.pk]), {"parent": "x"})
    assert bad.status_code == 302
    b.refresh_from_db()
    assert b.parent_id == a.pk


def test_sub_items_have_move_and_delete_buttons_in_the_editor(staff, meeting) -> None:
    a = services.agenda_item_add(actor=None, meeting=meeting, title="A")
    sub = services.agenda_item_add(actor=None, meeting=meeting, title="A1", parent=a)
    page = staff.get(reverse("meetings:agenda_edit", args=[meeting.pk])).content.decode()
    assert reverse("meetings:item_delete", args=[sub.pk]) in page
    assert reverse("meetings:item_move", args=[sub.pk]) in page
    # Deleting asks first (the existing confirmation page).
    assert staff.post(reverse("meetings:item_delete", args=[sub.pk])).status_code == 200
    assert AgendaItem.objects.filter(pk=sub.pk).exists()


def test_every_upkeep_change_raises_the_agenda_version_but_attendance_does_not(
    meeting, kd_net: Body
) -> None:
    a = services.agenda_item_add(actor=None, meeting=meeting, title="A")
    b = services.agenda_item_add(actor=None, meeting=meeting, title="B")
    meeting.refresh_from_db()
    before = meeting.version
    services.agenda_item_reparent(actor=None, item_id=b.pk, parent_id=a.pk)
    meeting.refresh_from_db()
    assert meeting.version == before + 1
    services.attendance_all_present(actor=None, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.version == before + 1


@pytest.mark.vnu
def test_the_upkeep_pages_are_valid_html(staff, meeting, tmp_path) -> None:
    import json
    import subprocess

    from tests.test_html_valid import VNU_JAR

    item = services.agenda_item_add(actor=None, meeting=meeting, title="Budget")
    sub = services.agenda_item_add(actor=None, meeting=meeting, title="Under", parent=item)
    attachment = _attach(item, size=100)
    services.attendance_all_present(actor=None, meeting=meeting)
    person_id = Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True)[0]
    plan = {
        "plan-dates": "2027-01-15 09:00, Ringsted\n2027-03-12 10:00",
        "plan-deadline_working_days": "5",
        "plan-preview": "yes",
    }
    pages = {
        "meeting-edit": staff.get(reverse("meetings:meeting_edit", args=[meeting.pk])),
        "attendance": staff.get(reverse("meetings:attendance", args=[meeting.pk])),
        "attendance-correct": staff.get(
            reverse("meetings:attendance", args=[meeting.pk]) + f"?person={person_id}"
        ),
        "attendance-remove": staff.get(
            reverse("meetings:attendance_remove", args=[meeting.pk, person_id])
        ),
        "attachment-edit": staff.get(reverse("meetings:attachment_edit", args=[attachment.pk])),
        "item-edit": staff.get(reverse("meetings:item_edit", args=[sub.pk])),
        "agenda-edit": staff.get(reverse("meetings:agenda_edit", args=[meeting.pk])),
        "plan-preview": staff.post(
            reverse("meetings:meeting_create", args=["kkr-midtjylland"]), plan
        ),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
