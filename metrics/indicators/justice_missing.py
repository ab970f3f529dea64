"""Youth justice and missing indicators (the catalogue's theme of that name).

``convicted_pct`` is annual (oc2.csv rows of the YEAR of a 31 March); the missing indicators are quarterly
over the 12 months ending on the reporting date D.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from metrics.catalogue import CHILD_BREAKDOWNS, Owner, Theme, indicator
from metrics.data import CareData
from metrics.indicators.dated import by_dates, join_beside
from metrics.periods import Period, year_end
from metrics.terms import age_at, looked_after_during_units_on, on_each_date, with_child_attributes
from metrics.tidy import summarise, summarise_dates

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
)
def convicted_pct(data: CareData, period_end: date) -> pl.DataFrame:
    year = Period(period_end).year
    at = year_end(year)
    cohort = (
        data.oc2.lazy()
        .filter(pl.col("year") == year)
        .join(data.header.lazy().select("child", pl.col("dob").alias("header_dob")), on="child", how="left")
        .filter(age_at(pl.coalesce("dob", "header_dob"), at).is_between(10, 17))
        .select("child", "convicted")
    )
    return summarise(
        with_child_attributes(cohort, data, at).collect(),
        indicator="convicted_pct",
        period_end=period_end,
        unit="percent",
        numerator=pl.col("convicted").fill_null(value=False).sum(),
        denominator=pl.len(),
        breakdowns=CHILD_BREAKDOWNS,
    )


def incidents_in_period(data: CareData, dates: Sequence[date], kind: str) -> pl.DataFrame:
    """Columns ``period_end``, ``child``, ``incidents`` and the child's groups: incidents of ``kind`` (M or A)
    starting in the period ending on each of ``dates``, per child looked after during that period (children on
    short breaks only are not looked after: their incidents are not counted)."""
    of_kind = (
        data.missing.lazy()
        .filter(pl.col("missing").str.strip_chars().str.to_uppercase() == kind)
        .select("child", "mis_start")
        .collect()  # read by every date's branch below
    )
    incidents = on_each_date(
        lambda day: (
            of_kind.lazy()
            .filter(pl.col("mis_start").is_between(Period(day).start, day))
            .group_by("child")
            .agg(incidents=pl.len())
        ),
        dates,
    )
    return join_beside(
        looked_after_during_units_on(data, dates), incidents, on=["period_end", "child"]
    ).with_columns(pl.col("incidents").fill_null(0))


def _share_with_incident(data: CareData, dates: Sequence[date], kind: str, indicator_id: str) -> pl.DataFrame:
    return summarise_dates(
        incidents_in_period(data, dates, kind),
        dates=dates,
        indicator=indicator_id,
        unit="percent",
        numerator=(pl.col("incidents") > 0).sum(),
        denominator=pl.len(),
        breakdowns=CHILD_BREAKDOWNS,
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
)
@by_dates
def missing_pct(data: CareData, dates: Sequence[date]) -> pl.DataFrame:
    return _share_with_incident(data, dates, MISSING, "missing_pct")


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
)
@by_dates
def missing_incidents_per_child(data: CareData, dates: Sequence[date]) -> pl.DataFrame:
    units = incidents_in_period(data, dates, MISSING).filter(pl.col("incidents") > 0)
    return summarise_dates(
        units,
        dates=dates,
        indicator="missing_incidents_per_child",
        unit="average",
        numerator=pl.col("incidents").sum(),
        denominator=pl.len(),
        breakdowns=CHILD_BREAKDOWNS,
    )


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
)
@by_dates
def away_pct(data: CareData, dates: Sequence[date]) -> pl.DataFrame:
    return _share_with_incident(data, dates, AWAY, "away_pct")
