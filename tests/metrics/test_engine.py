"""The engine: which dates each indicator is computed at, and which quarter ends a return covers."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from tiny_catalogue import tiny_catalogue, tiny_data

from metrics.data import care_data
from metrics.engine import compute, data_span, reporting_periods
from metrics.tidy import TIDY_COLUMNS

ENTRIES = tiny_catalogue()


def test_quarterly_at_each_date_and_annual_at_each_distinct_31_march_on_or_before():
    tidy = compute(
        tiny_data(),
        [date(2024, 12, 31), date(2025, 3, 31), date(2025, 6, 30)],
        ids=["children_open", "health_pct"],
        entries=ENTRIES,
    )
    dates = tidy.group_by("indicator").agg(pl.col("period_end").unique().sort()).sort("indicator")
    assert dates.to_dicts() == [
        {
            "indicator": "children_open",
            "period_end": [date(2024, 12, 31), date(2025, 3, 31), date(2025, 6, 30)],
        },
        {"indicator": "health_pct", "period_end": [date(2024, 3, 31), date(2025, 3, 31)]},
    ]
    assert tidy.columns == TIDY_COLUMNS


def test_rows_come_in_catalogue_order_then_by_date():
    tidy = compute(tiny_data(), [date(2025, 6, 30), date(2025, 3, 31)], entries=ENTRIES)
    order = tidy.select("indicator", "period_end").unique(maintain_order=True).rows()
    assert [row[0] for row in order] == [
        "children_open",
        "children_open",
        "fostered_pct",
        "fostered_pct",
        "health_pct",
        "sdq_mean",
        "vacancy_pct",
        "vacancy_pct",
        "private_count",
        "private_count",
    ]
    assert order[0][1] < order[1][1]


def test_unknown_ids_are_refused():
    with pytest.raises(ValueError, match="unknown indicators"):
        compute(tiny_data(), [date(2025, 3, 31)], ids=["nope"], entries=ENTRIES)


def test_no_dates_gives_an_empty_tidy_frame():
    assert compute(tiny_data(), [], entries=ENTRIES).columns == TIDY_COLUMNS


def test_threads_give_the_same_frame():
    dates = [date(2024, 12, 31), date(2025, 3, 31)]
    assert compute(tiny_data(), dates, entries=ENTRIES, workers=2).equals(
        compute(tiny_data(), dates, entries=ENTRIES)
    )


def test_reporting_periods_are_the_quarter_ends_whose_whole_year_is_in_the_return():
    data = care_data(
        reviews=pl.DataFrame({"child": ["A", "A"], "review": [date(2023, 4, 10), date(2025, 8, 2)]}),
        episodes=pl.DataFrame({"child": ["A"], "decom": [date(2015, 1, 1)], "rne": ["S"]}),
    )
    # Episodes begin in 2015, but the collection (reviews) begins in April 2023.
    assert data_span(data) == (date(2023, 4, 10), date(2025, 8, 2))
    assert reporting_periods(data) == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
        date(2025, 3, 31),
        date(2025, 6, 30),
    ]


def test_the_return_covers_from_when_every_collection_is_present():
    data = care_data(
        oc2=pl.DataFrame({"child": ["A", "B"], "year": [2023, 2025]}),
        workforce=pl.DataFrame({"month": [date(2023, 4, 1), date(2025, 6, 1)]}),
        visits=pl.DataFrame({"child": ["A"], "visit_date": [date(2019, 5, 2)]}),
    )
    # oc2 year 2023 starts on 1 April 2022, visits in 2019, workforce in April 2023: the latest start wins;
    # the June 2025 month runs to its last day.
    assert data_span(data) == (date(2023, 4, 1), date(2025, 6, 30))
    assert reporting_periods(data) == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
        date(2025, 3, 31),
        date(2025, 6, 30),
    ]


def test_a_return_of_less_than_a_year_still_has_its_quarter_ends():
    data = care_data(
        visits=pl.DataFrame({"child": ["A", "A"], "visit_date": [date(2025, 1, 5), date(2025, 7, 1)]})
    )
    assert reporting_periods(data) == [date(2025, 3, 31), date(2025, 6, 30)]


def test_an_empty_return_covers_nothing():
    assert reporting_periods(care_data()) == []
