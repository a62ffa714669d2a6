"""Facets counted from the candidate rows (``search.selectors._facets``)."""

from __future__ import annotations

from search.selectors import _facets


def _row(pk: int, slug: str, name: str, year: int, kind: str) -> dict:
    return {"pk": pk, "kind": kind, "year": year, "body__slug": slug, "body__name": name}


def test_equal_counts_sort_in_danish_order_and_each_facet_applies_the_others() -> None:
    rows = [
        _row(1, "oersted", "Ørsted", 2024, "item"),
        _row(2, "aabenraa", "Aabenraa", 2024, "item"),
        _row(3, "bornholm", "Bornholm", 2023, "item"),
        _row(4, "bornholm", "Bornholm", 2024, "attachment"),
    ]
    facets = _facets(rows, body="", year=None, kind="")
    # Bornholm twice; then Ørsted before Aabenraa ("Aa" is Å, the last letter).
    assert [(f.value, f.count) for f in facets["body"]] == [
        ("bornholm", 2),
        ("oersted", 1),
        ("aabenraa", 1),
    ]
    assert [(f.value, f.count) for f in facets["year"]] == [("2024", 3), ("2023", 1)]
    # With a year chosen, the body and kind facets count that year only, and the year facet
    # still counts every year (the other choices applied, not its own).
    chosen = _facets(rows, body="", year=2023, kind="")
    assert [(f.value, f.count) for f in chosen["body"]] == [("bornholm", 1)]
    assert [(f.value, f.count, f.selected) for f in chosen["year"]] == [
        ("2024", 3, False),
        ("2023", 1, True),
    ]
    assert [(f.value, f.count) for f in chosen["kind"]] == [("item", 1)]


def test_rows_without_a_body_are_counted_by_year_and_kind_only() -> None:
    """A person or a municipality has no body: it is left out of the body facet (it used to
    be counted under an empty slug that had no name, and the page failed with a KeyError)."""
    rows = [
        {"pk": 1, "kind": "person", "year": None, "body__slug": None, "body__name": None},
        _row(2, "bornholm", "Bornholm", 2024, "item"),
    ]
    facets = _facets(rows, body="", year=None, kind="")
    assert [(f.value, f.count) for f in facets["body"]] == [("bornholm", 1)]
    assert [(f.value, f.count) for f in facets["kind"]] == [("item", 1), ("person", 1)]
