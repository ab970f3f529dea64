"""Computing the catalogue: every indicator at every reporting date asked for, as one tidy frame.

"Quarterly indicators are computed at every quarter end ... over the 12 months ending there. Annual
indicators exist only at 31 March" (shared/indicators.md, "Shared terms"): `compute` runs a quarterly
indicator at each date it is given and an annual one at the 31 March on or before each of those dates.

Results are kept per data set (by identity, while it is alive) and per indicator function and date, so the
dashboard asking for the trend once per role computes each indicator at each date once. CareData and polars
frames are immutable, so a kept result can never go stale.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import polars as pl

from metrics.catalogue import Indicator, catalogue
from metrics.data import CareData
from metrics.periods import Period, latest_quarter_end, latest_year_end, quarter_ends, year_end
from metrics.tidy import TIDY_COLUMNS, TIDY_SCHEMA, empty_tidy

CacheKey = tuple[str, object, date]
_RESULTS: dict[int, dict[CacheKey, pl.DataFrame]] = {}


def _results_for(data: CareData) -> dict[CacheKey, pl.DataFrame]:
    key = id(data)
    if key not in _RESULTS:
        _RESULTS[key] = {}
        # Forget the results when the data set goes, so a new one at the same address starts empty.
        weakref.finalize(data, _RESULTS.pop, key, None)
    return _RESULTS[key]


def dates_for(entry: Indicator, period_ends: Iterable[date]) -> list[date]:
    """The dates ``entry`` is computed at: each date for quarterly, each distinct 31 March on or before."""
    ends = set(period_ends)
    if entry.frequency == "annual":
        ends = {latest_year_end(day) for day in ends}
    return sorted(ends)


def _conform(frame: pl.DataFrame, entry: Indicator, period_end: date) -> pl.DataFrame:
    missing = set(TIDY_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"{entry.id} at {period_end} returned no {sorted(missing)} column")
    return frame.select(pl.col(name).cast(dtype) for name, dtype in TIDY_SCHEMA.items())


def compute(
    data: CareData,
    period_ends: Iterable[date],
    ids: Iterable[str] | None = None,
    entries: Mapping[str, Indicator] | None = None,
    *,
    workers: int = 1,
) -> pl.DataFrame:
    """The tidy frame of every indicator in ``ids`` (default: all of ``entries``) at ``period_ends``.

    ``entries`` defaults to the catalogue; tests pass their own mapping. Rows come in catalogue order, then
    by date, each indicator's own row order kept. ``workers`` > 1 runs indicator-dates on threads (polars
    releases the GIL while it computes).
    """
    entries = catalogue() if entries is None else entries
    wanted = list(entries) if ids is None else list(ids)
    unknown = [key for key in wanted if key not in entries]
    if unknown:
        raise ValueError(f"unknown indicators: {unknown}")
    ends = list(period_ends)
    cache = _results_for(data)
    tasks = [
        (entry, day)
        for entry in (entries[key] for key in entries if key in set(wanted))
        for day in dates_for(entry, ends)
    ]

    def run(task: tuple[Indicator, date]) -> pl.DataFrame:
        entry, day = task
        key = (entry.id, entry.compute, day)
        if key not in cache:
            cache[key] = _conform(entry.compute(data, day), entry, day)
        return cache[key]

    if workers > 1 and len(tasks) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            frames = list(pool.map(run, tasks))
    else:
        frames = [run(task) for task in tasks]
    return pl.concat(frames, how="vertical") if frames else empty_tidy()


def _dates(frame: pl.DataFrame, *columns: str) -> list[date]:
    found: list[date] = []
    for column in columns:
        series = frame.get_column(column).drop_nulls()
        if len(series):
            found.extend([series.min(), series.max()])
    return found


def _year_starts_and_ends(frame: pl.DataFrame) -> list[date]:
    years = frame.get_column("year").drop_nulls()
    if not len(years):
        return []
    # Year 2025 is 1 April 2024 to 31 March 2025 (data-spec, "Local files").
    return [year_end(years.min() - 1) + timedelta(days=1), year_end(years.max())]


def data_span(data: CareData) -> tuple[date, date] | None:
    """The first and last day the return has records for, or None for an empty return.

    The start comes from the dated activity (reviews, visits, missing incidents, workforce months, annual
    outcome years), because episodes carry each child's whole history, often years before the collection
    began; a return with episodes only starts at its first episode.
    """
    activity = [
        *_dates(data.reviews, "review"),
        *_dates(data.visits, "visit_date"),
        *_dates(data.missing, "mis_start"),
        *_dates(data.workforce, "month"),
        *(day for table in (data.oc2, data.oc3, data.education) for day in _year_starts_and_ends(table)),
    ]
    episodes = _dates(data.episodes, "decom", "dec")
    if not activity and not episodes:
        return None
    workforce_ends = [
        (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        for month in _dates(data.workforce, "month")
    ]
    start = min(activity) if activity else min(episodes)
    end = max([*activity, *episodes, *workforce_ends, *_dates(data.missing, "mis_end")])
    return start, end


def reporting_periods(data: CareData) -> list[date]:
    """Every quarter end the data covers, oldest first.

    A quarter end D is covered when its whole 12-month period (from S = D minus one year plus one day) lies
    within the return: S on or after the first day of the month of the first record, and D on or before the
    last record. A return of less than a year gives the quarter ends inside it instead (partial periods),
    so a new return still shows something.
    """
    span = data_span(data)
    if span is None:
        return []
    start, end = span
    last = latest_quarter_end(end)
    full = [day for day in quarter_ends(start, last) if Period(day).start >= start.replace(day=1)]
    return full or quarter_ends(start, last)
