"""Early warning (Making Data Count SPC), each case worked out by hand; the arithmetic is beside each series.

XmR: centre = mean; limits = mean ± 2.66 × mean moving range (MR̄); "close to a limit" = mean ± (2/3) × 2.66
× MR̄ (two sigma). p-chart: p̄ = Σ numerators / Σ denominators; limits p̄ ± 3 √(p̄(1 − p̄)/nᵢ).
"""

from __future__ import annotations

import dataclasses
from datetime import date

import polars as pl
import pytest

from metrics.catalogue import catalogue
from metrics.early_warning import (
    MIN_POINTS,
    Assurance,
    Chart,
    Variation,
    assess,
    assurance_signal,
    chart_for,
    control_chart,
    early_warning_frame,
    p_limits,
    xmr_limits,
)
from metrics.periods import quarter_ends

DAYS = quarter_ends(date(2021, 3, 31), date(2026, 12, 31))
ADOPTION = catalogue()["adoption_days_avg"]  # days, lower is better: an XmR series
PLACEMENTS = catalogue()["placements_3plus_pct"]  # percent of children, lower is better: a p-chart


def higher_is_better(entry):
    return dataclasses.replace(entry, polarity="higher")


def series_rows(values, *, numerators=None, denominators=None, target=None, status="met", indicator="x"):
    n = len(values)
    return pl.DataFrame(
        {
            "indicator": [indicator] * n,
            "breakdown": ["all"] * n,
            "group": ["all"] * n,
            "period_end": DAYS[:n],
            "numerator": numerators or [None] * n,
            "denominator": denominators or [None] * n,
            "value": values,
            "target": [target] * n,
            "status": [status] * n,
        },
        schema={
            "indicator": pl.String, "breakdown": pl.String, "group": pl.String, "period_end": pl.Date,
            "numerator": pl.Float64, "denominator": pl.Float64, "value": pl.Float64, "target": pl.Float64,
            "status": pl.String,
        },
    )  # fmt: skip


# Sum 144, mean 12. Moving ranges 2,1,2,1,2,3,1,1,1,1,2: sum 17 over 11, MR̄ = 1.545454…
# Limits 12 ± 2.66 × 17/11 = 12 ± 4.110909: 7.889091 to 16.110909. Two sigma 12 ± 2.740606.
STEADY = [10, 12, 11, 13, 12, 14, 11, 12, 13, 12, 11, 13]


def test_xmr_limits_are_the_mean_plus_and_minus_2_66_mean_moving_ranges():
    limits = xmr_limits(STEADY)
    assert limits.mean == pytest.approx(12.0)
    assert limits.upper[0] == pytest.approx(16.110909, abs=1e-6)
    assert limits.lower[0] == pytest.approx(7.889091, abs=1e-6)
    assert limits.upper_near[0] == pytest.approx(14.740606, abs=1e-6)
    assert limits.lower_near[0] == pytest.approx(9.259394, abs=1e-6)
    judged = assess(STEADY, limits)
    assert judged.rules == [[] for _ in STEADY]
    assert judged.latest_side is None


def test_a_point_beyond_the_upper_limit_is_special_cause():
    # 20 added: sum 164 over 13, mean 12.615385; moving ranges 17 + 7 = 24 over 12, MR̄ = 2;
    # upper limit 12.615385 + 5.32 = 17.935385, and 20 lies beyond it.
    values = [*STEADY, 20]
    limits = xmr_limits(values)
    assert limits.upper[-1] == pytest.approx(17.935385, abs=1e-6)
    judged = assess(values, limits)
    assert judged.rules[-1] == ["beyond_limits"]
    assert judged.latest_side == "high"


def test_a_run_of_seven_on_one_side_of_the_mean_is_a_shift():
    # Sum 58, mean 4.8333: the last seven (6,5,6,5,6,5,6) all lie above it; the first five alternate.
    # Moving ranges 2,2,2,2,3,1,1,1,1,1,1 = 17, MR̄ 1.5455: limits 0.722 to 8.944, two sigma 2.093 to 7.574.
    values = [3, 5, 3, 5, 3, 6, 5, 6, 5, 6, 5, 6]
    judged = assess(values, xmr_limits(values))
    assert [("shift" in rules) for rules in judged.rules] == [False] * 5 + [True] * 7
    assert judged.rules[-1] == ["shift"]
    assert judged.latest_side == "high"


def test_a_run_of_six_is_not_a_shift():
    # Sum 56, mean 4.6667: 5,6,5,6,5,6 above it is only six points; 4 before them is below.
    values = [3, 5, 3, 5, 3, 4, 5, 6, 5, 6, 5, 6]
    judged = assess(values, xmr_limits(values))
    assert judged.rules == [[] for _ in values]


def test_six_points_rising_is_a_trend():
    # 3,4,5,6,7,8: six points, five rising steps. Mean 5.5, MR̄ 12/11, two sigma 3.5655 to 7.4345: only the
    # 8 is beyond it among the last three, so no "2 of 3"; 6,7,8 above the mean is no run of 7.
    values = [6, 5, 6, 5, 6, 5, 3, 4, 5, 6, 7, 8]
    judged = assess(values, xmr_limits(values))
    assert [("trend" in rules) for rules in judged.rules] == [False] * 6 + [True] * 6
    assert judged.rules[-1] == ["trend"]
    assert judged.latest_side == "high"


def test_five_points_rising_is_not_a_trend():
    values = [6, 5, 6, 5, 6, 5, 6, 4, 5, 6, 7, 8]
    judged = assess(values, xmr_limits(values))
    assert judged.rules == [[] for _ in values]


def test_two_of_three_beyond_two_sigma_on_one_side():
    # 10,11 six times then 14,11,14: sum 165 over 15, mean 11.0; moving ranges 11 × 1 + 3 + 3 + 3 = 20
    # over 14, MR̄ 1.428571; limits 11 ± 3.8 (up to 14.8), two sigma 11 ± 2.533333 (up to 13.533333).
    # 14 and 14 lie between the two: two of the last three close to the upper limit, none beyond it.
    values = [10, 11] * 6 + [14, 11, 14]
    limits = xmr_limits(values)
    assert limits.upper[0] == pytest.approx(14.8)
    assert limits.upper_near[0] == pytest.approx(13.533333, abs=1e-6)
    judged = assess(values, limits)
    assert judged.rules[12] == ["two_of_three"]
    assert judged.rules[13] == []
    assert judged.rules[14] == ["two_of_three"]
    assert judged.latest_side == "high"


# n 40, 50, 60 four times (600 in all), 20% each time: p̄ = 120/600 = 0.2.
# n = 40: 3√(0.2 × 0.8 / 40) = 3 × 0.0632456 = 0.189737: limits 1.03% to 38.97%.
# n = 50: 3 × 0.0565685 = 0.169706: 3.03% to 36.97%.   n = 60: 3 × 0.0516398 = 0.154919: 4.51% to 35.49%.
DENOMINATORS = [40, 50, 60] * 4
NUMERATORS = [8, 10, 12] * 4


def test_p_chart_limits_step_with_each_denominator():
    limits = p_limits(NUMERATORS, DENOMINATORS)
    assert limits.mean == pytest.approx(20.0)
    assert limits.upper[:3] == pytest.approx([38.9737, 36.9706, 35.4919], abs=1e-4)
    assert limits.lower[:3] == pytest.approx([1.0263, 3.0294, 4.5081], abs=1e-4)
    judged = assess([100 * a / b for a, b in zip(NUMERATORS, DENOMINATORS, strict=True)], limits)
    assert judged.rules == [[] for _ in DENOMINATORS]


def test_p_chart_point_beyond_its_limit():
    # The last quarter 24 of 60 (40%): p̄ = 132/600 = 0.22;
    # n = 60: 3√(0.22 × 0.78/60) = 0.160437, upper limit 38.04%.
    numerators = [*NUMERATORS[:-1], 24]
    rows = series_rows(
        [100 * a / b for a, b in zip(numerators, DENOMINATORS, strict=True)],
        numerators=numerators,
        denominators=DENOMINATORS,
    )
    points = control_chart(rows, PLACEMENTS)
    assert points.get_column("upper")[-1] == pytest.approx(38.0437, abs=1e-4)
    assert points.get_column("rules")[-1].to_list() == ["beyond_limits"]
    assert points.get_column("side")[-1] == "high"


def test_the_chart_follows_the_unit():
    assert chart_for(PLACEMENTS) is Chart.P
    assert chart_for(ADOPTION) is Chart.XMR
    assert chart_for(catalogue()["sw_vacancy_pct"]) is Chart.XMR  # staff FTEs are not counts of children


@pytest.mark.parametrize(
    ("polarity", "target", "expected"),
    [
        ("higher", 7.0, Assurance.PASSING),  # below the lower limit 7.89: every point passes
        ("higher", 18.0, Assurance.FAILING),  # above the upper limit 16.11: none can reach it
        ("higher", 13.0, Assurance.HIT_AND_MISS),
        ("lower", 17.0, Assurance.PASSING),
        ("lower", 7.0, Assurance.FAILING),
        ("lower", 12.0, Assurance.HIT_AND_MISS),
        ("context", 12.0, Assurance.NO_TARGET),
        ("higher", None, Assurance.NO_TARGET),
    ],
)
def test_assurance_is_where_the_target_lies_against_the_limits(polarity, target, expected):
    assert assurance_signal(target, 7.889091, 16.110909, polarity, MIN_POINTS) is expected


def test_signals_at_each_date_rest_on_the_points_up_to_it():
    values = [*STEADY, 20]
    rows = series_rows(values, target=11.0, status="off_track", indicator="adoption_days_avg")
    signals = early_warning_frame(rows, {"adoption_days_avg": ADOPTION}).sort("period_end")

    assert signals.height == 13
    assert signals.get_column("points").to_list() == list(range(1, 14))
    # Eleven points are too few to judge; at twelve the series is steady; the thirteenth is beyond the limit.
    assert set(signals.get_column("variation")[:11]) == {Variation.TOO_FEW}
    assert set(signals.get_column("assurance")[:11]) == {Assurance.TOO_FEW}
    assert signals.get_column("variation")[11] == Variation.COMMON
    assert signals.get_column("upper")[11] == pytest.approx(16.110909, abs=1e-6)
    last = signals.row(-1, named=True)
    assert last["variation"] == Variation.CONCERNING  # days of waiting going up: lower is better
    assert last["rules"] == ["beyond_limits"]
    assert last["assurance"] == Assurance.HIT_AND_MISS  # 11 lies inside 7.30 to 17.94
    assert last["worse_and_worsening"] is True


def test_the_same_series_is_improving_when_higher_is_better():
    rows = series_rows([*STEADY, 20], target=11.0, status="off_track", indicator="adoption_days_avg")
    entry = higher_is_better(ADOPTION)
    last = early_warning_frame(rows, {"adoption_days_avg": entry}).sort("period_end").row(-1, named=True)
    assert last["variation"] == Variation.IMPROVING
    assert last["worse_and_worsening"] is False


def test_context_indicators_are_unusually_high_or_low_not_better_or_worse():
    rows = series_rows([*STEADY, 20], indicator="cla_count")
    last = (
        early_warning_frame(rows, {"cla_count": catalogue()["cla_count"]})
        .sort("period_end")
        .row(-1, named=True)
    )
    assert last["variation"] == Variation.HIGHER
    assert last["assurance"] == Assurance.NO_TARGET


def test_missing_values_are_left_out_and_too_few_points_draw_no_limits():
    rows = series_rows([*STEADY[:10], None, None])
    points = control_chart(rows, ADOPTION)
    assert points.height == 10
    assert points.get_column("upper").is_null().all()
