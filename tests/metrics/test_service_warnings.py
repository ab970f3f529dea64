"""Each early-warning rule for services, on a hand-worked case (D = 31/03/2025 unless said)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from metrics.service_warnings import (
    MIN_POINTS,
    RULES,
    contract_reasons,
    cost_reasons,
    inspection_reasons,
    occupancy_reasons,
    previous_quarter_end,
    service_warnings,
    signal_reasons,
    special_cause_concerning,
)
from metrics.services import service_counts, service_series
from tests.metrics.service_fixture import D, fixture_data, services


def reasons(frame: pl.DataFrame) -> list[tuple[str, str, str]]:
    return frame.rows()


# --- inspection -------------------------------------------------------------------------------------------


def test_a_poor_grade_and_a_fall_since_the_last_are_both_reasons():
    data = fixture_data(
        services=services(
            inspection_grade=["REQUIRES_IMPROVEMENT", "GOOD", None],
            inspection_date=[date(2025, 1, 10), date(2024, 5, 1), None],
        ),
        inspections=pl.DataFrame(
            {
                "service_id": ["H1", "H1", "H2", "F1"],
                "date": [date(2023, 5, 1), date(2025, 1, 10), date(2022, 5, 1), date(2025, 6, 1)],
                "grade": ["GOOD", "REQUIRES_IMPROVEMENT", "OUTSTANDING", "INADEQUATE"],
            }
        ),
    )
    assert reasons(inspection_reasons(data, D)) == [
        ("H1", "inspection_poor", "inspected on 10 January 2025: requires improvement"),
        (
            "H1",
            "inspection_down",
            "inspection grade fell from good (1 May 2023) to requires improvement (10 January 2025)",
        ),
        # H2 fell from outstanding to good: down a grade, though good is not a poor grade.
        ("H2", "inspection_down", "inspection grade fell from outstanding (1 May 2022) to good (1 May 2024)"),
    ]  # F1's inadequate inspection is after D: not yet known at D.


def test_not_inspected_is_no_grade():
    data = fixture_data(
        inspections=pl.DataFrame(
            {
                "service_id": ["H1", "H1"],
                "date": [date(2023, 5, 1), date(2024, 5, 1)],
                "grade": ["GOOD", "NOT_INSPECTED"],
            }
        )
    )
    assert inspection_reasons(data, D).is_empty()


# --- occupancy --------------------------------------------------------------------------------------------


def _counts(placed: list[int], capacity: list[int | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"service_id": ["S1", "S2", "S3"][: len(placed)], "placed": placed, "capacity": capacity},
        schema_overrides={"capacity": pl.Int64},
    )


def test_more_children_than_places_is_over_capacity():
    now, before = _counts([3, 2, 4], [2, 2, None]), _counts([2, 2, 4], [2, 2, None])
    assert reasons(occupancy_reasons(now, before)) == [
        ("S1", "over_capacity", "3 children placed in 2 places")
    ]


def test_below_half_at_d_and_the_quarter_before_is_under_occupied():
    # S1: 1 of 4 now and 1 a quarter before: both below 2.
    # S2: 1 of 4 now but 2 before (half is not below half).
    now, before = _counts([1, 1], [4, 4]), _counts([1, 2], [4, 4])
    assert reasons(occupancy_reasons(now, before)) == [
        (
            "S1",
            "under_occupied",
            "1 of 4 places filled, and 1 a quarter before: below half for two quarters",
        )
    ]


def test_the_quarter_before():
    assert previous_quarter_end(D) == date(2024, 12, 31)
    assert previous_quarter_end(date(2025, 6, 30)) == date(2025, 3, 31)


# --- special cause ----------------------------------------------------------------------------------------


def test_a_percentage_beyond_its_upper_limit_is_concerning():
    # 11 quarters of 2 in 10, then 8 in 10. p-bar = 30 / 120 = 0.25; the last limit is
    # 0.25 + 3 x sqrt(0.25 x 0.75 / 10) = 0.25 + 0.411 = 0.661, and 0.8 is above it.
    numerators, denominators = [2] * 11 + [8], [10] * 12
    assert special_cause_concerning(numerators, denominators, percent=True) == "a point beyond the limits"


def test_a_percentage_within_its_limits_and_no_run_is_common_cause():
    # p-bar = 27 / 120 = 0.225; limit 0.225 + 3 x sqrt(0.225 x 0.775 / 10) = 0.621 > 0.5; two sigma is 0.489,
    # but only the last of three points is beyond it; the 6 points before the last are 0.2, below the centre
    # line, so there is no run and no trend.
    assert special_cause_concerning([2] * 11 + [5], [10] * 12, percent=True) is None


def test_seven_points_above_the_centre_line_are_a_run():
    # p-bar = (5 x 1 + 7 x 3) / 120 = 0.217; limit 0.217 + 3 x sqrt(0.217 x 0.783 / 10) = 0.608 and two sigma
    # 0.477, both above 0.3, but the last 7 points (0.3) are all above 0.217.
    assert special_cause_concerning([1] * 5 + [3] * 7, [10] * 12, percent=True) == (
        "a run of 7 points on one side of the mean"
    )


def test_six_points_rising_are_a_trend():
    # An XmR series of seven 1s, then 1.1, 1.2, 1.3, 1.4, 1.5: the last 1 and the five after it rise: a trend.
    # Mean 13.5 / 12 = 1.125; moving ranges 0 (x6) and 0.1 (x5) average 0.5 / 11 = 0.0455, so the upper limit
    # is 1.125 + 2.66 x 0.0455 = 1.246 (1.5 is beyond it) and two sigma 1.206 (1.3, 1.4, 1.5 are beyond it).
    # Only 4 points lie above the mean: no run.
    values = [1.0] * 7 + [1.1, 1.2, 1.3, 1.4, 1.5]
    assert special_cause_concerning(values, [1] * 12, percent=False) == (
        "a point beyond the limits, 6 points in a row rising or falling, 2 of 3 points close to a limit"
    )


def test_a_rate_beyond_its_xmr_limit_is_concerning():
    # Values 1, 2, 1, ..., 1 (11 points) then 6: mean 22 / 12 = 1.833; moving ranges ten 1s and 5, mean
    # 15 / 11 = 1.364; upper limit 1.833 + 2.66 x 1.364 = 5.461 < 6.
    values = [1, 2] * 5 + [1, 6]
    assert special_cause_concerning(values, [1] * 12, percent=False) == "a point beyond the limits"
    # The same rise is an improvement when higher is better: nothing concerning.
    assert special_cause_concerning(values, [1] * 12, percent=False, higher_is_worse=False) is None


def test_too_few_points_give_no_signal_and_empty_denominators_are_left_out():
    assert (
        special_cause_concerning([2] * (MIN_POINTS - 2) + [9], [10] * (MIN_POINTS - 1), percent=True) is None
    )
    # With one more point whose denominator is 0 the series is still one short.
    numerators = [2] * (MIN_POINTS - 2) + [0, 9]
    assert special_cause_concerning(numerators, [10] * (MIN_POINTS - 2) + [0, 10], percent=True) is None


# The 12 quarter ends from 30/06/2022 to 31/03/2025 (D).
TWELVE_QUARTERS = [
    date(2022 + (n + 1) // 4, (3, 6, 9, 12)[(n + 1) % 4], (31, 30, 30, 31)[(n + 1) % 4]) for n in range(12)
]


def test_signal_reasons_read_the_series_of_each_service_up_to_d():
    days = TWELVE_QUARTERS
    series = pl.DataFrame(
        {
            "service_id": ["H1"] * 12,
            "period_end": days,
            "unplanned": [2] * 11 + [8],
            "endings": [10] * 12,
            "unplanned_endings_pct": [20.0] * 11 + [80.0],
            "missing_incidents": [1] * 12,
            "children_served": [4] * 12,
            "missing_per_child": [0.25] * 12,
        }
    )
    assert days[-1] == date(2025, 3, 31)
    assert reasons(signal_reasons(series, days[-1])) == [
        (
            "H1",
            "unplanned_endings_signal",
            "unplanned endings 80% (8 of 10 endings) in the 12 months to 31 March 2025: "
            "a point beyond the limits",
        )
    ]
    assert signal_reasons(series, days[-2]).is_empty()  # at the point before, nothing stood out


def test_missing_incidents_beyond_their_xmr_limit_are_a_signal():
    # 2 incidents among 2 children (1 per child) for 11 quarters, then 12 (6 per child): mean 16 / 12 = 1.333,
    # moving ranges ten 0s and 5, mean 5 / 11 = 0.455; upper limit 1.333 + 2.66 x 0.455 = 2.542 < 6.
    days = TWELVE_QUARTERS
    series = pl.DataFrame(
        {
            "service_id": ["H1"] * 12,
            "period_end": days,
            "unplanned": [0] * 12,
            "endings": [0] * 12,
            "unplanned_endings_pct": [None] * 12,
            "missing_incidents": [2] * 11 + [12],
            "children_served": [2] * 12,
            "missing_per_child": [1.0] * 11 + [6.0],
        }
    )
    assert reasons(signal_reasons(series, days[-1])) == [
        (
            "H1",
            "missing_signal",
            "missing incidents 6.00 per child (12 incidents, 2 children) in the 12 months to 31 March 2025: "
            "a point beyond the limits",
        )
    ]


# --- contract and cost ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (date(2025, 9, 30), "contract ends on 30 September 2025"),  # six months after D to the day
        (date(2025, 10, 1), None),
        (date(2025, 1, 31), "contract ended on 31 January 2025 with 1 child still placed"),
    ],
)
def test_a_contract_ending_within_six_months(end, expected):
    data = fixture_data(services=services(contract_end=[end, None, None]))
    found = reasons(contract_reasons(data, service_counts(data, D), D))
    assert found == ([("H1", "contract_ending", expected)] if expected else [])


def test_an_ended_contract_with_nobody_placed_is_no_risk():
    data = fixture_data(services=services(contract_end=[None, date(2025, 1, 31), None]))
    assert contract_reasons(data, service_counts(data, D), D).is_empty()


def test_a_weekly_cost_up_by_more_than_a_tenth_in_a_year():
    # F1: £840 at D, £700 on 31/03/2024: up 20%.
    assert reasons(cost_reasons(fixture_data(), D)) == [
        ("F1", "cost_rising", "weekly cost £840, up 20% from £700 a year before")
    ]


def test_a_rise_of_exactly_a_tenth_is_not_more_than_a_tenth():
    costs = pl.DataFrame(
        {
            "service_id": ["F1", "F1"],
            "effective": [date(2024, 1, 1), date(2024, 12, 1)],
            "weekly_cost": [700.0, 770.0],
        }
    )
    assert cost_reasons(fixture_data(service_costs=costs), D).is_empty()


# --- all together -----------------------------------------------------------------------------------------


def test_service_warnings_lists_every_reason_in_rule_order():
    data = fixture_data(
        services=services(
            inspection_grade=["INADEQUATE", None, None],
            inspection_date=[date(2025, 2, 1), None, None],
            contract_end=[None, None, date(2025, 6, 30)],
        )
    )
    found = service_warnings(data, D, series=service_series(data, dates=[D]))
    assert found.select("service_id", "rule").rows() == [
        # F1: 1 of 10 places at D, 2 of 10 (A and B) at 31/12/2024.
        ("F1", "under_occupied"),
        ("F1", "contract_ending"),
        ("F1", "cost_rising"),
        ("H1", "inspection_poor"),
        # H2: no child in 3 places at D and a quarter before.
        ("H2", "under_occupied"),
    ]


def test_every_rule_is_declared_with_words():
    assert all(rule.title and rule.description for rule in RULES.values())
    assert RULES["cost_rising"].threshold == 0.10
    assert RULES["under_occupied"].threshold == 0.5
    assert RULES["contract_ending"].threshold == 6
