"""Social work stability: changes of social worker, from the DfE's social worker episodes (sw_episodes.csv).

The Children's Commissioner's stability index counts a child's changes of social worker over a year: the
number of distinct social workers the child had in the 12 months, less one. The DfE collects social worker
episodes from 2023/24, so the first 12 months that can be counted end on 31 March 2024; before that, or
before a return with sw_episodes.csv is loaded, the indicator is "not available".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from metrics.catalogue import CHILD_BREAKDOWNS, Owner, Theme, indicator
from metrics.data import CareData
from metrics.indicators.dated import by_dates
from metrics.periods import Period
from metrics.terms import distinct_dates, looked_after_units_on
from metrics.tidy import ALL, empty_tidy, summarise_dates, with_values

SW_EPISODES_FROM = date(2023, 4, 1)  # the first day the DfE's social worker episodes cover
SW_FILE = "sw_episodes.csv"
ID = "social_worker_changes_2plus_pct"


def social_worker_changes(data: CareData, dates: Sequence[date]) -> pl.LazyFrame:
    """One row per child and reporting date D with a social worker episode overlapping the 12 months to D:
    ``changes`` = distinct SW_ID whose episode overlaps those months, less one."""
    periods = pl.LazyFrame(
        {"period_end": list(dates), "period_start": [Period(day).start for day in dates]},
        schema={"period_end": pl.Date, "period_start": pl.Date},
    )
    overlapping = (
        data.sw_episodes.lazy()
        .select("child", "sw_id", "sw_decom", "sw_dec")
        .join(periods, how="cross")
        .filter(
            (pl.col("sw_decom") <= pl.col("period_end"))
            & (pl.col("sw_dec").is_null() | (pl.col("sw_dec") >= pl.col("period_start")))
        )
    )
    return overlapping.group_by("child", "period_end").agg((pl.col("sw_id").n_unique() - 1).alias("changes"))


def not_available(period_end: date) -> pl.DataFrame:
    """The headline with no counts: the value is x, not available."""
    counts = pl.DataFrame(
        {
            "indicator": [ID],
            "period_end": [period_end],
            "breakdown": [ALL],
            "group": [ALL],
            "numerator": [None],
            "denominator": [None],
        },
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
    )
    return with_values(counts, "percent")


def is_available(data: CareData, period_end: date) -> bool:
    if data.not_loaded(SW_FILE):
        return False
    if data.loaded_files is None and data.sw_episodes.is_empty():
        return False  # a data set without any social worker episode cannot count changes
    return Period(period_end).start >= SW_EPISODES_FROM


@indicator(
    id=ID,
    title="Children with two or more changes of social worker",
    theme=Theme.STABILITY,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of the children looked after at the reporting date, the share who had two or more changes of social "
        "worker in the 12 months ending on that date. A child's changes are the number of distinct social "
        "workers (SW_ID) whose social worker episode (SW_DECOM to SW_DEC, or still open) overlaps the 12 "
        "months, less one; a child with no social worker episode in the period has none. Numerator: children "
        "with two or more changes. Denominator: children looked after at the reporting date. From "
        "sw_episodes.csv (collected by the DfE from 2023/24): not available before a return with it is "
        "loaded, nor for 12 months starting before 1 April 2023."
    ),
    unit="percent",
    polarity="lower",
    frequency="quarterly",
    source=(
        "Children's Commissioner for England, stability index: social worker changes; DfE SSDA903 social "
        "worker episodes (from 2023/24)."
    ),
)
@by_dates
def social_worker_changes_2plus_pct(data: CareData, dates: Sequence[date]) -> pl.DataFrame:
    days = distinct_dates(dates)
    counted = [day for day in days if is_available(data, day)]
    parts = [not_available(day) for day in days if day not in counted]
    if counted:
        units = looked_after_units_on(data, counted).join(
            social_worker_changes(data, counted), on=["child", "period_end"], how="left"
        )
        parts.append(
            summarise_dates(
                units.with_columns(pl.col("changes").fill_null(0)),
                dates=counted,
                indicator=ID,
                unit="percent",
                numerator=(pl.col("changes") >= 2).sum(),
                denominator=pl.len(),
                breakdowns=CHILD_BREAKDOWNS,
            )
        )
    if not parts:
        return empty_tidy()
    return pl.concat(parts, how="vertical").sort("period_end", maintain_order=True)
