"""Several reporting dates at once give exactly what one date at a time gives.

The engine computes an indicator with ``compute_many`` at all its dates in one call (see
metrics.indicators.dated); every figure must be the one the single-date function gives at that date, row
for row, on the committed Jersey sample at every quarter end it covers. The shared multi-date terms are
checked against their single-date definitions too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from metrics.catalogue import catalogue
from metrics.data import CareData, care_data
from metrics.engine import compute, dates_for, reporting_periods
from metrics.indicators.dated import join_beside
from metrics.terms import (
    child_attributes,
    clear_caches,
    looked_after_at,
    looked_after_during,
    looked_after_during_on,
    looked_after_on,
    with_child_attributes,
)
from metrics.tidy import summarise, summarise_dates
from tests.metrics.test_against_oracle import SAMPLE, read_return

ENTRIES = catalogue()
MANY = [key for key, entry in ENTRIES.items() if hasattr(entry.compute, "compute_many")]


@pytest.fixture(scope="module")
def sample() -> CareData:
    if not (SAMPLE / "episodes.csv").exists():
        pytest.skip(f"the committed sample return is not there yet: {SAMPLE}")
    return read_return(SAMPLE)


@pytest.fixture(scope="module")
def quarter_ends(sample: CareData) -> list[date]:
    ends = reporting_periods(sample)
    assert len(ends) > 8  # several years of quarter ends, or the comparison proves little
    return ends


def test_every_quarterly_indicator_about_children_computes_several_dates_at_once() -> None:
    quarterly = [
        key for key, entry in ENTRIES.items() if entry.frequency == "quarterly" and entry.counts_children
    ]
    assert quarterly
    assert [key for key in quarterly if key not in MANY] == []


@pytest.mark.parametrize("indicator_id", MANY)
def test_many_dates_equal_one_date_at_a_time(
    indicator_id: str, sample: CareData, quarter_ends: list[date]
) -> None:
    entry = ENTRIES[indicator_id]
    days = dates_for(entry, quarter_ends)
    clear_caches()
    together = entry.compute.compute_many(sample, days)
    for day in days:
        clear_caches()
        alone = entry.compute(sample, day)
        assert together.filter(pl.col("period_end") == day).equals(alone), f"{indicator_id} at {day}"
    assert together.get_column("period_end").unique().sort().to_list() == days


def test_the_engine_gives_the_frame_of_single_dates(sample: CareData, quarter_ends: list[date]) -> None:
    clear_caches()
    engine = compute(replace(sample), quarter_ends)
    expected = pl.concat(
        [
            entry.compute(sample, day).select(engine.columns).cast(engine.schema)
            for entry in ENTRIES.values()
            for day in dates_for(entry, quarter_ends)
        ]
    )
    assert engine.equals(expected)


def test_threads_give_the_same_frame(sample: CareData, quarter_ends: list[date]) -> None:
    clear_caches()
    threaded = compute(replace(sample), quarter_ends, workers=2)
    assert threaded.equals(compute(replace(sample), quarter_ends))


def test_dates_in_any_order_and_repeated_give_the_same_frames(
    sample: CareData, quarter_ends: list[date]
) -> None:
    entry = ENTRIES["reviews_on_time_pct"]
    shuffled = [*quarter_ends[::-1], quarter_ends[3]]
    assert entry.compute.compute_many(sample, shuffled).equals(
        entry.compute.compute_many(sample, quarter_ends)
    )


def test_looked_after_on_many_dates_is_looked_after_at_each(
    sample: CareData, quarter_ends: list[date]
) -> None:
    together = looked_after_on(sample.episodes, quarter_ends).collect()
    for day in quarter_ends:
        alone = looked_after_at(sample.episodes, day).collect()
        assert (
            together.filter(pl.col("period_end") == day)
            .drop("period_end")
            .equals(alone.select(together.drop("period_end").columns))
        )


def test_looked_after_during_on_many_dates(sample: CareData, quarter_ends: list[date]) -> None:
    from metrics.periods import Period

    together = looked_after_during_on(sample.episodes, quarter_ends).collect()
    for day in quarter_ends:
        alone = looked_after_during(sample.episodes, Period(day)).collect()
        assert (
            together.filter(pl.col("period_end") == day).get_column("child").to_list()
            == alone["child"].to_list()
        )


@pytest.mark.parametrize("day", [date(2021, 3, 31), date(2023, 9, 30), date(2025, 12, 31), date(1990, 1, 1)])
def test_attributes_by_as_of_join_equal_the_attributes_of_every_header_child(
    sample: CareData, day: date
) -> None:
    # Every child of header and episodes, and one in neither.
    children = pl.concat(
        [sample.header.select("child"), sample.episodes.select("child"), pl.DataFrame({"child": ["nobody"]})]
    )
    units = children.unique().sort("child")
    joined = with_child_attributes(units.lazy(), sample, day).collect().sort("child")
    expected = units.join(child_attributes(sample, day).collect(), on="child", how="left").sort("child")
    assert joined.select(expected.columns).equals(expected)


def test_attributes_take_the_latest_episode_started_on_or_before_the_date() -> None:
    episodes = pl.DataFrame(
        {
            "child": ["a", "a", "a", "b"],
            "decom": [date(2024, 1, 1), date(2024, 6, 1), date(2024, 6, 1), date(2024, 7, 1)],
            "place": ["U1", "K2", "R1", "P1"],
            "pl_post": ["JE2", "PL4", None, "JE1"],
        }
    )
    header = pl.DataFrame({"child": ["a", "b"], "sex": [1, 2], "dob": [date(2010, 6, 1), date(2012, 1, 1)]})
    data = care_data(episodes=episodes, header=header)
    units = pl.LazyFrame(
        {
            "child": ["a", "a", "a", "b", "b"],
            "period_end": [
                date(2023, 12, 31),
                date(2024, 5, 31),
                date(2024, 6, 1),
                date(2024, 6, 30),
                date(2024, 7, 1),
            ],
        }
    )
    from metrics.terms import with_child_attributes_on

    got = with_child_attributes_on(units, data).collect().sort("child", "period_end")
    # Two episodes start on 1 June: the later one in the file (R1, no postcode) is the latest.
    assert got.get_column("placement_type").cast(pl.String).to_list() == [
        None,
        "Foster",
        "Residential",
        None,
        "With parents",
    ]
    assert got.get_column("location").cast(pl.String).to_list() == [
        "Not recorded",
        "On island",
        "Not recorded",
        "Not recorded",
        "On island",
    ]
    assert got.get_column("age").to_list() == [13, 13, 14, 12, 12]


def test_summarise_dates_is_summarise_at_each_date_even_without_units() -> None:
    days = [date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30)]
    units = pl.DataFrame(
        {
            "period_end": [days[0], days[0], days[0], days[2]],
            "child": ["a", "b", "c", "a"],
            "sex": ["Male", None, "Female", "Male"],
            "met": [True, False, None, True],
        }
    )
    for unit, numerator, denominator in [
        ("percent", pl.col("met").fill_null(value=False).sum(), pl.len()),
        ("count", pl.len(), None),
        ("rate", pl.len(), pl.lit(500, dtype=pl.Int64)),
    ]:
        together = summarise_dates(
            units,
            dates=days,
            indicator="x",
            unit=unit,
            numerator=numerator,
            denominator=denominator,
            breakdowns=["sex"],
        )
        for day in days:
            alone = summarise(
                units.filter(pl.col("period_end") == day),
                indicator="x",
                period_end=day,
                unit=unit,
                numerator=numerator,
                denominator=denominator,
                breakdowns=["sex"],
            )
            assert together.filter(pl.col("period_end") == day).equals(alone), (unit, day)


def test_join_beside_keeps_the_units_and_refuses_a_key_twice() -> None:
    units = pl.DataFrame({"child": ["b", "a", "c"], "n": [1, 2, 3]})
    other = pl.LazyFrame({"child": ["a", "b"], "x": [10, 20]})
    assert join_beside(units, other, on=["child"]).to_dicts() == [
        {"child": "b", "n": 1, "x": 20},
        {"child": "a", "n": 2, "x": 10},
        {"child": "c", "n": 3, "x": None},
    ]
    with pytest.raises(ValueError, match="more than one row"):
        join_beside(units, pl.LazyFrame({"child": ["a", "a"], "x": [1, 2]}), on=["child"])
