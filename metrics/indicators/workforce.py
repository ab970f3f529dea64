"""Workforce indicators (the catalogue's "Workforce" theme): children's social workers, from workforce.csv.

"These count staff, not children: disclosure control does not apply to them", so every entry is declared
with ``counts_children=False`` and no breakdowns. workforce.csv has one row a month; MONTH is stored as the
first day of its month. Quarterly: ``period_end`` is any quarter end D.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import Owner, Theme, indicator
from metrics.data import CareData
from metrics.periods import Period
from metrics.tidy import ALL, with_values

WORKFORCE_SOURCE = "DfE, Children's social work workforce (annual statistics, 30 September)"


def months_in_period(data: CareData, period_end: date) -> pl.LazyFrame:
    """workforce.csv rows whose month lies inside the 12 months ending on ``period_end``.

    A quarter end D is a month's last day, so S = D minus one year plus one day is the first day of a month
    and the months inside the period are exactly those with S <= MONTH <= D.
    """
    period = Period(period_end)
    return data.workforce.lazy().filter(pl.col("month").is_between(period.start, period.end))


def month_of(data: CareData, period_end: date) -> pl.LazyFrame:
    """The workforce row of D's month ("at the month of D"); empty when that month was not returned."""
    return data.workforce.lazy().filter(pl.col("month") == period_end.replace(day=1))


def _staff_tidy(
    rows: pl.LazyFrame,
    *,
    indicator_id: str,
    period_end: date,
    unit: str,
    numerator: pl.Expr,
    denominator: pl.Expr,
) -> pl.DataFrame:
    counts = rows.select(
        numerator.cast(pl.Float64).alias("numerator"),
        denominator.cast(pl.Float64).alias("denominator"),
    ).with_columns(
        indicator=pl.lit(indicator_id),
        period_end=pl.lit(period_end, dtype=pl.Date),
        breakdown=pl.lit(ALL),
        group=pl.lit(ALL),
    )
    # The Wilson interval models a count of successes out of n independent trials. Full-time equivalents
    # are not counts of people (0.6 of a leaver is not a trial), turnover can exceed 100%, and the figures
    # describe the whole workforce rather than a sample, so an interval would suggest an uncertainty that
    # these numbers do not have: every workforce interval is null.
    return with_values(counts, unit).with_columns(
        ci_low=pl.lit(None, pl.Float64), ci_high=pl.lit(None, pl.Float64)
    )


@indicator(
    id="sw_turnover_pct",
    title="Social worker turnover",
    theme=Theme.WORKFORCE,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Social workers who left during the 12 months ending on the reporting date, as a percentage of the "
        "average number of social workers in post. Numerator: the sum of leavers (full-time equivalent) over "
        "the months of the period. Denominator: the mean social worker full-time equivalent over the months "
        "of the period. From workforce.csv, one row a month; the value can exceed 100%."
    ),
    unit="percent",
    polarity="lower",
    frequency="quarterly",
    source=WORKFORCE_SOURCE + ": turnover rate (leavers FTE / social workers FTE).",
    breakdowns=(),
    counts_children=False,
)
def sw_turnover_pct(data: CareData, period_end: date) -> pl.DataFrame:
    months = months_in_period(data, period_end)
    # No month inside the period leaves the sum at 0 but the mean null: the value is then null, not 0.
    return _staff_tidy(
        months,
        indicator_id="sw_turnover_pct",
        period_end=period_end,
        unit="percent",
        numerator=pl.col("leavers_fte").sum(),
        denominator=pl.col("sw_fte").mean(),
    )


@indicator(
    id="sw_vacancy_pct",
    title="Social worker vacancy rate",
    theme=Theme.WORKFORCE,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "At the month of the reporting date, vacant social worker posts as a percentage of all social worker "
        "posts. Numerator: vacant full-time equivalent. Denominator: social worker full-time equivalent plus "
        "vacant full-time equivalent. From the workforce.csv row of that month; no value when it is missing."
    ),
    unit="percent",
    polarity="lower",
    frequency="quarterly",
    source=WORKFORCE_SOURCE + ": vacancy rate (vacant FTE / (vacant FTE + social workers FTE)).",
    breakdowns=(),
    counts_children=False,
)
def sw_vacancy_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _staff_tidy(
        month_of(data, period_end),
        indicator_id="sw_vacancy_pct",
        period_end=period_end,
        unit="percent",
        numerator=pl.col("vacant_fte").first(),
        denominator=(pl.col("sw_fte") + pl.col("vacant_fte")).first(),
    )


@indicator(
    id="sw_agency_pct",
    title="Agency social workers",
    theme=Theme.WORKFORCE,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "At the month of the reporting date, agency social workers as a percentage of social workers in "
        "post. Numerator: agency full-time equivalent. Denominator: social worker full-time equivalent. "
        "From the workforce.csv row of that month; no value when it is missing."
    ),
    unit="percent",
    polarity="lower",
    frequency="quarterly",
    source=(
        WORKFORCE_SOURCE + ": agency worker rate. England divides agency FTE by all FTE (agency included), "
        "a different denominator."
    ),
    breakdowns=(),
    counts_children=False,
)
def sw_agency_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _staff_tidy(
        month_of(data, period_end),
        indicator_id="sw_agency_pct",
        period_end=period_end,
        unit="percent",
        numerator=pl.col("agency_fte").first(),
        denominator=pl.col("sw_fte").first(),
    )


@indicator(
    id="caseload_avg",
    title="Average social worker caseload",
    theme=Theme.WORKFORCE,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "At the month of the reporting date, the average number of open cases per social worker. Numerator: "
        "open cases. Denominator: social worker full-time equivalent. From the workforce.csv row of that "
        "month; no value when it is missing."
    ),
    unit="average",
    polarity="lower",
    frequency="quarterly",
    source=WORKFORCE_SOURCE + ": average caseload (cases / social workers FTE holding cases).",
    breakdowns=(),
    counts_children=False,
)
def caseload_avg(data: CareData, period_end: date) -> pl.DataFrame:
    return _staff_tidy(
        month_of(data, period_end),
        indicator_id="caseload_avg",
        period_end=period_end,
        unit="average",
        numerator=pl.col("open_cases").first(),
        denominator=pl.col("sw_fte").first(),
    )


@indicator(
    id="supervision_on_time_pct",
    title="Social worker supervisions on time",
    theme=Theme.WORKFORCE,
    owner=Owner.CHILDRENS_SOCIAL_CARE,
    definition=(
        "Supervisions held on time as a percentage of supervisions due over the 12 months ending on the "
        "reporting date. Numerator: the sum of supervisions on time over the months of the period. "
        "Denominator: the sum of supervisions due over the months of the period. From workforce.csv."
    ),
    unit="percent",
    polarity="higher",
    frequency="quarterly",
    public=False,
    source="Local measure (Jersey children's social care supervision standard); no national equivalent.",
    breakdowns=(),
    counts_children=False,
)
def supervision_on_time_pct(data: CareData, period_end: date) -> pl.DataFrame:
    return _staff_tidy(
        months_in_period(data, period_end),
        indicator_id="supervision_on_time_pct",
        period_end=period_end,
        unit="percent",
        numerator=pl.col("supervisions_on_time").sum(),
        denominator=pl.col("supervisions_due").sum(),
    )
