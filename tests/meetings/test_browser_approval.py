"""Approving minutes in the browser: the members approve online ("Godkend referat") and the
secretariat follows the count; adjusters (justerare) comment on an item, the secretary
resolves the comment by correcting the decision, the minutes are adjusted (justerat) and
published with the appeal period. axe-core checks each page.

The pages are read in English (the language cookie) so the test does not depend on the
Danish translations of the new texts, which are merged separately."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from councils.models import Body
from meetings import services
from meetings.models import Meeting, MinutesApproval, MinutesApprovalRule, MinutesComment
from tests.browser_helpers import axe_violations, follow, log_in

pytestmark = pytest.mark.browser


def _sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.base}])


def _held_meeting(body: Body, title: str) -> tuple[Meeting, int]:
    meeting = services.meeting_schedule(
        actor=None, body=body, starts_at=timezone.now() - timezone.timedelta(hours=3)
    )
    item = services.agenda_item_add(actor=None, meeting=meeting, title=title, kind="decision")
    services.agenda_item_update(
        actor=None,
        item_id=item.pk,
        expected_version=item.version,
        decision="<p>Budgettet blev godkendt for 2025.</p>",
        decision_type="approved",
    )
    services.agenda_publish(actor=None, meeting_id=meeting.pk)
    return meeting, item.pk


def test_members_approve_the_minutes_online_and_the_secretariat_sees_the_count(page) -> None:
    body = Body.objects.get(slug="kd-net-midtjylland")
    _sign_in(page, "sekretariat")
    page.goto(page.base + f"/moeder/organ/{body.slug}/referat-indstillinger/")
    page.get_by_label("By the members online").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The way the minutes are approved is saved.")).to_be_visible()
    assert axe_violations(page) == []

    meeting, _item = _held_meeting(body, "Budget 2025")
    services.minutes_publish(actor=None, meeting_id=meeting.pk, confirm_missing=True)
    page.goto(page.base + meeting.get_absolute_url())
    page.get_by_role("link", name="Approval of the minutes").click()
    page.get_by_role("button", name="Ask the members to approve").click()
    expect(page.get_by_text("The members are asked to approve the minutes.")).to_be_visible()
    heading = page.get_by_role("heading", name=re.compile(r"^0 of \d+ members have approved$"))
    expect(heading).to_be_visible()
    total = int(heading.inner_text().split(" of ")[1].split()[0])
    assert axe_violations(page) == []

    _sign_in(page, "medlem")
    page.goto(page.base + meeting.get_absolute_url())
    follow(page, page.get_by_role("link", name="Approval of the minutes"))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.get_by_text("You have approved the minutes.")).to_be_visible()
    assert page.get_by_role("button", name="Approve the minutes").count() == 0
    assert MinutesApproval.objects.filter(meeting=meeting, person__name="Jan Kallestrup").exists()

    from councils.models import Person

    # Every member has an address to remind.
    for person in Person.objects.filter(memberships__body=body, email=""):
        Person.objects.filter(pk=person.pk).update(email=f"{person.slug}@example.org")
    _sign_in(page, "sekretariat")
    page.goto(page.base + f"/moeder/{meeting.pk}/godkendelse-af-referat/")
    expect(page.get_by_role("heading", name=f"1 of {total} members have approved")).to_be_visible()
    expect(page.get_by_text("Jan Kallestrup,")).to_be_visible()
    page.get_by_role("button", name="Remind those who have not approved").click()
    expect(page.get_by_text(re.compile(r"\d+ reminders are sent\."))).to_be_visible()
    page.get_by_role("button", name="Remind those who have not approved").click()
    expect(page.get_by_text(re.compile("No reminder was sent"))).to_be_visible()


def test_an_adjuster_comments_the_secretary_resolves_and_the_minutes_are_justerat(page) -> None:
    body = Body.objects.get(slug="kd-net-midtjylland")
    services.body_minutes_settings_set(
        actor=None, body=body, approval=MinutesApprovalRule.ADJUSTERS
    )
    meeting, item_pk = _held_meeting(body, "Budget 2025")
    jan = body.memberships.get(person__name="Jan Kallestrup").person
    services.attendance_record(actor=None, meeting=meeting, person=jan, status="present")

    _sign_in(page, "sekretariat")
    page.goto(page.base + f"/moeder/{meeting.pk}/justering/")
    page.get_by_label("Jan Kallestrup").check()
    page.get_by_role("button", name="Appoint the adjusters").click()
    expect(page.get_by_text("The adjusters are appointed.")).to_be_visible()
    assert axe_violations(page) == []
    # Not yet adjusted: the minutes cannot be published.
    page.goto(page.base + f"/moeder/{meeting.pk}/dagsorden/")
    page.get_by_label("Publish even though some items have no decision").check()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text(re.compile("The minutes are not adjusted"))).to_be_visible()

    _sign_in(page, "medlem")
    page.goto(page.base + meeting.get_absolute_url())
    page.get_by_role("link", name="Adjusting the minutes (justering)").click()
    page.locator(f"#comment-{item_pk}").fill("Beslutningen gjaldt 2026, ikke 2025.")
    page.locator(f"#comment-{item_pk}").locator("xpath=../..").get_by_role(
        "button", name=re.compile("Send the comment")
    ).click()
    expect(page.get_by_text("Your comment is sent to the secretary.")).to_be_visible()
    page.get_by_role("button", name="Adjust the minutes").click()
    expect(
        page.get_by_text(re.compile("Comments on the minutes are not yet resolved"))
    ).to_be_visible()
    assert axe_violations(page) == []

    _sign_in(page, "sekretariat")
    page.goto(page.base + f"/moeder/{meeting.pk}/justering/")
    comment = MinutesComment.objects.get(meeting=meeting)
    page.locator(f"#answer-{comment.pk}").fill("Rettet til 2026.")
    page.locator(f"#change-{comment.pk}").check()
    page.locator(f"#decision-{comment.pk}").fill("<p>Budgettet blev godkendt for 2026.</p>")
    page.get_by_role("button", name="Resolve the comment").click()
    expect(page.get_by_text("The comment is resolved.")).to_be_visible()
    expect(page.get_by_text("Budgettet blev godkendt for 2026.").first).to_be_visible()
    # The chair adjusts by office; here the secretariat records the chair's signature.
    for button in page.get_by_role("button", name=re.compile("Record the approval on paper")).all():
        if "Jan Kallestrup" not in (button.inner_text() or ""):
            button.click()
            break
    assert axe_violations(page) == []

    _sign_in(page, "medlem")
    page.goto(page.base + f"/moeder/{meeting.pk}/justering/")
    page.get_by_role("button", name="Adjust the minutes").click()
    expect(page.get_by_text("You have adjusted the minutes.")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.minutes_adjusted_at is not None

    _sign_in(page, "sekretariat")
    page.goto(page.base + f"/moeder/{meeting.pk}/dagsorden/")
    expect(page.get_by_text(re.compile(r"^Adjusted ")).first).to_be_visible()
    page.get_by_label("Publish even though some items have no decision").check()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text("The minutes are published.")).to_be_visible()
    page.goto(page.base + meeting.get_absolute_url())
    expect(page.get_by_text(re.compile(r"the appeal period ends"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Adjusted ")).first).to_be_visible()
    expect(page.get_by_text("Budgettet blev godkendt for 2026.")).to_be_visible()
    assert axe_violations(page) == []
