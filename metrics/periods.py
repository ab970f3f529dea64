"""Reporting dates and periods (README, "Where the definitions are")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

QUARTER_END_MONTH_DAYS = ((3, 31), (6, 30), (9, 30), (12, 31))


def minus_years(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def minus_months(day: date, months: int) -> date:
    """The same day ``months`` earlier, clipped to the end of a shorter month."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True, order=True)
class Period:
    """The 12 months ending on the reporting date D: from S = D minus one year plus one day, to D."""

    end: date

    @property
    def start(self) -> date:
        return minus_years(self.end, 1) + timedelta(days=1)

    @property
    def year(self) -> int:
        """The year ending 31 March that contains D (D = 30/09/2025 gives 2026)."""
        return self.end.year + 1 if self.end.month > 3 else self.end.year


def year_end(year: int) -> date:
    """31 March of ``year``: the end of the year the data spec calls ``year``."""
    return date(year, 3, 31)


def latest_year_end(as_at: date) -> date:
    """The 31 March on or before ``as_at``: the date annual indicators report at for ``as_at``."""
    return year_end(as_at.year if (as_at.month, as_at.day) >= (3, 31) else as_at.year - 1)


def latest_quarter_end(as_at: date) -> date:
    """The last quarter end (31 March, 30 June, 30 September, 31 December) on or before ``as_at``."""
    candidates = [date(as_at.year, m, d) for m, d in QUARTER_END_MONTH_DAYS] + [date(as_at.year - 1, 12, 31)]
    return max(day for day in candidates if day <= as_at)


def quarter_ends(first: date, last: date) -> list[date]:
    """Every quarter end from ``first`` to ``last`` inclusive, oldest first."""
    ends: list[date] = []
    for year in range(first.year, last.year + 1):
        ends.extend(date(year, m, d) for m, d in QUARTER_END_MONTH_DAYS)
    return [day for day in ends if first <= day <= last]


def is_quarter_end(day: date) -> bool:
    return (day.month, day.day) in QUARTER_END_MONTH_DAYS


def long_date(day: date) -> str:
    """``30 September 2026``."""
    return f"{day.day} {day:%B %Y}"


# How each kind of period (`metrics.catalogue.PeriodKind`) is said: a heading ("12 months to 30 September
# 2026"), the phrase inside a sentence ("in the 12 months to ..."), and a chart's time-axis title.
PERIOD_HEADINGS = {
    "point_in_time": "At {day}",
    "twelve_months": "12 months to {day}",
    "year": "Year to {day}",
    "month": "{month}",
}
PERIOD_PHRASES = {
    "point_in_time": "at {day}",
    "twelve_months": "in the 12 months to {day}",
    "year": "in the year to {day}",
    "month": "in {month}",
}
PERIOD_AXIS_TITLES = {
    "point_in_time": "At the end of the quarter",
    "twelve_months": "12 months to the end of the quarter",
    "year": "Year to 31 March",
    "month": "Month",
}


def period_heading(kind: str, day: date, *, capital: bool = True) -> str:
    """``At 30 September 2026``, ``12 months to 30 September 2026``, ``Year to 31 March 2026``,
    ``September 2026``; with ``capital`` False, for after a comma: ``at 30 September 2026``."""
    template = PERIOD_HEADINGS[kind]
    if not capital and kind in ("point_in_time", "year"):
        template = template[0].lower() + template[1:]
    return template.format(day=long_date(day), month=f"{day:%B %Y}")


def period_phrase(kind: str, day: date) -> str:
    """The same inside a sentence: ``at 30 September 2026``, ``in the year to 31 March 2026``, ..."""
    return PERIOD_PHRASES[kind].format(day=long_date(day), month=f"{day:%B %Y}")
