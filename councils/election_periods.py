"""Municipal election periods (valgperioder): the default term of office.

Danish municipal councils sit from 1 January after the November election to 31 December
four years later (2018-2021, 2022-2025, 2026-2029); Swedish kommunfullmäktige from
15 October of the election year to 14 October four years later. A body's terms and the
memberships appointed to it follow the period of its region's country by default. Pure
functions, no database: the services, selectors and forms all ask here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Country: (the first day of one period, its length in years). Add a country here.
CALENDARS: dict[str, tuple[dt.date, int]] = {
    "DK": (dt.date(2018, 1, 1), 4),
    "SE": (dt.date(2018, 10, 15), 4),
}
DEFAULT_COUNTRY = "DK"


@dataclass(frozen=True)
class ElectionPeriod:
    start: dt.date
    end: dt.date
    country: str = DEFAULT_COUNTRY

    @property
    def label(self) -> str:
        return f"{self.start:%Y}-{self.end:%Y}"

    def __str__(self) -> str:
        return self.label

    def following(self) -> ElectionPeriod:
        return period_starting(self.end + dt.timedelta(days=1), country=self.country)

    def preceding(self) -> ElectionPeriod:
        return election_period(on=self.start - dt.timedelta(days=1), country=self.country)


def _calendar(country: str) -> tuple[dt.date, int]:
    return CALENDARS.get(country, CALENDARS[DEFAULT_COUNTRY])


def _shift(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years)


def period_starting(start: dt.date, *, country: str = DEFAULT_COUNTRY) -> ElectionPeriod:
    _anchor, years = _calendar(country)
    return ElectionPeriod(
        start=start, end=_shift(start, years) - dt.timedelta(days=1), country=country
    )


def election_period(*, on: dt.date, country: str = DEFAULT_COUNTRY) -> ElectionPeriod:
    """The election period that ``on`` falls in, in ``country`` (Denmark when unknown)."""
    country = country if country in CALENDARS else DEFAULT_COUNTRY
    anchor, years = _calendar(country)
    offset = on.year - anchor.year
    start_year = anchor.year + (offset // years) * years
    start = anchor.replace(year=start_year)
    if on < start:
        start = _shift(start, -years)
    return period_starting(start, country=country)


def election_period_by_start_year(year: int, *, country: str = DEFAULT_COUNTRY) -> ElectionPeriod:
    """The period beginning in ``year`` (``2026`` → 2026-2029 in Denmark), or the period
    that ``year`` falls in when none begins in it."""
    anchor, _years = _calendar(country if country in CALENDARS else DEFAULT_COUNTRY)
    return election_period(on=anchor.replace(year=year), country=country)


# A round of re-appointments concerns the period that is about to end from this many days
# before its last day (after the election), and the period just ended afterwards.
ROUND_LEAD_DAYS = 92


def reappointment_round_period(*, today: dt.date, country: str = DEFAULT_COUNTRY) -> ElectionPeriod:
    """The period whose appointments the round replaces: the current one in its last three
    months (the election is over), otherwise the one before."""
    current = election_period(on=today, country=country)
    if (current.end - today).days < ROUND_LEAD_DAYS:
        return current
    return current.preceding()


def country_of(body: object) -> str:
    """The country whose election calendar a body follows: its region's (a national body
    without a region: Denmark, the default)."""
    region = getattr(body, "region", None)
    return getattr(region, "country", DEFAULT_COUNTRY) or DEFAULT_COUNTRY
