"""Every reporting date at once gives exactly what the plain reading gives one date at a time.

The engine stacks an indicator's units of all its dates and summarises them in one pass
(`metrics.engine.tidy_on`); every figure must be the one the plain reading of the definition gives at that
date (`metrics.engine.tidy_at`), row for row, for every indicator, on the committed Jersey sample at every
quarter end it covers: whether its units come date by date or from its declared ``many_dates``, and with
the children's groups of every date found at once (`metrics.groups_on`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from metrics.catalogue import CHILD_BREAKDOWNS, catalogue
from metrics.data import CareData
from metrics.engine import compute, dates_for, reporting_periods, tidy_at, tidy_on
from metrics.groups_on import episode_starts, groups_on, header_groups
from metrics.terms import child_attributes, clear_caches
from metrics.tidy import summarise, summarise_dates
from tests.metrics.test_against_oracle import SAMPLE, read_return

ENTRIES = catalogue()


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


@pytest.mark.parametrize("indicator_id", ENTRIES)
def test_all_dates_at_once_equal_the_plain_reading_at_each(
    indicator_id: str, sample: CareData, quarter_ends: list[date]
) -> None:
    entry = ENTRIES[indicator_id]
    days = dates_for(entry, quarter_ends)
    together = tidy_on(entry, sample, days)
    for day in days:
        clear_caches()
        alone = tidy_at(entry, sample, day)
        assert together.filter(pl.col("period_end") == day).equals(alone), f"{indicator_id} at {day}"
    assert together.get_column("period_end").unique().sort().to_list() == days


def test_the_engine_gives_the_frame_of_single_dates(sample: CareData, quarter_ends: list[date]) -> None:
    engine = compute(replace(sample), quarter_ends)
    expected = pl.concat(
        [entry.compute(sample, day) for entry in ENTRIES.values() for day in dates_for(entry, quarter_ends)]
    )
    assert engine.equals(expected)


def test_threads_give_the_same_frame(sample: CareData, quarter_ends: list[date]) -> None:
    threaded = compute(replace(sample), quarter_ends, workers=2)
    assert threaded.equals(compute(replace(sample), quarter_ends))


def test_dates_in_any_order_and_repeated_give_the_same_frame(
    sample: CareData, quarter_ends: list[date]
) -> None:
    shuffled = [*quarter_ends[::-1], quarter_ends[3]]
    assert compute(replace(sample), shuffled).equals(compute(replace(sample), quarter_ends))


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


def test_children_groups_of_every_date_at_once_are_those_of_each_date(
    sample: CareData, quarter_ends: list[date]
) -> None:
    """The engine's one pass over the children's groups (`metrics.groups_on`) against the definition
    (`metrics.terms.child_attributes`) at every quarter end, for every child of the header and one who is
    not in it."""
    names = ["age", *CHILD_BREAKDOWNS]
    keys = (
        pl.concat([sample.header.select("child"), pl.DataFrame({"child": ["not in header"]})])
        .join(pl.DataFrame({"period_end": quarter_ends}), how="cross")
        .sample(fraction=1.0, shuffle=True, seed=7)  # in no particular order
    )
    together = groups_on(keys, header_groups(sample), episode_starts(sample), names)
    for day in quarter_ends:
        alone = keys.filter(pl.col("period_end") == day).join(
            child_attributes(sample, day).collect(), on="child", how="left", maintain_order="left"
        )
        assert together.filter(pl.col("period_end") == day).equals(alone.select(together.columns)), day
