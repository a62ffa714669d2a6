"""``meetings.agenda.with_sub_items``: the agenda editor's items, each top-level item with its
sub-items, from the snapshot's agenda order."""

from __future__ import annotations

from meetings.agenda import ItemView, with_sub_items


def _view(number: str) -> ItemView:
    return ItemView(
        pk=int(number.replace(".", "0")),
        number=number,
        is_sub_item="." in number,
        is_closed=False,
        redacted=False,
    )


def test_each_top_item_gets_the_sub_items_that_follow_it() -> None:
    views = [_view(n) for n in ("1", "2", "2.1", "2.2", "3", "10", "10.1")]
    tree = [(top.number, [sub.number for sub in subs]) for top, subs in with_sub_items(views)]
    assert tree == [("1", []), ("2", ["2.1", "2.2"]), ("3", []), ("10", ["10.1"])]


def test_no_items_no_tree() -> None:
    assert with_sub_items([]) == []
