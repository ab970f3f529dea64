"""The open data: public rows flattened for CSV with GSS symbols beside empty cells, and its metadata."""

from __future__ import annotations

import json
from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.catalogue import catalogue
from metrics.data import care_data
from metrics.disclosure import DisclosureConfig
from metrics.open_data import OPEN_DATA_COLUMNS, flatten, metadata_document, open_data_csv, open_data_frame
from metrics.report import REPORT_SCHEMA
from tests.spreadsheet_cells import formula_cells, hostile_text

D = date(2025, 3, 31)


def report_row(indicator: str, **cells) -> dict:
    row = {
        "indicator": indicator, "title": "", "theme": "", "owner": "", "unit": catalogue()[indicator].unit,
        "polarity": "", "period_end": D, "breakdown": "all", "group": "all", "numerator": None,
        "denominator": None, "value": None, "ci_low": None, "ci_high": None, "target": None, "baseline": None,
        "status": "no_data", "comparators": [], "suppressed": [],
    }  # fmt: skip
    return row | cells


def frame(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=REPORT_SCHEMA)


def test_a_withheld_cell_is_empty_with_c_beside_it_and_takes_its_interval_and_status_with_it():
    row = report_row(
        "placements_3plus_pct", denominator=70.0, ci_low=2.0, ci_high=11.0, target=10.0, status="met",
        suppressed=["numerator", "value", "ci_low", "ci_high"],
    )  # fmt: skip
    flat = flatten(frame(row)).row(0, named=True)
    assert (flat["numerator"], flat["numerator_note"]) == (None, "c")
    assert (flat["value"], flat["value_note"]) == (None, "c")
    assert (flat["denominator"], flat["denominator_note"]) == (70.0, "")
    # "met" beside a withheld value would say which side of the target it lies.
    assert (flat["ci_low"], flat["ci_high"], flat["status"]) == (None, None, "no_data")


def test_a_shown_row_keeps_numbers_as_numbers_rounded_as_the_page_shows_them():
    row = report_row(
        "placements_3plus_pct", numerator=10.0, denominator=70.0, value=14.285714, ci_low=7.9, ci_high=24.3,
        target=12.0, status="near",
    )  # fmt: skip
    flat = flatten(frame(row)).row(0, named=True)
    assert flat["value"] == 14.3
    assert [flat[f"{cell}_note"] for cell in ("numerator", "denominator", "value")] == ["", "", ""]
    assert (flat["status"], flat["period_end"], flat["title"]) == (
        "near", "2025-03-31", catalogue()["placements_3plus_pct"].title,
    )  # fmt: skip


def test_a_count_has_no_denominator_z_and_a_missing_value_is_x():
    flat = flatten(frame(report_row("cla_count", numerator=None, value=None))).row(0, named=True)
    assert (flat["denominator_note"], flat["value_note"], flat["numerator_note"]) == ("z", "x", "x")


def test_comparators_are_written_with_area_and_year():
    comparators = [
        {"area": "England", "year": 2024, "value": 68.0, "source": "DfE"},
        {"area": "Wales", "year": 2023, "value": 61.5, "source": "StatsWales"},
    ]
    row = report_row("long_term_stability_pct", comparators=comparators)
    assert flatten(frame(row)).row(0, named=True)["comparators"] == "England 2024: 68.0%; Wales 2023: 61.5%"


def test_the_csv_has_the_documented_columns_and_reads_back_as_numbers():
    rows = frame(
        report_row("cla_count", numerator=60.0, value=60.0),
        report_row("placements_3plus_pct", denominator=60.0, suppressed=["numerator", "value"]),
    )
    text = open_data_csv(flatten(rows))
    back = pl.read_csv(text.encode(), infer_schema_length=None)
    assert back.columns == list(OPEN_DATA_COLUMNS)
    assert back.schema["numerator"] == pl.Float64
    assert back.get_column("value_note").fill_null("").to_list() == ["", "c"]


def test_metadata_lists_the_public_indicators_the_legend_and_the_rules():
    document = metadata_document(D, DisclosureConfig(min_count=5, rounding_base=5))
    json.dumps(document)  # serialisable as it is
    ids = [item["id"] for item in document["indicators"]]
    assert ids == [key for key, entry in catalogue().items() if entry.public]
    assert "supervision_on_time_pct" not in ids
    assert {item["symbol"] for item in document["suppression_legend"]} == {"c", "x", "z"}
    assert document["reporting_date"] == "2025-03-31"
    rules = " ".join(document["disclosure_control"]["rules"])
    for words in ("from 1 to 4", "nearest 5", "ethnic group"):
        assert words in rules
    assert [column["name"] for column in document["columns"]] == list(OPEN_DATA_COLUMNS)


def test_metadata_follows_the_configured_threshold():
    rules = metadata_document(D, DisclosureConfig(min_count=10, rounding_base=10))["disclosure_control"][
        "rules"
    ]
    assert rules[0].startswith("Counts of children from 1 to 9")
    assert "nearest 10" in rules[1]


@pytest.fixture(scope="module")
def small_return():
    """Twelve children in care from 2022 (two in a children's home), and a year of workforce returns."""
    children = [f"K{number:02d}" for number in range(12)]
    header = pl.DataFrame(
        {"child": children, "sex": [1, 2] * 6, "dob": [date(2012, 5, 1)] * 12, "ethnic": ["WBRI"] * 12}
    )
    episodes = pl.DataFrame(
        {
            "child": children, "decom": [date(2022, 1, 10) + timedelta(days=7 * n) for n in range(12)],
            "rne": ["S"] * 12, "ls": ["C2"] * 12, "cin": ["N1"] * 12,
            "place": ["K2", "K2"] + ["U4"] * 10, "place_provider": ["PR1"] * 12, "pl_post": ["JE2"] * 12,
        }
    )  # fmt: skip
    months = [date(2023, month, 1) for month in range(1, 13)] + [
        date(2024, month, 1) for month in range(1, 4)
    ]
    workforce = pl.DataFrame(
        {
            "month": months, "sw_fte": [41.0] * 15, "vacant_fte": [3.0] * 15, "agency_fte": [2.0] * 15,
            "leavers_fte": [0.5] * 15, "open_cases": [530] * 15, "supervisions_due": [40] * 15,
            "supervisions_on_time": [37] * 15,
        }
    )  # fmt: skip
    return care_data(header=header, episodes=episodes, workforce=workforce)


def test_open_data_from_a_return_is_public_only(small_return):
    flat = open_data_frame(small_return, as_at=date(2024, 3, 31))
    assert flat.height > 0
    assert set(flat.get_column("indicator")) <= {key for key, entry in catalogue().items() if entry.public}
    assert flat.get_column("period_end").max() <= "2024-03-31"
    assert not {"ethnic_group", "location"} & set(flat.get_column("breakdown"))
    residential = flat.filter(
        (pl.col("indicator") == "residential_placement_pct") & (pl.col("breakdown") == "all")
    ).row(-1, named=True)
    # 2 of 12 children: a count from 1 to 4, withheld.
    assert (residential["numerator"], residential["numerator_note"], residential["value_note"]) == (
        None,
        "c",
        "c",
    )
    staff = flat.filter((pl.col("indicator") == "caseload_avg") & (pl.col("period_end") == "2024-03-31"))
    # 530 cases / 41 FTE: staff figures are not rounded or withheld.
    assert staff.row(0, named=True)["value"] == pytest.approx(12.9, abs=0.05)
    assert "child" not in flat.columns


@settings(max_examples=30, deadline=None)
@given(area=hostile_text(), source=hostile_text(), value=st.floats(-100, 100, allow_nan=False))
def test_a_hostile_comparator_never_runs_in_the_open_data_and_numbers_stay_numbers(area, source, value):
    # Issue 11: a comparators.csv AREA "=HYPERLINK(...)" landed unescaped in 64 cells of the open data.
    comparators = [{"area": area, "year": 2024, "value": value, "source": source}]
    row = report_row(
        "long_term_stability_pct", numerator=40.0, denominator=60.0, value=-66.7, target=-1.5,
        comparators=comparators, status="near",
    )  # fmt: skip
    text = open_data_csv(flatten(frame(row)))

    assert not formula_cells(text)
    back = pl.read_csv(text.encode(), infer_schema_length=None)
    assert (back["value"][0], back["target"][0], back["numerator"][0]) == (-66.7, -1.5, 40.0)
    assert back["comparators"][0].startswith("'")
