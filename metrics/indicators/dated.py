"""Indicators computed at several reporting dates at once, with the single-date contract kept.

The catalogue's contract is ``fn(data, period_end)``. A trend asks for every quarter end of six years, and
running each indicator once per date repeats the same joins and aggregations two dozen times. An indicator
written as ``many(data, period_ends)`` (one tidy frame holding every date) and declared with `by_dates`
keeps that contract, ``fn(data, D) == many(data, [D])``, and carries ``many`` as ``fn.compute_many``, which
`metrics.engine.compute` uses when it has several dates to compute.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date

import polars as pl

from metrics.catalogue import CHILD_BREAKDOWNS
from metrics.data import CareData
from metrics.tidy import summarise_dates

ManyFn = Callable[[CareData, Sequence[date]], pl.DataFrame]


def by_dates(many: ManyFn) -> Callable[[CareData, date], pl.DataFrame]:
    """The single-date indicator function of ``many``, with ``many`` as its ``compute_many``."""

    @functools.wraps(many)
    def single(data: CareData, period_end: date) -> pl.DataFrame:
        return many(data, [period_end])

    single.compute_many = many  # type: ignore[attr-defined]
    return single


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


def share_at_dates(
    units: pl.DataFrame | pl.LazyFrame, meets: pl.Expr, *, indicator_id: str, dates: Sequence[date]
) -> pl.DataFrame:
    """Share of ``units`` (children at each ``period_end``) for which ``meets`` holds (a null test is not
    met), headline and the children's breakdowns, at each date."""
    return summarise_dates(
        units.lazy().collect(),  # summarised once per breakdown: collect them once
        dates=dates,
        indicator=indicator_id,
        unit="percent",
        numerator=meets.fill_null(value=False).sum(),
        denominator=pl.len(),
        breakdowns=CHILD_BREAKDOWNS,
    )
