"""Computing the catalogue: every indicator at every reporting date asked for, as one tidy frame.

An indicator's function gives its units at one reporting date D (`metrics.catalogue.Indicator.units`); the
engine does the rest, the same way for every indicator:
- the breakdown groups: a child breakdown the units do not carry is the child's group at D
  (`metrics.terms.child_attributes`, joined on ``child``);
- numerator and denominator from the units, as the declared ``kind`` says (`aggregates`), the headline
  and each breakdown's groups (`metrics.tidy.summarise_dates`), the value from the two, and the 95% Wilson
  interval of a percentage of children (staff figures have none: an FTE is not a count of trials);
- "not available": at a date the declaration's ``available`` rejects, the headline without counts;
- every reporting date: quarterly indicators are computed at every quarter end over the 12 months ending
  there, annual ones only at 31 March (README, "Where the definitions are"), so an annual indicator is
  computed at the 31 March on or before each date asked for. `tidy_at` is the plain reading at one date;
  `tidy_on` gives all of an indicator's dates in one pass: its units of every date stacked (or, where the
  declaration names ``many_dates``, its units of every date at once), only the columns counted, and the
  children's groups of every date found at once (`metrics.groups_on`). A test holds the two equal at every
  quarter end of the sample;
- keeping results: per data set (by identity, while it is alive), each indicator at each date, the
  children's groups and the groups of the stacked units of the last few indicators are computed once.
  CareData and polars frames are immutable, so a kept result never goes stale.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import cast

import polars as pl

from metrics.catalogue import CHILD_BREAKDOWNS, KIND_COLUMNS, Indicator, catalogue
from metrics.data import CareData
from metrics.groups_on import episode_starts, groups_on, header_groups
from metrics.periods import Period, latest_quarter_end, latest_year_end, quarter_ends, year_end
from metrics.terms import child_attributes
from metrics.tidy import ALL, TIDY_SCHEMA, empty_tidy, summarise_dates, with_values


class _Kept:
    """Frames computed from one data set, by key; several dashboard sessions may ask at once."""

    def __init__(self) -> None:
        self.frames: dict[object, pl.DataFrame] = {}
        # (child, period_end) rows of stacked units and their groups, for the last few (`_with_groups`).
        self.groups: list[tuple[pl.DataFrame, pl.DataFrame]] = []
        self.lock = threading.Lock()

    def get(self, key: object, compute: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        with self.lock:
            if key in self.frames:
                return self.frames[key]
        frame = compute()  # outside the lock: two threads computing the same frame is only wasted work
        with self.lock:
            return self.frames.setdefault(key, frame)


# The groups of the stacked units of this many indicators are kept: at England size each is about 100 MB, and
# keeping eight held 0.8 GB more for no time saved (consecutive indicators are the ones that share children).
GROUPS_KEPT = 2
_KEPT: dict[int, _Kept] = {}
_KEPT_LOCK = threading.Lock()


def _kept_for(data: CareData) -> _Kept:
    key = id(data)
    with _KEPT_LOCK:
        if key not in _KEPT:
            _KEPT[key] = _Kept()
            # Forget the results when the data set goes, so a new one at the same address starts empty.
            weakref.finalize(data, _KEPT.pop, key, None)
        return _KEPT[key]


def dates_for(entry: Indicator, period_ends: Iterable[date]) -> list[date]:
    """The dates ``entry`` is computed at: each date for quarterly, each distinct 31 March on or before."""
    ends = set(period_ends)
    if entry.frequency == "annual":
        ends = {latest_year_end(day) for day in ends}
    return sorted(ends)


# --- one indicator ---------------------------------------------------------------------------------------


def kept(data: CareData, key: object, compute: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """``compute()`` once per data set and ``key``, for frames that several callers read from one load."""
    return _kept_for(data).get(key, compute)


def groups_at(data: CareData, day: date) -> pl.DataFrame:
    """Each child's breakdown groups at ``day`` (`metrics.terms.child_attributes`), kept per data set."""
    return _kept_for(data).get(("groups", day), lambda: child_attributes(data, day).collect())


def units_at(entry: Indicator, data: CareData, day: date) -> pl.LazyFrame:
    """The units of ``entry`` at ``day`` with a column per breakdown (a child's groups at ``day`` where the
    units do not carry one)."""
    units = entry.units(data, day).lazy()
    schema = units.collect_schema()
    needed = KIND_COLUMNS[entry.kind]
    absent = [name for name in needed if name not in schema]
    if absent:
        raise ValueError(f"{entry.id}: a {entry.kind} indicator's units need {absent}")
    groups = [name for name in entry.breakdowns if name not in schema]
    if not groups:
        return units
    if "child" not in schema:
        raise ValueError(f"{entry.id}: units without {groups} need a child column to find the groups")
    return units.join(groups_at(data, day).lazy().select("child", *groups), on="child", how="left")


def _total(name: str, schema: pl.Schema) -> pl.Expr:
    column = pl.col(name)
    if schema[name].is_float():
        # Added up one by one, smallest first: a float total depends on the order it is added up in, and
        # polars' sum splits its work differently from run to run (the last digit would change).
        return column.sort().cum_sum().last().fill_null(0)
    return column.sum()


def aggregates(entry: Indicator, schema: pl.Schema) -> tuple[pl.Expr, pl.Expr | None]:
    """Numerator and denominator of ``entry``'s units, as its kind says (`metrics.catalogue.Kind`)."""
    match entry.kind:
        case "count" | "rate":
            return pl.len(), None  # a rate's population is set beside the count (`_per_population`)
        case "share":
            return pl.col("meets").fill_null(value=False).sum(), pl.len()
        case "mean":
            return _total("amount", schema), pl.len()
        case "ratio":
            return _total("numerator", schema), _total("denominator", schema)
    raise ValueError(f"{entry.id}: unknown kind {entry.kind!r}")


def _summarised(entry: Indicator, data: CareData, units: pl.LazyFrame, days: list[date]) -> pl.DataFrame:
    numerator, denominator = aggregates(entry, units.collect_schema())
    tidy = summarise_dates(
        units.collect(),  # summarised once per breakdown: collect the units once
        dates=days,
        indicator=entry.id,
        unit=entry.unit,
        numerator=numerator,
        denominator=denominator,
        breakdowns=entry.breakdowns,
        interval=entry.counts_children,
    )
    return _per_population(entry, data, tidy) if entry.kind == "rate" else tidy


def _per_population(entry: Indicator, data: CareData, tidy: pl.DataFrame) -> pl.DataFrame:
    """A rate's denominator: the declared population at each date (None when it is not known)."""
    assert entry.population is not None  # the declaration checks it
    days = tidy.get_column("period_end").unique().to_list()
    population = pl.DataFrame(
        {"period_end": days, "denominator": [entry.population(data, day) for day in days]},
        schema={"period_end": pl.Date, "denominator": pl.Float64},
    )
    counts = tidy.drop("denominator").join(population, on="period_end", how="left", maintain_order="left")
    return with_values(counts, entry.unit, interval=entry.counts_children)


def not_available(entry: Indicator, days: list[date]) -> pl.DataFrame:
    """The headline of ``entry`` without counts at each of ``days``: its value is not available."""
    counts = pl.DataFrame(
        {"period_end": days, "numerator": None, "denominator": None},
        schema={"period_end": pl.Date, "numerator": pl.Float64, "denominator": pl.Float64},
    ).with_columns(indicator=pl.lit(entry.id), breakdown=pl.lit(ALL), group=pl.lit(ALL))
    return with_values(counts, entry.unit, interval=entry.counts_children)


def _countable(entry: Indicator, data: CareData, days: list[date]) -> list[date]:
    """Those of ``days`` at which ``entry`` can be counted (its declared ``available``)."""
    return days if entry.available is None else [day for day in days if entry.available(data, day)]


def tidy_at(entry: Indicator, data: CareData, day: date) -> pl.DataFrame:
    """``entry`` at one reporting date: the plain reading of its definition."""
    if not _countable(entry, data, [day]):
        return not_available(entry, [day])
    units = units_at(entry, data, day).with_columns(period_end=pl.lit(day, pl.Date))
    return _summarised(entry, data, units, [day])


def units_on(entry: Indicator, data: CareData, days: list[date]) -> pl.LazyFrame:
    """The units of ``entry`` at each of ``days``, stacked with their ``period_end``, and a column per
    breakdown: what `units_at` gives at each date, only the columns the engine reads.

    Faster than `units_at` date by date: only the columns counted are stacked, and the children's groups of
    every date are found at once (`metrics.groups_on`), not by `metrics.terms.child_attributes` per date.
    """
    first = (entry.many_dates(data, days) if entry.many_dates else entry.units(data, days[0])).lazy()
    schema = first.collect_schema()
    absent = [name for name in KIND_COLUMNS[entry.kind] if name not in schema]
    if absent:
        raise ValueError(f"{entry.id}: a {entry.kind} indicator's units need {absent}")
    groups = [name for name in entry.breakdowns if name not in schema]
    if groups and "child" not in schema:
        raise ValueError(f"{entry.id}: units without {groups} need a child column to find the groups")
    counted_columns = [
        *(["child"] if groups else []),
        *KIND_COLUMNS[entry.kind],
        *(name for name in entry.breakdowns if name in schema),
    ]

    def at(day: date, units: pl.LazyFrame) -> pl.DataFrame:
        # Collected date by date: polars runs a concatenation of two dozen plans more slowly.
        # (period_end set before the columns are chosen: a count without breakdowns chooses none.)
        dated = units.with_columns(period_end=pl.lit(day, pl.Date))
        return dated.select(*counted_columns, "period_end").collect()

    if entry.many_dates:
        stacked = first.select(*counted_columns, "period_end").collect()
    else:
        stacked = pl.concat(
            [at(days[0], first), *(at(day, entry.units(data, day).lazy()) for day in days[1:])],
            how="vertical_relaxed",
        )
    return (_with_groups(data, stacked, groups) if groups else stacked).lazy()


def _with_groups(data: CareData, stacked: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """``stacked`` with the children's groups ``names`` at each row's date (`metrics.groups_on`). Many
    indicators count the same children at the same dates (those looked after at D): the groups of rows
    exactly equal, child and date, to an earlier indicator's are that indicator's."""
    kept = _kept_for(data)
    header = kept.get("header_groups", lambda: header_groups(data))
    starts = kept.get("episode_starts", lambda: episode_starts(data))
    keys = stacked.select("child", "period_end")
    with kept.lock:
        found = next((groups for seen, groups in kept.groups if seen.equals(keys)), None)
    if found is None:
        every = groups_on(keys, header, starts, list(CHILD_BREAKDOWNS))
        if every.height != keys.height:  # a child twice in header: its units are counted twice
            return groups_on(stacked, header, starts, names)
        found = every.drop("child", "period_end")
        with kept.lock:
            kept.groups = [*kept.groups[1 - GROUPS_KEPT :], (keys, found)]
    return pl.concat([stacked, found.select(names)], how="horizontal")


def tidy_on(entry: Indicator, data: CareData, days: list[date]) -> pl.DataFrame:
    """``entry`` at each of ``days`` (its own dates, see `dates_for`) in one pass (`units_on`). Row for row
    what `tidy_at` gives at each date."""
    counted = _countable(entry, data, days)
    parts = [not_available(entry, [day for day in days if day not in counted])]
    if counted:
        parts.append(_summarised(entry, data, units_on(entry, data, counted), counted))
    return pl.concat(parts, how="vertical").sort("period_end", maintain_order=True)


# --- the catalogue ---------------------------------------------------------------------------------------


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
    by date, each date's rows in `metrics.tidy.summarise_dates` order. ``workers`` > 1 computes indicators on
    threads (polars releases the GIL while it computes).
    """
    entries = catalogue() if entries is None else entries
    wanted = list(entries) if ids is None else list(ids)
    unknown = [key for key in wanted if key not in entries]
    if unknown:
        raise ValueError(f"unknown indicators: {unknown}")
    ends = list(period_ends)
    kept = _kept_for(data)
    selected = [entries[key] for key in entries if key in set(wanted)]

    def run(entry: Indicator) -> pl.DataFrame:
        days = dates_for(entry, ends)
        missing = [day for day in days if (entry.id, entry.units, day) not in kept.frames]
        if missing:
            fresh = tidy_on(entry, data, missing)
            parts = fresh.partition_by("period_end", as_dict=True, maintain_order=True)
            for day in missing:

                def part_on(day: date = day) -> pl.DataFrame:
                    return parts.get((day,), fresh.clear())

                kept.get((entry.id, entry.units, day), part_on)
        frames = [kept.frames[(entry.id, entry.units, day)] for day in days]
        return pl.concat(frames, how="vertical") if frames else empty_tidy()

    if workers > 1 and len(selected) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(run, selected))
    else:
        results = [run(entry) for entry in selected]
    frames = [
        frame.select(pl.col(name).cast(dtype) for name, dtype in TIDY_SCHEMA.items()) for frame in results
    ]
    return pl.concat(frames, how="vertical") if frames else empty_tidy()


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
