"""Stability and permanence indicators, each against a few children worked out on paper.

Reporting date D = 30/09/2025 throughout, so the period starts S = 01/10/2024 (shared/indicators.md).
"""

from __future__ import annotations

import polars as pl
import pytest

from metrics.catalogue import CHILD_BREAKDOWNS
from metrics.data import care_data
from metrics.indicators.stability import (
    adoption_days_avg,
    ceased_count,
    cla_count,
    cla_rate_per_10k,
    foster_placement_pct,
    left_to_permanence_pct,
    long_term_stability_pct,
    off_island_pct,
    placements_3plus_pct,
    residential_placement_pct,
    returned_home_pct,
    started_count,
)
from metrics.tidy import TIDY_COLUMNS
from tests.metrics.episode_builders import chain, data_with, day, group_numerator_sums, headline

D = day("30/09/2025")

WORKED_EXAMPLE_1 = chain(
    "ex1",
    [
        ("03/02/2022", "S", "U4"),
        ("15/11/2024", "P", "U6"),
        ("20/01/2025", "T", "U4"),
        ("01/06/2025", "L", "U4"),
    ],
)
WORKED_EXAMPLE_2 = chain(
    "ex2", [("10/08/2021", "S", "U6"), ("15/01/2022", "P", "U4"), ("01/03/2024", "B", "A4")]
)
WORKED_EXAMPLE_3 = chain("ex3", [("01/01/2025", "S", "U4")], ls="V3")
WORKED_EXAMPLE_5 = chain(
    "ex5", [("01/12/2024", "S", "U6"), ("10/02/2025", "P", "T1"), ("20/02/2025", "P", "U6")]
)


def assert_breakdowns_add_up(tidy: pl.DataFrame) -> None:
    top = headline(tidy)["numerator"]
    sums = group_numerator_sums(tidy)
    assert set(sums) == set(CHILD_BREAKDOWNS)
    assert all(total == pytest.approx(top) for total in sums.values())


def test_cla_count_counts_open_on_d_and_not_short_breaks() -> None:
    data = data_with(
        chain("open", [("01/01/2020", "S", "U1")]),
        chain("ends_on_d", [("01/01/2020", "S", "U1")], end="30/09/2025", rec="E4A"),  # DEC = D: not open
        chain("starts_on_d", [("30/09/2025", "S", "K2")]),
        WORKED_EXAMPLE_3,  # V3 only: "in no looked-after count at all"
    )
    tidy = cla_count(data, D)
    assert tidy.columns == TIDY_COLUMNS
    top = headline(tidy)
    assert (top["numerator"], top["denominator"], top["value"]) == (2, None, 2)
    assert_breakdowns_add_up(tidy)
    placement = dict(
        tidy.filter(pl.col("breakdown") == "placement_type").select("group", "value").iter_rows()
    )
    assert placement == {"Foster": 1, "Residential": 1}


def test_cla_count_of_nobody_is_zero_not_null() -> None:
    top = headline(cla_count(care_data(), D))
    assert (top["numerator"], top["value"]) == (0, 0)


def test_cla_rate_uses_the_population_of_the_year_of_d_only() -> None:
    episodes = [chain("a", [("01/01/2020", "S", "U1")]), chain("b", [("01/01/2021", "S", "U1")])]
    earlier_only = pl.DataFrame({"year": [2024, 2025, 2027], "children_under_18": [10_000, 20_000, 1]})
    tidy = cla_rate_per_10k(data_with(*episodes, population=earlier_only), D)  # YEAR of D is 2026: absent
    assert tidy.height == 1  # no population by group, so no breakdowns
    assert headline(tidy)["numerator"] == 2
    assert headline(tidy)["value"] is None
    exact = pl.DataFrame({"year": [2025, 2026], "children_under_18": [20_000, 25_000]})
    assert headline(cla_rate_per_10k(data_with(*episodes, population=exact), D))["value"] == pytest.approx(
        0.8
    )


@pytest.mark.parametrize("population", [None, pl.DataFrame({"year": [2026], "children_under_18": [0]})])
def test_cla_rate_without_population_is_null(population: pl.DataFrame | None) -> None:
    frames = {} if population is None else {"population": population}
    top = headline(cla_rate_per_10k(data_with(chain("a", [("01/01/2020", "S", "U1")]), **frames), D))
    assert top["numerator"] == 1
    assert top["value"] is None


def test_started_count_counts_periods_starting_in_period() -> None:
    data = data_with(
        chain("on_s", [("01/10/2024", "S", "U1")]),
        chain("day_before_s", [("30/09/2024", "S", "U1"), ("01/01/2025", "L", "U1")]),  # L is not a start
        chain("on_d", [("30/09/2025", "S", "U1")]),
        chain("short_break", [("01/01/2025", "S", "U1")], ls="V4"),
        chain("twice", [("01/11/2024", "S", "U1")], end="01/12/2024", rec="E4A")
        + chain("twice", [("01/02/2025", "S", "U2")]),
    )
    tidy = started_count(data, D)
    assert headline(tidy)["numerator"] == 4  # on_s, on_d and twice (twice)
    assert_breakdowns_add_up(tidy)


def test_ceased_count_counts_last_episode_not_x1() -> None:
    data = data_with(
        chain("on_s", [("01/01/2024", "S", "U1")], end="01/10/2024", rec="E4A"),
        chain("on_d", [("01/01/2024", "S", "U1"), ("01/03/2025", "P", "U2")], end="30/09/2025", rec="E11"),
        chain("before_s", [("01/01/2024", "S", "U1")], end="30/09/2024", rec="E4A"),
        chain("after_d", [("01/01/2024", "S", "U1")], end="01/10/2025", rec="E4A"),
        chain("x1_inside", [("01/01/2024", "S", "U1"), ("01/02/2025", "L", "U1")]),  # still in care
        chain("short_break", [("01/01/2025", "S", "U1")], end="02/01/2025", rec="E4A", ls="V3"),
    )
    tidy = ceased_count(data, D)
    assert headline(tidy)["numerator"] == 2
    assert_breakdowns_add_up(tidy)


def test_placements_3plus_worked_examples_1_2_5() -> None:
    data = data_with(
        WORKED_EXAMPLE_1,  # 3 placements: yes
        WORKED_EXAMPLE_2,  # 1 placement
        WORKED_EXAMPLE_5,  # 2 placements: the T1 episode is not counted
        # Not looked after at D, so outside the denominator however many placements it had.
        chain(
            "left",
            [
                ("01/11/2024", "S", "U1"),
                ("01/12/2024", "P", "U2"),
                ("01/01/2025", "P", "U3"),
                ("01/02/2025", "P", "U4"),
            ],
            end="01/03/2025",
            rec="E4A",
        ),
    )
    tidy = placements_3plus_pct(data, D)
    top = headline(tidy)
    assert (top["numerator"], top["denominator"]) == (1, 3)
    assert top["value"] == pytest.approx(100 / 3)
    assert top["ci_low"] < top["value"] < top["ci_high"]
    assert_breakdowns_add_up(tidy)


def test_long_term_stability_carer_and_adoption_rule() -> None:
    data = data_with(
        WORKED_EXAMPLE_1,  # carer since 15/11/2024: not stable
        WORKED_EXAMPLE_2,  # adoptive placement plus the carer before it since 15/01/2022: stable
        # Period of care started exactly 30 months before D, carer exactly 24 months: in, and stable.
        chain("boundary", [("30/03/2023", "S", "U4"), ("30/09/2023", "P", "U5")]),
        chain("too_recent", [("31/03/2023", "S", "U4")]),  # 30 months less a day: outside the cohort
        chain("aged_16", [("01/01/2015", "S", "U4")]),  # 16 on D: outside the cohort
        dobs={"ex1": "01/01/2012", "ex2": "01/01/2020", "boundary": "01/01/2015", "aged_16": "30/09/2009"},
    )
    tidy = long_term_stability_pct(data, D)
    top = headline(tidy)
    assert (top["numerator"], top["denominator"]) == (2, 3)
    assert_breakdowns_add_up(tidy)


def test_long_term_stability_adoptive_placement_with_a_new_carer_only() -> None:
    # Placed for adoption straight from the first carer; that carer began 30/09/2023 = D - 24 months.
    data = data_with(
        chain("a", [("01/01/2023", "S", "U4"), ("30/09/2023", "P", "U4"), ("01/05/2025", "B", "A6")])
    )
    assert headline(long_term_stability_pct(data, D))["value"] == 100


def test_long_term_stability_zero_denominator_is_null() -> None:
    data = data_with(chain("new", [("01/09/2025", "S", "U4")]))
    top = headline(long_term_stability_pct(data, D))
    assert (top["numerator"], top["denominator"], top["value"], top["ci_low"]) == (0, 0, None, None)


def test_foster_and_residential_shares_of_children_at_d() -> None:
    data = data_with(
        chain("foster", [("01/01/2025", "S", "U2")]),
        chain("home", [("01/01/2025", "S", "K2")]),
        chain("school", [("01/01/2025", "S", "S1")]),
        chain("parents", [("01/01/2025", "S", "P1")]),
        chain("was_foster", [("01/01/2025", "S", "U3")], end="01/09/2025", rec="E4B"),
        WORKED_EXAMPLE_3,
    )
    foster, residential = foster_placement_pct(data, D), residential_placement_pct(data, D)
    assert (headline(foster)["numerator"], headline(foster)["denominator"]) == (1, 4)
    assert (headline(residential)["numerator"], headline(residential)["denominator"]) == (2, 4)
    assert_breakdowns_add_up(foster)
    assert_breakdowns_add_up(residential)


def test_off_island_share_of_children_with_postcode() -> None:
    data = data_with(
        chain("jersey", [("01/01/2025", "S", "U2")], pl_post="JE2"),
        chain("lower_case_jersey", [("01/01/2025", "S", "U2")], pl_post=" je3"),
        chain("england", [("01/01/2025", "S", "K2")], pl_post="PL4"),
        chain("unknown", [("01/01/2025", "S", "K2")], pl_post=None),
        chain("empty", [("01/01/2025", "S", "K2")], pl_post=""),
    )
    tidy = off_island_pct(data, D)
    assert (headline(tidy)["numerator"], headline(tidy)["denominator"]) == (1, 3)
    assert_breakdowns_add_up(tidy)


def _leavers():
    return data_with(
        chain("adopted", [("01/01/2023", "S", "U4"), ("01/07/2024", "B", "A4")], end="01/03/2025", rec="E11"),
        chain("sgo", [("01/01/2023", "S", "U1")], end="01/10/2024", rec="E45"),
        chain("cao", [("01/01/2023", "S", "U1")], end="30/09/2025", rec="E41"),
        chain("home", [("01/01/2023", "S", "U1")], end="01/02/2025", rec="E4A"),
        chain("family", [("01/01/2023", "S", "U1")], end="01/02/2025", rec="E13"),
        chain("before", [("01/01/2023", "S", "U1")], end="30/09/2024", rec="E11"),  # before S
    )


def test_left_to_permanence_and_returned_home() -> None:
    permanence, returned = left_to_permanence_pct(_leavers(), D), returned_home_pct(_leavers(), D)
    assert (headline(permanence)["numerator"], headline(permanence)["denominator"]) == (3, 5)
    assert headline(permanence)["value"] == pytest.approx(60)
    assert (headline(returned)["numerator"], headline(returned)["denominator"]) == (1, 5)
    assert_breakdowns_add_up(permanence)


def test_leaving_shares_with_nobody_leaving_are_null() -> None:
    data = data_with(chain("staying", [("01/01/2023", "S", "U1")]))
    for compute in (left_to_permanence_pct, returned_home_pct, adoption_days_avg):
        top = headline(compute(data, D))
        assert (top["numerator"], top["denominator"], top["value"]) == (0, 0, None)


def test_adoption_days_average_and_foster_carer_rule() -> None:
    data = data_with(
        # 01/01/2023 to the A4 placement on 01/07/2024: 365 + 182 = 547 days.
        chain(
            "new_family", [("01/01/2023", "S", "U4"), ("01/07/2024", "B", "A4")], end="01/03/2025", rec="E11"
        ),
        # A5, adopted by the current foster carer: counted from that carer's start 01/09/2023, 92 days.
        chain(
            "foster_carer",
            [("01/06/2023", "S", "U6"), ("01/09/2023", "P", "U4"), ("01/01/2025", "U", "A5")],
            end="30/09/2025",
            rec="E12",
        ),
        chain(
            "before_s", [("01/01/2022", "S", "U4"), ("01/01/2023", "B", "A4")], end="30/09/2024", rec="E11"
        ),
        chain("sgo", [("01/01/2023", "S", "U4")], end="01/03/2025", rec="E45"),
    )
    tidy = adoption_days_avg(data, D)
    top = headline(tidy)
    assert (top["numerator"], top["denominator"]) == (547 + 92, 2)
    assert top["value"] == pytest.approx(319.5)
    assert top["ci_low"] is None
    assert_breakdowns_add_up(tidy)


def test_adoption_uses_first_adoptive_placement_of_the_same_period_of_care() -> None:
    data = data_with(
        # An earlier period of care with an adoptive placement that broke down is not this one.
        chain("a", [("01/01/2020", "S", "U4"), ("01/06/2020", "P", "A4")], end="01/01/2021", rec="E8")
        + chain(
            "a",
            [("01/01/2024", "S", "U4"), ("11/01/2024", "P", "A6"), ("01/02/2024", "T", "A4")],
            end="01/03/2025",
            rec="E11",
        ),
    )
    assert headline(adoption_days_avg(data, D))["value"] == 10
