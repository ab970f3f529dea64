"""Youth justice and missing indicators, each against a few children worked out on paper."""

from __future__ import annotations

import polars as pl
import pytest

from metrics.catalogue import CHILD_BREAKDOWNS
from metrics.data import care_data
from metrics.indicators.justice_missing import (
    away_pct,
    convicted_pct,
    missing_incidents_per_child,
    missing_pct,
)
from tests.metrics.episode_builders import chain, data_with, day, group_numerator_sums, headline

D = day("30/09/2025")  # S = 01/10/2024
YEAR_END = day("31/03/2025")


def assert_breakdowns_add_up(tidy: pl.DataFrame) -> None:
    top = headline(tidy)["numerator"]
    assert set(group_numerator_sums(tidy)) == set(CHILD_BREAKDOWNS)
    assert all(total == pytest.approx(top) for total in group_numerator_sums(tidy).values())


def oc2(*rows: tuple[str, int, str, bool | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"child": c, "year": y, "dob": day(dob), "convicted": convicted} for c, y, dob, convicted in rows],
        schema={"child": pl.String, "year": pl.Int64, "dob": pl.Date, "convicted": pl.Boolean},
    )


def test_convicted_share_of_oc2_rows_aged_10_to_17() -> None:
    data = data_with(
        chain("ten", [("01/01/2020", "S", "U1")]),
        oc2=oc2(
            ("ten", 2025, "31/03/2015", True),  # 10 on 31/03/2025
            ("nine", 2025, "01/04/2015", True),  # 9: outside
            ("seventeen", 2025, "01/04/2007", False),  # 17
            ("eighteen", 2025, "31/03/2007", True),  # 18: outside
            ("last_year", 2024, "01/01/2012", True),  # another YEAR
        ),
    )
    tidy = convicted_pct(data, YEAR_END)
    top = headline(tidy)
    assert (top["numerator"], top["denominator"], top["value"]) == (1, 2, 50)
    assert set(tidy["period_end"].to_list()) == {YEAR_END}
    assert_breakdowns_add_up(tidy)


def test_convicted_without_oc2_rows_is_null() -> None:
    assert headline(convicted_pct(care_data(), YEAR_END))["value"] is None


def missing_data():
    return data_with(
        chain("twice", [("01/01/2020", "S", "U1")]),
        chain("on_d", [("01/01/2020", "S", "U1")], end="01/06/2025", rec="E4A"),  # left, still in cohort
        chain("before_s", [("01/01/2020", "S", "U1")]),
        chain("none", [("01/01/2020", "S", "U1")]),
        chain("short_break", [("01/01/2020", "S", "U1")], ls="V3"),  # worked example 3
        chain("left_before_s", [("01/01/2020", "S", "U1")], end="30/09/2024", rec="E4A"),
        missing=pl.DataFrame(
            {
                "child": ["twice", "twice", "on_d", "on_d", "before_s", "short_break", "left_before_s"],
                "missing": ["M", "M", "M", "A", "M", "M", "M"],
                "mis_start": [
                    day(text)
                    for text in (
                        "01/10/2024",
                        "15/03/2025",
                        "30/09/2025",
                        "01/01/2025",
                        "30/09/2024",
                        "01/01/2025",
                        "01/01/2025",
                    )
                ],
            }
        ),
    )


def test_missing_share_of_children_looked_after_during_period() -> None:
    tidy = missing_pct(missing_data(), D)
    top = headline(tidy)
    assert (top["numerator"], top["denominator"], top["value"]) == (2, 4, 50)
    assert_breakdowns_add_up(tidy)


def test_missing_incidents_per_child_who_went_missing() -> None:
    tidy = missing_incidents_per_child(missing_data(), D)
    top = headline(tidy)
    assert (top["numerator"], top["denominator"], top["value"]) == (3, 2, 1.5)
    assert top["ci_low"] is None
    assert_breakdowns_add_up(tidy)


def test_away_share() -> None:
    top = headline(away_pct(missing_data(), D))
    assert (top["numerator"], top["denominator"], top["value"]) == (1, 4, 25)


def test_nobody_missing_gives_null_mean_and_zero_share() -> None:
    data = data_with(chain("a", [("01/01/2020", "S", "U1")]))
    assert headline(missing_incidents_per_child(data, D))["value"] is None
    assert headline(missing_pct(data, D))["value"] == 0
    assert headline(missing_pct(care_data(), D))["value"] is None
