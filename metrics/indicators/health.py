"""Health and wellbeing indicators (the catalogue's theme of that name), from oc2.csv.

"Cohort: oc2.csv rows of YEAR (children looked after continuously for 12 months at 31 March)." Annual:
``period_end`` is 31 March of YEAR; ages and breakdown groups are taken at that date.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import CHILD_BREAKDOWNS, Owner, Theme, indicator
from metrics.data import CareData
from metrics.terms import age_at, kept, with_child_attributes
from metrics.tidy import summarise

OC2_SOURCE = "DfE, Children looked after in England including adoptions: outcomes (SSDA903 OC2 return)"
COHORT_WORDS = (
    "Cohort: the oc2.csv rows of the year, the children looked after continuously for 12 months at 31 March."
)
# DfE: an SDQ total difficulties score of 17 or more is "a cause for concern".
SDQ_CONCERN_SCORE = 17
SDQ_AGES = (4, 16)
DEVELOPMENT_CHECK_UNDER_AGE = 5


def outcomes_children(data: CareData, year: int) -> pl.LazyFrame:
    """The oc2.csv rows of ``year``, each with ``age`` and the child's breakdown groups at 31 March.

    The age comes from the row's own DOB (the return states it for this cohort), or from header.csv when the
    row has none. A child missing from header.csv keeps its row with breakdown groups "Not recorded".
    """
    year_end = date(year, 3, 31)

    def compute() -> pl.LazyFrame:
        rows = data.oc2.lazy().filter(pl.col("year") == year)
        return (
            with_child_attributes(rows, data, year_end)
            .rename({"age": "header_age"})
            .with_columns(age=pl.coalesce(age_at(pl.col("dob"), year_end), pl.col("header_age")))
        )

    # Every health indicator of the year reads the same rows.
    return kept(compute, (data.oc2, data.header, data.episodes), ("outcomes_children", year))


def _share(data: CareData, period_end: date, indicator_id: str, meets: pl.Expr) -> pl.DataFrame:
    """Share of the year's oc2 rows for whom ``meets`` holds; an empty cell is not a 1."""
    return summarise(
        outcomes_children(data, period_end.year),
        indicator=indicator_id,
        period_end=period_end,
        unit="percent",
        numerator=meets.fill_null(value=False).sum(),
        denominator=pl.len(),
        breakdowns=CHILD_BREAKDOWNS,
    )


def _scored_sdq(data: CareData, year: int) -> pl.LazyFrame:
    """oc2 rows of ``year`` aged 4 to 16 (both included) at 31 March with an SDQ score."""
    youngest, oldest = SDQ_AGES
    return outcomes_children(data, year).filter(
        pl.col("age").is_between(youngest, oldest) & pl.col("sdq_score").is_not_null()
    )


@indicator(
    id="health_assessment_pct",
    title="Annual health assessment",
    theme=Theme.HEALTH,
    owner=Owner.HEALTH,
    definition=(
        "The share of children whose annual health assessment was up to date. Numerator: children with "
        "HEALTH_ASSESSMENT = 1. Denominator: all children of the cohort. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=OC2_SOURCE + ": health assessments up to date.",
)
def health_assessment_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _share(data, period_end, "health_assessment_pct", pl.col("health_assessment"))


@indicator(
    id="dental_check_pct",
    title="Dental check",
    theme=Theme.HEALTH,
    owner=Owner.HEALTH,
    definition=(
        "The share of children whose teeth were checked by a dentist. Numerator: children with TEETH_CHECK = "
        "1. Denominator: all children of the cohort. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=OC2_SOURCE + ": teeth checked by a dentist.",
)
def dental_check_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _share(data, period_end, "dental_check_pct", pl.col("teeth_check"))


@indicator(
    id="immunisations_pct",
    title="Immunisations up to date",
    theme=Theme.HEALTH,
    owner=Owner.HEALTH,
    definition=(
        "The share of children whose immunisations were up to date. Numerator: children with IMMUNISATIONS "
        "= 1. Denominator: all children of the cohort. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=OC2_SOURCE + ": immunisations up to date.",
)
def immunisations_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _share(data, period_end, "immunisations_pct", pl.col("immunisations"))


@indicator(
    id="development_check_pct",
    title="Development checks for children under 5",
    theme=Theme.HEALTH,
    owner=Owner.HEALTH,
    definition=(
        "Of children aged under 5 at 31 March, the share whose development assessments were up to date. "
        "Numerator: those with HEALTH_CHECK = 1. Denominator: children of the cohort aged under 5 at 31 "
        "March (a child who is 5 that day is not under 5). " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=OC2_SOURCE + ": development assessments up to date (children under 5).",
)
def development_check_pct(data: CareData, period_end: date) -> pl.DataFrame:
    under_five = outcomes_children(data, period_end.year).filter(pl.col("age") < DEVELOPMENT_CHECK_UNDER_AGE)
    return summarise(
        under_five,
        indicator="development_check_pct",
        period_end=period_end,
        unit="percent",
        numerator=pl.col("health_check").fill_null(value=False).sum(),
        denominator=pl.len(),
        breakdowns=CHILD_BREAKDOWNS,
    )


@indicator(
    id="sdq_avg",
    title="Average strengths and difficulties score",
    theme=Theme.HEALTH,
    owner=Owner.HEALTH,
    definition=(
        "The mean strengths and difficulties questionnaire (SDQ) total score, 0 to 40, where lower is "
        "better. Numerator: the sum of SDQ_SCORE. Denominator: children of the cohort aged 4 to 16 at "
        "31 March (both included) with a score. " + COHORT_WORDS
    ),
    unit="score",
    polarity="lower",
    frequency="annual",
    source=OC2_SOURCE + ": average SDQ score (children aged 4 to 16).",
)
def sdq_avg(data: CareData, period_end: date) -> pl.DataFrame:
    return summarise(
        _scored_sdq(data, period_end.year),
        indicator="sdq_avg",
        period_end=period_end,
        unit="score",
        numerator=pl.col("sdq_score").sum(),
        denominator=pl.len(),
        breakdowns=CHILD_BREAKDOWNS,
    )


@indicator(
    id="sdq_concern_pct",
    title="Strengths and difficulties score a cause for concern",
    theme=Theme.HEALTH,
    owner=Owner.HEALTH,
    definition=(
        "Of children aged 4 to 16 at 31 March (both included) with an SDQ score, the share scoring 17 or "
        "more. Numerator: those with SDQ_SCORE of 17 or more. Denominator: children of the cohort aged 4 to "
        "16 with a score. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="lower",
    frequency="annual",
    source=OC2_SOURCE + ": SDQ score a cause for concern (17 or more).",
)
def sdq_concern_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return summarise(
        _scored_sdq(data, period_end.year),
        indicator="sdq_concern_pct",
        period_end=period_end,
        unit="percent",
        numerator=(pl.col("sdq_score") >= SDQ_CONCERN_SCORE).sum(),
        denominator=pl.len(),
        breakdowns=CHILD_BREAKDOWNS,
    )


@indicator(
    id="substance_misuse_pct",
    title="Identified as having a substance misuse problem",
    theme=Theme.HEALTH,
    owner=Owner.HEALTH,
    definition=(
        "The share of children identified as having a substance misuse problem during the year. Numerator: "
        "children with SUBSTANCE_MISUSE = 1. Denominator: all children of the cohort. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="lower",
    frequency="annual",
    source=OC2_SOURCE + ": identified as having a substance misuse problem.",
)
def substance_misuse_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _share(data, period_end, "substance_misuse_pct", pl.col("substance_misuse"))
