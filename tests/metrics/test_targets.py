"""Targets, status and comparators (shared/indicators.md, "Targets and RAG"), worked by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from tiny_catalogue import tiny_catalogue

from metrics.targets import plan_year_expr, with_comparators, with_plan, with_targets

ENTRIES = tiny_catalogue()


def rows(
    indicator: str, period_end: date, values: list[float | None], breakdown: str = "all"
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator": [indicator] * len(values),
            "period_end": [period_end] * len(values),
            "breakdown": [breakdown] * len(values),
            "group": [f"g{i}" if breakdown != "all" else "all" for i in range(len(values))],
            "value": values,
        },
        schema_overrides={"value": pl.Float64},
    )


def targets(*entries: tuple[str, int, float | None, float | None]) -> pl.DataFrame:
    return pl.DataFrame(
        entries,
        schema={"indicator": pl.String, "year": pl.Int64, "baseline": pl.Float64, "target": pl.Float64},
        orient="row",
    )


def statuses(frame: pl.DataFrame, plan: pl.DataFrame) -> list[str]:
    return with_targets(frame, plan, ENTRIES).get_column("status").to_list()


@pytest.mark.parametrize(
    ("period_end", "plan_year"),
    [
        (date(2025, 3, 31), 2025),
        (date(2025, 6, 30), 2026),
        (date(2025, 9, 30), 2026),
        (date(2024, 12, 31), 2025),
    ],
)
def test_plan_year_is_the_year_ending_31_march_that_contains_the_date(period_end, plan_year):
    frame = pl.DataFrame({"period_end": [period_end]})
    assert frame.select(plan_year_expr(pl.col("period_end"))).item() == plan_year


def test_higher_is_better_with_a_baseline():
    # Baseline 60, target 80: the distance is 20, so near is within 2 points short of 80.
    frame = rows("fostered_pct", date(2025, 3, 31), [80.0, 85.0, 78.0, 77.9, 50.0, None])
    plan = targets(("fostered_pct", 2025, 60.0, 80.0))
    assert statuses(frame, plan) == ["met", "met", "near", "off_track", "off_track", "no_data"]


def test_lower_is_better_with_a_baseline():
    # sdq_mean is "lower is better": baseline 16, target 14, near up to 14.2.
    frame = rows("sdq_mean", date(2025, 3, 31), [14.0, 13.0, 14.2, 14.3])
    plan = targets(("sdq_mean", 2025, 16.0, 14.0))
    assert statuses(frame, plan) == ["met", "met", "near", "off_track"]


def test_without_a_baseline_a_percentage_is_near_within_two_points():
    frame = rows("fostered_pct", date(2025, 3, 31), [79.0, 78.0, 77.9])
    plan = targets(("fostered_pct", 2025, None, 80.0))
    assert statuses(frame, plan) == ["near", "near", "off_track"]


def test_without_a_baseline_another_unit_is_near_within_two_percent_of_the_target():
    # Target 10 (lower is better): 2% of 10 is 0.2.
    frame = rows("sdq_mean", date(2025, 3, 31), [10.2, 10.3])
    plan = targets(("sdq_mean", 2025, None, 10.0))
    assert statuses(frame, plan) == ["near", "off_track"]


def test_context_indicators_and_missing_targets_have_no_target():
    assert statuses(
        rows("children_open", date(2025, 3, 31), [30.0]), targets(("children_open", 2025, 1.0, 2.0))
    ) == ["no_target"]
    assert statuses(
        rows("fostered_pct", date(2025, 3, 31), [30.0]), targets(("fostered_pct", 2024, 1.0, 2.0))
    ) == ["no_target"]
    assert statuses(rows("fostered_pct", date(2025, 3, 31), [None]), targets()) == ["no_target"]


def test_the_target_of_the_plan_year_of_the_date_is_used():
    # 30/09/2025 lies in plan year 2026.
    frame = rows("fostered_pct", date(2025, 9, 30), [70.0])
    plan = targets(("fostered_pct", 2025, None, 60.0), ("fostered_pct", 2026, None, 75.0))
    joined = with_targets(frame, plan, ENTRIES)
    assert joined.get_column("target").to_list() == [75.0]
    assert joined.get_column("status").to_list() == ["off_track"]


def test_breakdown_groups_are_held_to_the_same_target():
    frame = rows("fostered_pct", date(2025, 3, 31), [90.0, 50.0], breakdown="sex")
    plan = targets(("fostered_pct", 2025, 60.0, 80.0))
    assert statuses(frame, plan) == ["met", "off_track"]


def comparators(*entries: tuple[str, int, str, float, str]) -> pl.DataFrame:
    return pl.DataFrame(
        entries,
        schema={
            "indicator": pl.String,
            "year": pl.Int64,
            "area": pl.String,
            "value": pl.Float64,
            "source": pl.String,
        },
        orient="row",
    )


def test_comparators_take_the_year_or_the_latest_before_it_per_area_and_never_a_later_one():
    frame = pl.concat(
        [rows("fostered_pct", date(2025, 3, 31), [70.0]), rows("fostered_pct", date(2023, 3, 31), [70.0])]
    )
    published = comparators(
        ("fostered_pct", 2022, "England", 71.0, "DfE 2022"),
        ("fostered_pct", 2024, "England", 68.0, "DfE 2024"),
        ("fostered_pct", 2025, "Wales", 60.0, "StatsWales 2025"),
        ("fostered_pct", 2026, "England", 99.0, "from the future"),
        ("health_pct", 2025, "England", 90.0, "another indicator"),
    )
    found = with_comparators(frame, published).get_column("comparators").to_list()
    assert found[0] == [
        {"area": "England", "year": 2024, "value": 68.0, "source": "DfE 2024"},
        {"area": "Wales", "year": 2025, "value": 60.0, "source": "StatsWales 2025"},
    ]
    assert found[1] == [{"area": "England", "year": 2022, "value": 71.0, "source": "DfE 2022"}]


def test_comparators_only_on_the_headline():
    frame = pl.concat(
        [
            rows("fostered_pct", date(2025, 3, 31), [70.0]),
            rows("fostered_pct", date(2025, 3, 31), [60.0], "sex"),
        ]
    )
    published = comparators(("fostered_pct", 2024, "England", 68.0, "DfE 2024"))
    found = with_plan(frame, targets(), published, ENTRIES).get_column("comparators").to_list()
    assert len(found[0]) == 1
    assert found[1] == []
