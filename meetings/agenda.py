"""The agenda as data: the snapshot of a version and the numbered views made from it.

A published version stores a *snapshot* (``build_snapshot``): every item with its number,
content, effective closedness and attachments. The public and the members read that
snapshot; the secretariat's draft view is a snapshot of the live rows made on the fly. One
function (``agenda_views``) turns either into what a viewer sees, so the page, the API, the
PDFs and the version comparison cannot disagree about what was published or what is closed.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from meetings.access import item_is_closed
from meetings.numbering import agenda_order, attachment_numbers

SNAPSHOT_FORMAT = 2  # format 2 plus, since issue 18, an item's decision type and attendance

# Attendance at an item, in the order the minutes tell it.
ATTENDANCE_EVENTS = ("joined", "disqualified", "left")


@dataclass(frozen=True)
class AttachmentView:
    pk: int
    number: int
    title: str
    content_type: str
    size: int
    withdrawn_reason: str = ""

    @property
    def withdrawn(self) -> bool:
        return bool(self.withdrawn_reason)


@dataclass(frozen=True)
class AttendanceEventView:
    """Who joined at, was disqualified on (inhabil), or left after an item."""

    person: str
    event: str  # one of ATTENDANCE_EVENTS
    note: str = ""

    @property
    def label(self) -> str:
        from django.utils.translation import gettext as _

        if self.event == "joined":
            return _("%(person)s joined at this item") % {"person": self.person}
        if self.event == "left":
            return _("%(person)s left after this item") % {"person": self.person}
        return _("%(person)s was disqualified (inhabil) and took no part in this item") % {
            "person": self.person
        }


@dataclass(frozen=True)
class ItemView:
    pk: int
    number: str
    is_sub_item: bool
    is_closed: bool
    redacted: bool  # the viewer may not see this closed item's content
    title: str = ""
    presenter: str = ""
    kind: str = ""
    kind_label: str = ""
    case_text: str = ""
    recommendation: str = ""
    decision: str = ""
    decision_type: str = ""
    decision_type_label: str = ""
    attachments: list[AttachmentView] = field(default_factory=list)
    attendance: list[AttendanceEventView] = field(default_factory=list)


def with_sub_items(views: list[ItemView]) -> list[tuple[ItemView, list[ItemView]]]:
    """Each top-level item with its sub-items, from ``views`` in agenda order (a snapshot's:
    each top item, then its sub-items; ``numbering.agenda_order``). One pass: a page that
    looked for each item's sub-items among all items did work growing with the square of
    the items."""
    tree: list[tuple[ItemView, list[ItemView]]] = []
    for view in views:
        if view.is_sub_item and tree:
            tree[-1][1].append(view)
        else:
            tree.append((view, []))
    return tree


def attendance_events(attendance: Iterable[Any], disqualifications: Iterable[Any]) -> list[dict]:
    """Attendance at items, from attendance rows (``left_after``, ``joined_at``) and
    disqualifications, with ``person`` loaded: ``{"item_id", "person", "event", "note"}``."""
    events = []
    for row in attendance:
        if row.joined_at_id:
            events.append(
                {
                    "item_id": row.joined_at_id,
                    "person": row.person.name,
                    "event": "joined",
                    "note": "",
                }
            )
        if row.left_after_id:
            events.append(
                {
                    "item_id": row.left_after_id,
                    "person": row.person.name,
                    "event": "left",
                    "note": "",
                }
            )
    for row in disqualifications:
        events.append(
            {
                "item_id": row.item_id,
                "person": row.person.name,
                "event": "disqualified",
                "note": row.note,
            }
        )
    return events


def live_snapshot_of(meeting: Any) -> dict:
    """A snapshot of the meeting's live rows (what publishing stores; the secretariat's
    draft)."""
    from meetings.minutes import decision_type_labels
    from meetings.models import AgendaItem, Attachment, Attendance, ItemDisqualification

    # The presenters by their keys, in a query of their own: joined, PostgreSQL hashed every
    # person in the country (10,000 rows, 3.5 ms) for a meeting's twenty or thirty items.
    items = AgendaItem.objects.filter(meeting=meeting).prefetch_related("presenter")
    events = attendance_events(
        Attendance.objects.filter(meeting=meeting).select_related("person"),
        ItemDisqualification.objects.filter(item__meeting=meeting).select_related("person"),
    )
    return build_snapshot(
        items,
        Attachment.objects.filter(item__meeting=meeting),
        events=events,
        own_labels=decision_type_labels(meeting.body_id, own_only=True),
    )


def build_snapshot(
    items: Iterable[Any],
    attachments: Iterable[Any],
    *,
    events: Iterable[dict] = (),
    own_labels: dict[str, str] | None = None,
) -> dict:
    """The snapshot of an agenda from its rows (items with ``presenter`` loaded).

    ``events`` (``attendance_events``) are stored at their items; ``own_labels`` are the
    body's own decision types, whose label is stored with the item (a default type's label
    is translated when shown)."""
    own_labels = own_labels or {}
    by_item_events: dict[int, list[dict]] = {}
    for event in events:
        by_item_events.setdefault(event["item_id"], []).append(
            {"person": event["person"], "event": event["event"], "note": event.get("note", "")}
        )
    for item_events in by_item_events.values():
        item_events.sort(key=lambda e: (ATTENDANCE_EVENTS.index(e["event"]), e["person"]))
    ordered = agenda_order(list(items))
    attachments = list(attachments)
    numbers = attachment_numbers(ordered, attachments)
    by_pk: dict[int | None, Any] = {item.pk: item for _n, item in ordered}
    by_item: dict[int, list[Any]] = {}
    for attachment in attachments:
        by_item.setdefault(attachment.item_id, []).append(attachment)
    out = []
    for number, item in ordered:
        closed = item_is_closed(item, by_pk.get(item.parent_id))
        out.append(
            {
                "id": item.pk,
                "number": number,
                "parent_id": item.parent_id,
                "title": item.title,
                "presenter": item.presenter.name if item.presenter else item.presenter_text,
                "kind": item.kind,
                "case_text": item.case_text,
                "recommendation": item.recommendation,
                "decision": item.decision,
                "decision_type": item.decision_type,
                "decision_type_label": own_labels.get(item.decision_type, ""),
                "attendance": by_item_events.get(item.pk, []),
                "is_closed": closed,
                "attachments": [
                    {
                        "id": a.pk,
                        "number": numbers[a.pk],
                        "title": a.title,
                        "content_type": a.content_type,
                        "size": a.size,
                        "is_closed": bool(a.is_closed or closed),
                    }
                    for a in sorted(by_item.get(item.pk, []), key=lambda a: numbers[a.pk])
                ],
            }
        )
    return {"format": SNAPSHOT_FORMAT, "items": out}


def closed_ids(snapshot: dict) -> tuple[set[int], set[int]]:
    """The items and attachments a snapshot closes."""
    items, attachments = set(), set()
    for item in snapshot.get("items", []):
        if item.get("is_closed"):
            items.add(item["id"])
        for attachment in item.get("attachments", []):
            if attachment.get("is_closed"):
                attachments.add(attachment["id"])
    return items, attachments


def public_attachment_ids(snapshot: dict) -> set[int]:
    return {
        a["id"]
        for item in snapshot.get("items", [])
        if not item.get("is_closed")
        for a in item.get("attachments", [])
        if not a.get("is_closed")
    }


def redacted(snapshot: dict, closed_later: tuple[set[int], set[int]] = (set(), set())) -> dict:
    """The snapshot as the public may see it: closed items keep only their number, closed
    attachments are left out (for comparing versions without revealing closed content)."""
    later_items, later_attachments = closed_later
    items = []
    for item in snapshot.get("items", []):
        if item.get("is_closed") or item["id"] in later_items:
            items.append(
                {
                    "id": item["id"],
                    "number": item["number"],
                    "parent_id": item.get("parent_id"),
                    "is_closed": True,
                    "title": "",
                    "attachments": [],
                }
            )
            continue
        attachments = [
            a
            for a in item.get("attachments", [])
            if not (a.get("is_closed") or a["id"] in later_attachments)
        ]
        items.append({**item, "attachments": attachments})
    return {**snapshot, "items": items}


def withdrawn_digest(withdrawn: Iterable[tuple[int, str]]) -> str:
    """A short digest of withdrawn files and their reasons, for keys of kept agendas: a
    file withdrawn, or a reason changed, is another key."""
    return hashlib.sha256(repr(sorted(withdrawn)).encode()).hexdigest()[:16]


@functools.cache
def _labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The items' kinds and the default decision types, translated into ``language``.

    Made once per language: a list of 100 agendas translated each label of each item
    again (about 1,300 lookups a request).
    """
    from meetings.models import AgendaItem, DefaultDecisionType

    return (
        {code: str(label) for code, label in AgendaItem.Kind.choices},
        {code: str(label) for code, label in DefaultDecisionType.choices},
    )


def forget_translated_labels() -> None:
    """Translate the labels again on next use (a translation file changed)."""
    _labels.cache_clear()


def agenda_views(
    snapshot: dict,
    *,
    see_closed: bool,
    show_decisions: bool,
    closed_later: tuple[set[int], set[int]] = (set(), set()),
    withdrawn: dict[int, str] | None = None,
    show_attendance: bool = False,
) -> list[ItemView]:
    """What a viewer sees of a snapshot.

    Who joined, left or was disqualified at an item is shown only with ``show_attendance``
    (ask ``MeetingAccess.sees_attendance``), and never on a redacted item.

    Without ``see_closed`` a closed item is its number only, and closed attachments are
    left out; ``closed_later`` (items, attachments) are treated as closed too: what the
    current version closes is withdrawn from older ones. ``withdrawn`` maps attachments
    withdrawn by the secretariat to the reason, shown instead of a link.
    """
    kind_labels, default_types = _labels(get_language())
    later_items, later_attachments = closed_later
    withdrawn = withdrawn or {}
    views = []
    for item in snapshot.get("items", []):
        closed = bool(item.get("is_closed")) or item["id"] in later_items
        sub = item.get("parent_id") is not None
        if closed and not see_closed:
            views.append(
                ItemView(
                    pk=item["id"],
                    number=item["number"],
                    is_sub_item=sub,
                    is_closed=True,
                    redacted=True,
                )
            )
            continue
        attachments = [
            AttachmentView(
                a["id"],
                a["number"],
                a["title"],
                a["content_type"],
                a["size"],
                withdrawn_reason=withdrawn.get(a["id"], ""),
            )
            for a in item.get("attachments", [])
            if see_closed or not (a.get("is_closed") or a["id"] in later_attachments)
        ]
        views.append(
            ItemView(
                pk=item["id"],
                number=item["number"],
                is_sub_item=sub,
                is_closed=closed,
                redacted=False,
                title=item["title"],
                presenter=item.get("presenter", ""),
                kind=item.get("kind", ""),
                kind_label=kind_labels.get(item.get("kind", ""), ""),
                case_text=item.get("case_text", ""),
                recommendation=item.get("recommendation", ""),
                decision=item.get("decision", "") if show_decisions else "",
                decision_type=item.get("decision_type", "") if show_decisions else "",
                decision_type_label=(
                    item.get("decision_type_label")
                    or default_types.get(item.get("decision_type", ""), "")
                )
                if show_decisions
                else "",
                attachments=attachments,
                attendance=[
                    AttendanceEventView(e["person"], e["event"], e.get("note", ""))
                    for e in item.get("attendance", [])
                ]
                if show_attendance
                else [],
            )
        )
    return views


def compare(old: dict, new: dict) -> list[dict]:
    """What changed between two snapshots, per item: ``added``, ``removed`` or ``changed``
    (with the names of the changed parts), in the newer version's order."""
    fields = (
        "number",
        "title",
        "presenter",
        "kind",
        "case_text",
        "recommendation",
        "decision",
        "decision_type",
    )
    before = {item["id"]: item for item in old.get("items", [])}
    after = {item["id"]: item for item in new.get("items", [])}
    changes: list[dict] = []
    for item in new.get("items", []):
        earlier = before.get(item["id"])
        if earlier is None:
            changes.append({"change": "added", "item": item, "fields": []})
            continue
        changed = [name for name in fields if earlier.get(name) != item.get(name)]
        if bool(earlier.get("is_closed")) != bool(item.get("is_closed")):
            changed.append("is_closed")
        old_files = [(a["id"], a["title"], a["is_closed"]) for a in earlier.get("attachments", [])]
        new_files = [(a["id"], a["title"], a["is_closed"]) for a in item.get("attachments", [])]
        if old_files != new_files:
            changed.append("attachments")
        if changed:
            changes.append(
                {"change": "changed", "item": item, "before": earlier, "fields": changed}
            )
    for item in old.get("items", []):
        if item["id"] not in after:
            changes.append({"change": "removed", "item": item, "fields": []})
    return changes
