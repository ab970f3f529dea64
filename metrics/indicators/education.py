"""Education indicators (the catalogue's "Education" theme), from education.csv.

"Cohort: children looked after continuously for 12 months at 31 March of YEAR, joined to education.csv on
CHILD and YEAR. Pupils without an education row are left out of the denominator and counted in a
data-quality note" (`education_rows_missing`). Annual: ``period_end`` is 31 March of YEAR; breakdowns are the
child's groups at that date.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import CHILD_BREAKDOWNS, Owner, Theme, indicator
from metrics.data import CareData
from metrics.terms import kept, outcomes_cohort, with_child_attributes
from metrics.tidy import summarise

OUTCOMES_SOURCE = (
    "DfE, Outcomes for children in need, including children looked after by local authorities in England"
)
COHORT_WORDS = (
    "Cohort: children looked after continuously for 12 months at 31 March of the year, joined to "
    "education.csv on child and year; pupils without an education row are left out and counted in the "
    "data-quality note."
)
# DfE: a persistent absentee misses 10% or more of their possible sessions.
PERSISTENT_ABSENCE_SHARE = 0.10


def _year_end(year: int) -> date:
    return date(year, 3, 31)


def pupils(data: CareData, year: int) -> pl.LazyFrame:
    """One row per child of the outcomes cohort of ``year`` with an education.csv row for that YEAR.

    Carries the education.csv columns and the child's breakdown groups at 31 March of ``year``.
    """

    def compute() -> pl.LazyFrame:
        education = data.education.lazy().filter(pl.col("year") == year).drop("year")
        cohort_pupils = outcomes_cohort(data, year).join(education, on="child", how="inner")
        return with_child_attributes(cohort_pupils, data, _year_end(year))

    # Every education indicator of the year reads the same pupils.
    return kept(compute, (data.education, data.episodes, data.header), ("pupils", year))


def education_rows_missing(data: CareData, year: int) -> pl.DataFrame:
    """Column ``child``: children of the outcomes cohort of ``year`` with no education.csv row for that YEAR.

    They are left out of every education denominator; the analyst's data-quality note counts them. Child ids
    are identifying: this frame is for the analyst role only.
    """
    education = data.education.lazy().filter(pl.col("year") == year).select("child")
    return outcomes_cohort(data, year).join(education, on="child", how="anti").sort("child").collect()


def _pupil_measure(
    data: CareData,
    period_end: date,
    *,
    indicator_id: str,
    unit: str,
    numerator: pl.Expr,
    denominator: pl.Expr,
) -> pl.DataFrame:
    return summarise(
        pupils(data, period_end.year),
        indicator=indicator_id,
        period_end=period_end,
        unit=unit,
        numerator=numerator,
        denominator=denominator,
        breakdowns=CHILD_BREAKDOWNS,
    )


def _share_of_pupils(data: CareData, period_end: date, indicator_id: str, meets: pl.Expr) -> pl.DataFrame:
    """Share of all pupils of the cohort for whom ``meets`` holds; an empty cell does not meet it."""
    return _pupil_measure(
        data,
        period_end,
        indicator_id=indicator_id,
        unit="percent",
        numerator=meets.fill_null(value=False).sum(),
        denominator=pl.len(),
    )


def _sessions_recorded() -> pl.Expr:
    # A pupil with no possible sessions (or none recorded) has no absence to measure: like the official
    # absence statistics, only enrolments with sessions possible count.
    return pl.col("sessions_missed").is_not_null() & (pl.col("sessions_possible") > 0).fill_null(value=False)


@indicator(
    id="absence_rate",
    title="School absence rate",
    theme=Theme.EDUCATION,
    owner=Owner.EDUCATION,
    definition=(
        "The percentage of possible school sessions missed. Numerator: the sum of sessions missed. "
        "Denominator: the sum of sessions possible, over the cohort's pupils with sessions recorded, for the "
        "academic year ending in the year. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="lower",
    frequency="annual",
    source=OUTCOMES_SOURCE + ": overall absence rate (sessions missed / sessions possible).",
)
def absence_rate(data: CareData, period_end: date) -> pl.DataFrame:
    recorded = _sessions_recorded()
    return _pupil_measure(
        data,
        period_end,
        indicator_id="absence_rate",
        unit="percent",
        numerator=pl.col("sessions_missed").filter(recorded).sum(),
        denominator=pl.col("sessions_possible").filter(recorded).sum(),
    )


@indicator(
    id="persistent_absence_pct",
    title="Pupils persistently absent",
    theme=Theme.EDUCATION,
    owner=Owner.EDUCATION,
    definition=(
        "The share of pupils who missed 10% or more of their possible sessions. Numerator: pupils with "
        "sessions missed at least 10% of sessions possible. Denominator: the cohort's pupils with sessions "
        "recorded (sessions possible above 0). " + COHORT_WORDS
    ),
    unit="percent",
    polarity="lower",
    frequency="annual",
    source=OUTCOMES_SOURCE + ": persistent absentees (10% or more of possible sessions missed).",
)
def persistent_absence_pct(data: CareData, period_end: date) -> pl.DataFrame:
    recorded = _sessions_recorded()
    persistent = pl.col("sessions_missed") >= PERSISTENT_ABSENCE_SHARE * pl.col("sessions_possible")
    return _pupil_measure(
        data,
        period_end,
        indicator_id="persistent_absence_pct",
        unit="percent",
        numerator=(recorded & persistent).fill_null(value=False).sum(),
        denominator=recorded.sum(),
    )


@indicator(
    id="suspension_pct",
    title="Pupils with a suspension",
    theme=Theme.EDUCATION,
    owner=Owner.EDUCATION,
    definition=(
        "The share of pupils suspended at least once. Numerator: pupils with one or more suspensions. "
        "Denominator: all the cohort's pupils. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="lower",
    frequency="annual",
    source=OUTCOMES_SOURCE + ": pupils with at least one suspension.",
)
def suspension_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _share_of_pupils(data, period_end, "suspension_pct", pl.col("suspensions") >= 1)


@indicator(
    id="permanent_exclusion_count",
    title="Pupils permanently excluded",
    theme=Theme.EDUCATION,
    owner=Owner.EDUCATION,
    definition=(
        "The number of pupils permanently excluded in the academic year ending in the year. Count: pupils "
        "with a permanent exclusion recorded; the denominator shown is the number of the cohort's pupils, "
        "and there is no value when there are none. " + COHORT_WORDS
    ),
    unit="count",
    polarity="lower",
    frequency="annual",
    source=OUTCOMES_SOURCE + ": permanent exclusions.",
)
def permanent_exclusion_count(data: CareData, period_end: date) -> pl.DataFrame:
    counted = _pupil_measure(
        data,
        period_end,
        indicator_id="permanent_exclusion_count",
        unit="count",
        numerator=pl.col("permanent_exclusion").fill_null(value=False).sum(),
        denominator=pl.len(),
    )
    # "A denominator of 0 gives no value (null), never 0": a year with no pupils in the cohort has no count
    # to report, rather than a reassuring zero exclusions.
    return counted.with_columns(value=pl.when(pl.col("denominator") > 0).then(pl.col("value")))


@indicator(
    id="ks2_expected_pct",
    title="Pupils reaching the expected standard at key stage 2",
    theme=Theme.EDUCATION,
    owner=Owner.EDUCATION,
    definition=(
        "Of pupils with a key stage 2 result recorded (the end of primary school), the share reaching the "
        "expected standard. Numerator: pupils with KS2_EXPECTED = 1. Denominator: pupils with KS2_EXPECTED "
        "recorded. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=OUTCOMES_SOURCE + ": reaching the expected standard in reading, writing and maths at key stage 2.",
)
def ks2_expected_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _pupil_measure(
        data,
        period_end,
        indicator_id="ks2_expected_pct",
        unit="percent",
        numerator=pl.col("ks2_expected").sum(),
        denominator=pl.col("ks2_expected").count(),
    )


@indicator(
    id="attainment8_avg",
    title="Average Attainment 8 score",
    theme=Theme.EDUCATION,
    owner=Owner.EDUCATION,
    definition=(
        "The mean Attainment 8 score at key stage 4 (the end of compulsory school). Numerator: the sum of "
        "KS4_ATTAINMENT8. Denominator: pupils with KS4_ATTAINMENT8 recorded. " + COHORT_WORDS
    ),
    unit="score",
    polarity="higher",
    frequency="annual",
    source=OUTCOMES_SOURCE + ": average Attainment 8 score.",
)
def attainment8_avg(data: CareData, period_end: date) -> pl.DataFrame:
    return _pupil_measure(
        data,
        period_end,
        indicator_id="attainment8_avg",
        unit="score",
        # Added up one by one, smallest first: a float total depends on the order it is added up in, and
        # polars' sum splits its work differently from run to run (the last digit would change).
        numerator=pl.col("ks4_attainment8").sort().cum_sum().last().fill_null(0),
        denominator=pl.col("ks4_attainment8").count(),
    )


@indicator(
    id="school_moves_pct",
    title="Pupils who moved school mid-year",
    theme=Theme.EDUCATION,
    owner=Owner.EDUCATION,
    definition=(
        "The share of pupils with at least one mid-year change of school. Numerator: pupils with one or more "
        "school moves. Denominator: all the cohort's pupils. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="lower",
    frequency="annual",
    source=(
        "Local measure from education.csv (DfE reports mid-year school moves in its stability statistics)."
    ),
)
def school_moves_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _share_of_pupils(data, period_end, "school_moves_pct", pl.col("school_moves") >= 1)


@indicator(
    id="sen_plan_pct",
    title="Pupils with an education, health and care plan",
    theme=Theme.EDUCATION,
    owner=Owner.EDUCATION,
    definition=(
        "The share of pupils with a special educational needs plan. Numerator: pupils with SEN = E (plan). "
        "Denominator: all the cohort's pupils. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="context",
    frequency="annual",
    source=OUTCOMES_SOURCE + ": special educational needs, education, health and care plan.",
)
def sen_plan_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _share_of_pupils(data, period_end, "sen_plan_pct", pl.col("sen") == "E")
