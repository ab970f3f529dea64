"""Care leaver indicators (README, "Where the definitions are"), from oc3.csv and leaver_support.csv.

Cohort: "care leavers of a year: the oc3.csv rows whose YEAR is that year; age group by age at 31 March of
YEAR: 17-18 and 19-21. Rows with IN_TOUCH = DIED are excluded from every care-leaver denominator." Every
indicator is broken down by age group. Annual: ``period_end`` is 31 March of YEAR.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import LEAVER_BREAKDOWNS, Owner, Theme, indicator
from metrics.data import CareData
from metrics.terms import age_at

OC3_SOURCE = "DfE, Children looked after in England including adoptions: care leavers (SSDA903 OC3 return)"
SUPPORT_SOURCE = (
    "Local measure from leaver_support.csv (duties of the Children and Young People (Leaving Care) (Jersey) "
    "Law 2018); DfE's care leaver statistics report the equivalent for England"
)

EET_ACTIVITIES = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")
HIGHER_EDUCATION_ACTIVITIES = ("F1", "P1")
NEET_ACTIVITIES = ("G4", "G5", "G6")
HOMELESS_OR_EMERGENCY_ACCOMMODATION = ("S", "V", "W")


def leaver_age_group(age: pl.Expr) -> pl.Expr:
    """Care leaver age group ("17-18", "19-21") from the age at 31 March of YEAR; null for any other age.

    Written against an age expression only, so it can move to metrics/terms.py beside ``age_at`` unchanged.
    """
    return (
        pl.when(age.is_between(17, 18))
        .then(pl.lit("17-18"))
        .when(age.is_between(19, 21))
        .then(pl.lit("19-21"))
        .otherwise(pl.lit(None, pl.String))
    )


def care_leavers(data: CareData, year: int) -> pl.LazyFrame:
    """One row per care leaver of ``year`` who has not died, with age, age group and support flags.

    Columns: child, in_touch, activ, accom, age, age_group, pathway_plan, personal_adviser, staying_put.
    IN_TOUCH = DIED is dropped here because it is "excluded from every care-leaver denominator"; a leaver not
    in touch (no ACTIV, no ACCOM) stays in, and so counts in no activity or accommodation numerator.
    Support comes from leaver_support.csv for the same YEAR, "no row counts as 0" (nor does an empty cell).
    """
    year_end = date(year, 3, 31)
    support = (
        data.leaver_support.lazy()
        .filter(pl.col("year") == year)
        .group_by("child")
        .agg(pl.col("pathway_plan", "personal_adviser", "staying_put").any())
    )
    return (
        data.oc3.lazy()
        .filter((pl.col("year") == year) & (pl.col("in_touch").fill_null("") != "DIED"))
        .with_columns(age_at(pl.col("dob"), year_end).alias("age"))
        .with_columns(leaver_age_group(pl.col("age")).alias("age_group"))
        .join(support, on="child", how="left")
        .select(
            "child",
            "in_touch",
            "activ",
            "accom",
            "age",
            "age_group",
            pl.col("pathway_plan", "personal_adviser", "staying_put").fill_null(value=False),
        )
    )


def leavers_of_year(data: CareData, d: date) -> pl.LazyFrame:
    """`care_leavers` of the year ending on D (31 March)."""
    return care_leavers(data, d.year)


COHORT_WORDS = (
    "Cohort: care leavers of the year (oc3.csv rows whose YEAR is the year ending on the reporting date, "
    "31 March), leavers who have died excluded from the denominator; broken down by age at 31 March "
    "(17-18, 19-21)."
)


@indicator(
    id="leavers_in_touch_pct",
    title="Care leavers in touch",
    theme=Theme.CARE_LEAVERS,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "The share of care leavers the service is in touch with. Numerator: care leavers with IN_TOUCH = "
        "YES. Denominator: all care leavers of the year. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=OC3_SOURCE + ": in touch with the local authority.",
    breakdowns=LEAVER_BREAKDOWNS,
    kind="share",
    sentence=("{value} of young people who had left care were still in touch with the service {period}."),
    counts_of="young people",
    plain_definition=(
        "Of the young people aged 17 to 21 who had left care, the share the service was still in touch with."
    ),
    reads=("oc3.csv",),
    counted="care leavers",
)
def leavers_in_touch_pct(data: CareData, d: date) -> pl.LazyFrame:
    return leavers_of_year(data, d).with_columns(meets=pl.col("in_touch") == "YES")


@indicator(
    id="leavers_eet_pct",
    title="Care leavers in education, employment or training",
    theme=Theme.CARE_LEAVERS,
    owner=Owner.EMPLOYMENT,
    definition=(
        "The share of care leavers in education, employment or training. Numerator: care leavers whose "
        "ACTIV is F1, P1, F2, P2, F4, P4, F5 or P5 (higher or other education, apprenticeship, training or "
        "employment, full or part time). Denominator: all care leavers of the year; those not in touch, with "
        "no activity, stay in the denominator. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=OC3_SOURCE + ": in education, employment or training.",
    breakdowns=LEAVER_BREAKDOWNS,
    kind="share",
    sentence=("{value} of young people who had left care were in education, training or work {period}."),
    counts_of="young people",
    plain_definition="Of the young people who had left care, the share in education, training or work.",
    reads=("oc3.csv",),
    counted="care leavers",
)
def leavers_eet_pct(data: CareData, d: date) -> pl.LazyFrame:
    return leavers_of_year(data, d).with_columns(meets=pl.col("activ").is_in(EET_ACTIVITIES))


@indicator(
    id="leavers_higher_education_pct",
    title="Care leavers in higher education",
    theme=Theme.CARE_LEAVERS,
    owner=Owner.EDUCATION,
    definition=(
        "The share of care leavers in higher education. Numerator: care leavers whose ACTIV is F1 or P1 "
        "(higher education, full or part time). Denominator: all care leavers of the year. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=OC3_SOURCE + ": in higher education.",
    breakdowns=LEAVER_BREAKDOWNS,
    kind="share",
    sentence=("{value} of young people who had left care were at university or college {period}."),
    counts_of="young people",
    plain_definition="Of the young people who had left care, the share at university or college.",
    reads=("oc3.csv",),
    counted="care leavers",
)
def leavers_higher_education_pct(data: CareData, d: date) -> pl.LazyFrame:
    return leavers_of_year(data, d).with_columns(meets=pl.col("activ").is_in(HIGHER_EDUCATION_ACTIVITIES))


@indicator(
    id="leavers_neet_pct",
    title="Care leavers not in education, employment or training",
    theme=Theme.CARE_LEAVERS,
    owner=Owner.EMPLOYMENT,
    definition=(
        "The share of care leavers known to be not in education, employment or training. Numerator: care "
        "leavers whose ACTIV is G4, G5 or G6 (illness or disability, other reasons, pregnancy or parenting). "
        "Denominator: all care leavers of the year. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="lower",
    frequency="annual",
    source=OC3_SOURCE + ": not in education, employment or training.",
    breakdowns=LEAVER_BREAKDOWNS,
    kind="share",
    sentence=("{value} of young people who had left care were not in education, training or work {period}."),
    counts_of="young people",
    plain_definition="Of the young people who had left care, the share not in education, training or work.",
    reads=("oc3.csv",),
    counted="care leavers",
)
def leavers_neet_pct(data: CareData, d: date) -> pl.LazyFrame:
    return leavers_of_year(data, d).with_columns(meets=pl.col("activ").is_in(NEET_ACTIVITIES))


@indicator(
    id="leavers_suitable_accommodation_pct",
    title="Care leavers in suitable accommodation",
    theme=Theme.CARE_LEAVERS,
    owner=Owner.HOUSING,
    definition=(
        "The share of care leavers living in suitable accommodation. Numerator: care leavers whose ACCOM "
        "code ends in 1 (suitable). Denominator: all care leavers of the year. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=OC3_SOURCE + ": in suitable accommodation.",
    breakdowns=LEAVER_BREAKDOWNS,
    kind="share",
    sentence=("{value} of young people who had left care lived somewhere suitable {period}."),
    counts_of="young people",
    plain_definition="Of the young people who had left care, the share living somewhere suitable for them.",
    reads=("oc3.csv",),
    counted="care leavers",
)
def leavers_suitable_accommodation_pct(data: CareData, d: date) -> pl.LazyFrame:
    return leavers_of_year(data, d).with_columns(meets=pl.col("accom").str.ends_with("1"))


@indicator(
    id="leavers_homeless_or_emergency_pct",
    title="Care leavers homeless or in emergency accommodation",
    theme=Theme.CARE_LEAVERS,
    owner=Owner.HOUSING,
    definition=(
        "The share of care leavers with no fixed abode or in emergency accommodation. Numerator: care "
        "leavers whose ACCOM code starts with S (no fixed abode or homeless), V (emergency accommodation) or "
        "W (bed and breakfast). Denominator: all care leavers of the year. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="lower",
    frequency="annual",
    source=OC3_SOURCE + ": accommodation type.",
    breakdowns=LEAVER_BREAKDOWNS,
    kind="share",
    sentence=(
        "{value} of young people who had left care were homeless or in emergency housing, such as a bed "
        "and breakfast, {period}."
    ),
    counts_of="young people",
    plain_definition=(
        "Of the young people who had left care, the share who were homeless or in emergency housing, such "
        "as a bed and breakfast."
    ),
    reads=("oc3.csv",),
    counted="care leavers",
)
def leavers_homeless_or_emergency_pct(data: CareData, d: date) -> pl.LazyFrame:
    return leavers_of_year(data, d).with_columns(
        meets=pl.col("accom").str.slice(0, 1).is_in(HOMELESS_OR_EMERGENCY_ACCOMMODATION)
    )


@indicator(
    id="leavers_pathway_plan_pct",
    title="Care leavers with an up-to-date pathway plan",
    theme=Theme.CARE_LEAVERS,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "The share of care leavers with a pathway plan up to date at the year end. Numerator: care "
        "leavers with PATHWAY_PLAN = 1 in leaver_support.csv for the same YEAR (no row counts as 0). "
        "Denominator: all care leavers of the year. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=SUPPORT_SOURCE + " (pathway plan).",
    breakdowns=LEAVER_BREAKDOWNS,
    kind="share",
    sentence=(
        "{value} of young people who had left care had an up-to-date plan for their future (a pathway "
        "plan) {period}."
    ),
    counts_of="young people",
    plain_definition=(
        "Of the young people who had left care, the share with an up-to-date plan for their future (a "
        "pathway plan)."
    ),
    reads=("oc3.csv", "leaver_support.csv"),
    counted="care leavers",
)
def leavers_pathway_plan_pct(data: CareData, d: date) -> pl.LazyFrame:
    return leavers_of_year(data, d).with_columns(meets=pl.col("pathway_plan"))


@indicator(
    id="leavers_personal_adviser_pct",
    title="Care leavers with a personal adviser",
    theme=Theme.CARE_LEAVERS,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "The share of care leavers with a personal adviser. Numerator: care leavers with "
        "PERSONAL_ADVISER = 1 in leaver_support.csv for the same YEAR (no row counts as 0). Denominator: "
        "all care leavers of the year. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=SUPPORT_SOURCE + " (personal adviser).",
    breakdowns=LEAVER_BREAKDOWNS,
    kind="share",
    sentence=("{value} of young people who had left care had a personal adviser to help them {period}."),
    counts_of="young people",
    plain_definition="Of the young people who had left care, the share with a personal adviser to help them.",
    reads=("oc3.csv", "leaver_support.csv"),
    counted="care leavers",
)
def leavers_personal_adviser_pct(data: CareData, d: date) -> pl.LazyFrame:
    return leavers_of_year(data, d).with_columns(meets=pl.col("personal_adviser"))


@indicator(
    id="staying_put_pct",
    title="Care leavers aged 18 staying put with former foster carers",
    theme=Theme.CARE_LEAVERS,
    owner=Owner.HOUSING,
    definition=(
        "Of care leavers aged 18 at 31 March of the year, the share staying put with their former foster "
        "carers. Numerator: those with STAYING_PUT = 1 in leaver_support.csv for the same YEAR (no row "
        "counts as 0). Denominator: care leavers of the year aged 18 at 31 March. " + COHORT_WORDS
    ),
    unit="percent",
    polarity="higher",
    frequency="annual",
    source=(
        "DfE, Children looked after in England including adoptions: care leavers, staying put (aged 18); "
        "local data from leaver_support.csv."
    ),
    breakdowns=LEAVER_BREAKDOWNS,
    kind="share",
    sentence=(
        "{value} of 18-year-olds who had left care still lived with their former foster carers {period}."
    ),
    counts_of="young people",
    plain_definition=(
        "Of the 18-year-olds who had left foster care, the share still living with their former foster "
        "carers."
    ),
    reads=("oc3.csv", "leaver_support.csv"),
    counted="care leavers",
)
def staying_put_pct(data: CareData, d: date) -> pl.LazyFrame:
    aged_18 = leavers_of_year(data, d).filter(pl.col("age") == 18)
    return aged_18.with_columns(meets=pl.col("staying_put"))
