"""The open data files in the DfE's Explore Education Statistics layout (`metrics.ees_files`), hand-built
rows through the writer and back through a reader of the standard (tests/ees_standard.py)."""

from __future__ import annotations

import csv
import io
from datetime import date

import polars as pl
import pytest
from ees_standard import read_ees
from hypothesis import given, settings

from metrics.catalogue import catalogue
from metrics.ees_files import (
    DATA_FILE,
    METADATA_FILE,
    data_columns,
    ees_data_csv,
    ees_metadata_csv,
    ees_rows,
    financial_year,
)
from metrics.report import REPORT_SCHEMA
from tests.spreadsheet_cells import formula_cells, hostile_text

D = date(2025, 3, 31)


def report_row(indicator: str, **cells) -> dict:
    row = {
        "indicator": indicator, "title": "", "theme": "", "owner": "", "unit": catalogue()[indicator].unit,
        "polarity": "", "period_end": D, "breakdown": "all", "group": "all", "numerator": None,
        "denominator": None, "value": None, "ci_low": None, "ci_high": None, "target": None, "baseline": None,
        "status": "no_data", "comparators": [], "suppressed": [], "change": None,
    }  # fmt: skip
    return row | cells


def frame(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=REPORT_SCHEMA)


def one(row: dict) -> dict[str, str]:
    (written,) = ees_rows(frame(row))
    return written


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2025, 3, 31), "202425"), (date(2024, 6, 30), "202425"), (date(2024, 3, 31), "202324"),
     (date(1999, 12, 31), "199900")],
)  # fmt: skip
def test_the_financial_year_holds_the_last_day_of_the_period(day, year):
    assert financial_year(day) == year


def test_a_withheld_value_takes_its_counts_and_its_interval_with_it_as_c():
    row = report_row(
        "placements_3plus_pct", numerator=None, denominator=None, ci_low=2.0, ci_high=11.0, target=10.0,
        suppressed=["numerator", "denominator", "value"],
    )  # fmt: skip
    written = one(row)
    assert [written[cell] for cell in ("numerator", "denominator", "value", "ci_low", "ci_high")] == ["c"] * 5
    assert written["target"] == "10.0"


def test_a_shown_row_has_exact_counts_and_the_value_to_the_page_s_decimals():
    row = report_row(
        "placements_3plus_pct", numerator=10.0, denominator=69.0, value=14.4927536, ci_low=8.1, ci_high=24.6,
    )  # fmt: skip
    written = one(row)
    assert (written["numerator"], written["denominator"], written["value"]) == ("10", "69", "14.5")
    assert (written["ci_low"], written["ci_high"], written["target"]) == ("8.1", "24.6", "z")
    assert (written["time_period"], written["time_identifier"], written["period_end"]) == (
        "202425", "Financial year", "2025-03-31",
    )  # fmt: skip
    assert (written["geographic_level"], written["country_code"], written["country_name"]) == (
        "National", "z", "Jersey",
    )  # fmt: skip
    assert written["indicator"] == catalogue()["placements_3plus_pct"].title
    filters = [written[name] for name in ("breakdown_topic", "breakdown", "unit")]
    assert filters == ["Total", "Total", "Percentage"]


def test_a_count_has_no_denominator_z_and_a_missing_value_is_x():
    written = one(report_row("cla_count", breakdown="sex", group="Female"))
    assert (written["numerator"], written["denominator"], written["value"]) == ("x", "z", "x")
    assert (written["breakdown_topic"], written["breakdown"]) == ("Sex", "Female")


def test_a_group_name_that_starts_like_a_formula_is_written_as_text():
    text = ees_data_csv(frame(report_row("cla_count", breakdown="sex", group="=HYPERLINK(1)", numerator=6.0)))
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["breakdown"] == "'=HYPERLINK(1)"


@settings(max_examples=40, deadline=None)
@given(group=hostile_text())
def test_no_hostile_group_name_runs_as_a_formula_and_numbers_stay_numbers(group):
    # Issue 11: text from a return that began with = + - @ tab or CR landed unescaped in the open data.
    text = ees_data_csv(
        frame(report_row("cla_count", breakdown="sex", group=group, numerator=-6.0, value=-6.0))
    )
    assert not formula_cells(text)
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert (row["numerator"], row["value"]) == ("-6", "-6") or float(row["numerator"]) == -6.0


def test_the_files_pass_the_reader_of_the_standard(tmp_path):
    rows = frame(
        report_row("cla_count", numerator=60.0, value=60.0),
        report_row("cla_count", breakdown="sex", group="Female", numerator=28.0, value=28.0),
        report_row("cla_count", breakdown="sex", group="Male", numerator=32.0, value=32.0),
        report_row("placements_3plus_pct", suppressed=["numerator", "denominator", "value"]),
        report_row("cla_count", period_end=date(2024, 3, 31), numerator=58.0, value=58.0),
    )
    (tmp_path / DATA_FILE).write_text(ees_data_csv(rows), encoding="utf-8")
    (tmp_path / METADATA_FILE).write_text(ees_metadata_csv(), encoding="utf-8")
    read = read_ees(tmp_path / DATA_FILE)
    assert read.rows.columns[: len(data_columns())] == data_columns()
    assert read.indicators == ["numerator", "denominator", "value", "ci_low", "ci_high", "target"]
    assert set(read.filters) == {"period_end", "theme", "indicator", "unit", "breakdown_topic", "breakdown"}
    assert read.rows.get_column("numerator").to_list() == [58.0, 60.0, 28.0, 32.0, None]
    assert read.rows.get_column("numerator_symbol").to_list() == [None, None, None, None, "c"]
