"""Social work stability: changes of social worker, from the DfE's social worker episodes (sw_episodes.csv).

The Children's Commissioner's stability index counts a child's changes of social worker over a year: the
number of distinct social workers the child had in the 12 months, less one. The DfE collects social worker
episodes from 2023/24, so the first 12 months that can be counted end on 31 March 2024; before that, or
before a return with sw_episodes.csv is loaded, the indicator is "not available" (its declared
``available``: the engine gives a headline without counts).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import Owner, Theme, indicator
from metrics.data import CareData
from metrics.periods import Period
from metrics.terms import looked_after_at

SW_EPISODES_FROM = date(2023, 4, 1)  # the first day the DfE's social worker episodes cover
SW_FILE = "sw_episodes.csv"


def social_worker_changes(data: CareData, d: date) -> pl.LazyFrame:
    """One row per child with a social worker episode overlapping the 12 months to D: ``changes`` = the
    distinct SW_ID whose episode (SW_DECOM to SW_DEC, or still open) overlaps those months, less one."""
    period = Period(d)
    overlapping = data.sw_episodes.lazy().filter(
        (pl.col("sw_decom") <= period.end) & (pl.col("sw_dec").is_null() | (pl.col("sw_dec") >= period.start))
    )
    return overlapping.group_by("child").agg(changes=pl.col("sw_id").n_unique() - 1)


def sw_episodes_cover(data: CareData, d: date) -> bool:
    """Whether changes can be counted for the 12 months to D: sw_episodes.csv was loaded (a data set of
    unknown files without a single social worker episode cannot count them) and the months start on or
    after the first day the DfE collected them."""
    if data.not_loaded(SW_FILE):
        return False
    if data.loaded_files is None and data.sw_episodes.is_empty():
        return False
    return Period(d).start >= SW_EPISODES_FROM


@indicator(
    id="social_worker_changes_2plus_pct",
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
    kind="share",
    sentence="{value} of children in care on {date} had 3 or more different social workers {period}.",
    counts_of="children",
    available=sw_episodes_cover,
    plain_definition=(
        "Of the children in care on the last day, the share who had 3 or more different social workers "
        "during the 12 months."
    ),
    reads=("header.csv", "episodes.csv", "sw_episodes.csv"),
)
def social_worker_changes_2plus_pct(data: CareData, d: date) -> pl.LazyFrame:
    return (
        looked_after_at(data.episodes, d)
        .select("child")
        .join(social_worker_changes(data, d), on="child", how="left")
        .with_columns(meets=pl.col("changes").fill_null(0) >= 2)
    )
