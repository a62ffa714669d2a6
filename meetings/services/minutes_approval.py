"""Approving minutes besides the standing item at the next meeting: online by the members
("Godkend referat") or by adjusters (Swedish justering), and the body's decision types.

Rules enforced here:
- a body's rule (``BodyMinutesSettings``) decides which way its minutes are approved;
- online: the secretariat asks the members once the minutes are published; each member of
  the body on the meeting's day approves the current version once (timestamped); when all
  have, the minutes are approved; a reminder goes to those who have not, at most once a day
  per member and version (through the outbox);
- justering: the secretariat appoints adjusters (the chair is one by office) before the
  minutes are published; an adjuster comments on items (the secretary is told) and
  approves when no comment is open; when all have approved the minutes are "justerat" and
  only then may they be published (``minutes_publish`` asks ``minutes_may_publish``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from core.outbox import email_enqueue
from meetings import signals
from meetings.access import (
    minutes_approval_rule,
    minutes_approver_person_ids,
    minutes_chair_person_id,
    person_id_of,
)
from meetings.models import (
    AgendaItem,
    Attendance,
    BodyMinutesSettings,
    DecisionType,
    Meeting,
    MinutesAdjuster,
    MinutesApproval,
    MinutesApprovalRule,
    MinutesComment,
    PublishedVersion,
)


def _link(path: str) -> str:
    return settings.SITE_URL + path


def _person_email(person: Any) -> str:
    if person.email:
        return str(person.email)
    user = getattr(person, "user", None)
    return str(user.email) if user is not None and user.email else ""


@transaction.atomic
def body_minutes_settings_set(
    *, actor: User | None, body: Any, approval: str
) -> BodyMinutesSettings:
    """Choose how ``body`` approves its minutes (next meeting, members online, adjusters)."""
    if approval not in MinutesApprovalRule.values:
        raise ValidationError({"approval": _("Choose how the minutes are approved.")})
    row = BodyMinutesSettings.objects.select_for_update().filter(body_id=body.pk).first()
    if row is None:
        row = BodyMinutesSettings(body_id=body.pk)
    row.approval = approval
    save_as(row, actor=actor)
    return row


@transaction.atomic
def decision_type_add(*, actor: User | None, body: Any, label: str) -> DecisionType:
    """Add a decision type of the body's own (its own types replace the defaults)."""
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("A decision type needs a name.")})
    code = slugify(label)[:50] or "type"
    existing = DecisionType.objects.filter(body_id=body.pk, code=code).first()
    if existing is not None:
        if existing.is_active:
            raise ValidationError({"label": _("The body already has this decision type.")})
        existing.is_active = True
        existing.label = label
        save_as(existing, actor=actor, update_fields=["is_active", "label"])
        return existing
    position = DecisionType.objects.filter(body_id=body.pk).count()
    row = DecisionType(body_id=body.pk, code=code, label=label, position=position)
    save_as(row, actor=actor)
    return row


@transaction.atomic
def decision_type_retire(*, actor: User | None, decision_type_id: int) -> DecisionType:
    """Stop offering a decision type; items decided with it keep it."""
    row = DecisionType.objects.select_for_update().get(pk=decision_type_id)
    row.is_active = False
    save_as(row, actor=actor, update_fields=["is_active"])
    return row


# --- Online approval by the members ("Godkend referat") ------------------------------------


def _current_minutes(meeting: Meeting) -> PublishedVersion | None:
    return (
        meeting.published.filter(document=PublishedVersion.Document.MINUTES)
        .order_by("-number")
        .first()
    )


def _ask_members(
    meeting: Meeting, version: PublishedVersion, person_ids: Iterable[int], key: str
) -> int:
    from councils.models import Person

    link = _link(reverse("meetings:minutes_approval", args=[meeting.pk]))
    values = {
        "body": meeting.body.name,
        "date": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
        "link": link,
    }
    sent = 0
    for person in Person.objects.filter(pk__in=list(person_ids)).select_related("user"):
        address = _person_email(person)
        if not address:
            continue
        sent += email_enqueue(
            key=f"{key}:{version.pk}:{person.pk}:{address}",
            to=address,
            subject=_("Please approve the minutes: %(body)s %(date)s") % values,
            text=_(
                "The minutes of the meeting of %(body)s on %(date)s are ready for your "
                "approval. Read and approve them here:\n%(link)s\n"
            )
            % values,
            body_id=meeting.body_id,
        )
    return sent


@transaction.atomic
def minutes_approval_request(*, actor: User | None, meeting_id: int) -> Meeting:
    """Ask the members to approve the published minutes online (each gets an e-mail)."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting_id)
    if minutes_approval_rule(meeting.body_id) != MinutesApprovalRule.MEMBERS_ONLINE:
        raise ValidationError(_("This body does not approve its minutes online."))
    version = _current_minutes(meeting)
    if version is None:
        raise ValidationError(_("Publish the minutes before asking the members to approve them."))
    if meeting.minutes_approved_at is not None:
        raise ValidationError(_("The minutes have already been approved."))
    if meeting.minutes_approval_requested_at is None:
        meeting.minutes_approval_requested_at = timezone.now()
        save_as(meeting, actor=actor, update_fields=["minutes_approval_requested_at"])
    _ask_members(meeting, version, minutes_approver_person_ids(meeting), "minutes-approve-ask")
    return meeting


@transaction.atomic
def minutes_approval_give(*, actor: User, meeting_id: int) -> MinutesApproval:
    """A member approves the current minutes ("Godkend referat"), once. When every member
    of the body on the meeting's day has, the minutes are approved."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting_id)
    if minutes_approval_rule(meeting.body_id) != MinutesApprovalRule.MEMBERS_ONLINE:
        raise ValidationError(_("This body does not approve its minutes online."))
    if meeting.minutes_approved_at is not None:
        raise ValidationError(_("The minutes have already been approved."))
    if meeting.minutes_approval_requested_at is None:
        raise ValidationError(
            _("The secretariat has not yet asked for the minutes to be approved.")
        )
    version = _current_minutes(meeting)
    if version is None:
        raise ValidationError(_("The minutes have not been published."))
    person_id = person_id_of(actor)
    approvers = minutes_approver_person_ids(meeting)
    if person_id is None or person_id not in approvers:
        raise ValidationError(_("Only the body's members approve its minutes."))
    if MinutesApproval.objects.filter(version=version, person_id=person_id).exists():
        raise ValidationError(_("You have already approved these minutes."))
    now = timezone.now()
    approval = MinutesApproval(
        version=version, meeting=meeting, person_id=person_id, user=actor, approved_at=now
    )
    save_as(approval, actor=actor)
    done = set(MinutesApproval.objects.filter(version=version).values_list("person_id", flat=True))
    if approvers <= done:
        meeting.minutes_approved_at = now
        meeting.status = Meeting.Status.MINUTES_APPROVED
        save_as(meeting, actor=actor, update_fields=["minutes_approved_at", "status"])
        signals.send_on_commit(signals.minutes_approved, meeting_id=meeting.pk)
    return approval


@transaction.atomic
def minutes_approval_remind(
    *, actor: User | None, meeting_id: int, today: dt.date | None = None
) -> int:
    """Remind the members who have not yet approved the current minutes; at most once a day
    per member (a second reminder the same day sends nothing). Returns the e-mails queued."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    if meeting.minutes_approval_requested_at is None or meeting.minutes_approved_at is not None:
        raise ValidationError(_("There is no approval of the minutes waiting."))
    version = _current_minutes(meeting)
    if version is None:
        return 0
    done = set(MinutesApproval.objects.filter(version=version).values_list("person_id", flat=True))
    day = (today or timezone.localdate()).isoformat()
    missing = minutes_approver_person_ids(meeting) - done
    return _ask_members(meeting, version, missing, f"minutes-approve-remind:{day}")


def minutes_approvals_remind_all(*, today: dt.date | None = None) -> int:
    """Remind, for every meeting whose online approval waits (for a daily beat job)."""
    sent = 0
    for meeting_id in Meeting.objects.filter(
        minutes_approval_requested_at__isnull=False, minutes_approved_at__isnull=True
    ).values_list("pk", flat=True):
        sent += minutes_approval_remind(actor=None, meeting_id=meeting_id, today=today)
    return sent


# --- Justering (Swedish adjusters) ----------------------------------------------------------


def _require_adjusting(meeting: Meeting) -> None:
    if minutes_approval_rule(meeting.body_id) != MinutesApprovalRule.ADJUSTERS:
        raise ValidationError(_("This body does not have its minutes adjusted."))
    if meeting.minutes_adjusted_at is not None:
        raise ValidationError(_("The minutes have already been adjusted."))


@transaction.atomic
def minutes_adjusters_set(
    *, actor: User | None, meeting_id: int, person_ids: Iterable[int]
) -> list[MinutesAdjuster]:
    """Appoint the adjusters (justerare) of the meeting's minutes, besides the chair, who
    adjusts by office. They are chosen from those who attended or the body's members.
    An adjuster who has already approved stays."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting_id)
    _require_adjusting(meeting)
    if meeting.minutes_published_at is not None:
        raise ValidationError(_("The minutes have been published: it is too late to adjust them."))
    chosen = {int(pk) for pk in person_ids}
    if not chosen:
        raise ValidationError({"persons": _("Choose at least one adjuster.")})
    attended = set(
        Attendance.objects.filter(meeting=meeting)
        .exclude(status=Attendance.Status.APOLOGIES)
        .values_list("person_id", flat=True)
    )
    eligible = attended | minutes_approver_person_ids(meeting)
    if not chosen <= eligible:
        raise ValidationError(
            {"persons": _("Adjusters are chosen among the meeting's attendees and members.")}
        )
    chair = minutes_chair_person_id(meeting)
    wanted = chosen | ({chair} if chair else set())
    existing = {a.person_id: a for a in MinutesAdjuster.objects.filter(meeting=meeting)}
    for person_id, row in existing.items():
        if person_id not in wanted and row.approved_at is None:
            from core.history import history_user_set

            history_user_set(row, actor=actor)
            row.delete()
    for person_id in sorted(wanted - set(existing)):
        save_as(
            MinutesAdjuster(meeting=meeting, person_id=person_id, is_chair=person_id == chair),
            actor=actor,
        )
    return list(MinutesAdjuster.objects.filter(meeting=meeting).select_related("person"))


def _adjuster_for(actor: User, meeting: Meeting) -> MinutesAdjuster:
    person_id = person_id_of(actor)
    row = (
        MinutesAdjuster.objects.select_for_update()
        .filter(meeting=meeting, person_id=person_id)
        .first()
        if person_id is not None
        else None
    )
    if row is None:
        raise ValidationError(_("Only the meeting's adjusters adjust its minutes."))
    return row


@transaction.atomic
def minutes_comment_add(*, actor: User, item_id: int, text: str) -> MinutesComment:
    """An adjuster's comment on an item of the draft minutes; the secretariat is told."""
    from councils.selectors import secretariat_emails

    item = AgendaItem.objects.select_related("meeting__body").get(pk=item_id)
    meeting = item.meeting
    _require_adjusting(meeting)
    adjuster = _adjuster_for(actor, meeting)
    if adjuster.approved_at is not None:
        raise ValidationError(_("You have already adjusted the minutes."))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = MinutesComment(
        meeting=meeting, item=item, author_id=adjuster.person_id, text=text.strip()
    )
    save_as(comment, actor=actor)
    link = _link(reverse("meetings:minutes_adjust", args=[meeting.pk]))
    for address in secretariat_emails(meeting.body):
        email_enqueue(
            key=f"minutes-comment:{comment.pk}:{address}",
            to=address,
            subject=_("A comment on the minutes of %(body)s") % {"body": meeting.body.name},
            text=_(
                "%(person)s has commented on item %(title)s:\n\n%(text)s\n\n"
                "Resolve it here:\n%(link)s\n"
            )
            % {
                "person": adjuster.person.name,
                "title": item.title,
                "text": comment.text,
                "link": link,
            },
            body_id=meeting.body_id,
        )
    return comment


@transaction.atomic
def minutes_comment_resolve(
    *,
    actor: User | None,
    comment_id: int,
    answer: str,
    decision: str | None = None,
    expected_version: int | None = None,
) -> MinutesComment:
    """The secretary resolves an adjuster's comment with an answer; ``decision`` changes the
    item's decision through ``agenda_item_update`` (with its version check)."""
    from meetings.services.agenda_items import agenda_item_update

    comment = (
        MinutesComment.objects.select_for_update()
        .select_related("item", "meeting")
        .get(pk=comment_id)
    )
    if comment.resolved_at is not None:
        raise ValidationError(_("The comment has already been resolved."))
    if comment.meeting.minutes_adjusted_at is not None:
        raise ValidationError(_("The minutes have already been adjusted."))
    if not answer.strip():
        raise ValidationError({"answer": _("Answer the comment.")})
    if decision is not None:
        agenda_item_update(
            actor=actor,
            item_id=comment.item_id,
            expected_version=comment.item.version if expected_version is None else expected_version,
            decision=decision,
        )
    comment.answer = answer.strip()
    comment.resolved_at = timezone.now()
    comment.resolved_by = actor if actor is not None and actor.is_authenticated else None
    save_as(comment, actor=actor, update_fields=["answer", "resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def minutes_adjust(
    *, actor: User | None, meeting_id: int, person_id: int | None = None
) -> MinutesAdjuster:
    """An adjuster approves the minutes (justerar). Refused while a comment is open. When
    every adjuster has, the minutes are "justerat" and may be published.

    ``person_id`` records the approval of an adjuster who signed on paper: the secretariat
    enters it (the view checks that the actor edits the body)."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting_id)
    _require_adjusting(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not been held yet."))
    if person_id is None:
        if actor is None:
            raise ValidationError(_("Only the meeting's adjusters adjust its minutes."))
        adjuster = _adjuster_for(actor, meeting)
    else:
        found = (
            MinutesAdjuster.objects.select_for_update()
            .filter(meeting=meeting, person_id=person_id)
            .first()
        )
        if found is None:
            raise ValidationError(_("Only the meeting's adjusters adjust its minutes."))
        adjuster = found
    if adjuster.approved_at is not None:
        raise ValidationError(_("You have already adjusted the minutes."))
    if MinutesComment.objects.filter(meeting=meeting, resolved_at__isnull=True).exists():
        raise ValidationError(
            _("Comments on the minutes are not yet resolved: the secretary answers them first.")
        )
    now = timezone.now()
    adjuster.approved_at = now
    adjuster.approved_by = actor if actor is not None and actor.is_authenticated else None
    save_as(adjuster, actor=actor, update_fields=["approved_at", "approved_by"])
    if not MinutesAdjuster.objects.filter(meeting=meeting, approved_at__isnull=True).exists():
        meeting.minutes_adjusted_at = now
        save_as(meeting, actor=actor, update_fields=["minutes_adjusted_at"])
    return adjuster


def minutes_may_publish(meeting: Meeting) -> None:
    """Raise when the body's rule keeps the minutes from being published yet (justering)."""
    if (
        minutes_approval_rule(meeting.body_id) == MinutesApprovalRule.ADJUSTERS
        and meeting.minutes_adjusted_at is None
    ):
        raise ValidationError(
            _(
                "The minutes are not adjusted: every adjuster must approve them before "
                "they are published."
            ),
            code="not_adjusted",
        )
