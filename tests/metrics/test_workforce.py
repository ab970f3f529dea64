"""Workforce indicators against a hand-worked year of workforce.csv (shared/indicators.md, "Workforce")."""

from datetime import date

import polars as pl
import pytest

from metrics.catalogue import catalogue
from metrics.data import care_data
from metrics.indicators.workforce import (
    caseload_avg,
    supervision_on_time_pct,
    sw_agency_pct,
    sw_turnover_pct,
    sw_vacancy_pct,
)
from metrics.tidy import TIDY_COLUMNS

D = date(2025, 3, 31)  # the period is April 2024 to March 2025


def month_row(year, month, *, sw, vacant, agency, leavers, cases, due, on_time):
    return {
        "month": date(year, month, 1),
        "sw_fte": sw,
        "vacant_fte": vacant,
        "agency_fte": agency,
        "leavers_fte": leavers,
        "open_cases": cases,
        "supervisions_due": due,
        "supervisions_on_time": on_time,
    }


@pytest.fixture
def workforce_year():
    """On paper, for the 12 months April 2024 to March 2025:
    SW_FTE 20 for April-September and 30 for October-March: mean 25.
    LEAVERS_FTE 0.5 in April, July, October and January: sum 2.0. Turnover 100 x 2 / 25 = 8%.
    SUPERVISIONS_DUE 10 a month (120), SUPERVISIONS_ON_TIME 9 a month (108): 90%.
    March 2025 (the month of D): SW 30, vacant 10, agency 6, cases 450:
    vacancy 100 x 10 / 40 = 25%, agency 100 x 6 / 30 = 20%, caseload 450 / 30 = 15.
    March 2024 and April 2025 lie outside the period and carry figures that would change every answer.
    """
    rows = [
        month_row(2024, 3, sw=5, vacant=5, agency=5, leavers=9, cases=999, due=50, on_time=0),
        month_row(2025, 4, sw=5, vacant=5, agency=5, leavers=9, cases=999, due=50, on_time=0),
    ]
    for offset in range(12):
        year, month = (2024, 4 + offset) if offset < 9 else (2025, offset - 8)
        rows.append(
            month_row(
                year,
                month,
                sw=20.0 if offset < 6 else 30.0,
                vacant=10.0,
                agency=6.0,
                leavers=0.5 if offset % 3 == 0 else 0.0,
                cases=450,
                due=10,
                on_time=9,
            )
        )
    return care_data(workforce=pl.DataFrame(rows))


def only_row(frame: pl.DataFrame) -> dict:
    assert frame.columns == TIDY_COLUMNS
    assert frame.height == 1
    row = frame.row(0, named=True)
    assert (row["breakdown"], row["group"]) == ("all", "all")
    return row


def test_turnover_is_sum_of_leavers_over_mean_fte(workforce_year):
    row = only_row(sw_turnover_pct(workforce_year, D))
    assert row["numerator"] == pytest.approx(2.0)
    assert row["denominator"] == pytest.approx(25.0)
    assert row["value"] == pytest.approx(8.0)
    assert row["indicator"] == "sw_turnover_pct"
    assert row["period_end"] == D


def test_supervision_on_time_sums_the_period(workforce_year):
    row = only_row(supervision_on_time_pct(workforce_year, D))
    assert (row["numerator"], row["denominator"]) == (108, 120)
    assert row["value"] == pytest.approx(90.0)


def test_month_of_d_indicators(workforce_year):
    vacancy = only_row(sw_vacancy_pct(workforce_year, D))
    assert (vacancy["numerator"], vacancy["denominator"], vacancy["value"]) == (10, 40, pytest.approx(25.0))
    agency = only_row(sw_agency_pct(workforce_year, D))
    assert (agency["numerator"], agency["denominator"], agency["value"]) == (6, 30, pytest.approx(20.0))
    caseload = only_row(caseload_avg(workforce_year, D))
    assert (caseload["numerator"], caseload["denominator"], caseload["value"]) == (
        450,
        30,
        pytest.approx(15.0),
    )


def test_a_later_quarter_uses_its_own_twelve_months(workforce_year):
    # D = 30/06/2025: July 2024 to June 2025 holds July-March of the year above plus April 2025.
    # SW_FTE: 3 months at 20, 6 at 30, April 2025 at 5 -> 10 returned months, mean (60 + 180 + 5) / 10 = 24.5.
    # Leavers: July, October, January 0.5 each + April 2025 9 = 10.5.
    row = only_row(sw_turnover_pct(workforce_year, date(2025, 6, 30)))
    assert row["numerator"] == pytest.approx(10.5)
    assert row["denominator"] == pytest.approx(24.5)
    # Turnover may exceed 100% only with far more leavers; here 42.9%, and the interval stays null.
    assert row["value"] == pytest.approx(100 * 10.5 / 24.5)


def test_missing_month_of_d_gives_null_value(workforce_year):
    # June 2025 was not returned.
    for compute in (sw_vacancy_pct, sw_agency_pct, caseload_avg):
        row = only_row(compute(workforce_year, date(2025, 6, 30)))
        assert row["value"] is None


def test_no_months_in_period_gives_null_value(workforce_year):
    for compute in (sw_turnover_pct, supervision_on_time_pct):
        row = only_row(compute(workforce_year, date(2020, 3, 31)))
        assert row["value"] is None


def test_zero_denominators_give_null():
    data = care_data(
        workforce=pl.DataFrame(
            [month_row(2025, 3, sw=0.0, vacant=0.0, agency=0.0, leavers=1.0, cases=10, due=0, on_time=0)]
        )
    )
    for compute in (sw_turnover_pct, sw_vacancy_pct, sw_agency_pct, caseload_avg, supervision_on_time_pct):
        row = only_row(compute(data, D))
        assert row["denominator"] == 0
        assert row["value"] is None


def test_turnover_above_100_percent_is_kept():
    data = care_data(
        workforce=pl.DataFrame(
            [month_row(2025, 3, sw=4.0, vacant=0.0, agency=0.0, leavers=6.0, cases=10, due=1, on_time=1)]
        )
    )
    row = only_row(sw_turnover_pct(data, D))
    assert row["value"] == pytest.approx(150.0)


def test_workforce_intervals_are_null(workforce_year):
    # FTEs are not counts of independent trials: no Wilson interval for staff figures.
    for compute in (sw_turnover_pct, sw_vacancy_pct, sw_agency_pct, caseload_avg, supervision_on_time_pct):
        row = only_row(compute(workforce_year, D))
        assert row["value"] is not None
        assert (row["ci_low"], row["ci_high"]) == (None, None)


def test_workforce_entries_count_staff_not_children():
    workforce_ids = {
        "sw_turnover_pct",
        "sw_vacancy_pct",
        "sw_agency_pct",
        "caseload_avg",
        "supervision_on_time_pct",
    }
    entries = catalogue()
    for indicator_id in workforce_ids:
        assert entries[indicator_id].counts_children is False
        assert entries[indicator_id].breakdowns == ()
        assert entries[indicator_id].frequency == "quarterly"
    assert entries["supervision_on_time_pct"].public is False
