"""Shared terms (shared/indicators.md, "Shared terms"), each against a case worked out by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from metrics.catalogue import CHILD_BREAKDOWNS
from metrics.periods import Period
from metrics.terms import (
    age_at,
    child_attributes,
    clear_caches,
    current_carer_start,
    looked_after_at,
    looked_after_during,
    outcomes_cohort,
    periods_of_care_ended,
    periods_of_care_started,
    placements_in_period,
    with_periods_of_care,
)
from tests.metrics.episode_builders import chain, data_with, day, episodes_frame

D = day("30/09/2025")
PERIOD = Period(D)  # S = 01/10/2024


def children(frame: pl.LazyFrame) -> list[str]:
    return sorted(frame.collect()["child"].to_list())


def by_child(frame: pl.LazyFrame, column: str) -> dict[str, object]:
    return dict(frame.collect().select("child", column).iter_rows())


@pytest.mark.parametrize(
    ("dob", "on", "age"),
    [
        ("30/09/2010", "30/09/2025", 15),  # birthday on D: reached
        ("01/10/2010", "30/09/2025", 14),  # birthday the day after D: not yet
        ("31/03/2025", "31/03/2025", 0),
        ("29/02/2008", "28/02/2025", 16),  # leap-day birthday not reached until 1 March
        ("29/02/2008", "01/03/2025", 17),
    ],
)
def test_age_at_counts_whole_years(dob: str, on: str, age: int) -> None:
    frame = pl.DataFrame({"dob": [day(dob)]})
    assert frame.select(age_at(pl.col("dob"), day(on))).item() == age


def test_looked_after_at_uses_open_on_d_and_excludes_short_breaks() -> None:
    episodes = episodes_frame(
        chain("ends_on_d", [("01/01/2025", "S", "U1")], end="30/09/2025", rec="E4A"),  # DEC = D: not open
        chain("ends_after_d", [("01/01/2025", "S", "U1")], end="01/10/2025", rec="E4A"),
        chain("starts_on_d", [("30/09/2025", "S", "U1")]),
        chain("starts_after_d", [("01/10/2025", "S", "U1")]),
        chain("short_break", [("01/01/2025", "S", "U1")], ls="V3"),  # worked example 3
        chain("v4", [("01/01/2025", "S", "U1")], ls="V4"),
    )
    assert children(looked_after_at(episodes, D)) == ["ends_after_d", "starts_on_d"]


def test_looked_after_at_gives_the_open_episode() -> None:
    episodes = episodes_frame(chain("a", [("01/01/2024", "S", "U1"), ("01/06/2025", "P", "K2")]))
    row = looked_after_at(episodes, D).collect().row(0, named=True)
    assert (row["place"], row["decom"], row["period_of_care_start"]) == (
        "K2",
        day("01/06/2025"),
        day("01/01/2024"),
    )


def test_looked_after_during_includes_boundary_dates() -> None:
    episodes = episodes_frame(
        chain("ended_on_s", [("01/01/2024", "S", "U1")], end="01/10/2024", rec="E4A"),
        chain("ended_day_before_s", [("01/01/2024", "S", "U1")], end="30/09/2024", rec="E4A"),
        chain("started_on_d", [("30/09/2025", "S", "U1")]),
        chain("started_after_d", [("01/10/2025", "S", "U1")]),
        chain("short_break", [("01/01/2025", "S", "U1")], ls="V4"),
        chain("twice", [("01/01/2025", "S", "U1"), ("01/02/2025", "P", "U2")]),
    )
    during = looked_after_during(episodes, PERIOD).collect()
    assert sorted(during["child"].to_list()) == ["ended_on_s", "started_on_d", "twice"]


def test_x1_chain_forms_one_period_of_care_and_a_new_s_starts_another() -> None:
    episodes = episodes_frame(
        chain(
            "a",
            [("01/01/2020", "S", "U1"), ("01/03/2021", "L", "U1"), ("01/05/2022", "P", "K2")],
            end="01/02/2023",
            rec="E4A",
        ),
        chain("a", [("01/06/2024", "S", "U4"), ("02/07/2024", "T", "U5")]),
    )
    facts = with_periods_of_care(episodes).collect()
    assert facts["period_of_care_start"].to_list() == [day("01/01/2020")] * 3 + [day("01/06/2024")] * 2
    assert facts["period_of_care_end"].to_list() == [day("01/02/2023")] * 3 + [None, None]


def test_period_of_care_breaks_when_episode_ends_other_than_x1() -> None:
    # The episode ends with E13 and the child comes back later without an S (a recording slip): the
    # X1 rule still says the first period of care ended.
    rows = chain("a", [("01/01/2024", "S", "U1")], end="01/03/2024", rec="E13") + chain(
        "a", [("01/03/2024", "P", "U2")]
    )
    facts = with_periods_of_care(episodes_frame(rows)).collect()
    assert facts["period_of_care_start"].to_list() == [day("01/01/2024"), day("01/03/2024")]


def test_short_breaks_never_share_a_period_of_care_with_full_care() -> None:
    # Short breaks (V4) then, the same day, a care order: the looked-after period of care starts with the
    # care order, so short breaks stay out of every looked-after count.
    rows = chain("a", [("01/01/2024", "S", "U1")], ls="V4", end="01/03/2025", rec="X1") + chain(
        "a", [("01/03/2025", "L", "U1")]
    )
    assert by_child(looked_after_at(episodes_frame(rows), D), "period_of_care_start") == {
        "a": day("01/03/2025")
    }


def test_outcomes_cohort_boundary_is_first_of_april_of_year_before() -> None:
    data = data_with(
        chain("started_1_april", [("01/04/2024", "S", "U1")]),
        chain("started_2_april", [("02/04/2024", "S", "U1")]),
        chain("left_on_31_march", [("01/01/2020", "S", "U1")], end="31/03/2025", rec="E4A"),
        chain("moved_in_year", [("01/01/2020", "S", "U1"), ("01/01/2025", "P", "U2")]),
        chain("short_break", [("01/01/2020", "S", "U1")], ls="V3"),
    )
    assert children(outcomes_cohort(data, 2025)) == ["moved_in_year", "started_1_april"]


def test_worked_example_1_placements_and_carer() -> None:
    episodes = episodes_frame(
        chain(
            "1",
            [
                ("03/02/2022", "S", "U4"),
                ("15/11/2024", "P", "U6"),
                ("20/01/2025", "T", "U4"),
                ("01/06/2025", "L", "U4"),
            ],
        )
    )
    assert by_child(placements_in_period(episodes, PERIOD), "placements") == {"1": 3}
    carer = current_carer_start(episodes, D).collect().row(0, named=True)
    assert carer["current_carer_start"] == day("15/11/2024")
    assert carer["stability_start"] == day("15/11/2024")


def test_worked_example_2_adoptive_placement_with_carer_before_it() -> None:
    episodes = episodes_frame(
        chain("2", [("10/08/2021", "S", "U6"), ("15/01/2022", "P", "U4"), ("01/03/2024", "B", "A4")])
    )
    assert by_child(placements_in_period(episodes, PERIOD), "placements") == {"2": 1}
    carer = current_carer_start(episodes, D).collect().row(0, named=True)
    assert carer["current_carer_start"] == day("01/03/2024")
    assert carer["stability_start"] == day("15/01/2022")


def test_worked_example_5_temporary_placement_not_counted() -> None:
    episodes = episodes_frame(
        chain("5", [("01/12/2024", "S", "U6"), ("10/02/2025", "P", "T1"), ("20/02/2025", "P", "U6")])
    )
    assert by_child(placements_in_period(episodes, PERIOD), "placements") == {"5": 2}


def test_placement_starting_exactly_on_s_is_counted_once() -> None:
    episodes = episodes_frame(
        chain("on_s", [("01/01/2024", "S", "U1"), ("01/10/2024", "P", "U2")]),
        chain("l_on_s", [("01/01/2024", "S", "U1"), ("01/10/2024", "L", "U1"), ("30/09/2025", "P", "U2")]),
        chain(
            "temporary_on_s",
            [("01/01/2024", "S", "U1"), ("01/09/2024", "T", "T2"), ("05/10/2024", "P", "U1")],
        ),
        chain("ended_on_s", [("01/01/2024", "S", "U1")], end="01/10/2024", rec="E4A"),
        chain("short_break", [("01/01/2024", "S", "U1"), ("01/10/2024", "P", "U2")], ls="V3"),
    )
    assert by_child(placements_in_period(episodes, PERIOD), "placements") == {
        "on_s": 1,  # the U1 placement closed on S, so only the P that started on S
        "l_on_s": 2,  # the U1 placement open on S (continued by L) and the P on D
        "temporary_on_s": 1,  # the T2 open on S is temporary; the P after it counts
    }


def test_a_p_episode_into_a_temporary_placement_starts_a_carer() -> None:
    # "A new carer starts with every episode whose RNE is S, P or B": T0-T4 are left out of placement
    # counts, not out of the carer rule.
    episodes = episodes_frame(chain("a", [("01/01/2020", "S", "U4"), ("01/09/2025", "P", "T1")]))
    assert by_child(current_carer_start(episodes, D), "current_carer_start") == {"a": day("01/09/2025")}


def test_adoption_by_current_foster_carer_keeps_the_carer_start() -> None:
    # U changes the placement (to A5, placed with the current foster carer) but keeps the carer.
    episodes = episodes_frame(
        chain("a", [("01/01/2020", "S", "U6"), ("01/06/2021", "P", "U4"), ("01/01/2025", "U", "A5")])
    )
    carer = current_carer_start(episodes, D).collect().row(0, named=True)
    assert carer["current_carer_start"] == day("01/06/2021")
    assert carer["stability_start"] == day("01/06/2021")


def test_periods_of_care_started_and_ended_in_period() -> None:
    episodes = episodes_frame(
        chain("started_on_s", [("01/10/2024", "S", "U1")]),
        chain("started_before_s", [("30/09/2024", "S", "U1")], end="30/09/2025", rec="E11"),  # ended on D
        chain("ended_by_x1_only", [("01/01/2020", "S", "U1"), ("01/03/2025", "L", "U1")]),
        chain("ended_after_d", [("01/01/2025", "S", "U1")], end="01/10/2025", rec="E4A"),
        chain("short_break", [("01/01/2025", "S", "U1")], end="01/02/2025", rec="E4A", ls="V3"),
    )
    assert children(periods_of_care_started(episodes, PERIOD)) == ["ended_after_d", "started_on_s"]
    assert children(periods_of_care_ended(episodes, PERIOD)) == ["started_before_s"]


def test_child_attributes_columns_and_groups() -> None:
    data = data_with(
        chain("baby", [("01/01/2025", "S", "U1")], pl_post="JE3"),
        chain("left", [("01/01/2024", "S", "K2")], end="01/03/2025", rec="E4A", pl_post="PL4"),
        chain("no_post", [("01/01/2024", "S", "P2")], pl_post=None),
        chain("future", [("01/10/2025", "S", "U1")]),
        dobs={"baby": "01/10/2024", "left": "30/09/2009", "no_post": "01/10/2009", "future": "01/01/2020"},
    )
    frame = child_attributes(data, D).collect().sort("child")
    assert tuple(frame.columns[2:]) == CHILD_BREAKDOWNS
    rows = {row["child"]: row for row in frame.to_dicts()}
    assert (rows["baby"]["age_band"], rows["baby"]["placement_type"], rows["baby"]["location"]) == (
        "Under 1",
        "Foster",
        "On island",
    )
    assert (rows["left"]["age_band"], rows["left"]["placement_type"], rows["left"]["location"]) == (
        "16+",
        "Residential",
        "Off island",
    )
    assert (rows["no_post"]["age_band"], rows["no_post"]["placement_type"], rows["no_post"]["location"]) == (
        "10-15",
        "Independent living",
        "Not recorded",
    )
    assert rows["future"]["placement_type"] is None  # no episode yet at D
    assert {row["sex"] for row in rows.values()} == {"Male"}
    assert {row["ethnic_group"] for row in rows.values()} == {"White"}


@pytest.mark.parametrize(
    ("ethnic", "group"),
    [
        ("WBRI", "White"),
        ("MWBC", "Mixed"),
        ("AIND", "Asian"),
        ("BAFR", "Black"),
        ("CHNE", "Other"),
        ("OOTH", "Other"),
        ("NOBT", "Not known"),
        ("REFU", "Not known"),
    ],
)
def test_ethnic_group_by_first_letter(ethnic: str, group: str) -> None:
    data = data_with(chain("a", [("01/01/2025", "S", "U1")]))
    data = data.__class__(**{**data.__dict__, "header": data.header.with_columns(ethnic=pl.lit(ethnic))})
    assert child_attributes(data, date(2025, 9, 30)).collect()["ethnic_group"].item() == group


def test_lazy_and_eager_episodes_give_the_same_facts() -> None:
    episodes = episodes_frame(
        chain("a", [("01/01/2020", "S", "U1"), ("01/03/2021", "L", "U1"), ("01/05/2022", "P", "A4")])
    )
    eager = with_periods_of_care(episodes).collect()
    lazy = with_periods_of_care(episodes.lazy()).collect()
    assert eager.equals(lazy)


def test_derived_frames_are_kept_per_frame_not_per_content() -> None:
    first = episodes_frame(chain("a", [("01/01/2025", "S", "U1")]))
    assert children(looked_after_at(first, D)) == ["a"]
    assert children(looked_after_at(first, D)) == ["a"]  # served again from the kept frame
    # A new frame (a new return) is derived afresh, even with the same reporting date.
    second = episodes_frame(chain("a", [("01/01/2025", "S", "U1")]), chain("b", [("01/02/2025", "S", "U1")]))
    assert children(looked_after_at(second, D)) == ["a", "b"]
    clear_caches()
    assert children(looked_after_at(first, D)) == ["a"]
