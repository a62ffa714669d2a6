"""Publishing (offentliggørelse) of agendas and minutes as versions, and approving minutes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from core.html import sanitize_html
from meetings import signals
from meetings.agenda import closed_ids, live_snapshot_of, public_attachment_ids
from meetings.models import (
    AgendaItem,
    Meeting,
    MeetingPdf,
    PublishedVersion,
)
from meetings.numbering import agenda_order
from meetings.services import newsletters, pdf
from meetings.services.minutes_approval import minutes_may_publish


def _snapshot(meeting: Meeting) -> dict:
    return live_snapshot_of(meeting)


def _withdraw_public_pdfs(version: PublishedVersion) -> int:
    """Withdraw from the public the older public PDFs that showed an item or attachment
    which ``version`` closes (they are kept for the secretariat)."""
    closed_items, closed_files = closed_ids(version.snapshot)
    if not (closed_items or closed_files):
        return 0
    withdrawn = []
    for older in PublishedVersion.objects.filter(meeting=version.meeting).exclude(pk=version.pk):
        shown_items = {i["id"] for i in older.snapshot.get("items", []) if not i.get("is_closed")}
        if shown_items & closed_items or public_attachment_ids(older.snapshot) & closed_files:
            withdrawn.append(older.pk)
    return MeetingPdf.objects.filter(
        version_id__in=withdrawn, audience=MeetingPdf.Audience.PUBLIC, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


def _publish(
    meeting: Meeting, document: str, actor: User | None, change_note: str
) -> PublishedVersion:
    latest = meeting.published.filter(document=document).order_by("-number").first()
    if latest is not None and not change_note.strip():
        raise ValidationError({"change_note": _("It has been published before: say what changed.")})
    version = PublishedVersion.objects.create(
        meeting=meeting,
        document=document,
        number=(latest.number + 1) if latest else 1,
        published_at=timezone.now(),
        change_note=change_note.strip(),
        snapshot=_snapshot(meeting),
        meeting_version=meeting.version,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _withdraw_public_pdfs(version)
    pdf.meeting_pdfs_request(version=version)
    signals.send_on_commit(signals.version_published, version_id=version.pk)
    if document == PublishedVersion.Document.MINUTES and version.number == 1:
        newsletters.newsletter_draft_from_minutes(actor=actor, meeting=meeting)
    return version


@transaction.atomic
def agenda_publish(
    *, actor: User | None, meeting_id: int, change_note: str = "", at: dt.datetime | None = None
) -> Meeting:
    """Publish the agenda now, or schedule it (``at`` in the future). Publishing again
    after a change makes a new version that needs a note of what changed."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    if not meeting.items.exists():
        raise ValidationError(_("The agenda has no items: add at least one before publishing."))
    if at is not None and at > timezone.now():
        meeting.agenda_publish_at = at
        save_as(meeting, actor=actor, update_fields=["agenda_publish_at"])
        return meeting
    version = _publish(meeting, PublishedVersion.Document.AGENDA, actor, change_note)
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.agenda_publish_at = None
    meeting.agenda_published_at = meeting.agenda_published_at or version.published_at
    save_as(
        meeting, actor=actor, update_fields=["status", "agenda_publish_at", "agenda_published_at"]
    )
    return meeting


def agendas_due_publish(*, now: dt.datetime | None = None) -> int:
    """Publish the agendas whose scheduled time has come (run by Celery beat)."""
    now = now or timezone.now()
    count = 0
    for meeting_id in Meeting.objects.filter(
        agenda_publish_at__lte=now, status=Meeting.Status.PLANNED
    ).values_list("pk", flat=True):
        meeting = Meeting.objects.get(pk=meeting_id)
        # Published by hand since it was scheduled: nothing to do.
        if meeting.status == Meeting.Status.PLANNED:
            agenda_publish(actor=None, meeting_id=meeting_id)
            count += 1
    return count


@transaction.atomic
def minutes_publish(
    *, actor: User | None, meeting_id: int, change_note: str = "", confirm_missing: bool = False
) -> Meeting:
    """Publish the decisions as minutes; only after the agenda and the meeting's start.

    Items without a decision (other than headings with sub-items) are named, and the
    minutes are only published without them when the secretary confirms it.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    if not meeting.agenda_is_published:
        raise ValidationError(_("Publish the agenda before the minutes."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not been held yet."))
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError(_("The minutes have been approved and can no longer change."))
    minutes_may_publish(meeting)
    if not confirm_missing:
        ordered = agenda_order(meeting.items.all())
        parents = {item.parent_id for _n, item in ordered if item.parent_id}
        missing = [n for n, item in ordered if not item.decision and item.pk not in parents]
        if missing:
            raise ValidationError(
                _(
                    "These items have no decision: %(numbers)s. Write them, or confirm that the "
                    "minutes are published without."
                )
                % {"numbers": ", ".join(missing)},
                code="missing_decisions",
            )
    version = _publish(meeting, PublishedVersion.Document.MINUTES, actor, change_note)
    meeting.status = Meeting.Status.MINUTES_PUBLISHED
    meeting.minutes_published_at = meeting.minutes_published_at or version.published_at
    save_as(meeting, actor=actor, update_fields=["status", "minutes_published_at"])
    return meeting


@transaction.atomic
def minutes_approve(*, actor: User | None, item_id: int) -> Meeting:
    """Approve the earlier meeting's minutes through this meeting's standing item."""
    item = AgendaItem.objects.select_related("minutes_of").get(pk=item_id)
    earlier = item.minutes_of
    if item.standing != AgendaItem.Standing.APPROVE_MINUTES or earlier is None:
        raise ValidationError(_("This item does not approve any minutes."))
    if earlier.status != Meeting.Status.MINUTES_PUBLISHED:
        raise ValidationError(_("The minutes to approve have not been published."))
    earlier.status = Meeting.Status.MINUTES_APPROVED
    earlier.minutes_approved_at = earlier.minutes_approved_at or timezone.now()
    save_as(earlier, actor=actor, update_fields=["status", "minutes_approved_at"])
    signals.send_on_commit(signals.minutes_approved, meeting_id=earlier.pk)
    if not item.decision:
        item.decision = sanitize_html("<p>" + _("The minutes were approved.") + "</p>")
        item.version += 1
        save_as(item, actor=actor, update_fields=["decision", "version"])
    return earlier
