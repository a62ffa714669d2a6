"""Writes for meetings. Every service takes ``actor`` and runs in a transaction.

Rules enforced here: a meeting ends after it starts; a new meeting starts from the standing
items; sub-items go one level deep; edits carry the version they were loaded at; attachments
are checked by content (type and size) and a rejected upload leaves the agenda as it was;
a change after publishing makes a new version with a note of what changed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import ConflictError
from core.history import save_as
from core.html import sanitize_html
from core.uploads import UploadRefused, upload_check
from meetings import services_newsletter, services_pdf, signals
from meetings.access import item_is_closed
from meetings.agenda import build_snapshot, closed_ids, public_attachment_ids
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    MeetingPdf,
    PublishedVersion,
)
from meetings.numbering import agenda_order

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
RICH_TEXT_FIELDS = ("case_text", "recommendation", "decision")
ITEM_EDITABLE_FIELDS = (
    "title",
    "presenter",
    "presenter_text",
    "kind",
    "case_text",
    "recommendation",
    "decision",
    "is_closed",
)
TRAILING_STANDING = (AgendaItem.Standing.OTHER_BUSINESS, AgendaItem.Standing.NEXT_MEETING)
MEETING_EDITABLE_FIELDS = ("starts_at", "ends_at", "place", "agenda_deadline")
# The facts members and subscribers are told about when they change after publishing.
MEETING_NOTIFIED_FIELDS = ("starts_at", "ends_at", "place")


@transaction.atomic
def meeting_schedule(
    *,
    actor: Any,
    body: Any,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    place: str = "",
    agenda_deadline: dt.date | None = None,
) -> Meeting:
    """Create a meeting with the standing items; the minutes item links the previous meeting."""
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": _("A meeting cannot end before it starts.")})
    if agenda_deadline is not None and agenda_deadline > starts_at.date():
        raise ValidationError({"agenda_deadline": _("The agenda deadline is after the meeting.")})
    meeting = Meeting(
        body=body,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        agenda_deadline=agenda_deadline,
    )
    save_as(meeting, actor=actor)
    previous = (
        Meeting.objects.filter(body=body, starts_at__lt=starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
        .first()
    )
    standing = [
        (AgendaItem.Standing.APPROVE_AGENDA, _("Approval of the agenda"), None),
        (
            AgendaItem.Standing.APPROVE_MINUTES,
            _("Approval of the minutes of the meeting of %(date)s")
            % {"date": timezone.localtime(previous.starts_at).strftime("%d-%m-%Y")}
            if previous
            else _("Approval of the minutes of the previous meeting"),
            previous,
        ),
        (AgendaItem.Standing.OTHER_BUSINESS, _("Any other business"), None),
        (AgendaItem.Standing.NEXT_MEETING, _("Next meeting"), None),
    ]
    for position, (kind, title, minutes_of) in enumerate(standing):
        item = AgendaItem(
            meeting=meeting,
            position=position,
            title=title,
            standing=kind,
            minutes_of=minutes_of,
            kind=AgendaItem.Kind.DECISION
            if minutes_of or kind == "approve_agenda"
            else AgendaItem.Kind.INFORMATION,
        )
        save_as(item, actor=actor)
    return meeting


def _meeting_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


@transaction.atomic
def meeting_update(*, actor: Any, meeting_id: int, expected_version: int, **fields: Any) -> Meeting:
    """Change a meeting's time, end, place or agenda deadline after it was created.

    Rules: the form carries ``Meeting.version`` as loaded (decision 0007). The agenda's
    edits also raise the version, so a stale version is a conflict only when someone else
    changed one of these facts since (found from the history row at the loaded version);
    then ``ConflictError`` names them and nothing is saved. A cancelled meeting is not
    changed. The meeting still ends after it starts and the deadline is not after it.

    Time and place are facts of the meeting, not of the agenda: the published snapshot is
    unchanged (the draft is not marked as differing from it), and the calendar and the
    meeting page show the new facts at once. When the agenda has been published, members
    and subscribers are told through the outbox (one e-mail per address per change).
    """
    unknown = set(fields) - set(MEETING_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting_id)
    )
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting is cancelled."))
    if meeting.version != expected_version:
        loaded = (
            meeting.history.filter(version__lte=expected_version)
            .order_by("-version", "-history_id")
            .first()
        )
        changes = [
            (
                str(Meeting._meta.get_field(name).verbose_name),
                _meeting_value(getattr(meeting, name)),
            )
            for name in MEETING_EDITABLE_FIELDS
            if loaded is None or getattr(loaded, name) != getattr(meeting, name)
        ]
        if changes:
            raise ConflictError(
                _(
                    "Someone else changed this meeting while you were editing it. Their "
                    "version is shown below; your changes were not saved. Check them and "
                    "save again."
                ),
                changes=changes,
            )
    if "place" in fields:
        fields["place"] = (fields["place"] or "").strip()
    starts_at = fields.get("starts_at", meeting.starts_at)
    ends_at = fields.get("ends_at", meeting.ends_at)
    deadline = fields.get("agenda_deadline", meeting.agenda_deadline)
    if starts_at is None:
        raise ValidationError({"starts_at": _("A meeting needs a start.")})
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": _("A meeting cannot end before it starts.")})
    if deadline is not None and deadline > timezone.localtime(starts_at).date():
        raise ValidationError({"agenda_deadline": _("The agenda deadline is after the meeting.")})
    changed = [name for name, value in fields.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    loaded_version = meeting.version
    for name in changed:
        setattr(meeting, name, fields[name])
    meeting.version += 1
    meeting.full_clean()
    save_as(meeting, actor=actor, update_fields=[*changed, "version"])
    # The published snapshots hold no meeting facts: those that matched the draft still do.
    PublishedVersion.objects.filter(meeting=meeting, meeting_version=loaded_version).update(
        meeting_version=meeting.version
    )
    if meeting.agenda_is_published and set(changed) & set(MEETING_NOTIFIED_FIELDS):
        history_id = meeting.history.order_by("-history_id").values_list("history_id", flat=True)[0]
        signals.send_on_commit(
            signals.meeting_changed, meeting_id=meeting.pk, history_id=history_id
        )
    return meeting


def _siblings(meeting: Meeting, parent_id: int | None) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.select_for_update(of=("self",))
        .filter(meeting=meeting, parent_id=parent_id)
        .order_by("position", "pk")
    )


def _renumber(siblings: list[AgendaItem]) -> None:
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            AgendaItem.objects.filter(pk=sibling.pk).update(position=position)
            sibling.position = position


def _touch(meeting: Meeting) -> None:
    """Any change to the agenda bumps the meeting's version (for conflict checks)."""
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    parent: AgendaItem | None = None,
    **fields: Any,
) -> AgendaItem:
    """Add an item (or a sub-item under ``parent``). A new top item goes before "any other
    business" and "next meeting", as secretariats expect."""
    if not title.strip():
        raise ValidationError({"title": _("An item needs a title.")})
    if parent is not None and (parent.meeting_id != meeting.pk or parent.parent_id is not None):
        raise ValidationError(_("Sub-items can only be added to a top-level item of this meeting."))
    unknown = set(fields) - set(ITEM_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    siblings = _siblings(meeting, parent.pk if parent else None)
    insert_at = len(siblings)
    if parent is None:
        while insert_at > 0 and siblings[insert_at - 1].standing in TRAILING_STANDING:
            insert_at -= 1
    for name in RICH_TEXT_FIELDS:
        if name in fields:
            fields[name] = sanitize_html(fields[name])
    item = AgendaItem(
        meeting=meeting, parent=parent, title=title.strip(), position=insert_at, **fields
    )
    item.full_clean(exclude=["position"])
    save_as(item, actor=actor)
    siblings.insert(insert_at, item)
    _renumber(siblings)
    _touch(meeting)
    return item


@transaction.atomic
def agenda_item_update(
    *, actor: Any, item_id: int, expected_version: int, **fields: Any
) -> AgendaItem:
    """Change an item, unless someone else saved it since it was loaded (then say what)."""
    unknown = set(fields) - set(ITEM_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item_id)
    if item.version != expected_version:
        loaded = item.history.filter(version=expected_version).order_by("-history_id").first()
        changes = [
            (str(AgendaItem._meta.get_field(name).verbose_name), str(getattr(item, name) or ""))
            for name in ITEM_EDITABLE_FIELDS
            if loaded is None
            or getattr(loaded, name + ("_id" if name == "presenter" else ""))
            != getattr(item, name + ("_id" if name == "presenter" else ""))
        ]
        raise ConflictError(
            _(
                "Someone else saved this item while you were editing it. Their version is shown "
                "below; your changes were not saved. Check them and save again."
            ),
            changes=changes,
        )
    for name in RICH_TEXT_FIELDS:
        if name in fields:
            fields[name] = sanitize_html(fields[name])
    if "title" in fields and not str(fields["title"]).strip():
        raise ValidationError({"title": _("An item needs a title.")})
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, fields[name])
    item.version += 1
    item.full_clean()
    save_as(item, actor=actor, update_fields=[*changed, "version"])
    _touch(item.meeting)
    return item


@transaction.atomic
def agenda_item_move(*, actor: Any, item_id: int, position: int) -> AgendaItem:
    """Move an item to ``position`` among its siblings (0 = first); numbers follow."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item_id)
    )
    siblings = [s for s in _siblings(item.meeting, item.parent_id) if s.pk != item.pk]
    position = max(0, min(position, len(siblings)))
    siblings.insert(position, item)
    _renumber(siblings)
    _touch(item.meeting)
    item.refresh_from_db()
    # The move in the history (the renumbering of the others follows from it).
    save_as(item, actor=actor, update_fields=["position"])
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Any, item_id: int) -> AgendaItem:
    """Move an item (with its sub-items and attachments) to the meeting's bin. Nothing is
    erased: a published version that lists it keeps working, and it can be restored."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item_id)
    )
    meeting, parent_id = item.meeting, item.parent_id
    now = timezone.now()
    item.deleted_at = now
    save_as(item, actor=actor, update_fields=["deleted_at"])
    _renumber(_siblings(meeting, parent_id))
    _touch(meeting)
    return item


@transaction.atomic
def agenda_item_restore(*, actor: Any, item_id: int) -> AgendaItem:
    """Take an item back from the bin, at its old place among its siblings."""
    item = (
        AgendaItem.all_objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=item_id)
    )
    if item.deleted_at is None:
        return item
    if item.parent_id is not None and item.parent.deleted_at is not None:
        raise ValidationError(_("Restore the item it belongs under first."))
    siblings = _siblings(item.meeting, item.parent_id)
    item.deleted_at = None
    save_as(item, actor=actor, update_fields=["deleted_at"])
    siblings.insert(min(item.position, len(siblings)), item)
    _renumber(siblings)
    _touch(item.meeting)
    return item


@transaction.atomic
def agenda_item_reparent(*, actor: Any, item_id: int, parent_id: int | None) -> AgendaItem:
    """Move an item under another top-level item of the meeting (``parent_id``), or out to
    the top level (None). It goes last among its new siblings (a top-level item before "any
    other business" and "next meeting"); both lists are renumbered.

    Rules: sub-items go one level deep, so an item with sub-items cannot go under another.
    Under a closed item it is closed (``meetings.access.item_is_closed``). Taken out from
    under a closed item it stays closed (its own flag is set) until the secretariat opens
    it: moving never makes closed content public.
    """
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "parent")
        .get(pk=item_id)
    )
    meeting = item.meeting
    if parent_id == item.parent_id:
        return item
    parent = None
    if parent_id is not None:
        parent = AgendaItem.objects.filter(pk=parent_id, meeting=meeting).first()
        if parent is None or parent.pk == item.pk or parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Choose a top-level item of this meeting to move the item under.")}
            )
        if item.children.exists():
            raise ValidationError(
                {
                    "parent": _(
                        "The item has sub-items of its own: sub-items go one level deep. Move "
                        "its sub-items first."
                    )
                }
            )
    was_closed = item_is_closed(item, item.parent)
    old_parent_id = item.parent_id
    old_siblings = [s for s in _siblings(meeting, old_parent_id) if s.pk != item.pk]
    new_siblings = _siblings(meeting, parent_id)
    insert_at = len(new_siblings)
    if parent is None:
        while insert_at > 0 and new_siblings[insert_at - 1].standing in TRAILING_STANDING:
            insert_at -= 1
    new_siblings.insert(insert_at, item)
    item.parent = parent
    update_fields = ["parent", "position"]
    if was_closed and not item.is_closed:
        item.is_closed = True
        item.version += 1
        update_fields += ["is_closed", "version"]
    _renumber(old_siblings)
    _renumber(new_siblings)
    item.position = insert_at
    save_as(item, actor=actor, update_fields=update_fields)
    _touch(meeting)
    return item


# --- Attachments -------------------------------------------------------------------------

# The upload checks (type by content, macros, safe names) live in core/uploads.py.


@transaction.atomic
def attachments_add(
    *,
    actor: Any,
    item: AgendaItem,
    files: list[tuple[str, UploadedFile]],
    is_closed: bool = False,
) -> list[Attachment]:
    """Attach several files at once, or none: every file is checked before any is saved.

    Allowed: PDF, images (PNG, JPEG, GIF), Word, Excel and PowerPoint files, recognised by
    their content; at most 25 MB each.
    """
    if not files:
        raise ValidationError(_("Choose at least one file."))
    errors, checked = [], []
    for title, upload in files:
        name = upload.name or "?"
        # One check for every upload in the portal (core.uploads): name, size, type
        # by content, macros; every file's problem is collected before anything is stored.
        try:
            content_type = upload_check(upload=upload, max_bytes=MAX_ATTACHMENT_BYTES)
        except UploadRefused as refused:
            errors.extend(refused.messages)
            continue
        checked.append((title.strip() or name.rsplit(".", 1)[0], upload, content_type))
    if errors:
        raise ValidationError(errors)
    start = (item.attachments.aggregate(top=Max("position"))["top"] or 0) + 1
    created = []
    try:
        for offset, (title, upload, content_type) in enumerate(checked):
            attachment = Attachment(
                item=item,
                title=title[:300],
                content_type=content_type,
                size=upload.size,
                position=start + offset,
                is_closed=is_closed,
            )
            attachment.file.save(upload.name, upload, save=False)
            save_as(attachment, actor=actor)
            created.append(attachment)
    except Exception:
        for attachment in created:  # storage is not transactional: undo what was written
            attachment.file.delete(save=False)
        raise
    _touch(item.meeting)
    return created


@transaction.atomic
def attachment_update(*, actor: Any, attachment_id: int, title: str) -> Attachment:
    """Give an attachment a new title (the file stays). It is part of the agenda: the
    meeting's version is raised, so a published agenda shows it after the next publishing."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("An attachment needs a title.")})
    attachment = (
        Attachment.objects.select_for_update(of=("self",))
        .select_related("item__meeting")
        .get(pk=attachment_id)
    )
    if attachment.title == title[:300]:
        return attachment
    attachment.title = title[:300]
    save_as(attachment, actor=actor, update_fields=["title"])
    _touch(attachment.item.meeting)
    return attachment


# --- Publishing, decisions, minutes, attendance -----------------------------------------


def _snapshot(meeting: Meeting) -> dict:
    items = meeting.items.select_related("presenter")
    return build_snapshot(items, Attachment.objects.filter(item__meeting=meeting))


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


def _publish(meeting: Meeting, document: str, actor: Any, change_note: str) -> PublishedVersion:
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
    services_pdf.meeting_pdfs_request(version=version)
    signals.send_on_commit(signals.version_published, version_id=version.pk)
    if document == PublishedVersion.Document.MINUTES and version.number == 1:
        services_newsletter.newsletter_draft_from_minutes(actor=actor, meeting=meeting)
    return version


@transaction.atomic
def agenda_publish(
    *, actor: Any, meeting_id: int, change_note: str = "", at: dt.datetime | None = None
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
    *, actor: Any, meeting_id: int, change_note: str = "", confirm_missing: bool = False
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
def minutes_approve(*, actor: Any, item_id: int) -> Meeting:
    """Approve the earlier meeting's minutes through this meeting's standing item."""
    item = AgendaItem.objects.select_related("minutes_of").get(pk=item_id)
    earlier = item.minutes_of
    if item.standing != AgendaItem.Standing.APPROVE_MINUTES or earlier is None:
        raise ValidationError(_("This item does not approve any minutes."))
    if earlier.status != Meeting.Status.MINUTES_PUBLISHED:
        raise ValidationError(_("The minutes to approve have not been published."))
    earlier.status = Meeting.Status.MINUTES_APPROVED
    save_as(earlier, actor=actor, update_fields=["status"])
    if not item.decision:
        item.decision = sanitize_html("<p>" + _("The minutes were approved.") + "</p>")
        item.version += 1
        save_as(item, actor=actor, update_fields=["decision", "version"])
    return earlier


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    meeting: Meeting,
    person: Any,
    status: str,
    substitute_for: Any = None,
    left_after: AgendaItem | None = None,
    note: str = "",
) -> Attendance:
    """Record (or correct) one person's attendance, e.g. "Peter Pedersen for Niels Højberg"."""
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose how the person attended.")})
    if status == Attendance.Status.SUBSTITUTE and substitute_for is None:
        raise ValidationError({"substitute_for": _("Say whom the substitute attends for.")})
    if status != Attendance.Status.SUBSTITUTE:
        substitute_for = None
    if substitute_for is not None and substitute_for.pk == person.pk:
        raise ValidationError({"substitute_for": _("A person cannot substitute for themselves.")})
    if left_after is not None and left_after.meeting_id != meeting.pk:
        raise ValidationError({"left_after": _("The item is not on this meeting's agenda.")})
    attendance = (
        Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
    )
    if attendance is None:
        attendance = Attendance(meeting=meeting, person=person)
    attendance.status = status
    attendance.substitute_for = substitute_for
    attendance.left_after = left_after
    attendance.note = note.strip()
    attendance.full_clean(validate_unique=False)
    save_as(attendance, actor=actor)
    return attendance


ATTENDING_ROLES = ("chair", "vice_chair", "member")


@transaction.atomic
def attendance_all_present(*, actor: Any, meeting: Meeting) -> int:
    """Record every member of the body on the meeting's day (chair, vice chair, members;
    not substitutes, observers or secretaries) as present, in one action. Entries already
    recorded (an apology, a substitute) are left as they are. Returns how many were added."""
    from councils.models import Membership

    day = timezone.localtime(meeting.starts_at).date()
    recorded = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    person_ids = (
        Membership.objects.current(day)
        .filter(body_id=meeting.body_id, role__in=ATTENDING_ROLES)
        .values_list("person_id", flat=True)
        .distinct()
    )
    added = 0
    for person_id in sorted(set(person_ids) - recorded):
        save_as(
            Attendance(meeting=meeting, person_id=person_id, status=Attendance.Status.PRESENT),
            actor=actor,
        )
        added += 1
    return added


@transaction.atomic
def attendance_remove(*, actor: Any, meeting: Meeting, person_id: int) -> bool:
    """Remove a wrong attendance entry (the history keeps it, with who removed it). False
    when there was none (removed by someone else meanwhile)."""
    attendance = (
        Attendance.objects.select_for_update().filter(meeting=meeting, person_id=person_id).first()
    )
    if attendance is None:
        return False
    if actor is not None and getattr(actor, "is_authenticated", False):
        attendance._history_user = actor  # read by django-simple-history
    attendance.delete()
    return True


@transaction.atomic
def meetings_plan(
    *,
    actor: Any,
    body: Any,
    plan: list[tuple[dt.datetime, str, dt.date | None]],
) -> list[Meeting]:
    """Plan several meetings at once (a year's), each with its place and agenda deadline;
    all or none."""
    return [
        meeting_schedule(
            actor=actor, body=body, starts_at=starts_at, place=place, agenda_deadline=deadline
        )
        for starts_at, place, deadline in sorted(plan, key=lambda row: row[0])
    ]


@transaction.atomic
def attachment_delete(*, actor: Any, attachment_id: int) -> Attachment:
    """Move an attachment to the meeting's bin. The file is kept: a published version that
    lists it still serves it, and it can be restored."""
    attachment = Attachment.objects.select_related("item__meeting").get(pk=attachment_id)
    attachment.deleted_at = timezone.now()
    save_as(attachment, actor=actor, update_fields=["deleted_at"])
    _touch(attachment.item.meeting)
    return attachment


@transaction.atomic
def attachment_restore(*, actor: Any, attachment_id: int) -> Attachment:
    attachment = Attachment.all_objects.select_related("item__meeting").get(pk=attachment_id)
    if attachment.item.deleted_at is not None:
        raise ValidationError(_("Restore the item the attachment belongs to first."))
    attachment.deleted_at = None
    save_as(attachment, actor=actor, update_fields=["deleted_at"])
    _touch(attachment.item.meeting)
    return attachment


@transaction.atomic
def attachment_withdraw(*, actor: Any, attachment_id: int, reason: str) -> Attachment:
    """Withdraw a file from every version for everyone but the secretariat (for example a
    document published by mistake); the reason is shown in its place."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the attachment is withdrawn.")})
    attachment = Attachment.all_objects.select_related("item__meeting").get(pk=attachment_id)
    attachment.withdrawn_at = timezone.now()
    attachment.withdrawn_reason = reason[:300]
    save_as(attachment, actor=actor, update_fields=["withdrawn_at", "withdrawn_reason"])
    return attachment


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting_id: int) -> Meeting:
    """Cancel a meeting. It stays visible (and in calendars, marked cancelled) if its agenda
    had been published; if not, it stays unpublished (cancelling publishes nothing). Minutes
    cannot be published for it."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.minutes_are_published:
        raise ValidationError(_("A meeting with published minutes cannot be cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    save_as(meeting, actor=actor, update_fields=["status"])
    return meeting
