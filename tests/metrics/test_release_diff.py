"""Comparing two releases: hand-worked Wilson intervals, the counts test, children and rows per file."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest

from metrics.catalogue import catalogue
from metrics.data import care_data
from metrics.release_diff import (
    children_added_and_gone,
    common_reporting_date,
    compare_loads,
    compare_releases,
    first_load_comparison,
    row_count_changes,
)
from metrics.tidy import with_values

D = date(2026, 3, 31)


def headline(indicator: str, numerator: float, denominator: float | None, unit: str) -> pl.DataFrame:
    counts = pl.DataFrame(
        {
            "indicator": [indicator],
            "period_end": [D],
            "breakdown": ["all"],
            "group": ["all"],
            "numerator": [numerator],
            "denominator": [denominator],
        },
        schema_overrides={"denominator": pl.Float64},
    )
    return with_values(counts, unit)


def one(previous: pl.DataFrame, current: pl.DataFrame) -> dict:
    (row,) = compare_releases(previous, current).to_dicts()
    return row


def test_the_wilson_intervals_used_are_the_hand_worked_ones():
    # 10/50: p = 0.2, z² = 3.8415, 1 + z²/n = 1.07683; centre (0.2 + 0.038415) / 1.07683 = 0.22140;
    # half 1.96 √(0.2·0.8/50 + 3.8415/10000) / 1.07683 = 0.10897, so 11.24% to 33.04%.
    row = one(headline("p", 10, 50, "percent"), headline("p", 10, 50, "percent"))
    assert row["previous_ci_low"] == pytest.approx(11.24, abs=0.01)
    assert row["previous_ci_high"] == pytest.approx(33.04, abs=0.01)
    assert row["test"] == "interval"
    assert row["moved"] is False
    assert row["change"] == 0


def test_a_percentage_outside_the_previous_interval_moved():
    # 17/50 = 34% lies above the previous 10/50 interval's upper end, 33.04%.
    row = one(headline("p", 10, 50, "percent"), headline("p", 17, 50, "percent"))
    assert row["moved"] is True
    assert row["change"] == pytest.approx(14.0)


def test_the_previous_value_outside_the_current_interval_also_counts_as_moved():
    # 16/50 = 32% lies inside the previous 11.24%-33.04%, but 16/50's own interval is 20.76% to 45.81%
    # (centre 0.33284, half 0.12526) and the previous 20% lies below it: "or vice versa".
    row = one(headline("p", 10, 50, "percent"), headline("p", 16, 50, "percent"))
    assert row["current_ci_low"] == pytest.approx(20.76, abs=0.01)
    assert row["moved"] is True


def test_a_percentage_inside_both_intervals_did_not_move():
    # 15/50 = 30% is inside 11.24%-33.04%; 15/50's interval 19.10% to 43.75% holds the previous 20%.
    row = one(headline("p", 10, 50, "percent"), headline("p", 15, 50, "percent"))
    assert row["current_ci_low"] == pytest.approx(19.10, abs=0.01)
    assert row["test"] == "interval"
    assert row["moved"] is False


@pytest.mark.parametrize(
    ("unit", "before", "after", "moved"),
    [
        ("count", (69, None), (69, None), False),
        ("count", (69, None), (70, None), True),
        ("count", (69, None), (68, None), True),
        # A rate per 10,000 whose population changed moves although the children are the same 69.
        ("rate", (69, 17_720), (69, 17_720), False),
        ("rate", (69, 17_720), (69, 17_800), True),
        ("days", (4_120, 10), (4_121, 10), True),
        ("score", (140, 10), (140, 10), False),
    ],
)
def test_other_units_are_listed_at_any_change_of_a_count(unit, before, after, moved):
    row = one(headline("x", *before, unit), headline("x", *after, unit))
    assert row["test"] == "counts"
    assert row["moved"] is moved


def test_a_percentage_without_an_interval_is_judged_by_its_counts():
    # Workforce percentages are of full-time equivalents and carry no interval (metrics/indicators/workforce).
    def fte(numerator: float) -> pl.DataFrame:
        return headline("sw_turnover_pct", numerator, 69.2, "percent").with_columns(
            ci_low=pl.lit(None, pl.Float64), ci_high=pl.lit(None, pl.Float64)
        )

    same = one(fte(12.14), fte(12.14))
    assert (same["test"], same["moved"]) == ("counts", False)
    assert one(fte(12.14), fte(12.15))["moved"] is True


def test_a_denominator_that_became_zero_moved():
    row = one(headline("p", 3, 10, "percent"), headline("p", 0, 0, "percent"))
    assert row["current_value"] is None
    assert (row["test"], row["moved"]) == ("counts", True)


def test_indicators_in_one_release_only_are_listed_and_breakdowns_ignored():
    previous = pl.concat([headline("kept", 5, 50, "percent"), headline("dropped", 1, None, "count")])
    breakdown = headline("kept", 40, 50, "percent").with_columns(breakdown=pl.lit("sex"), group=pl.lit("1"))
    current = pl.concat([headline("added", 2, None, "count"), headline("kept", 5, 50, "percent"), breakdown])

    frame = compare_releases(previous, current)

    assert frame.select("indicator", "test", "moved").rows() == [
        ("added", "only_current", True),
        ("kept", "interval", False),
        ("dropped", "only_previous", True),
    ]


def test_children_added_and_gone_are_counts():
    change = children_added_and_gone(["C1", "C2", "C3"], ["C2", "C3", "C4", "C5"])
    assert change.to_dict() == {"before": 3, "after": 4, "added": 2, "gone": 1}


def test_rows_per_file_before_and_after_a_file_missing_from_one_load_counts_0():
    frame = row_count_changes({"header.csv": 72, "missing.csv": 9}, {"header.csv": 70, "visits.csv": 400})
    assert frame.rows() == [
        ("header.csv", 72, 70, -2),
        ("visits.csv", 0, 400, 400),
        ("missing.csv", 9, 0, -9),
    ]


def _looked_after(children: list[str], *, decom: date) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "child": children,
            "decom": [decom] * len(children),
            "rne": ["S"] * len(children),
            "ls": ["C2"] * len(children),
            "cin": ["N1"] * len(children),
            "place": ["U1"] * len(children),
            "place_provider": ["PR1"] * len(children),
        }
    )


def test_compare_loads_prints_counts_and_moved_indicators_but_never_a_child_id():
    header = pl.DataFrame({"child": ["A1", "A2", "A3"], "sex": [1, 2, 1], "dob": [date(2015, 1, 1)] * 3})
    # Visits from 1 April 2024 to 30 June 2025: both data sets cover the 12 months ending 30 June 2025.
    visits = pl.DataFrame({"child": ["A1", "A1"], "visit_date": [date(2024, 4, 1), date(2025, 6, 30)]})
    previous = care_data(
        header=header, episodes=_looked_after(["A1", "A2", "A3"], decom=date(2024, 1, 1)), visits=visits
    )
    current = care_data(
        header=header.slice(0, 2), episodes=_looked_after(["A1", "A2"], decom=date(2024, 1, 1)), visits=visits
    )
    entries = {key: catalogue()[key] for key in ("cla_count", "foster_placement_pct")}

    comparison = compare_loads(
        previous,
        current,
        previous_load_id=4,
        previous_row_counts={"header.csv": 3, "episodes.csv": 3},
        current_row_counts={"header.csv": 2, "episodes.csv": 2},
        previous_child_ids=["A1", "A2", "A3"],
        current_child_ids=["A1", "A2"],
        entries=entries,
    )

    assert comparison.quarter_end == common_reporting_date(previous, current) == date(2025, 6, 30)
    assert comparison.year_end == date(2025, 3, 31)
    moved = comparison.to_dict()["indicators_moved"]
    # 3 → 2 children looked after moves the count; 100% foster stays 100% (inside both intervals).
    assert [row["indicator"] for row in moved] == ["cla_count"]
    assert (moved[0]["previous"]["value"], moved[0]["current"]["value"]) == (3, 2)
    text = comparison.to_text()
    assert "(added 0, gone 1)" in text
    assert re.search(r"header\.csv +3 → +2 +-1\n", text)
    assert ": 1 of 2" in text
    assert "A3" not in text
    assert "A3" not in str(comparison.to_dict())


def test_loads_that_share_no_reporting_date_compare_no_indicator():
    def visits_in(year: int):
        return care_data(
            visits=pl.DataFrame(
                {"child": ["A1", "A1"], "visit_date": [date(year, 4, 1), date(year + 1, 3, 31)]}
            )
        )

    comparison = compare_loads(
        visits_in(2020),
        visits_in(2025),
        previous_load_id=1,
        previous_row_counts={"visits.csv": 2},
        current_row_counts={"visits.csv": 2},
        previous_child_ids=["A1"],
        current_child_ids=["A1"],
        entries={"cla_count": catalogue()["cla_count"]},
    )

    assert comparison.quarter_end is None
    assert comparison.to_dict()["indicators_moved"] == []
    assert "not compared, the two loads share no reporting date" in comparison.to_text()


def test_the_first_load_says_there_is_nothing_to_compare():
    comparison = first_load_comparison()
    assert "nothing to compare, this is the first load" in comparison.to_text()
    assert comparison.to_dict()["first_load"] is True
    assert comparison.to_dict()["indicators_moved"] == []
