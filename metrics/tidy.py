"""The tidy frame every indicator returns, and the one way values and intervals are computed from counts.

Columns: indicator, period_end, breakdown, group, numerator, denominator, value, ci_low, ci_high.
Values always come from numerator and denominator here, so disclosure control and comparison can work on
the counts afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

TIDY_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "indicator": pl.String,
    "period_end": pl.Date,
    "breakdown": pl.String,
    "group": pl.String,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "value": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
}
TIDY_COLUMNS = list(TIDY_SCHEMA)
ALL = "all"
NOT_RECORDED = "Not recorded"
Z_95 = 1.959963984540054


def empty_tidy() -> pl.DataFrame:
    return pl.DataFrame(schema=TIDY_SCHEMA)


def value_expr(unit: str) -> pl.Expr:
    """The value from ``numerator`` and ``denominator``: a zero or missing denominator gives null, never 0."""
    n, d = pl.col("numerator"), pl.col("denominator")
    if unit == "count":
        # A count out of a cohort (pupils permanently excluded, of the pupils) has no value without one.
        return pl.when(d.is_null() | (d > 0)).then(n)
    scale = {"percent": 100.0, "rate": 10_000.0}.get(unit, 1.0)
    return pl.when(d > 0).then(scale * n / d).otherwise(None)


def wilson_exprs(unit: str) -> list[pl.Expr]:
    """The 95% Wilson score interval of a percentage, in percent; null for other units or impossible
    counts."""
    if unit != "percent":
        return [pl.lit(None, pl.Float64).alias("ci_low"), pl.lit(None, pl.Float64).alias("ci_high")]
    n, d = pl.col("numerator"), pl.col("denominator")
    p = n / d
    z2 = Z_95**2
    centre = (p + z2 / (2 * d)) / (1 + z2 / d)
    half = Z_95 * (p * (1 - p) / d + z2 / (4 * d * d)).sqrt() / (1 + z2 / d)
    valid = (d > 0) & (n >= 0) & (n <= d)
    return [
        pl.when(valid).then(100 * (centre - half).clip(lower_bound=0)).alias("ci_low"),
        pl.when(valid).then(100 * (centre + half).clip(upper_bound=1)).alias("ci_high"),
    ]


def with_values(counts: pl.DataFrame | pl.LazyFrame, unit: str, *, interval: bool = True) -> pl.DataFrame:
    """Complete a frame of indicator, period_end, breakdown, group, numerator and denominator to the tidy
    frame; ``interval=False`` leaves the interval null (staff figures: an FTE is not a count of trials)."""
    frame = counts.lazy().with_columns(
        pl.col("numerator").cast(pl.Float64), pl.col("denominator").cast(pl.Float64)
    )
    return (
        frame.with_columns(value_expr(unit).alias("value"))
        .with_columns(wilson_exprs(unit if interval else "none"))
        .select(pl.col(name).cast(dtype) for name, dtype in TIDY_SCHEMA.items())
        .collect()
    )


def summarise(
    units: pl.DataFrame | pl.LazyFrame,
    *,
    indicator: str,
    period_end: date,
    unit: str,
    numerator: pl.Expr,
    denominator: pl.Expr | None = None,
    breakdowns: Iterable[str] = (),
    interval: bool = True,
) -> pl.DataFrame:
    """Aggregate ``units`` (one row per counted child, review, incident…) into the headline and breakdowns.

    ``numerator`` and ``denominator`` are aggregate expressions (``pl.col("moved_3plus").sum()``,
    ``pl.len()``); ``units`` must carry one column per breakdown id, holding each row's group.
    The headline row is always present, even when ``units`` is empty. `summarise_dates` at one date.
    """
    return summarise_dates(
        units.lazy().with_columns(period_end=pl.lit(period_end, dtype=pl.Date)),
        dates=[period_end],
        indicator=indicator,
        unit=unit,
        numerator=numerator,
        denominator=denominator,
        breakdowns=breakdowns,
        interval=interval,
    )


def summarise_dates(
    units: pl.DataFrame | pl.LazyFrame,
    *,
    dates: Iterable[date],
    indicator: str,
    unit: str,
    numerator: pl.Expr,
    denominator: pl.Expr | None = None,
    breakdowns: Iterable[str] = (),
    interval: bool = True,
) -> pl.DataFrame:
    """`summarise` at each of ``dates`` at once, from ``units`` carrying a ``period_end`` column.

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
    return with_values(stacked, unit, interval=interval).sort(
        "period_end", pl.col("breakdown") != ALL, "breakdown", "group", maintain_order=True
    )


def _group(name: str, dtype: pl.DataType) -> pl.Expr:
    """The group of breakdown ``name``: its value, "Not recorded" when empty. A breakdown may be an Enum that
    holds "Not recorded"; it becomes text once grouped."""
    empty = pl.lit(NOT_RECORDED).cast(dtype) if isinstance(dtype, pl.Enum) else pl.lit(NOT_RECORDED)
    return pl.col(name).fill_null(empty).alias("group")
