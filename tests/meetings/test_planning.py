"""Agenda deadlines "N working days before" skip weekends and Danish public holidays."""

from __future__ import annotations

import datetime as dt

from meetings.planning import skips_public_holidays, working_days_before


def test_public_holidays_are_not_working_days() -> None:
    assert skips_public_holidays()
    # Tuesday 7 April 2026, after Easter: back over Easter Monday (6th), Good Friday (3rd)
    # and Maundy Thursday (2nd) — one working day before is Wednesday 1 April.
    assert working_days_before(dt.date(2026, 4, 7), 1) == dt.date(2026, 4, 1)
    # Monday 28 December 2026: back over the weekend, Christmas (25th, 26th) and Christmas
    # Eve, which is not a holiday in law but a day the municipalities close (as are
    # Constitution Day and New Year's Eve) — so one working day before is the 23rd.
    assert working_days_before(dt.date(2026, 12, 28), 1) == dt.date(2026, 12, 23)
    # Monday 8 June 2026: Friday 5 June (Constitution Day) is closed, Thursday the 4th is not.
    assert working_days_before(dt.date(2026, 6, 8), 1) == dt.date(2026, 6, 4)


def test_weekends_are_not_working_days() -> None:
    # Five working days before Monday 14 September 2026 is Monday 7 September.
    assert working_days_before(dt.date(2026, 9, 14), 5) == dt.date(2026, 9, 7)
