"""Voice of the child and practice standards indicators (README, "Where the definitions are").

Quarterly: ``period_end`` is the reporting date D and the period is the 12 months ending on D.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from metrics.catalogue import Owner, Theme, indicator
from metrics.data import CareData
from metrics.periods import Period
from metrics.terms import looked_after_at

REVIEW_SOURCE = "DfE SSDA903 / Children looked after in England statistics (reviews and participation)"
PARTICIPATION_CODES = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
VIEWS_CONVEYED_CODES = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
# "the first review is due 28 days after the period of care starts, the second 91 days after the first, each
# later one 183 days after the one before"
FIRST_REVIEW_DAYS, SECOND_REVIEW_DAYS, LATER_REVIEW_DAYS = 28, 91, 183
VISIT_WINDOW_DAYS = 42


def looked_after_since(data: CareData, d: date, days: int) -> pl.LazyFrame:
    """Children looked after at D whose period of care started ``days`` days or more before D."""
    return looked_after_at(data.episodes, d).filter(
        pl.col("period_of_care_start") <= d - timedelta(days=days)
    )


def reviews_with_participation(data: CareData, days: list[date]) -> pl.LazyFrame:
    """`review_participation_pct`'s units at each of ``days`` in one pass (``period_end``): the reviews'
    codes are read once, not once per date (the engine's fast path; tests hold it to the function)."""
    code = pl.col("review_code").str.strip_chars().str.to_uppercase()
    reviews = data.reviews.lazy().filter(code.is_in(PARTICIPATION_CODES)).select("child", "review", code=code)
    return (
        reviews.join(_periods(days), how="cross")
        .filter(pl.col("review").is_between(pl.col("period_start"), pl.col("period_end")))
        .select("child", "period_end", meets=pl.col("code").is_in(VIEWS_CONVEYED_CODES))
    )


def _periods(days: list[date]) -> pl.LazyFrame:
    """``period_end`` D and ``period_start`` S of the 12 months ending on each of ``days``."""
    return pl.LazyFrame(
        {"period_end": days, "period_start": [Period(day).start for day in days]},
        schema={"period_end": pl.Date, "period_start": pl.Date},
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
    kind="share",
    sentence="In {value} of children's care reviews {period}, the child's views were heard.",
    counts_of="reviews",
    many_dates=reviews_with_participation,
    plain_definition=(
        "Of the care reviews held during the 12 months, the share in which the child's views were heard."
    ),
    reads=("header.csv", "episodes.csv", "reviews.csv"),
    counted="reviews",
)
def review_participation_pct(data: CareData, d: date) -> pl.LazyFrame:
    period = Period(d)
    code = pl.col("review_code").str.strip_chars().str.to_uppercase()
    # Each review counts once; its groups are the child's at D.
    return (
        data.reviews.lazy()
        .filter(code.is_in(PARTICIPATION_CODES) & pl.col("review").is_between(period.start, period.end))
        .select("child", meets=code.is_in(VIEWS_CONVEYED_CODES))
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
    kind="share",
    sentence="{value} of children in care had all their care reviews on time {period}.",
    counts_of="children",
    plain_definition=(
        "Of the children in care, the share whose care reviews during the 12 months were all on time."
    ),
    reads=("header.csv", "episodes.csv", "reviews.csv"),
)
def reviews_on_time_pct(data: CareData, d: date) -> pl.LazyFrame:
    cohort = looked_after_since(data, d, FIRST_REVIEW_DAYS).select("child", "period_of_care_start")
    late = review_lateness(data, d, cohort)
    return cohort.join(late, on="child", how="left").with_columns(meets=~pl.col("late"))


def review_lateness(data: CareData, d: date, cohort: pl.LazyFrame) -> pl.LazyFrame:
    """Columns ``child``, ``late``: whether a review of the child's current period of care was late in the
    period ending on D.

    The reviews counted are those held from the start of the current period of care up to D (a review held
    twice on one day counts once), numbered in order; each has its due date from the one before. One was late
    when it was held after its due date, in the period; or the next review is due on or before D and was not
    held by D.
    """
    period = Period(d)
    held = (
        data.reviews.lazy()
        .select("child", "review")
        .join(cohort, on="child", how="inner")
        .filter(pl.col("review").is_between(pl.col("period_of_care_start"), d))
        .unique(["child", "review"])
        .sort("child", "review")
        .with_columns(
            number=pl.col("review").cum_count().over("child"),
            before=pl.col("review").shift(1).over("child"),
        )
        .with_columns(due=_due(pl.col("number"), pl.col("before")))
        .group_by("child")
        .agg(
            held_late=((pl.col("review") > pl.col("due")) & (pl.col("review") >= period.start)).any(),
            held=pl.len(),
            last=pl.col("review").last(),
        )
    )
    next_due = _due(pl.col("held").fill_null(0) + 1, pl.col("last"))
    return cohort.join(held, on="child", how="left").select(
        "child", late=pl.col("held_late").fill_null(value=False) | (next_due <= d)
    )


def _due(number: pl.Expr, previous_review: pl.Expr) -> pl.Expr:
    """Due date of review ``number`` from the start of the period of care and the review before it."""
    return (
        pl.when(number == 1)
        .then(pl.col("period_of_care_start") + timedelta(days=FIRST_REVIEW_DAYS))
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
    kind="share",
    sentence="{value} of children in care were visited by their social worker in the 6 weeks up to {date}.",
    counts_of="children",
    plain_definition=(
        "Of the children in care on the last day, the share visited by their social worker in the 6 weeks "
        "before."
    ),
    reads=("header.csv", "episodes.csv", "visits.csv"),
    period="point_in_time",
)
def visits_on_time_pct(data: CareData, d: date) -> pl.LazyFrame:
    window_start = d - timedelta(days=VISIT_WINDOW_DAYS - 1)
    visited = (
        data.visits.lazy()
        .filter(pl.col("visit_date").is_between(window_start, d))
        .select("child")
        .unique()
        .with_columns(meets=pl.lit(value=True))
    )
    return looked_after_since(data, d, VISIT_WINDOW_DAYS).join(visited, on="child", how="left")
