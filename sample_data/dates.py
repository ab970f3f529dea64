"""Dates as day numbers, the reporting window, and the calendar trends the sample is built around.

The generator works on proleptic ordinal day numbers (`date.toordinal()`): integer arithmetic is what keeps
a million episodes inside the time budget, and `to_date_strings` turns a whole column into dd/mm/yyyy at once.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

import polars as pl

# The latest quarter end of the sample: nothing in the return is dated after it.
CUTOFF = date(2026, 9, 30).toordinal()
# Episodes are written for every period of care open on or after this day (the first day of the first
# statutory year in the return, 2020/21); the earlier episodes of such a period are written too, because the
# period of care starts with its RNE = S episode.
RETURN_START = date(2020, 4, 1).toordinal()
# Visits and missing incidents start a year before the first reporting period, so that the first quarterly
# period (12 months ending 30/06/2020) already has a full history.
ACTIVITY_START = date(2019, 4, 1).toordinal()
# The care system is simulated from here so that the children in care in 2020 and the care leavers of
# 2020/21 (aged up to 21) have real histories behind them.
SIMULATION_START = date(2010, 4, 1).toordinal()
ANNUAL_YEARS = range(2021, 2027)  # oc2, oc3, education and leaver_support: years ending March 2021 to 2026

_EPOCH = date(1970, 1, 1).toordinal()


def day(year: int, month: int, day_of_month: int) -> int:
    return date(year, month, day_of_month).toordinal()


def add_years(ordinal: int, years: int) -> int:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    when = date.fromordinal(ordinal)
    try:
        return when.replace(year=when.year + years).toordinal()
    except ValueError:
        return when.replace(year=when.year + years, day=28).toordinal()


def age_on(dob: int, ordinal: int) -> int:
    """Whole years between ``dob`` and ``ordinal`` (the shared terms' "age at D")."""
    born, then = date.fromordinal(dob), date.fromordinal(ordinal)
    return then.year - born.year - ((then.month, then.day) < (born.month, born.day))


def year_end(year: int) -> int:
    """31 March of ``year``: the end of the year ending 31 March that the data spec calls ``year``."""
    return day(year, 3, 31)


def decimal_year(ordinal: int) -> float:
    return 1970 + (ordinal - _EPOCH) / 365.25


class Trend:
    """A value that moves linearly between dated points and stays flat outside them."""

    def __init__(self, points: dict[float, float]) -> None:
        self._years = sorted(points)
        self._values = [points[year] for year in self._years]
        self._by_day: dict[int, float] = {}

    def at_year(self, year: float) -> float:
        index = bisect_right(self._years, year)
        if index == 0:
            return self._values[0]
        if index == len(self._years):
            return self._values[-1]
        y0, y1 = self._years[index - 1], self._years[index]
        v0, v1 = self._values[index - 1], self._values[index]
        return v0 + (v1 - v0) * (year - y0) / (y1 - y0)

    def at(self, ordinal: int) -> float:
        value = self._by_day.get(ordinal)
        if value is None:
            value = self._by_day[ordinal] = self.at_year(decimal_year(ordinal))
        return value


def to_date_strings(ordinals: list[int | None]) -> pl.Series:
    """Day numbers (None for an empty cell) as dd/mm/yyyy strings, the statutory extracts' date format."""
    days = pl.Series(ordinals, dtype=pl.Int64) - _EPOCH
    return days.cast(pl.Int32).cast(pl.Date).dt.strftime("%d/%m/%Y")
