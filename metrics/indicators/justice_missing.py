"""Youth justice and missing indicators (README, "Where the definitions are").

``convicted_pct`` is annual (oc2.csv rows of the YEAR of a 31 March); the missing indicators are quarterly
over the 12 months ending on the reporting date D.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import Owner, Theme, indicator
from metrics.data import CareData
from metrics.periods import Period, year_end
from metrics.terms import age_at, looked_after_during

MISSING_SOURCE = "DfE SSDA903 / Children looked after in England statistics (missing and away from placement)"
MISSING, AWAY = "M", "A"


@indicator(
    id="convicted_pct",
    title="Children in care aged 10 to 17 convicted or given a youth caution",
    theme=Theme.JUSTICE_MISSING,
    owner=Owner.JUSTICE,
    definition=(
        "Of children looked after continuously for 12 months at 31 March (the oc2.csv rows of that YEAR) "
        "aged 10 to 17 at 31 March, the percentage with CONVICTED = 1: convicted or subject to a youth "
        "caution or youth conditional caution during the year. Age is taken from the date of birth on the "
        "oc2 row. Annual: reported at 31 March only."
    ),
    unit="percent",
    polarity="lower",
    frequency="annual",
    source="DfE SSDA903 OC2 / Outcomes for children looked after by local authorities (convictions)",
    kind="share",
    sentence=(
        "{value} of children aged 10 to 17 who had been in care for a year were found guilty of a crime "
        "{period}."
    ),
    counts_of="children",
    plain_definition=(
        "Of the children aged 10 to 17 in care for at least a year, the share who were found guilty of a "
        "crime or given a youth caution."
    ),
    reads=("header.csv", "episodes.csv", "oc2.csv"),
)
def convicted_pct(data: CareData, d: date) -> pl.LazyFrame:
    at = year_end(Period(d).year)
    header_dob = data.header.lazy().select("child", header_dob="dob")
    return (
        data.oc2.lazy()
        .filter(pl.col("year") == Period(d).year)
        .join(header_dob, on="child", how="left")
        .filter(age_at(pl.coalesce("dob", "header_dob"), at).is_between(10, 17))
        .select("child", meets="convicted")
    )


def incidents_in_period(data: CareData, d: date, kind: str) -> pl.LazyFrame:
    """One row per child looked after during the period ending on D, with ``incidents``: how many incidents
    of ``kind`` (M or A) started in the period (children on short breaks only are not looked after: their
    incidents are not counted)."""
    period = Period(d)
    incidents = (
        data.missing.lazy()
        .filter(
            (pl.col("missing").str.strip_chars().str.to_uppercase() == kind)
            & pl.col("mis_start").is_between(period.start, period.end)
        )
        .group_by("child")
        .agg(incidents=pl.len())
    )
    return (
        looked_after_during(data.episodes, period)
        .join(incidents, on="child", how="left")
        .with_columns(pl.col("incidents").fill_null(0))
    )


@indicator(
    id="missing_pct",
    title="Children in care who went missing",
    theme=Theme.JUSTICE_MISSING,
    owner=Owner.JUSTICE,
    definition=(
        "Of children looked after during the period (an episode of care on any day of the period, short "
        "breaks excluded), the percentage with at least one missing incident (MISSING = M) starting in the "
        "period. The period is the 12 months ending on the reporting date D. England: 11% in 2022."
    ),
    unit="percent",
    polarity="lower",
    frequency="quarterly",
    source=MISSING_SOURCE,
    kind="share",
    sentence="{value} of children in care went missing at least once {period}.",
    counts_of="children",
    plain_definition="The share of children in care who went missing at least once during the 12 months.",
    reads=("header.csv", "episodes.csv", "missing.csv"),
)
def missing_pct(data: CareData, d: date) -> pl.LazyFrame:
    return incidents_in_period(data, d, MISSING).with_columns(meets=pl.col("incidents") > 0)


@indicator(
    id="missing_incidents_per_child",
    title="Missing incidents per child who went missing",
    theme=Theme.JUSTICE_MISSING,
    owner=Owner.JUSTICE,
    definition=(
        "Of children looked after during the period (short breaks excluded) with at least one missing "
        "incident (MISSING = M) starting in the period, the mean number of such incidents. Numerator: the "
        "number of missing incidents; denominator: the number of children who went missing. The period is "
        "the 12 months ending on the reporting date D."
    ),
    unit="average",
    polarity="lower",
    frequency="quarterly",
    source=MISSING_SOURCE,
    kind="mean",
    sentence="Children in care who went missing {period} went missing {value} times each, on average.",
    plain_definition=(
        "For children in care who went missing during the 12 months, how many times each went missing, on "
        "average."
    ),
    reads=("header.csv", "episodes.csv", "missing.csv"),
)
def missing_incidents_per_child(data: CareData, d: date) -> pl.LazyFrame:
    went_missing = incidents_in_period(data, d, MISSING).filter(pl.col("incidents") > 0)
    return went_missing.with_columns(amount=pl.col("incidents"))


@indicator(
    id="away_pct",
    title="Children in care away from placement without authorisation",
    theme=Theme.JUSTICE_MISSING,
    owner=Owner.JUSTICE,
    definition=(
        "Of children looked after during the period (an episode of care on any day of the period, short "
        "breaks excluded), the percentage with at least one incident of being away from placement without "
        "authorisation (MISSING = A) starting in the period. The period is the 12 months ending on the "
        "reporting date D."
    ),
    unit="percent",
    polarity="lower",
    frequency="quarterly",
    source=MISSING_SOURCE,
    kind="share",
    sentence=(
        "{value} of children in care were away from their home without permission at least once {period}."
    ),
    counts_of="children",
    plain_definition=(
        "The share of children in care who were away from their home without permission at least once "
        "during the 12 months."
    ),
    reads=("header.csv", "episodes.csv", "missing.csv"),
)
def away_pct(data: CareData, d: date) -> pl.LazyFrame:
    return incidents_in_period(data, d, AWAY).with_columns(meets=pl.col("incidents") > 0)
