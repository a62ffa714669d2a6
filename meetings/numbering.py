"""Item numbers (14, 14.1, 14.2) and attachment numbers (Bilag 1..N) follow from order."""

from __future__ import annotations

from collections.abc import Iterable

from meetings.models import AgendaItem, Attachment


def agenda_order(items: Iterable[AgendaItem]) -> list[tuple[str, AgendaItem]]:
    """Items in agenda order with their numbers: each top item, then its sub-items."""
    items = list(items)
    children: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    top = sorted((i for i in items if i.parent_id is None), key=lambda i: (i.position, i.pk))
    ordered = []
    for number, item in enumerate(top, start=1):
        ordered.append((str(number), item))
        for sub_number, child in enumerate(
            sorted(children.get(item.pk, []), key=lambda i: (i.position, i.pk)), start=1
        ):
            ordered.append((f"{number}.{sub_number}", child))
    return ordered


def attachment_numbers(
    ordered_items: list[tuple[str, AgendaItem]], attachments: Iterable[Attachment]
) -> dict[int, int]:
    """Attachment id -> its number across the meeting, in agenda order.

    Closed attachments keep their number for everyone, so a member and the public refer to
    the same "Bilag 7"; the public simply cannot open it.
    """
    by_item: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        by_item.setdefault(attachment.item_id, []).append(attachment)
    numbers: dict[int, int] = {}
    counter = 0
    for _number, item in ordered_items:
        for attachment in sorted(by_item.get(item.pk, []), key=lambda a: (a.position, a.pk)):
            counter += 1
            numbers[attachment.pk] = counter
    return numbers
