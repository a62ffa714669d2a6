"""Agenda items and sub-items (punkter, underpunkter): add, edit, move, bin, restore."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import ConflictError
from core.history import save_as
from core.html import sanitize_html
from meetings.access import item_is_closed
from meetings.models import (
    AgendaItem,
    Meeting,
)
from meetings.services.common import _touch

RICH_TEXT_FIELDS = ("case_text", "recommendation", "decision")
ITEM_EDITABLE_FIELDS = (
    "title",
    "presenter",
    "presenter_text",
    "kind",
    "case_text",
    "recommendation",
    "decision",
    "decision_type",
    "is_closed",
)
TRAILING_STANDING = (AgendaItem.Standing.OTHER_BUSINESS, AgendaItem.Standing.NEXT_MEETING)


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


@transaction.atomic
def agenda_item_add(
    *,
    actor: User | None,
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
    *, actor: User | None, item_id: int, expected_version: int, **fields: Any
) -> AgendaItem:
    """Change an item, unless someone else saved it since it was loaded (then say what)."""
    unknown = set(fields) - set(ITEM_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item_id)
    if item.version != expected_version:
        loaded = item.history.filter(version=expected_version).order_by("-history_id").first()
        changes = [
            (
                str(getattr(AgendaItem._meta.get_field(name), "verbose_name", name)),
                str(getattr(item, name) or ""),
            )
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
    if fields.get("decision_type") and fields["decision_type"] != item.decision_type:
        from meetings.minutes import decision_type_choices

        offered = {code for code, _label in decision_type_choices(item.meeting.body_id)}
        if fields["decision_type"] not in offered:
            raise ValidationError({"decision_type": _("Choose one of the body's decision types.")})
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, fields[name])
    item.version += 1
    item.full_clean()
    save_as(item, actor=actor, update_fields=[*changed, "version"])
    _touch(item.meeting)
    return item


@transaction.atomic
def agenda_item_move(*, actor: User | None, item_id: int, position: int) -> AgendaItem:
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
def agenda_item_delete(*, actor: User | None, item_id: int) -> AgendaItem:
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
def agenda_item_restore(*, actor: User | None, item_id: int) -> AgendaItem:
    """Take an item back from the bin, at its old place among its siblings."""
    item = (
        AgendaItem.all_objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=item_id)
    )
    if item.deleted_at is None:
        return item
    if item.parent is not None and item.parent.deleted_at is not None:
        raise ValidationError(_("Restore the item it belongs under first."))
    siblings = _siblings(item.meeting, item.parent_id)
    item.deleted_at = None
    save_as(item, actor=actor, update_fields=["deleted_at"])
    siblings.insert(min(item.position, len(siblings)), item)
    _renumber(siblings)
    _touch(item.meeting)
    return item


@transaction.atomic
def agenda_item_reparent(*, actor: User | None, item_id: int, parent_id: int | None) -> AgendaItem:
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
