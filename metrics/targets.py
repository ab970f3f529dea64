"""Plan targets, status against them, and published comparators (README, "Where the definitions are").

"plan_targets.csv gives a TARGET (and BASELINE) per indicator per plan year. Status at D, for the target of
the year of D: met when the value is at or better than the target (by polarity); near when it is worse by no
more than 10% of the distance from baseline to target (or 2 percentage points when no baseline), off track
otherwise; no target for context indicators or missing targets; no data when the value is null."

Decisions where the words leave room:
- The plan year of D is `Period(D).year`, the year ending 31 March that contains D (D = 30/09/2025 is plan
  year 2026; an annual indicator at 31/03/2025 is plan year 2025).
- "2 percentage points when no baseline" is 2 points for a percentage; for any other unit it is read as 2%
  of the target (a fixed 2 of days, scores or counts would mean different things for each).
- A baseline equal to the target gives a distance of 0: nothing short of the target is near.
- Order: context indicators and missing targets are ``no_target`` before a null value is ``no_data``; a
  value compared with no target would mean nothing either way.
- Every row gets its indicator's target and status, breakdown groups too (how each group of children fares
  against the plan); comparators describe a whole population, so only the headline row carries them.
- A comparator is shown for the period's year when published for it, else the latest year before it (per
  area, with that year stated): England publishes a year or more after the period ends, and a comparator
  from after the period would compare with the future. Comparators with a later year are not shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import polars as pl

from metrics.catalogue import Indicator
from metrics.tidy import ALL

NEAR_SHARE_OF_DISTANCE = 0.10
NEAR_POINTS_WITHOUT_BASELINE = 2.0
NEAR_SHARE_OF_TARGET_WITHOUT_BASELINE = 0.02
FLOAT_SLACK = 1e-9

COMPARATOR_DTYPE = pl.List(
    pl.Struct({"area": pl.String, "year": pl.Int64, "value": pl.Float64, "source": pl.String})
)


def plan_year_expr(period_end: pl.Expr) -> pl.Expr:
    """`Period(D).year` as an expression: the year ending 31 March that contains D."""
    return period_end.dt.year() + (period_end.dt.month() > 3).cast(pl.Int32)


def status_expr(
    value: pl.Expr, target: pl.Expr, baseline: pl.Expr, polarity: pl.Expr, unit: pl.Expr
) -> pl.Expr:
    """One of ``met``, ``near``, ``off_track``, ``no_target``, ``no_data`` for each row."""
    higher = polarity == "higher"
    shortfall = pl.when(higher).then(target - value).otherwise(value - target)
    tolerance = (
        pl.when(baseline.is_not_null())
        .then(NEAR_SHARE_OF_DISTANCE * (target - baseline).abs())
        .when(unit == "percent")
        .then(pl.lit(NEAR_POINTS_WITHOUT_BASELINE))
        .otherwise(NEAR_SHARE_OF_TARGET_WITHOUT_BASELINE * target.abs())
    )
    return (
        pl.when((polarity == "context") | target.is_null() | ~polarity.is_in(["higher", "lower"]))
        .then(pl.lit("no_target"))
        .when(value.is_null())
        .then(pl.lit("no_data"))
        .when(shortfall <= FLOAT_SLACK)
        .then(pl.lit("met"))
        # A hair of slack so that a value exactly on the boundary is not lost to binary fractions.
        .when(shortfall <= tolerance + FLOAT_SLACK)
        .then(pl.lit("near"))
        .otherwise(pl.lit("off_track"))
    )


def _metadata(entries: Mapping[str, Indicator]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator": [entry.id for entry in entries.values()],
            "polarity": [entry.polarity for entry in entries.values()],
            "unit": [entry.unit for entry in entries.values()],
        },
        schema={"indicator": pl.String, "polarity": pl.String, "unit": pl.String},
    )


def with_targets(
    frame: pl.DataFrame, plan_targets: pl.DataFrame, entries: Mapping[str, Indicator]
) -> pl.DataFrame:
    """``frame`` (tidy columns at least) with ``target``, ``baseline`` and ``status`` for its plan year.

    A plan_targets row repeated for one indicator and year is an ingest error; here the last one read wins.
    """
    targets = plan_targets.select(
        "indicator",
        pl.col("year").cast(pl.Int64).alias("_plan_year"),
        pl.col("target").cast(pl.Float64),
        pl.col("baseline").cast(pl.Float64),
    ).unique(subset=["indicator", "_plan_year"], keep="last", maintain_order=True)
    meta = _metadata(entries).rename({"polarity": "_polarity", "unit": "_unit"})
    joined = (
        frame.drop("target", "baseline", "status", strict=False)
        .with_columns(_plan_year=plan_year_expr(pl.col("period_end")).cast(pl.Int64))
        .join(meta, on="indicator", how="left", maintain_order="left")
        .join(targets, on=["indicator", "_plan_year"], how="left", maintain_order="left")
    )
    return joined.with_columns(
        status=status_expr(
            pl.col("value"), pl.col("target"), pl.col("baseline"), pl.col("_polarity"), pl.col("_unit")
        )
    ).drop("_plan_year", "_polarity", "_unit")


def with_comparators(frame: pl.DataFrame, comparators: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``comparators``: per area, the published value for the plan year or the latest before.

    Headline rows only; every other row has an empty list.
    """
    periods = (
        frame.select("indicator", "period_end")
        .unique()
        .with_columns(_plan_year=plan_year_expr(pl.col("period_end")).cast(pl.Int64))
    )
    published = comparators.select(
        "indicator", "area", pl.col("year").cast(pl.Int64), pl.col("value").cast(pl.Float64), "source"
    )
    chosen = (
        periods.join(published, on="indicator", how="inner")
        .filter(pl.col("year") <= pl.col("_plan_year"))
        .sort("indicator", "period_end", "area", "year")
        .group_by("indicator", "period_end", "area", maintain_order=True)
        .last()
        .group_by("indicator", "period_end", maintain_order=True)
        .agg(pl.struct("area", "year", "value", "source").alias("_found"))
    )
    return (
        frame.drop("comparators", strict=False)
        .join(chosen, on=["indicator", "period_end"], how="left", maintain_order="left")
        .with_columns(
            comparators=pl.when(pl.col("breakdown") == ALL)
            .then(pl.col("_found"))
            .otherwise(None)
            .fill_null(pl.lit([], dtype=COMPARATOR_DTYPE))
            .cast(COMPARATOR_DTYPE)
        )
        .drop("_found")
    )


def with_plan(
    frame: pl.DataFrame,
    plan_targets: pl.DataFrame,
    comparators: pl.DataFrame,
    entries: Mapping[str, Indicator],
) -> pl.DataFrame:
    """Targets, baselines, status and comparators joined to ``frame``, row order kept."""
    return with_comparators(with_targets(frame, plan_targets, entries), comparators)


# ---- Trajectory: the glide path from the baseline to the plan's final-year target -------------------------
# The baseline describes where the plan started: the 31 March before its first year (plan years 2025-2027
# start from 31 March 2024). The path runs in a straight line, quarter by quarter, to the final year's target
# at the final year's 31 March; after that it stays at the final target. Before the plan started there is no
# trajectory. An indicator without a baseline has no glide path (its start is not known).
TRAJECTORY_SCHEMA = {"indicator": pl.String, "period_end": pl.Date, "trajectory": pl.Float64}


def _month_index(day: pl.Expr) -> pl.Expr:
    return day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64)


def plan_span(plan_targets: pl.DataFrame) -> pl.DataFrame:
    """Per indicator: the baseline (of the first plan year), its date, the final target and its date."""
    ordered = plan_targets.select(
        "indicator",
        pl.col("year").cast(pl.Int64),
        pl.col("target").cast(pl.Float64),
        pl.col("baseline").cast(pl.Float64),
    ).sort("indicator", "year")
    return (
        ordered.group_by("indicator", maintain_order=True)
        .agg(
            baseline=pl.col("baseline").drop_nulls().first(),
            first_year=pl.col("year").min(),
            final_year=pl.col("year").filter(pl.col("target").is_not_null()).max(),
            final_target=pl.col("target").drop_nulls().last(),
        )
        .with_columns(
            start=pl.date(pl.col("first_year") - 1, 3, 31),
            end=pl.date(pl.col("final_year"), 3, 31),
        )
        .filter(pl.col("baseline").is_not_null() & pl.col("final_target").is_not_null())
    )


def trajectory_expr(
    period_end: pl.Expr, start: pl.Expr, end: pl.Expr, baseline: pl.Expr, final: pl.Expr
) -> pl.Expr:
    """The glide path's value at ``period_end``: null before ``start``, the final target after ``end``."""
    months = (_month_index(end) - _month_index(start)).cast(pl.Float64)
    done = ((_month_index(period_end) - _month_index(start)).cast(pl.Float64) / months).clip(0.0, 1.0)
    return pl.when(period_end < start).then(None).otherwise(baseline + (final - baseline) * done)


def with_trajectory(
    frame: pl.DataFrame, plan_targets: pl.DataFrame, entries: Mapping[str, Indicator]
) -> pl.DataFrame:
    """``frame`` with ``trajectory`` (the glide path at each row's period end) and ``on_trajectory``: the
    value at or better than the path by polarity (null for context indicators, no path or no value)."""
    span = plan_span(plan_targets).select("indicator", "baseline", "final_target", "start", "end")
    meta = _metadata(entries).select("indicator", pl.col("polarity").alias("_polarity"))
    joined = (
        frame.drop("trajectory", "on_trajectory", strict=False)
        .join(span.rename({"baseline": "_plan_baseline"}), on="indicator", how="left", maintain_order="left")
        .join(meta, on="indicator", how="left", maintain_order="left")
        .with_columns(
            trajectory=trajectory_expr(
                pl.col("period_end"), pl.col("start"), pl.col("end"), pl.col("_plan_baseline"),
                pl.col("final_target"),
            )
        )
    )  # fmt: skip
    better_or_equal = (
        pl.when(pl.col("_polarity") == "higher")
        .then(pl.col("value") >= pl.col("trajectory") - FLOAT_SLACK)
        .when(pl.col("_polarity") == "lower")
        .then(pl.col("value") <= pl.col("trajectory") + FLOAT_SLACK)
        .otherwise(None)
    )
    return joined.with_columns(on_trajectory=better_or_equal).drop(
        "_plan_baseline", "final_target", "start", "end", "_polarity"
    )


def trajectory_frame(plan_targets: pl.DataFrame, period_ends: Sequence[date]) -> pl.DataFrame:
    """The glide path of every indicator with a baseline at each of ``period_ends`` (for drawing it)."""
    span = plan_span(plan_targets)
    days = pl.DataFrame({"period_end": period_ends}, schema={"period_end": pl.Date})
    return (
        span.join(days, how="cross")
        .with_columns(
            trajectory=trajectory_expr(
                pl.col("period_end"),
                pl.col("start"),
                pl.col("end"),
                pl.col("baseline"),
                pl.col("final_target"),
            )
        )
        .filter(pl.col("trajectory").is_not_null())
        .select(list(TRAJECTORY_SCHEMA))
        .sort("indicator", "period_end")
    )


# ---- How sure a status is --------------------------------------------------------------------------------
# The status rule stays the plan's; beside it, whether the figures can bear it (README, "Privacy";
# small numbers"): fewer than `MIN_CHILDREN_TO_SAY` children (the public page's threshold for showing a
# percentage or a mean at all) is too few to say; a target inside the value's 95% interval is too close to
# call, because the true rate could lie on either side of it; a count within what one or two children
# explain of its target likewise.
MIN_CHILDREN_TO_SAY = 10
COUNT_CHILDREN_EXPLAIN = 2


class Certainty:
    TOO_FEW = "too_few_to_say"
    TOO_CLOSE = "too_close_to_call"
    CLEAR = "clear"  # the target lies outside the interval (or further than two children from a count)
    NO_INTERVAL = "no_interval"  # a mean or rate on enough children, with no interval to judge by


def with_certainty(frame: pl.DataFrame, entries: Mapping[str, Indicator]) -> pl.DataFrame:
    """``frame`` (with ``status``, ``target``, counts and interval) with ``certainty``: one of `Certainty`'s
    values, or null when there is no status against a target (no target, no data)."""
    meta = pl.DataFrame(
        {
            "indicator": [entry.id for entry in entries.values()],
            "_people": [entry.counts_children for entry in entries.values()],
            "_unit": [entry.unit for entry in entries.values()],
        },
        schema={"indicator": pl.String, "_people": pl.Boolean, "_unit": pl.String},
    )
    has_interval = pl.col("ci_low").is_not_null() & pl.col("ci_high").is_not_null()
    target_inside = (pl.col("ci_low") <= pl.col("target")) & (pl.col("target") <= pl.col("ci_high"))
    certainty = (
        pl.when(~pl.col("status").is_in(["met", "near", "off_track"]))
        .then(None)
        .when(
            (pl.col("_unit") != "count")
            & pl.col("_people").fill_null(value=True)
            & (pl.col("denominator").fill_null(0) < MIN_CHILDREN_TO_SAY)
        )
        .then(pl.lit(Certainty.TOO_FEW))
        .when(pl.col("_unit") == "count")
        .then(
            pl.when((pl.col("value") - pl.col("target")).abs() <= COUNT_CHILDREN_EXPLAIN)
            .then(pl.lit(Certainty.TOO_CLOSE))
            .otherwise(pl.lit(Certainty.CLEAR))
        )
        .when(has_interval & target_inside)
        .then(pl.lit(Certainty.TOO_CLOSE))
        .when(has_interval)
        .then(pl.lit(Certainty.CLEAR))
        .otherwise(pl.lit(Certainty.NO_INTERVAL))
    )
    return (
        frame.drop("certainty", strict=False)
        .join(meta, on="indicator", how="left", maintain_order="left")
        .with_columns(certainty=certainty)
        .drop("_people", "_unit")
    )
