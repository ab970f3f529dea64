"""Indicators computed at several reporting dates at once, with the single-date contract kept.

The catalogue's contract is ``fn(data, period_end)``. A trend asks for every quarter end of six years, and
running each indicator once per date repeats the same joins and aggregations two dozen times. An indicator
written as ``many(data, period_ends)`` (one tidy frame holding every date) and declared with `by_dates`
keeps that contract, ``fn(data, D) == many(data, [D])``, and carries ``many`` as ``fn.compute_many``, which
`metrics.engine.compute` uses when it has several dates to compute.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date

import polars as pl

from metrics.data import CareData
from metrics.tidy import ALL, with_values

ManyFn = Callable[[CareData, Sequence[date]], pl.DataFrame]
NOT_RECORDED = "Not recorded"


def by_dates(many: ManyFn) -> Callable[[CareData, date], pl.DataFrame]:
    """The single-date indicator function of ``many``, with ``many`` as its ``compute_many``."""

    @functools.wraps(many)
    def single(data: CareData, period_end: date) -> pl.DataFrame:
        return many(data, [period_end])

    single.compute_many = many  # type: ignore[attr-defined]
    return single


def summarise_dates(
    units: pl.DataFrame | pl.LazyFrame,
    *,
    dates: Iterable[date],
    indicator: str,
    unit: str,
    numerator: pl.Expr,
    denominator: pl.Expr | None = None,
    breakdowns: Iterable[str] = (),
) -> pl.DataFrame:
    """`metrics.tidy.summarise` at each of ``dates`` at once, from ``units`` carrying a ``period_end`` column.

    The rows of each date are exactly `summarise`'s for that date's units, in its order (dates oldest first):
    the headline row always present (a date without units gets what `summarise` gives an empty frame), then
    each breakdown's groups.
    """
    days = sorted(set(dates))
    lazy = units.lazy()
    aggregates = [
        numerator.cast(pl.Float64).alias("numerator"),
        (denominator if denominator is not None else pl.lit(None)).cast(pl.Float64).alias("denominator"),
    ]
    schema = lazy.collect_schema()
    found = lazy.group_by("period_end").agg(aggregates)
    all_days = pl.LazyFrame({"period_end": days}, schema={"period_end": pl.Date})
    # summarise's headline over no units at all: sums and counts of nothing, a literal denominator kept.
    without_units = all_days.join(found, on="period_end", how="anti").join(
        lazy.head(0).select(aggregates), how="cross"
    )
    parts = [
        pl.concat([found, without_units], how="vertical").with_columns(
            breakdown=pl.lit(ALL), group=pl.lit(ALL)
        ),
        *(
            lazy.group_by("period_end", _group(name, schema[name]))
            .agg(aggregates)
            .with_columns(pl.col("group").cast(pl.String), breakdown=pl.lit(name))
            for name in breakdowns
        ),
    ]
    stacked = pl.concat(
        [part.select("period_end", "breakdown", "group", "numerator", "denominator") for part in parts],
        how="vertical",
    ).with_columns(indicator=pl.lit(indicator))
    return with_values(stacked, unit).sort(
        "period_end", pl.col("breakdown") != ALL, "breakdown", "group", maintain_order=True
    )


def _group(name: str, dtype: pl.DataType) -> pl.Expr:
    """The group of breakdown ``name``: its value, "Not recorded" when empty. A breakdown may be an Enum that
    holds "Not recorded" (metrics.terms.GROUP_TYPES); it becomes text once grouped."""
    empty = pl.lit(NOT_RECORDED).cast(dtype) if isinstance(dtype, pl.Enum) else pl.lit(NOT_RECORDED)
    return pl.col(name).fill_null(empty).alias("group")


def join_beside(units: pl.DataFrame | pl.LazyFrame, other: pl.LazyFrame, on: Sequence[str]) -> pl.DataFrame:
    """``units`` left-joined to ``other`` on ``on``, where ``other`` has at most one row per key.

    The join is worked out on the key columns alone and its new columns set beside ``units``: a plain join
    would copy every column of units of millions of rows (every quarter end) for one or two new ones.
    """
    frame = units.lazy().collect()
    added = (
        frame.lazy()
        .select(on)
        .with_row_index("_unit")
        .join(other.lazy(), on=list(on), how="left")
        .sort("_unit")
        .drop("_unit", *on)
        .collect()
    )
    if added.height != frame.height:
        raise ValueError(f"join_beside: more than one row per {list(on)} to join")
    return pl.concat([frame, added], how="horizontal")
