"""Agenda deadlines from a rule: "N working days before the meeting".

Working days are Monday to Friday except the public holidays of the body's country (the
``holidays`` library, a dependency: Danish holidays for a Danish body, Swedish for a Swedish
one; should the library be missing, only weekends are skipped and the planning page says
so). Pure date arithmetic: no database.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

DEFAULT_COUNTRY = "DK"

# Days Danish municipal offices close although they are not public holidays in law (and so
# not in the ``holidays`` library): Constitution Day, Christmas Eve and New Year's Eve. A
# deadline "N working days before" must not fall on one of them.
_CLOSING_DAYS: dict[str, frozenset[tuple[int, int]]] = {
    "DK": frozenset({(6, 5), (12, 24), (12, 31)}),
}


@cache
def _public_holidays(country: str) -> Any:
    try:
        import holidays
    except ImportError:
        return None
    try:
        return holidays.country_holidays(country)
    except NotImplementedError:
        # A country the library does not know: weekends only, like a missing library.
        return None


def skips_public_holidays(country: str = DEFAULT_COUNTRY) -> bool:
    """Whether the rule knows the country's public holidays (the ``holidays`` library is
    installed and knows the country)."""
    return _public_holidays(country) is not None


def is_working_day(day: dt.date, country: str = DEFAULT_COUNTRY) -> bool:
    if day.weekday() >= 5 or (day.month, day.day) in _CLOSING_DAYS.get(country, ()):
        return False
    known = _public_holidays(country)
    return known is None or day not in known


def working_days_before(day: dt.date, count: int, country: str = DEFAULT_COUNTRY) -> dt.date:
    """The date ``count`` working days before ``day`` (0: the day itself, or the working
    day before it when it is not one). Five working days before a Monday is the Monday
    before; before a Friday, the Friday before."""
    result = day
    if count == 0:
        while not is_working_day(result, country):
            result -= dt.timedelta(days=1)
        return result
    while count > 0:
        result -= dt.timedelta(days=1)
        if is_working_day(result, country):
            count -= 1
    return result
