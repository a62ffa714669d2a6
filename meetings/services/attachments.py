"""Attachments (bilag): add, retitle, bin, restore, withdraw.

The upload checks (type by content, macros, safe names) live in core/uploads.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import save_as
from core.models import touch
from core.uploads import UploadRefused, upload_check
from meetings.models import (
    AgendaItem,
    Attachment,
    Meeting,
)
from meetings.services.common import _touch

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


@transaction.atomic
def attachments_add(
    *,
    actor: User | None,
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
                size=upload.size or 0,
                position=start + offset,
                is_closed=is_closed,
            )
            attachment.file.save(upload.name or title, upload, save=False)
            save_as(attachment, actor=actor)
            created.append(attachment)
    except Exception:
        for attachment in created:  # storage is not transactional: undo what was written
            attachment.file.delete(save=False)
        raise
    _touch(item.meeting)
    return created


@transaction.atomic
def attachment_update(*, actor: User | None, attachment_id: int, title: str) -> Attachment:
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


@transaction.atomic
def attachment_delete(*, actor: User | None, attachment_id: int) -> Attachment:
    """Move an attachment to the meeting's bin. The file is kept: a published version that
    lists it still serves it, and it can be restored."""
    attachment = Attachment.objects.select_related("item__meeting").get(pk=attachment_id)
    attachment.deleted_at = timezone.now()
    save_as(attachment, actor=actor, update_fields=["deleted_at"])
    _touch(attachment.item.meeting)
    return attachment


@transaction.atomic
def attachment_restore(*, actor: User | None, attachment_id: int) -> Attachment:
    attachment = Attachment.all_objects.select_related("item__meeting").get(pk=attachment_id)
    if attachment.item.deleted_at is not None:
        raise ValidationError(_("Restore the item the attachment belongs to first."))
    attachment.deleted_at = None
    save_as(attachment, actor=actor, update_fields=["deleted_at"])
    _touch(attachment.item.meeting)
    return attachment


@transaction.atomic
def attachment_withdraw(*, actor: User | None, attachment_id: int, reason: str) -> Attachment:
    """Withdraw a file from every version for everyone but the secretariat (for example a
    document published by mistake); the reason is shown in its place."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the attachment is withdrawn.")})
    attachment = Attachment.all_objects.select_related("item__meeting").get(pk=attachment_id)
    attachment.withdrawn_at = timezone.now()
    attachment.withdrawn_reason = reason[:300]
    save_as(attachment, actor=actor, update_fields=["withdrawn_at", "withdrawn_reason"])
    # What every reader sees of the meeting changed (the file's link gives way to the
    # reason): systems syncing with ?modified_since= must fetch it again.
    touch(Meeting, [attachment.item.meeting_id])
    return attachment
