"""Health and wellbeing indicators (README, "Where the definitions are"), from oc2.csv.

"Cohort: oc2.csv rows of YEAR (children looked after continuously for 12 months at 31 March)." Annual:
``period_end`` is 31 March of YEAR; ages and breakdown groups are taken at that date.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import Owner, Theme, indicator
from metrics.data import CareData
from metrics.terms import age_at

OC2_SOURCE = "DfE, Children looked after in England including adoptions: outcomes (SSDA903 OC2 return)"
COHORT_WORDS = (
    "Cohort: the oc2.csv rows of the year, the children looked after continuously for 12 months at 31 March."
)
# DfE: an SDQ total difficulties score of 17 or more is "a cause for concern".
SDQ_CONCERN_SCORE = 17
SDQ_AGES = (4, 16)
DEVELOPMENT_CHECK_UNDER_AGE = 5


def outcomes_children(data: CareData, d: date) -> pl.LazyFrame:
    """The oc2.csv rows of the year ending on D (31 March), each with ``age`` at D.

    The age comes from the row's own DOB (the return states it for this cohort), or from header.csv when the
    row has none.
    """
    header_dob = data.header.lazy().select("child", header_dob="dob")
    return (
        data.oc2.lazy()
        .filter(pl.col("year") == d.year)
        .join(header_dob, on="child", how="left")
        .with_columns(age=age_at(pl.coalesce("dob", "header_dob"), d))
        .drop("header_dob")
    )


def scored_sdq(data: CareData, d: date) -> pl.LazyFrame:
    """oc2 rows of the year aged 4 to 16 (both included) at D with an SDQ score."""
    youngest, oldest = SDQ_AGES
    return outcomes_children(data, d).filter(
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
    kind="share",
    sentence=("{value} of children who had been in care for a year had their yearly health check {period}."),
    counts_of="children",
    plain_definition=(
        "Of the children in care for at least a year, the share who had their yearly health check."
    ),
    reads=("header.csv", "episodes.csv", "oc2.csv"),
)
def health_assessment_pct(data: CareData, d: date) -> pl.LazyFrame:
    return outcomes_children(data, d).with_columns(meets=pl.col("health_assessment"))


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
    kind="share",
    sentence=("{value} of children who had been in care for a year had a dental check {period}."),
    counts_of="children",
    plain_definition="Of the children in care for at least a year, the share who had a dental check.",
    reads=("header.csv", "episodes.csv", "oc2.csv"),
)
def dental_check_pct(data: CareData, d: date) -> pl.LazyFrame:
    return outcomes_children(data, d).with_columns(meets=pl.col("teeth_check"))


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
    kind="share",
    sentence=(
        "{value} of children who had been in care for a year were up to date with their vaccinations "
        "{period}."
    ),
    counts_of="children",
    plain_definition=(
        "Of the children in care for at least a year, the share who were up to date with their vaccinations."
    ),
    reads=("header.csv", "episodes.csv", "oc2.csv"),
)
def immunisations_pct(data: CareData, d: date) -> pl.LazyFrame:
    return outcomes_children(data, d).with_columns(meets=pl.col("immunisations"))


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
    kind="share",
    sentence=(
        "{value} of children under 5 who had been in care for a year had their development check {period}."
    ),
    counts_of="children",
    plain_definition=(
        "Of the children under 5 in care for at least a year, the share who had their development check."
    ),
    reads=("header.csv", "episodes.csv", "oc2.csv"),
)
def development_check_pct(data: CareData, d: date) -> pl.LazyFrame:
    under_five = outcomes_children(data, d).filter(pl.col("age") < DEVELOPMENT_CHECK_UNDER_AGE)
    return under_five.with_columns(meets=pl.col("health_check"))


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
    kind="mean",
    sentence=(
        "Children aged 4 to 16 in care had an average score of {value} on a questionnaire about feelings "
        "and behaviour (the SDQ, from 0 to 40) {period}."
    ),
    score_range=40.0,  # the SDQ total runs from 0 to 40 (docs/returns.md, oc2.csv)
    plain_definition=(
        "For children aged 4 to 16 in care for at least a year, the average score on a questionnaire about "
        "feelings and behaviour (the SDQ, from 0 to 40; a higher score means more difficulties)."
    ),
    reads=("header.csv", "episodes.csv", "oc2.csv"),
)
def sdq_avg(data: CareData, d: date) -> pl.LazyFrame:
    return scored_sdq(data, d).with_columns(amount=pl.col("sdq_score"))


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
    kind="share",
    sentence=(
        "{value} of children aged 4 to 16 in care had a feelings and behaviour score (SDQ) high enough to "
        "be a worry {period}."
    ),
    counts_of="children",
    plain_definition=(
        "Of the children aged 4 to 16 with a feelings and behaviour score (SDQ), the share whose score was "
        "high enough to be a worry (17 or more)."
    ),
    reads=("header.csv", "episodes.csv", "oc2.csv"),
)
def sdq_concern_pct(data: CareData, d: date) -> pl.LazyFrame:
    return scored_sdq(data, d).with_columns(meets=pl.col("sdq_score") >= SDQ_CONCERN_SCORE)


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
    kind="share",
    sentence=(
        "{value} of children who had been in care for a year were known to have a problem with drugs or "
        "alcohol {period}."
    ),
    counts_of="children",
    plain_definition=(
        "Of the children in care for at least a year, the share known to have a problem with drugs or "
        "alcohol."
    ),
    reads=("header.csv", "episodes.csv", "oc2.csv"),
)
def substance_misuse_pct(data: CareData, d: date) -> pl.LazyFrame:
    return outcomes_children(data, d).with_columns(meets=pl.col("substance_misuse"))
