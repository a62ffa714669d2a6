"""Danish municipal offices close on Constitution Day, Christmas Eve and New Year's Eve, which
are not public holidays in law; an agenda deadline must not fall on them (review of issue 18)."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.planning import is_working_day, working_days_before


@pytest.mark.parametrize("day", ["2026-06-05", "2026-12-24", "2026-12-31", "2027-12-24"])
def test_danish_closing_days_are_not_working_days(day: str) -> None:
    assert not is_working_day(dt.date.fromisoformat(day), "DK")


def test_the_closing_days_are_danish_only() -> None:
    # 5 June 2026 is a Friday: an ordinary working day in Sweden.
    assert is_working_day(dt.date(2026, 6, 5), "SE")


def test_a_deadline_over_new_year_skips_both_eves() -> None:
    # Monday 4 January 2027: 1 January (holiday), 31 December (closed), then 30, 29, 28.
    assert working_days_before(dt.date(2027, 1, 4), 3, "DK") == dt.date(2026, 12, 28)
