"""Agenda deadlines from a rule: "N working days before the meeting".

Working days are Monday to Friday except Danish public holidays (the ``holidays`` library,
a dependency; should it be missing, only weekends are skipped and the planning page says
so).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any


@cache
def _danish_holidays() -> Any:
    try:
        import holidays
    except ImportError:
        return None
    return holidays.country_holidays("DK")


def skips_public_holidays() -> bool:
    """Whether the rule knows Danish public holidays (the ``holidays`` library is installed)."""
    return _danish_holidays() is not None


def is_working_day(day: dt.date) -> bool:
    if day.weekday() >= 5:
        return False
    known = _danish_holidays()
    return known is None or day not in known


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The date ``count`` working days before ``day`` (0: the day itself, or the working
    day before it when it is not one). Five working days before a Monday is the Monday
    before; before a Friday, the Friday before."""
    result = day
    if count == 0:
        while not is_working_day(result):
            result -= dt.timedelta(days=1)
        return result
    while count > 0:
        result -= dt.timedelta(days=1)
        if is_working_day(result):
            count -= 1
    return result
