"""Voice of the child and practice standards indicators (the catalogue's theme of that name).

Quarterly: ``period_end`` is the reporting date D and the period is the 12 months ending on D.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

import polars as pl

from metrics.catalogue import CHILD_BREAKDOWNS, Owner, Theme, indicator
from metrics.data import CareData
from metrics.indicators.dated import by_dates, join_beside, share_at_dates
from metrics.periods import Period
from metrics.terms import (
    distinct_dates,
    looked_after_units_on,
    numbered_day_key,
    on_each_date,
    with_child_attributes_on,
)
from metrics.tidy import summarise_dates

REVIEW_SOURCE = "DfE SSDA903 / Children looked after in England statistics (reviews and participation)"
PARTICIPATION_CODES = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
VIEWS_CONVEYED_CODES = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
# "the first review is due 28 days after the period of care starts, the second 91 days after the first, each
# later one 183 days after the one before"
FIRST_REVIEW_DAYS, SECOND_REVIEW_DAYS, LATER_REVIEW_DAYS = 28, 91, 183
VISIT_WINDOW_DAYS = 42


def _on_dates(dates: Sequence[date], **columns: Callable[[date], date]) -> pl.LazyFrame:
    """One row per date: ``period_end`` and, for each keyword, the date its function gives at that date."""
    days = distinct_dates(dates)
    return pl.LazyFrame(
        {"period_end": days, **{name: [fn(day) for day in days] for name, fn in columns.items()}},
        schema={"period_end": pl.Date, **dict.fromkeys(columns, pl.Date)},
    )


def _cohort_columns(data: CareData, dates: Sequence[date]) -> pl.DataFrame:
    """The children looked after at each date with only what these indicators read (filtering the whole
    units would copy every column of millions of rows)."""
    return (
        looked_after_units_on(data, dates)
        .select("period_end", "child", "period_of_care_start", *CHILD_BREAKDOWNS)
        .collect()
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
@by_dates
def review_participation_pct(data: CareData, dates: Sequence[date]) -> pl.DataFrame:
    code = pl.col("review_code").str.strip_chars().str.to_uppercase()
    participating = (
        data.reviews.lazy()
        .filter(code.is_in(PARTICIPATION_CODES))
        .select("child", "review", conveyed=code.is_in(VIEWS_CONVEYED_CODES))
        .collect()  # read by every date's branch below
    )
    # Each review counts once: per child, its reviews held in the period and those where views were conveyed
    # (the breakdown groups are the child's, so summing them per child gives the same counts).
    per_child = on_each_date(
        lambda day: (
            participating.lazy()
            .filter(pl.col("review").is_between(Period(day).start, day))
            .group_by("child")
            .agg(reviews=pl.len(), conveyed=pl.col("conveyed").sum())
        ),
        dates,
    )
    return summarise_dates(
        with_child_attributes_on(per_child, data).collect(),
        dates=dates,
        indicator="review_participation_pct",
        unit="percent",
        numerator=pl.col("conveyed").sum(),
        denominator=pl.col("reviews").sum(),
        breakdowns=CHILD_BREAKDOWNS,
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
@by_dates
def reviews_on_time_pct(data: CareData, dates: Sequence[date]) -> pl.DataFrame:
    days = _on_dates(
        dates,
        first_due_by=lambda day: day - timedelta(days=FIRST_REVIEW_DAYS),
        before_period=lambda day: Period(day).start - timedelta(days=1),
    )
    cohort = join_beside(_cohort_columns(data, dates), days, on=["period_end"]).filter(
        pl.col("period_of_care_start") <= pl.col("first_due_by")
    )
    units = join_beside(cohort, _review_lateness(cohort.lazy(), data.reviews), on=["period_end", "child"])
    return share_at_dates(units, ~pl.col("late"), indicator_id="reviews_on_time_pct", dates=dates)


def _review_lateness(cohort: pl.LazyFrame, reviews: pl.DataFrame) -> pl.LazyFrame:
    """Columns ``period_end``, ``child``, ``late``: whether a review of the child's current period of care
    was late in the period ending on ``period_end``.

    A review's number and due date depend only on the reviews before it in the period of care, so each
    review of each period of care is numbered once; at D the child has held the reviews up to the last one on
    or before D (an as-of join), and one was held late in the period when the running count of late reviews
    grew between the day before S and D.
    """
    cohort_rows = cohort.select("period_end", "child", "period_of_care_start", "before_period").collect()
    # Each period of care of the cohort by a number, so that its reviews sort and look up by integer keys.
    periods = (
        cohort_rows.lazy()
        .select("child", "period_of_care_start")
        .unique()
        .with_row_index("_period")
        .with_columns(pl.col("_period").cast(pl.Int64))
        .collect()
    )
    same_period = (pl.col("_period") == pl.col("_period").shift(1)).fill_null(value=False)
    held = (
        reviews.lazy()
        .select("child", "review")
        .join(periods.lazy(), on="child", how="inner")
        .filter(pl.col("review") >= pl.col("period_of_care_start"))
        .select("_period", "period_of_care_start", "review")
        .sort("_period", "review")
        # In that order each period of care is one run of rows: numbers, the review before and running counts
        # come from where the run starts, without grouping (a review held twice on a day counts once).
        .with_columns(_same_period=same_period)
        .filter(~(pl.col("_same_period") & (pl.col("review") == pl.col("review").shift(1))))
        .with_columns(_same_period=same_period, _row=pl.int_range(pl.len()))
        .with_columns(
            number=pl.col("_row") - pl.when(~pl.col("_same_period")).then("_row").forward_fill() + 1,
            _before=pl.when(pl.col("_same_period")).then(pl.col("review").shift(1)),
        )
        .with_columns(
            _late=pl.col("review") > _due_after(pl.col("number"), pl.col("_before"), "period_of_care_start")
        )
        .with_columns(_late_in_all=pl.col("_late").cast(pl.Int64).cum_sum())
        .select(
            _key=numbered_day_key(pl.col("_period"), pl.col("review")),
            _held_period=pl.col("_period"),
            review=pl.col("review"),
            number=pl.col("number"),
            late_so_far=pl.col("_late_in_all")
            - pl.when(~pl.col("_same_period")).then(pl.col("_late_in_all") - pl.col("_late")).forward_fill(),
        )
        .collect()
    )
    numbered = (
        cohort_rows.lazy()
        .with_row_index("_unit")
        .join(periods.lazy(), on=["child", "period_of_care_start"], how="left")
        .select("_unit", "_period", "period_end", "before_period")
    )

    def last_held(on: str) -> pl.DataFrame:
        """For each cohort row (in order), the last review of its period of care held on or before ``on``."""
        same = pl.col("_held_period") == pl.col("_period")
        return (
            numbered.with_columns(_key=numbered_day_key(pl.col("_period"), pl.col(on)))
            .sort("_key")
            .join_asof(held.lazy(), on="_key", strategy="backward")
            .sort("_unit")
            .select(
                review=pl.when(same).then("review"),
                number=pl.when(same).then("number"),
                late_so_far=pl.when(same).then("late_so_far"),
            )
            .collect()
        )

    at_end = pl.concat(
        [cohort_rows.select("period_end", "child", "period_of_care_start"), last_held("period_end")],
        how="horizontal",
    )
    late_before = last_held("before_period").get_column("late_so_far").fill_null(0)
    held_late = pl.col("late_so_far") > late_before
    # The review after the last one held: late when "not held by D when due on or before D".
    next_due = _due_after(pl.col("number").fill_null(0) + 1, pl.col("review"), "period_of_care_start")
    return at_end.lazy().select(
        "period_end", "child", late=held_late.fill_null(value=False) | (next_due <= pl.col("period_end"))
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
@by_dates
def visits_on_time_pct(data: CareData, dates: Sequence[date]) -> pl.DataFrame:
    visits = data.visits.lazy().select("child", "visit_date")
    visited = on_each_date(
        lambda day: (
            visits.filter(pl.col("visit_date").is_between(day - timedelta(days=VISIT_WINDOW_DAYS - 1), day))
            .select("child")
            .unique()
        ),
        dates,
    ).with_columns(visited=pl.lit(value=True))
    window = _on_dates(dates, started_by=lambda day: day - timedelta(days=VISIT_WINDOW_DAYS))
    cohort = join_beside(_cohort_columns(data, dates), window, on=["period_end"]).filter(
        pl.col("period_of_care_start") <= pl.col("started_by")
    )
    cohort = join_beside(cohort, visited, on=["period_end", "child"])
    return share_at_dates(cohort, pl.col("visited"), indicator_id="visits_on_time_pct", dates=dates)
