"""report_frame / trend_frame: what each role gets, the dates used, and JSON-ready rows."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from tiny_catalogue import tiny_catalogue, tiny_data

from metrics.data import care_data
from metrics.report import REPORT_COLUMNS, report_frame, report_rows, trend_frame
from metrics.roles import Role

ENTRIES = tiny_catalogue()


@pytest.fixture(scope="module")
def data():
    base = tiny_data()
    plan = pl.DataFrame({"indicator": ["fostered_pct"], "year": [2026], "baseline": [40.0], "target": [50.0]})
    published = pl.DataFrame(
        {
            "indicator": ["children_open"],
            "year": [2024],
            "area": ["England"],
            "value": [83630.0],
            "source": ["DfE 2024"],
        }
    )
    return care_data(
        header=base.header,
        episodes=base.episodes,
        oc2=base.oc2,
        workforce=base.workforce,
        plan_targets=plan,
        comparators=published,
    )


def test_columns_and_dates(data):
    frame = report_frame(data, date(2025, 5, 15), Role.parse("leadership"), entries=ENTRIES)
    assert frame.columns == REPORT_COLUMNS
    dates = dict(frame.select("indicator", "period_end").unique().iter_rows())
    # Quarterly: the 12 months ending on the as-at date; annual: the 31 March on or before it.
    assert dates["fostered_pct"] == date(2025, 5, 15)
    assert dates["health_pct"] == date(2025, 3, 31)


def test_targets_status_and_comparators_are_joined(data):
    frame = report_frame(data, date(2025, 6, 30), Role.parse("leadership"), entries=ENTRIES)
    fostered = frame.filter((pl.col("indicator") == "fostered_pct") & (pl.col("breakdown") == "all")).row(
        0, named=True
    )
    # 15 of 33 fostered is 45.5%: short of 50 by 4.5, more than 10% of the distance from baseline 40.
    assert (fostered["target"], fostered["baseline"], fostered["status"]) == (50.0, 40.0, "off_track")
    assert fostered["title"] == "Fostered pct"
    headline = frame.filter((pl.col("indicator") == "children_open") & (pl.col("breakdown") == "all"))
    assert headline.get_column("comparators").to_list()[0][0]["area"] == "England"
    assert headline.get_column("status").to_list() == ["no_target"]


def test_public_report_has_public_indicators_only_and_no_small_counts(data):
    frame = report_frame(data, date(2025, 3, 31), Role.parse("public"), entries=ENTRIES)
    assert "private_count" not in frame.get_column("indicator").to_list()
    assert "ethnic_group" not in frame.get_column("breakdown").to_list()
    children = frame.filter(pl.col("indicator") != "vacancy_pct")
    for column in ("numerator", "denominator", "value"):
        counts = children.filter(pl.col("unit") == "count").get_column(column).drop_nulls().to_list()
        assert not [n for n in counts if 1 <= n <= 4]
    girls = frame.filter((pl.col("indicator") == "children_open") & (pl.col("group") == "2")).row(
        0, named=True
    )
    assert girls["numerator"] is None
    assert girls["suppressed"] == ["numerator", "value"]


def test_a_withheld_value_has_no_data_status_for_the_public(data):
    frame = report_frame(data, date(2025, 6, 30), Role.parse("public"), entries=ENTRIES)
    boys = frame.filter((pl.col("indicator") == "fostered_pct") & (pl.col("group") == "1")).row(0, named=True)
    assert boys["value"] is None
    assert boys["status"] == "no_data"


def test_department_report(data):
    frame = report_frame(data, date(2025, 3, 31), Role.parse("department:health"), entries=ENTRIES)
    assert frame.select("indicator", "breakdown").unique(maintain_order=True).rows() == [
        ("children_open", "all"),
        ("health_pct", "all"),
        ("sdq_mean", "all"),
    ]


def test_report_rows_are_json_ready(data):
    rows = report_rows(report_frame(data, date(2025, 3, 31), Role.parse("public"), entries=ENTRIES))
    text = json.dumps(rows)
    assert json.loads(text)[0]["period_end"] == "2025-03-31"
    assert set(rows[0]) == set(REPORT_COLUMNS)
    assert all(isinstance(row["comparators"], list) and isinstance(row["suppressed"], list) for row in rows)


def test_trend_frame_covers_every_period_for_each_role(data):
    # The tiny return covers oc2 year 2025 (from 1 April 2024) to its last workforce month, March 2025.
    leadership = trend_frame(data, Role.parse("leadership"), entries=ENTRIES)
    assert sorted(set(leadership.get_column("period_end"))) == [date(2025, 3, 31)]
    public = trend_frame(data, Role.parse("public"), entries=ENTRIES)
    assert public.columns == REPORT_COLUMNS
    assert public.filter(pl.col("indicator") == "private_count").is_empty()


def test_report_on_an_empty_return_is_empty_but_well_formed():
    frame = report_frame(care_data(), date(2025, 3, 31), Role.parse("leadership"), entries=ENTRIES)
    assert frame.columns == REPORT_COLUMNS
    assert frame.filter(pl.col("breakdown") == "all").get_column("status").to_list() == [
        "no_target",
        "no_target",
        "no_target",
        "no_target",
        "no_target",
        "no_target",
    ]
