"""No CSV we write holds a cell a spreadsheet would run (OWASP "CSV Injection")."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics import csv_safety
from metrics.csv_safety import neutralise_cell, neutralise_frame, safe_csv, safe_excel
from tests.spreadsheet_cells import HOSTILE, formula_cells, hostile_text, workbook_parts


def test_the_formula_starts_are_owasps():
    assert csv_safety.FORMULA_STARTS == ("=", "+", "-", "@", "\t", "\r")


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
    assert not formula_cells(safe_csv(frame))


@given(st.text(max_size=30))
def test_neutralising_is_the_same_for_a_cell_and_a_column(text):
    assert neutralise_frame(pl.DataFrame({"t": [text]}))["t"][0] == neutralise_cell(text)


@given(st.lists(hostile_text(), min_size=1, max_size=10), hostile_text())
def test_no_cell_or_column_name_of_hostile_text_runs_and_numbers_stay_numbers(texts, name):
    frame = pl.DataFrame({name: texts, "value": [-1.5 * n for n in range(len(texts))]})
    text = safe_csv(frame)
    assert not formula_cells(text)
    read = pl.read_csv(text.encode(), infer_schema=False)
    assert read.columns[0].startswith("'")  # the column name is text too
    assert [float(cell) for cell in read.get_column("value")] == frame.get_column("value").to_list()


@settings(deadline=None)
@given(st.lists(hostile_text(), min_size=1, max_size=10))
def test_a_workbook_holds_hostile_text_as_text_never_a_formula_or_a_link(texts):
    texts = [*texts, "http://evil.example/"]
    data = safe_excel({"Hostile": pl.DataFrame({"=HYPERLINK(x)": texts, "value": range(len(texts))})})
    formulas, links, strings = workbook_parts(data)
    assert (formulas, links) == (0, 0)
    printable = [text for text in texts if text.isprintable()]
    assert set(printable) <= set(strings)
    assert "=HYPERLINK(x)" in strings
