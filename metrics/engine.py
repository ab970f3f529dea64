"""Computing the catalogue: every indicator at every reporting date asked for, as one tidy frame.

Quarterly indicators are computed at every quarter end, over the 12 months ending there; annual indicators
exist only at 31 March (the shared term Period, `metrics.periods`): `compute` runs a quarterly
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
from typing import TYPE_CHECKING, cast

import polars as pl

from metrics.catalogue import Indicator, catalogue
from metrics.data import CareData
from metrics.periods import Period, latest_quarter_end, latest_year_end, quarter_ends, year_end
from metrics.tidy import TIDY_COLUMNS, TIDY_SCHEMA, empty_tidy

if TYPE_CHECKING:  # importing the indicators package registers every indicator: only for the checker
    from metrics.indicators.dated import ManyFn

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
    selected = [entries[key] for key in entries if key in set(wanted)]
    # An indicator that can compute several dates at once (``compute.compute_many``, see
    # metrics.indicators.dated) computes all of its dates not yet kept in one call, before the rest.
    _compute_many_first(data, selected, ends, cache, workers)
    # Date by date: every indicator at one date before the next date, so the derived frames of a day
    # (children looked after on D, their attributes; metrics.terms keeps the last few) serve every
    # indicator of that day instead of being rebuilt once per indicator.
    tasks = sorted(
        ((position, entry, day) for position, entry in enumerate(selected) for day in dates_for(entry, ends)),
        key=lambda task: (task[2], task[0]),
    )

    def run(task: tuple[int, Indicator, date]) -> pl.DataFrame:
        _, entry, day = task
        key = (entry.id, entry.compute, day)
        if key not in cache:
            cache[key] = _conform(entry.compute(data, day), entry, day)
        return cache[key]

    if workers > 1 and len(tasks) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(run, tasks))
    else:
        results = [run(task) for task in tasks]
    # Catalogue order, then by date, whatever order they were computed in.
    frames = [
        frame
        for _, frame in sorted(zip(tasks, results, strict=True), key=lambda pair: (pair[0][0], pair[0][2]))
    ]
    return pl.concat(frames, how="vertical") if frames else empty_tidy()


def _compute_many_first(
    data: CareData,
    selected: list[Indicator],
    ends: list[date],
    cache: dict[CacheKey, pl.DataFrame],
    workers: int,
) -> None:
    """Fill ``cache`` for every indicator of ``selected`` with a ``compute_many``, at all of its dates."""
    batches: list[tuple[Indicator, ManyFn, list[date]]] = []
    for entry in selected:
        many: ManyFn | None = getattr(entry.compute, "compute_many", None)
        days = [day for day in dates_for(entry, ends) if (entry.id, entry.compute, day) not in cache]
        if many is not None and len(days) > 1:
            batches.append((entry, many, days))

    def run(batch: tuple[Indicator, ManyFn, list[date]]) -> None:
        entry, many, days = batch
        frame = many(data, days)
        parts = frame.partition_by("period_end", as_dict=True, maintain_order=True)
        for day in days:
            part = parts.get((day,), frame.clear())
            cache[(entry.id, entry.compute, day)] = _conform(part, entry, day)

    if workers > 1 and len(batches) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run, batches))
    else:
        for batch in batches:
            run(batch)


def _first_and_last(frame: pl.DataFrame, *columns: str) -> list[date]:
    """The earliest and latest date in ``columns`` of ``frame`` (empty when there is none)."""
    values = pl.concat([frame.get_column(column).drop_nulls() for column in columns])
    # Date columns (metrics.data.SCHEMAS): their minimum and maximum are dates.
    return [cast(date, values.min()), cast(date, values.max())] if len(values) else []


def _year_span(frame: pl.DataFrame) -> list[date]:
    years = frame.get_column("year").drop_nulls()
    if not len(years):
        return []
    # Year 2025 is 1 April 2024 to 31 March 2025 (docs/returns.md, "Local files").
    first, last = cast(int, years.min()), cast(int, years.max())  # an Int64 column
    return [year_end(first - 1) + timedelta(days=1), year_end(last)]


def _month_span(frame: pl.DataFrame) -> list[date]:
    months = _first_and_last(frame, "month")
    if not months:
        return []
    following = (months[1].replace(day=28) + timedelta(days=4)).replace(day=1)
    return [months[0], following - timedelta(days=1)]


def data_span(data: CareData) -> tuple[date, date] | None:
    """The first and last day the whole return covers, or None for an empty return.

    Each collection of the return (reviews, visits, missing incidents, workforce months, the annual outcome
    files) covers from its first to its last record; the return covers from the latest of those first days,
    when every collection it has is present (before it, indicators drawing on a missing collection would
    read as zeros). Episodes are left out of the start because they carry each child's whole history,
    often years before the collection began; a return with episodes only starts at its first episode. The
    end is the last record of any kind.
    """
    spans = [
        span
        for span in (
            _first_and_last(data.reviews, "review"),
            _first_and_last(data.visits, "visit_date"),
            _first_and_last(data.missing, "mis_start", "mis_end"),
            _month_span(data.workforce),
            *(_year_span(table) for table in (data.oc2, data.oc3, data.education)),
        )
        if span
    ]
    episodes = _first_and_last(data.episodes, "decom", "dec")
    if not spans and not episodes:
        return None
    start = max(span[0] for span in spans) if spans else episodes[0]
    end = max([span[1] for span in spans] + episodes[1:])
    return start, end


def reporting_periods(data: CareData) -> list[date]:
    """Every quarter end the data covers, oldest first.

    A quarter end D is covered when its whole 12-month period (from S = D minus one year plus one day) lies
    within `data_span`: S on or after the first day of the month the span starts in, and D on or before the
    span's last day. A return of less than a year gives the quarter ends inside it instead (partial periods),
    so a new return still shows something.
    """
    span = data_span(data)
    if span is None:
        return []
    start, end = span
    last = latest_quarter_end(end)
    full = [day for day in quarter_ends(start, last) if Period(day).start >= start.replace(day=1)]
    return full or quarter_ends(start, last)
