"""The one formatter: numbers, GSS symbols and status labels."""

from __future__ import annotations

import pytest

from metrics.formatting import (
    STATUS_LABELS,
    STATUSES,
    csv_cell,
    format_cell,
    format_count,
    format_value,
    status_label,
    symbol_for,
)


def test_counts_have_thousands_separators():
    assert format_count(83630) == "83,630"
    assert format_count(61.0) == "61"
    assert format_count(None) == "x"


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        (45.4545, "percent", 1, "45.5%"),
        (34.04, "rate", 1, "34.0 per 10,000"),
        (412.6, "days", 0, "413 days"),
        (83630.0, "count", 0, "83,630"),
        (16.04, "average", 1, "16.0"),
        (None, "percent", 1, "x"),
    ],
)
def test_values(value, unit, decimals, text):
    assert format_value(value, unit, decimals) == text


def test_symbols():
    assert symbol_for("numerator", None, "count", ["numerator"]) == "c"
    assert symbol_for("denominator", None, "count") == "z"
    assert symbol_for("ci_low", None, "score") == "z"
    assert symbol_for("value", None, "percent") == "x"
    assert symbol_for("value", 12.0, "percent") is None


def test_cells_for_screen_and_csv():
    assert format_cell("numerator", 1234.0, "percent") == "1,234"
    assert format_cell("value", 12.345, "percent", 1) == "12.3%"
    assert format_cell("value", None, "percent", 1, ["value"]) == "c"
    assert csv_cell("numerator", 1234.0, "percent") == "1234"
    assert csv_cell("value", 12.345, "percent") == "12.345"
    assert csv_cell("denominator", None, "count") == "z"


def test_every_status_has_a_word_and_a_symbol():
    assert set(STATUS_LABELS) == set(STATUSES)
    for status in STATUSES:
        symbol, word = STATUS_LABELS[status].split(" ", 1)
        assert symbol
        assert word[0].isupper()
    assert status_label("off_track") == "✖ Off track"
    assert status_label(None) == "x No data"
