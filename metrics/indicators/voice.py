"""Voice of the child and practice standards indicators (shared/indicators.md, same heading).

Quarterly: ``period_end`` is the reporting date D and the period is the 12 months ending on D.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from metrics.catalogue import CHILD_BREAKDOWNS, Owner, Theme, indicator
from metrics.data import CareData
from metrics.periods import Period
from metrics.terms import looked_after_at, with_child_attributes
from metrics.tidy import summarise

REVIEW_SOURCE = "DfE SSDA903 / Children looked after in England statistics (reviews and participation)"
PARTICIPATION_CODES = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
VIEWS_CONVEYED_CODES = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
# "the first review is due 28 days after the period of care starts, the second 91 days after the first, each
# later one 183 days after the one before"
FIRST_REVIEW_DAYS, SECOND_REVIEW_DAYS, LATER_REVIEW_DAYS = 28, 91, 183
VISIT_WINDOW_DAYS = 42


def _share(units: pl.LazyFrame, meets: pl.Expr, *, indicator_id: str, period_end: date) -> pl.DataFrame:
    return summarise(
        units.collect(),  # summarise reads its units once per breakdown: collect them once
        indicator=indicator_id,
        period_end=period_end,
        unit="percent",
        numerator=meets.fill_null(value=False).sum(),
        denominator=pl.len(),
        breakdowns=CHILD_BREAKDOWNS,
    )


@indicator(
    id="review_participation_pct",
    title="Reviews where the child's views were conveyed",
    theme=Theme.VOICE,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of looked-after reviews held in the period with a participation code PN1-PN7 (PN0, a child under 4, "
        "is excluded), the percentage with PN1-PN6: the child's views were conveyed, in person, through an "
        "advocate, non-verbally or by a facilitative medium. Each review counts once; breakdowns use the "
        "child's details at the reporting date D. The period is the 12 months ending on D."
    ),
    unit="percent",
    polarity="higher",
    frequency="quarterly",
    source=f"{REVIEW_SOURCE}: participation of children in their reviews",
)
def review_participation_pct(data: CareData, period_end: date) -> pl.DataFrame:
    period = Period(period_end)
    code = pl.col("review_code").str.strip_chars().str.to_uppercase()
    reviews = (
        data.reviews.lazy()
        .filter(pl.col("review").is_between(period.start, period.end) & code.is_in(PARTICIPATION_CODES))
        .select("child", code.alias("review_code"))
    )
    return _share(
        with_child_attributes(reviews, data, period_end),
        pl.col("review_code").is_in(VIEWS_CONVEYED_CODES),
        indicator_id="review_participation_pct",
        period_end=period_end,
    )


@indicator(
    id="reviews_on_time_pct",
    title="Children in care whose reviews were all on time",
    theme=Theme.VOICE,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of children looked after at the reporting date D whose period of care started 28 days or more "
        "before D, the percentage with no review late in the period. The first review is due 28 days "
        "after the period of care starts, the second 91 days after the first, each later one 183 days after "
        "the one before (calendar days). A review is late if it was held after its due date (and held in the "
        "period), or not held by D when due on or before D; a review held on its due date is on time. Only "
        "reviews held in the current period of care, up to D, count. The period is the 12 months ending on D."
    ),
    unit="percent",
    polarity="higher",
    frequency="quarterly",
    source=f"{REVIEW_SOURCE}: reviews on time (formerly NI 66)",
)
def reviews_on_time_pct(data: CareData, period_end: date) -> pl.DataFrame:
    period = Period(period_end)
    cohort = looked_after_at(data.episodes, period_end).filter(
        pl.col("period_of_care_start") <= period_end - timedelta(days=FIRST_REVIEW_DAYS)
    )
    lateness = _review_lateness(cohort.select("child", "period_of_care_start"), data.reviews, period)
    units = with_child_attributes(
        cohort.select("child").join(lateness, on="child", how="left"), data, period_end
    )
    return _share(units, ~pl.col("late"), indicator_id="reviews_on_time_pct", period_end=period_end)


def _review_lateness(cohort: pl.LazyFrame, reviews: pl.DataFrame, period: Period) -> pl.LazyFrame:
    """Columns ``child``, ``late``: whether a review of the current period of care was late in the period."""
    held = (
        reviews.lazy()
        .select("child", "review")
        .join(cohort, on="child", how="inner")
        .filter(pl.col("review").is_between(pl.col("period_of_care_start"), period.end))
        .unique(["child", "review"])
        .sort("child", "review")
        .with_columns(number=pl.int_range(1, pl.len() + 1).over("child"))
        .with_columns(
            due=_due_after(pl.col("number"), pl.col("review").shift(1).over("child"), "period_of_care_start")
        )
    )
    held_late = (pl.col("review") > pl.col("due")) & pl.col("review").is_between(period.start, period.end)
    per_child = held.group_by("child").agg(
        held_late.any().alias("held_late"),
        pl.len().alias("held"),
        pl.col("review").max().alias("last_review"),
    )
    # The review after the last one held: late when "not held by D when due on or before D".
    next_due = _due_after(pl.col("held").fill_null(0) + 1, pl.col("last_review"), "period_of_care_start")
    return (
        cohort.join(per_child, on="child", how="left")
        .with_columns(late=pl.col("held_late").fill_null(value=False) | (next_due <= period.end))
        .select("child", "late")
    )


def _due_after(number: pl.Expr, previous_review: pl.Expr, start_column: str) -> pl.Expr:
    """Due date of review ``number`` from the start of the period of care and the review before it."""
    return (
        pl.when(number == 1)
        .then(pl.col(start_column) + timedelta(days=FIRST_REVIEW_DAYS))
        .when(number == 2)
        .then(previous_review + timedelta(days=SECOND_REVIEW_DAYS))
        .otherwise(previous_review + timedelta(days=LATER_REVIEW_DAYS))
    )


@indicator(
    id="visits_on_time_pct",
    title="Children in care visited by their social worker in the last 6 weeks",
    theme=Theme.VOICE,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Of children looked after at the reporting date D whose period of care started 42 days or more "
        "before D, the percentage with a statutory visit by their social worker (visits.csv) in the 42 days "
        "up to and including D (from D minus 41 days to D)."
    ),
    unit="percent",
    polarity="higher",
    frequency="quarterly",
    source=(
        "Local practice standard: statutory visits at least every 6 weeks, as the Care Planning, Placement "
        "and Case Review (England) Regulations 2010 require"
    ),
)
def visits_on_time_pct(data: CareData, period_end: date) -> pl.DataFrame:
    window_start = period_end - timedelta(days=VISIT_WINDOW_DAYS - 1)
    visited = (
        data.visits.lazy()
        .filter(pl.col("visit_date").is_between(window_start, period_end))
        .select("child")
        .unique()
        .with_columns(visited=pl.lit(value=True))
    )
    cohort = (
        looked_after_at(data.episodes, period_end)
        .filter(pl.col("period_of_care_start") <= period_end - timedelta(days=VISIT_WINDOW_DAYS))
        .select("child")
        .join(visited, on="child", how="left")
    )
    return _share(
        with_child_attributes(cohort, data, period_end),
        pl.col("visited"),
        indicator_id="visits_on_time_pct",
        period_end=period_end,
    )
