"""Social work stability: changes of social worker, from the DfE's social worker episodes (sw_episodes.csv).

The Children's Commissioner's stability index counts a child's changes of social worker over a year: the
number of distinct social workers the child had in the 12 months, less one. The DfE collects social worker
episodes from 2023/24, so the first 12 months that can be counted end on 31 March 2024; before that, or
before a return with sw_episodes.csv is loaded, the indicator is "not available".
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import CHILD_BREAKDOWNS, Owner, Theme, indicator
from metrics.data import CareData
from metrics.periods import Period
from metrics.terms import looked_after_at, with_child_attributes
from metrics.tidy import ALL, summarise, with_values

SW_EPISODES_FROM = date(2023, 4, 1)  # the first day the DfE's social worker episodes cover
SW_FILE = "sw_episodes.csv"
ID = "social_worker_changes_2plus_pct"


def social_worker_changes(data: CareData, period: Period) -> pl.LazyFrame:
    """One row per child with a social worker episode overlapping ``period``: ``changes`` = distinct SW_ID
    whose episode overlaps the period, less one."""
    overlapping = data.sw_episodes.lazy().filter(
        (pl.col("sw_decom") <= period.end) & (pl.col("sw_dec").is_null() | (pl.col("sw_dec") >= period.start))
    )
    return overlapping.group_by("child").agg((pl.col("sw_id").n_unique() - 1).alias("changes"))


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
def social_worker_changes_2plus_pct(data: CareData, period_end: date) -> pl.DataFrame:
    if not is_available(data, period_end):
        return not_available(period_end)
    children = looked_after_at(data.episodes, period_end).select("child")
    changes = social_worker_changes(data, Period(period_end))
    units = children.join(changes, on="child", how="left").with_columns(pl.col("changes").fill_null(0))
    return summarise(
        with_child_attributes(units, data, period_end),
        indicator=ID,
        period_end=period_end,
        unit="percent",
        numerator=(pl.col("changes") >= 2).sum(),
        denominator=pl.len(),
        breakdowns=CHILD_BREAKDOWNS,
    )
