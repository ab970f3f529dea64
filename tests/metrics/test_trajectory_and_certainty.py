"""The glide path from baseline to the final-year target, and how sure a status is, worked by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from metrics.catalogue import catalogue
from metrics.targets import Certainty, trajectory_frame, with_certainty, with_trajectory

# Baseline 12.7 at 31 March 2024 (the plan's first year is 2025), final target 9.7 at 31 March 2027:
# 36 months, 3.0 points down, so 0.25 points a quarter.
PLAN = pl.DataFrame(
    {
        "indicator": ["placements_3plus_pct"] * 3 + ["long_term_stability_pct"] * 3,
        "year": [2025, 2026, 2027] * 2,
        "baseline": [12.7, 12.7, 12.7, None, None, None],
        "target": [11.7, 10.7, 9.7, 55.0, 58.0, 60.0],
    }
)


def rows(indicator, days, values, **extra):
    n = len(days)
    return pl.DataFrame(
        {"indicator": [indicator] * n, "period_end": days, "value": values, **extra},
        schema_overrides={"period_end": pl.Date, "value": pl.Float64},
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 3, 31), 12.7),
        (date(2024, 6, 30), 12.45),  # 3 of 36 months: 12.7 - 3.0 × 3/36
        (date(2025, 9, 30), 11.2),  # 18 of 36 months: half way
        (date(2027, 3, 31), 9.7),
        (date(2027, 9, 30), 9.7),  # after the plan: the final target
    ],
)
def test_glide_path_runs_straight_from_the_baseline_to_the_final_target(day, expected):
    path = trajectory_frame(PLAN, [day])
    assert path.get_column("indicator").to_list() == ["placements_3plus_pct"]  # no baseline: no path
    assert path.get_column("trajectory")[0] == pytest.approx(expected)


def test_no_trajectory_before_the_plan_started_and_on_trajectory_follows_polarity():
    frame = rows(
        "placements_3plus_pct",
        [date(2023, 12, 31), date(2025, 9, 30), date(2025, 9, 30)],
        [14.0, 11.2, 11.3],
    )
    result = with_trajectory(frame, PLAN, catalogue())
    assert result.get_column("trajectory").to_list()[0] is None
    # Lower is better: 11.2 on the path counts as on it, 11.3 is behind.
    assert result.get_column("on_trajectory").to_list() == [None, True, False]


def certainty_of(indicator, value, target, status, *, denominator=None, low=None, high=None):
    frame = pl.DataFrame(
        {
            "indicator": [indicator], "value": [value], "target": [target], "status": [status],
            "denominator": [denominator], "ci_low": [low], "ci_high": [high],
        },
        schema_overrides={"denominator": pl.Float64, "ci_low": pl.Float64, "ci_high": pl.Float64},
    )  # fmt: skip
    return with_certainty(frame, catalogue()).get_column("certainty")[0]


def test_status_certainty():
    # 90.7% (39 of 43) against 90.9%: the Wilson interval 78.4% to 96.3% holds the target.
    assert certainty_of(
        "visits_on_time_pct", 90.7, 90.9, "off_track", denominator=43, low=78.4, high=96.3
    ) == (Certainty.TOO_CLOSE)
    # 1 pupil of 1 "met": too few children to say anything.
    assert certainty_of("ks2_expected_pct", 100.0, 60.0, "met", denominator=1, low=20.7, high=100.0) == (
        Certainty.TOO_FEW
    )
    assert certainty_of(
        "visits_on_time_pct", 70.0, 90.0, "off_track", denominator=60, low=57.5, high=80.1
    ) == (Certainty.CLEAR)
    # A count within two children of its target.
    assert certainty_of("permanent_exclusion_count", 2.0, 0.0, "off_track") == Certainty.TOO_CLOSE
    assert certainty_of("permanent_exclusion_count", 5.0, 0.0, "off_track") == Certainty.CLEAR
    # Staff figures are not judged by the number of children; a mean on enough children has no interval.
    assert certainty_of("caseload_avg", 14.3, 13.6, "off_track", denominator=6.5) == Certainty.NO_INTERVAL
    assert certainty_of("cla_count", 60.0, None, "no_target") is None
