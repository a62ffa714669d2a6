"""Approving minutes online by the members, Swedish justering, decision types per body, and
attendance at items (joined, left, disqualified) in the minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from councils.models import Membership
from meetings import selectors, services
from meetings.agenda import agenda_views
from meetings.minutes import (
    APPEAL_PERIOD,
    decision_type_choices,
    members_approval,
    minutes_state,
)
from meetings.models import (
    Attendance,
    Meeting,
    MeetingPdf,
    MinutesApproval,
    MinutesApprovalRule,
    MinutesComment,
)
from notifications.models import OutgoingEmail
from tests.factories import (
    AffiliationFactory,
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from tests.meetings.conftest import at


def _member(body, name: str, role: str = Membership.Role.MEMBER):
    user = UserFactory(username=name.lower().replace(" ", "."))
    person = PersonFactory(name=name, user=user, email=f"{user.username}@example.org")
    MembershipFactory(person=person, body=body, role=role, start=dt.date(2020, 1, 1))
    return user, person


@pytest.fixture
def board(db):
    body = BodyFactory(name="Skåne Nordost styrelse")
    secretary = UserFactory(username="sekreterare")
    AffiliationFactory(user=secretary, body=body)
    chair = _member(body, "Anna Ordförande", Membership.Role.CHAIR)
    first = _member(body, "Bo Ledamot")
    second = _member(body, "Cecilia Ledamot")
    return {"body": body, "secretary": secretary, "chair": chair, "a": first, "b": second}


def _held_meeting(body, secretary) -> Meeting:
    meeting = services.meeting_schedule(actor=secretary, body=body, starts_at=at(2025, 3, 12))
    services.agenda_publish(actor=secretary, meeting_id=meeting.pk)
    return meeting


def _publish_minutes(meeting: Meeting, secretary) -> Meeting:
    return services.minutes_publish(actor=secretary, meeting_id=meeting.pk, confirm_missing=True)


# --- Online approval by the members ---------------------------------------------------------


@pytest.fixture
def online(board):
    services.body_minutes_settings_set(
        actor=board["secretary"], body=board["body"], approval=MinutesApprovalRule.MEMBERS_ONLINE
    )
    meeting = _held_meeting(board["body"], board["secretary"])
    _publish_minutes(meeting, board["secretary"])
    return meeting


def test_members_approve_the_minutes_one_by_one_and_the_last_approves_them(board, online) -> None:
    services.minutes_approval_request(actor=board["secretary"], meeting_id=online.pk)
    asked = OutgoingEmail.objects.filter(key__startswith="minutes-approve-ask:")
    assert asked.count() == 3
    services.minutes_approval_give(actor=board["a"][0], meeting_id=online.pk)
    state = members_approval(online)
    assert (len(state.approved), state.total) == (1, 3)
    assert {p.name for p in state.missing} == {"Anna Ordförande", "Cecilia Ledamot"}
    services.minutes_approval_give(actor=board["chair"][0], meeting_id=online.pk)
    services.minutes_approval_give(actor=board["b"][0], meeting_id=online.pk)
    online.refresh_from_db()
    assert online.minutes_approved_at is not None
    assert online.status == Meeting.Status.MINUTES_APPROVED
    assert minutes_state(online).approved_by_members_at == online.minutes_approved_at
    assert MinutesApproval.history.filter(history_user=board["b"][0]).exists()


def test_a_member_approves_once_and_only_after_the_secretariat_asks(board, online) -> None:
    with pytest.raises(ValidationError, match="not yet asked"):
        services.minutes_approval_give(actor=board["a"][0], meeting_id=online.pk)
    services.minutes_approval_request(actor=board["secretary"], meeting_id=online.pk)
    services.minutes_approval_give(actor=board["a"][0], meeting_id=online.pk)
    with pytest.raises(ValidationError, match="already approved"):
        services.minutes_approval_give(actor=board["a"][0], meeting_id=online.pk)


def test_someone_who_is_not_a_member_on_the_meetings_day_cannot_approve(board, online) -> None:
    services.minutes_approval_request(actor=board["secretary"], meeting_id=online.pk)
    outsider = UserFactory(username="outsider")
    PersonFactory(name="Udenfor", user=outsider)
    with pytest.raises(ValidationError, match="members"):
        services.minutes_approval_give(actor=outsider, meeting_id=online.pk)
    late_user, late = _member(board["body"], "Ny Ledamot")
    Membership.objects.filter(person=late).update(start=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="members"):
        services.minutes_approval_give(actor=late_user, meeting_id=online.pk)
    with pytest.raises(ValidationError, match="members"):
        services.minutes_approval_give(actor=board["secretary"], meeting_id=online.pk)


def test_the_reminder_goes_to_those_who_have_not_approved_once_a_day(board, online) -> None:
    services.minutes_approval_request(actor=board["secretary"], meeting_id=online.pk)
    services.minutes_approval_give(actor=board["a"][0], meeting_id=online.pk)
    day = dt.date(2025, 3, 20)
    sent = services.minutes_approval_remind(
        actor=board["secretary"], meeting_id=online.pk, today=day
    )
    assert sent == 2
    again = services.minutes_approval_remind(actor=None, meeting_id=online.pk, today=day)
    assert again == 0
    reminded = set(
        OutgoingEmail.objects.filter(key__startswith="minutes-approve-remind:").values_list(
            "to", flat=True
        )
    )
    assert reminded == {"anna.ordförande@example.org", "cecilia.ledamot@example.org"}
    assert services.minutes_approvals_remind_all(today=day + dt.timedelta(days=1)) == 2


def test_a_body_that_approves_at_the_next_meeting_cannot_ask_online(board) -> None:
    meeting = _held_meeting(board["body"], board["secretary"])
    _publish_minutes(meeting, board["secretary"])
    with pytest.raises(ValidationError, match="online"):
        services.minutes_approval_request(actor=board["secretary"], meeting_id=meeting.pk)


def test_a_new_version_of_the_minutes_must_be_approved_again(board, online) -> None:
    services.minutes_approval_request(actor=board["secretary"], meeting_id=online.pk)
    services.minutes_approval_give(actor=board["a"][0], meeting_id=online.pk)
    services.minutes_publish(
        actor=board["secretary"], meeting_id=online.pk, change_note="Rettet", confirm_missing=True
    )
    assert members_approval(online).approved == []
    services.minutes_approval_give(actor=board["a"][0], meeting_id=online.pk)


# --- Justering -------------------------------------------------------------------------------


@pytest.fixture
def adjusted_body(board):
    services.body_minutes_settings_set(
        actor=board["secretary"], body=board["body"], approval=MinutesApprovalRule.ADJUSTERS
    )
    meeting = _held_meeting(board["body"], board["secretary"])
    for _user, person in (board["chair"], board["a"], board["b"]):
        services.attendance_record(
            actor=board["secretary"], meeting=meeting, person=person, status="present"
        )
    return meeting


def test_the_chair_adjusts_by_office_besides_the_chosen_adjusters(board, adjusted_body) -> None:
    rows = services.minutes_adjusters_set(
        actor=board["secretary"], meeting_id=adjusted_body.pk, person_ids=[board["a"][1].pk]
    )
    assert {(r.person.name, r.is_chair) for r in rows} == {
        ("Anna Ordförande", True),
        ("Bo Ledamot", False),
    }
    outsider = PersonFactory(name="Udenfor")
    with pytest.raises(ValidationError):
        services.minutes_adjusters_set(
            actor=board["secretary"], meeting_id=adjusted_body.pk, person_ids=[outsider.pk]
        )
    with pytest.raises(ValidationError):
        services.minutes_adjusters_set(
            actor=board["secretary"], meeting_id=adjusted_body.pk, person_ids=[]
        )


def test_minutes_are_published_only_when_justerat_and_comments_are_resolved(
    board, adjusted_body
) -> None:
    meeting = adjusted_body
    item = services.agenda_item_add(actor=board["secretary"], meeting=meeting, title="Budget")
    services.agenda_item_update(
        actor=board["secretary"], item_id=item.pk, expected_version=1, decision="<p>Godkänd</p>"
    )
    services.minutes_adjusters_set(
        actor=board["secretary"], meeting_id=meeting.pk, person_ids=[board["a"][1].pk]
    )
    with pytest.raises(ValidationError) as refused:
        _publish_minutes(meeting, board["secretary"])
    assert refused.value.error_list[0].code == "not_adjusted"
    # A non-adjuster cannot comment or adjust.
    with pytest.raises(ValidationError, match="adjusters"):
        services.minutes_comment_add(actor=board["b"][0], item_id=item.pk, text="Fel")
    comment = services.minutes_comment_add(
        actor=board["a"][0], item_id=item.pk, text="Beslutet gällde 2026, inte 2025."
    )
    assert OutgoingEmail.objects.filter(
        key__startswith=f"minutes-comment:{comment.pk}:", to="sekreterare@example.org"
    ).exists()
    with pytest.raises(ValidationError, match="not yet resolved"):
        services.minutes_adjust(actor=board["chair"][0], meeting_id=meeting.pk)
    with pytest.raises(ValidationError):
        services.minutes_comment_resolve(actor=board["secretary"], comment_id=comment.pk, answer="")
    services.minutes_comment_resolve(
        actor=board["secretary"],
        comment_id=comment.pk,
        answer="Rättat.",
        decision="<p>Godkänd för 2026</p>",
    )
    item.refresh_from_db()
    assert item.decision == "<p>Godkänd för 2026</p>"
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == board["secretary"]
    assert MinutesComment.history.filter(history_user=board["secretary"]).exists()
    services.minutes_adjust(actor=board["chair"][0], meeting_id=meeting.pk)
    meeting.refresh_from_db()
    assert meeting.minutes_adjusted_at is None  # Bo has not adjusted yet
    with pytest.raises(ValidationError):
        services.minutes_adjust(actor=board["chair"][0], meeting_id=meeting.pk)
    services.minutes_adjust(actor=board["a"][0], meeting_id=meeting.pk)
    meeting.refresh_from_db()
    assert meeting.minutes_adjusted_at is not None
    _publish_minutes(meeting, board["secretary"])
    meeting.refresh_from_db()
    state = minutes_state(meeting)
    assert state.uses_justering and state.adjusted_at == meeting.minutes_adjusted_at
    expected = timezone.localtime(meeting.minutes_published_at).date() + dt.timedelta(days=21)
    assert dt.timedelta(weeks=3) == APPEAL_PERIOD
    assert state.appeal_ends == expected
    with pytest.raises(ValidationError, match="already been adjusted"):
        services.minutes_comment_add(actor=board["a"][0], item_id=item.pk, text="Sent")


def test_the_adjusters_see_the_draft_minutes_and_others_do_not(board, adjusted_body) -> None:
    from meetings.access import may_read_minutes_draft

    services.minutes_adjusters_set(
        actor=board["secretary"], meeting_id=adjusted_body.pk, person_ids=[board["a"][1].pk]
    )
    assert may_read_minutes_draft(board["a"][0], adjusted_body)
    assert may_read_minutes_draft(board["secretary"], adjusted_body)
    assert not may_read_minutes_draft(board["b"][0], adjusted_body)


# --- Decision types ---------------------------------------------------------------------------


def test_a_body_offers_the_default_decision_types_until_it_has_its_own(board) -> None:
    body = board["body"]
    assert "noted" in dict(decision_type_choices(body))
    services.decision_type_add(actor=board["secretary"], body=body, label="Bifall")
    services.decision_type_add(actor=board["secretary"], body=body, label="Återremiss")
    assert [label for _c, label in decision_type_choices(body)] == ["Bifall", "Återremiss"]
    with pytest.raises(ValidationError):
        services.decision_type_add(actor=board["secretary"], body=body, label="Bifall")


def test_the_decision_type_is_chosen_from_the_bodys_types_and_kept_in_the_version(board) -> None:
    body, secretary = board["body"], board["secretary"]
    meeting = _held_meeting(body, secretary)
    item = services.agenda_item_add(actor=secretary, meeting=meeting, title="Budget")
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_update(
            actor=secretary, item_id=item.pk, expected_version=1, decision_type="nonsense"
        )
    assert "decision_type" in refused.value.message_dict
    own = services.decision_type_add(actor=secretary, body=body, label="Bifall")
    services.agenda_item_update(
        actor=secretary,
        item_id=item.pk,
        expected_version=1,
        decision="<p>Ja</p>",
        decision_type=own.code,
    )
    _publish_minutes(meeting, secretary)
    own.label = "Bifall (ändrat)"
    own.save()
    version = meeting.published.get(document="minutes")
    views = agenda_views(version.snapshot, see_closed=False, show_decisions=True)
    budget = next(v for v in views if v.pk == item.pk)
    assert (budget.decision_type, budget.decision_type_label) == ("bifall", "Bifall")
    html = MeetingPdf.objects.get(version=version, audience="public").html
    assert "Bifall" in html


def test_a_default_decision_type_is_shown_in_the_readers_language(board) -> None:
    body, secretary = board["body"], board["secretary"]
    meeting = _held_meeting(body, secretary)
    item = services.agenda_item_add(actor=secretary, meeting=meeting, title="Budget")
    services.agenda_item_update(
        actor=secretary, item_id=item.pk, expected_version=1, decision_type="postponed"
    )
    views = selectors.agenda_for_user(meeting=meeting, user=secretary)
    assert next(v for v in views if v.pk == item.pk).decision_type_label == "Postponed"


# --- Attendance at items ----------------------------------------------------------------------


@pytest.fixture
def items_meeting(board):
    secretary = board["secretary"]
    meeting = _held_meeting(board["body"], secretary)
    first = services.agenda_item_add(actor=secretary, meeting=meeting, title="Vækst")
    second = services.agenda_item_add(actor=secretary, meeting=meeting, title="Udpegning")
    return meeting, first, second


def test_joining_leaving_and_disqualification_are_told_at_their_items(board, items_meeting) -> None:
    meeting, first, second = items_meeting
    secretary = board["secretary"]
    services.attendance_record(
        actor=secretary, meeting=meeting, person=board["a"][1], status="present", joined_at=second
    )
    services.attendance_record(
        actor=secretary, meeting=meeting, person=board["b"][1], status="present", left_after=first
    )
    services.attendance_record(
        actor=secretary, meeting=meeting, person=board["chair"][1], status="present"
    )
    services.item_disqualification_record(
        actor=secretary, item=second, person=board["chair"][1], note="Bestyrelsesmedlem"
    )
    _publish_minutes(meeting, secretary)
    version = meeting.published.get(document="minutes")
    shown = agenda_views(
        version.snapshot, see_closed=True, show_decisions=True, show_attendance=True
    )
    by_pk = {v.pk: v for v in shown}
    assert [(e.person, e.event) for e in by_pk[first.pk].attendance] == [
        ("Cecilia Ledamot", "left")
    ]
    assert [(e.person, e.event) for e in by_pk[second.pk].attendance] == [
        ("Bo Ledamot", "joined"),
        ("Anna Ordförande", "disqualified"),
    ]
    hidden = agenda_views(version.snapshot, see_closed=True, show_decisions=True)
    assert all(not v.attendance for v in hidden)
    members_pdf = MeetingPdf.objects.get(version=version, audience="members").html
    public_pdf = MeetingPdf.objects.get(version=version, audience="public").html
    assert "Anna Ordförande" in members_pdf and "inhabil" in members_pdf
    assert "inhabil" not in public_pdf  # the body does not publish attendance


def test_only_an_attendee_can_be_disqualified_and_nobody_joins_after_leaving(
    board, items_meeting
) -> None:
    meeting, first, second = items_meeting
    secretary = board["secretary"]
    with pytest.raises(ValidationError) as refused:
        services.item_disqualification_record(actor=secretary, item=first, person=board["a"][1])
    assert "person" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.attendance_record(
            actor=secretary,
            meeting=meeting,
            person=board["a"][1],
            status="present",
            joined_at=second,
            left_after=first,
        )
    assert "joined_at" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=secretary,
            meeting=meeting,
            person=board["a"][1],
            status="apologies",
            joined_at=first,
        )
    services.attendance_record(
        actor=secretary, meeting=meeting, person=board["a"][1], status="present"
    )
    services.item_disqualification_record(actor=secretary, item=first, person=board["a"][1])
    assert services.item_disqualification_remove(
        actor=secretary, item=first, person_id=board["a"][1].pk
    )
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_the_api_shows_attendance_at_items_only_to_those_who_see_attendance(
    board, items_meeting, client
) -> None:
    meeting, first, _second = items_meeting
    secretary = board["secretary"]
    services.attendance_record(
        actor=secretary, meeting=meeting, person=board["b"][1], status="present", left_after=first
    )
    _publish_minutes(meeting, secretary)
    url = f"/api/meetings/{meeting.pk}/"
    anonymous = {i["number"]: i for i in client.get(url).json()["items"]}
    assert all(not i.get("attendance") for i in anonymous.values())
    client.force_login(board["a"][0])
    member = client.get(url).json()["items"]
    events = [e for i in member for e in i.get("attendance", [])]
    assert events == [{"person": "Cecilia Ledamot", "event": "left", "note": ""}]


# --- Pages ------------------------------------------------------------------------------------


def test_the_settings_page_saves_the_rule_and_adds_a_decision_type(board, client) -> None:
    from meetings.access import minutes_approval_rule

    url = f"/moeder/organ/{board['body'].slug}/referat-indstillinger/"
    client.force_login(board["a"][0])
    assert client.get(url).status_code == 403
    client.force_login(board["secretary"])
    response = client.post(url, {"action": "rule", "approval": "adjusters"})
    assert response.status_code == 302
    assert minutes_approval_rule(board["body"].pk) == MinutesApprovalRule.ADJUSTERS
    client.post(url, {"action": "add_type", "label": "Bifall"})
    assert [label for _c, label in decision_type_choices(board["body"])] == ["Bifall"]
    refused = client.post(url, {"action": "add_type", "label": "Bifall"})
    assert refused.status_code == 400


def test_only_adjusters_and_the_secretariat_open_the_justering_page(board, adjusted_body, client):
    url = f"/moeder/{adjusted_body.pk}/justering/"
    services.minutes_adjusters_set(
        actor=board["secretary"], meeting_id=adjusted_body.pk, person_ids=[board["a"][1].pk]
    )
    client.force_login(board["b"][0])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "adjust"}).status_code == 403
    client.force_login(board["a"][0])
    assert client.get(url).status_code == 200
    # An adjuster cannot appoint adjusters or resolve comments (the secretariat's work).
    assert (
        client.post(url, {"action": "adjusters", "persons": [board["b"][1].pk]}).status_code == 403
    )


def test_the_meeting_page_says_when_the_members_approved_the_minutes(board, online, client):
    services.minutes_approval_request(actor=board["secretary"], meeting_id=online.pk)
    for user in (board["a"][0], board["b"][0], board["chair"][0]):
        services.minutes_approval_give(actor=user, meeting_id=online.pk)
    client.cookies["django_language"] = "en"
    page = client.get(online.get_absolute_url()).content.decode()
    assert "Approved by the members" in page


def test_the_attendance_page_records_a_join_and_a_disqualification(
    board, items_meeting, client
) -> None:
    from meetings.models import ItemDisqualification

    meeting, first, second = items_meeting
    client.force_login(board["secretary"])
    url = f"/moeder/{meeting.pk}/deltagere/"
    response = client.post(
        url, {"person": board["a"][1].pk, "status": "present", "joined_at": second.pk}
    )
    assert response.status_code == 302
    assert Attendance.objects.get(meeting=meeting, person=board["a"][1]).joined_at == second
    refused = client.post(url, {"disqualify": "1", "dq-item": first.pk, "dq-person": 0})
    assert refused.status_code == 400
    response = client.post(
        url,
        {"disqualify": "1", "dq-item": first.pk, "dq-person": board["a"][1].pk, "dq-note": "Part"},
    )
    assert response.status_code == 302
    assert ItemDisqualification.objects.filter(item=first, person=board["a"][1]).exists()
    client.post(url, {"undisqualify": "1", "item": first.pk, "person": board["a"][1].pk})
    assert not ItemDisqualification.objects.filter(item=first).exists()


def test_a_body_that_approves_otherwise_gets_no_standing_approval_item(board) -> None:
    body, secretary = board["body"], board["secretary"]
    first = services.meeting_schedule(actor=secretary, body=body, starts_at=at(2025, 1, 10))
    assert first.items.filter(standing="approve_minutes").exists()
    services.body_minutes_settings_set(
        actor=secretary, body=body, approval=MinutesApprovalRule.ADJUSTERS
    )
    later = services.meeting_schedule(actor=secretary, body=body, starts_at=at(2025, 2, 10))
    assert not later.items.filter(standing="approve_minutes").exists()
    assert later.items.filter(standing="approve_agenda").exists()


# --- Review findings: what an adjuster reads --------------------------------------------------


def test_a_guest_appointed_adjuster_does_not_read_closed_items_on_the_justering_page(
    board, adjusted_body, client
) -> None:
    secretary = board["secretary"]
    services.agenda_item_add(
        actor=secretary, meeting=adjusted_body, title="MXLUKKET personsag", is_closed=True
    )
    guest_user = UserFactory(username="gaest")
    guest = PersonFactory(name="Gæst Gæstesen", user=guest_user)
    services.attendance_record(
        actor=secretary, meeting=adjusted_body, person=guest, status="present"
    )
    services.minutes_adjusters_set(
        actor=secretary, meeting_id=adjusted_body.pk, person_ids=[guest.pk]
    )
    url = reverse("meetings:minutes_adjust", args=[adjusted_body.pk])
    client.force_login(guest_user)
    page = client.get(url)
    assert page.status_code == 200
    assert "MXLUKKET" not in page.content.decode()
    client.force_login(secretary)
    assert "MXLUKKET" in client.get(url).content.decode()


def test_an_adjuster_no_longer_reads_the_live_draft_once_the_minutes_are_published(
    board, adjusted_body, client
) -> None:
    services.minutes_adjusters_set(
        actor=board["secretary"], meeting_id=adjusted_body.pk, person_ids=[board["a"][1].pk]
    )
    services.minutes_adjust(actor=board["chair"][0], meeting_id=adjusted_body.pk)
    services.minutes_adjust(actor=board["a"][0], meeting_id=adjusted_body.pk)
    _publish_minutes(adjusted_body, board["secretary"])
    adjusted_body.refresh_from_db()
    services.agenda_item_add(
        actor=board["secretary"], meeting=adjusted_body, title="UPUBLICERET UDKAST"
    )
    url = reverse("meetings:minutes_adjust", args=[adjusted_body.pk])
    client.force_login(board["a"][0])
    assert client.get(url).status_code == 403
    client.force_login(board["secretary"])
    assert "UPUBLICERET UDKAST" in client.get(url).content.decode()
