"""Education indicators (README, "Where the definitions are"), from education.csv.

"Cohort: children looked after continuously for 12 months at 31 March of YEAR, joined to education.csv on
CHILD and YEAR. Pupils without an education row are left out of the denominator and counted in a
data-quality note" (`education_rows_missing`). Annual: ``period_end`` is 31 March of YEAR; breakdowns are the
child's groups at that date.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import Owner, Theme, indicator
from metrics.data import CareData
from metrics.terms import outcomes_cohort

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


def pupils(data: CareData, d: date) -> pl.LazyFrame:
    """One row per child of the outcomes cohort of the year ending on D (31 March) with an education.csv row
    for that YEAR, carrying the education.csv columns."""
    education = data.education.lazy().filter(pl.col("year") == d.year).drop("year")
    return outcomes_cohort(data, d.year).join(education, on="child", how="inner")


def education_rows_missing(data: CareData, year: int) -> pl.DataFrame:
    """Column ``child``: children of the outcomes cohort of ``year`` with no education.csv row for that YEAR.

    They are left out of every education denominator; the analyst's data-quality note counts them. Child ids
    are identifying: this frame is for the analyst role only.
    """
    education = data.education.lazy().filter(pl.col("year") == year).select("child")
    return outcomes_cohort(data, year).join(education, on="child", how="anti").sort("child").collect()


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
    kind="ratio",
    sentence="Children in care missed {value} of their school sessions {period}.",
    # Its counts are school sessions: the children behind each cell are the pupils with sessions recorded.
    children_counted_by="persistent_absence_pct",
    plain_definition=(
        "The share of school sessions (half days) that children in care missed during the school year."
    ),
    reads=("header.csv", "episodes.csv", "education.csv"),
    counted="sessions",
)
def absence_rate(data: CareData, d: date) -> pl.LazyFrame:
    recorded = _sessions_recorded()
    return pupils(data, d).with_columns(
        numerator=pl.when(recorded).then("sessions_missed").otherwise(0),
        denominator=pl.when(recorded).then("sessions_possible").otherwise(0),
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
    kind="ratio",
    sentence="{value} of children in care missed at least 1 in every 10 school sessions {period}.",
    counts_of="pupils",
    plain_definition=(
        "The share of children in care who missed at least 1 in every 10 school sessions during the school "
        "year."
    ),
    reads=("header.csv", "episodes.csv", "education.csv"),
    counted="pupils",
)
def persistent_absence_pct(data: CareData, d: date) -> pl.LazyFrame:
    recorded = _sessions_recorded()
    persistent = pl.col("sessions_missed") >= PERSISTENT_ABSENCE_SHARE * pl.col("sessions_possible")
    return pupils(data, d).with_columns(numerator=recorded & persistent, denominator=recorded)


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
    kind="share",
    sentence="{value} of children in care were suspended from school at least once {period}.",
    counts_of="pupils",
    plain_definition=(
        "The share of children in care who were suspended from school at least once during the school year."
    ),
    reads=("header.csv", "episodes.csv", "education.csv"),
    counted="pupils",
)
def suspension_pct(data: CareData, d: date) -> pl.LazyFrame:
    return pupils(data, d).with_columns(meets=pl.col("suspensions") >= 1)


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
    kind="share",
    sentence="{value} children in care were permanently excluded from school {period}.",
    plain_definition=(
        "How many children in care were permanently excluded from school during the school year."
    ),
    reads=("header.csv", "episodes.csv", "education.csv"),
    counted="pupils",
)
def permanent_exclusion_count(data: CareData, d: date) -> pl.LazyFrame:
    # A count out of the pupils: "a denominator of 0 gives no value (null), never 0", so a year with no
    # pupils in the cohort has no count to report, rather than a reassuring zero exclusions.
    return pupils(data, d).with_columns(meets=pl.col("permanent_exclusion"))


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
    kind="ratio",
    sentence="{value} of children in care finishing primary school {period} reached the expected standard.",
    counts_of="pupils",
    plain_definition=(
        "Of the children in care finishing primary school with a result, the share who reached the "
        "expected standard."
    ),
    reads=("header.csv", "episodes.csv", "education.csv"),
    counted="pupils",
)
def ks2_expected_pct(data: CareData, d: date) -> pl.LazyFrame:
    return pupils(data, d).with_columns(
        numerator=pl.col("ks2_expected").fill_null(value=False),
        denominator=pl.col("ks2_expected").is_not_null(),
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
    kind="ratio",
    sentence=(
        "Children in care finishing secondary school {period} had an average Attainment 8 score of "
        "{value} (a score out of 90 across 8 subjects)."
    ),
    score_range=90.0,  # Attainment 8 runs from 0 to 90 (docs/returns.md, education.csv)
    plain_definition=(
        "For children in care finishing secondary school, their average Attainment 8 score: their results "
        "in 8 subjects added up, out of 90."
    ),
    reads=("header.csv", "episodes.csv", "education.csv"),
    counted="pupils",
)
def attainment8_avg(data: CareData, d: date) -> pl.LazyFrame:
    return pupils(data, d).with_columns(
        numerator=pl.col("ks4_attainment8"), denominator=pl.col("ks4_attainment8").is_not_null()
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
    kind="share",
    sentence="{value} of children in care changed school in the middle of the school year {period}.",
    counts_of="pupils",
    plain_definition="The share of children in care who changed school in the middle of the school year.",
    reads=("header.csv", "episodes.csv", "education.csv"),
    counted="pupils",
)
def school_moves_pct(data: CareData, d: date) -> pl.LazyFrame:
    return pupils(data, d).with_columns(meets=pl.col("school_moves") >= 1)


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
    kind="share",
    sentence="{value} of children in care had a plan for special educational needs {period}.",
    counts_of="pupils",
    plain_definition=(
        "The share of children in care who had a plan for their special educational needs (an education, "
        "health and care plan)."
    ),
    reads=("header.csv", "episodes.csv", "education.csv"),
    counted="pupils",
)
def sen_plan_pct(data: CareData, d: date) -> pl.LazyFrame:
    return pupils(data, d).with_columns(meets=pl.col("sen") == "E")
