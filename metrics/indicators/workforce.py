"""Workforce indicators (README, "Where the definitions are"): children's social workers, from workforce.csv.

"These count staff, not children: disclosure control does not apply to them", so every entry is declared
with ``counts_children=False`` and no breakdowns, and has no interval: the Wilson interval models a count of
successes out of n independent trials, but full-time equivalents are not counts of people (0.6 of a leaver
is not a trial), turnover can exceed 100%, and the figures describe the whole workforce rather than a
sample. workforce.csv has one row a month; MONTH is stored as the
first day of its month. Quarterly: ``period_end`` is any quarter end D.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.catalogue import Owner, Theme, indicator
from metrics.data import CareData
from metrics.periods import Period

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
    kind="ratio",
    sentence="{value} of social workers left their job {period}.",
    plain_definition="The share of children's social workers who left their job during the 12 months.",
    reads=("workforce.csv",),
    counted="FTE",
)
def sw_turnover_pct(data: CareData, d: date) -> pl.LazyFrame:
    # Each month of the period adds its leavers, and its part of the mean FTE: its FTE / the months with one.
    return months_in_period(data, d).with_columns(
        numerator=pl.col("leavers_fte"), denominator=pl.col("sw_fte") / pl.col("sw_fte").count()
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
    kind="ratio",
    sentence="{value} of social worker jobs were empty on {date}.",
    plain_definition="The share of children's social worker jobs that were empty on the last day.",
    reads=("workforce.csv",),
    counted="FTE",
    period="month",
)
def sw_vacancy_pct(data: CareData, d: date) -> pl.LazyFrame:
    return month_of(data, d).with_columns(
        numerator=pl.col("vacant_fte"), denominator=pl.col("sw_fte") + pl.col("vacant_fte")
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
    kind="ratio",
    sentence=(
        "On {date}, the number of agency (temporary) social workers was {value} of the number of social "
        "workers."
    ),
    plain_definition=(
        "Agency (temporary) social workers as a share of all children's social workers on the last day."
    ),
    reads=("workforce.csv",),
    counted="FTE",
    period="month",
)
def sw_agency_pct(data: CareData, d: date) -> pl.LazyFrame:
    return month_of(data, d).with_columns(numerator=pl.col("agency_fte"), denominator=pl.col("sw_fte"))


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
    kind="ratio",
    sentence="On {date}, each social worker had {value} children's cases on average.",
    plain_definition="How many children's cases each social worker had on average on the last day.",
    reads=("workforce.csv",),
    counted="FTE",
    period="month",
)
def caseload_avg(data: CareData, d: date) -> pl.LazyFrame:
    return month_of(data, d).with_columns(numerator=pl.col("open_cases"), denominator=pl.col("sw_fte"))


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
    kind="ratio",
    sentence="{value} of social workers' supervision meetings happened on time {period}.",
    plain_definition="The share of social workers' supervision meetings that happened on time.",
    reads=("workforce.csv",),
    counted="supervisions",
)
def supervision_on_time_pct(data: CareData, d: date) -> pl.LazyFrame:
    return months_in_period(data, d).with_columns(
        numerator=pl.col("supervisions_on_time"), denominator=pl.col("supervisions_due")
    )
