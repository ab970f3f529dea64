"""The open data as the DfE's Explore Education Statistics (EES) open-data standard lays it out.

The standard ("Open data standards" of the DfE analysts' guide) asks for a pair of UTF-8 CSV files:

- a **data file** in tidy form: the mandatory time and geography columns (``time_period``,
  ``time_identifier``, ``geographic_level``, ``country_code``, ``country_name``), then *filters* (the
  categories a row belongs to) and *indicators* (the measured values), one observation per row, with the GSS
  symbols in indicator cells that hold no number (``c`` confidential, ``x`` not available, ``z`` not
  applicable);
- a **metadata file** of the same name with ``.meta`` before ``.csv``: one row per filter and indicator of
  the data file with its ``col_type`` (Filter or Indicator), a ``label`` for people, the ``indicator_unit``
  and ``indicator_dp`` of an indicator, a ``filter_hint``, and a ``filter_grouping_column`` naming the column
  a filter's items are grouped by (that column has no row of its own). Time and geography columns are not
  described there.

How this publication fills them in, and why:

- **Time**: every figure is for a 12-month period ending on a quarter end; the standard's nearest year type
  is the financial year (April to March), whose end is one of those quarter ends. ``time_period`` is the
  financial year holding the period's last day (six digits, ``202425`` for April 2024 to March 2025),
  ``time_identifier`` ``Financial year``, and the filter ``period_end`` says exactly which 12 months a row
  covers (the standard mixes part-years with the year through a filter column).
- **Geography**: the figures are for the island, ``geographic_level`` ``National``; Jersey has no GSS
  (ONS) country code, which the standard writes as ``z`` (a code not applicable).
- **Filters**: ``indicator`` (grouped by ``theme``), ``unit`` and the one-way breakdowns as the standard's
  ``breakdown_topic`` / ``breakdown`` pair (grouped by ``breakdown_topic``), ``Total`` for the headline;
  the public frame has no cross-tabulations, which is the case the standard gives that pair for.
- **Indicators**: ``numerator``, ``denominator``, ``value``, ``ci_low``, ``ci_high`` and ``target``; values to
  the decimals the page shows, because beside exact counts a more precise percentage says nothing more, and
  beside rounded counts it would give the exact count back.

Rows come from the public report rows (`metrics.report` with the public role), so disclosure control was
applied before any of this: a withheld cell is ``c`` here because it was withheld there.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics import formatting
from metrics.catalogue import BREAKDOWN_LABELS, catalogue
from metrics.csv_safety import safe_csv

DATA_FILE = "children-in-care-outcomes.csv"
METADATA_FILE = "children-in-care-outcomes.meta.csv"
TIME_IDENTIFIER = "Financial year"
GEOGRAPHIC_LEVEL = "National"
COUNTRY_CODE = formatting.NOT_APPLICABLE  # Jersey has no GSS country code
COUNTRY_NAME = "Jersey"
TOTAL = "Total"
TIME_AND_GEOGRAPHY = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name")
METADATA_COLUMNS = (
    "col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp", "filter_hint",
    "filter_grouping_column",
)  # fmt: skip

# (column, label, hint, grouped by) for every filter, in data-file order. A grouping column is a filter too
# but, as the standard asks, has no metadata row of its own.
FILTERS: tuple[tuple[str, str, str, str], ...] = (
    ("period_end", "12 months ending", "Filter by the last day of the 12 months a figure covers", ""),
    ("theme", "Theme", "", ""),
    ("indicator", "Indicator", "Filter by what is measured", "theme"),
    ("unit", "Unit", "Filter by the kind of figure (percentage, rate, count, ...)", ""),
    ("breakdown_topic", "Breakdown topic", "", ""),
    ("breakdown", "Group", "Filter by a group of children (Total for all of them)", "breakdown_topic"),
)
GROUPING_COLUMNS = {grouped_by for *_, grouped_by in FILTERS if grouped_by}
# (column, label, unit, decimals): the standard's units are blank (a number), "£", "£m", "%" or "pp".
INDICATORS: tuple[tuple[str, str, str, int], ...] = (
    ("numerator", "Numerator: the count the figure is worked out from", "", 0),
    ("denominator", "Denominator: the count the figure is out of", "", 0),
    ("value", "The figure (percentage, rate per 10,000, count, days, score or average)", "", 1),
    ("ci_low", "Lower end of the 95% interval of a percentage", "%", 1),
    ("ci_high", "Upper end of the 95% interval of a percentage", "%", 1),
    ("target", "The plan's target for the year, where there is one", "", 1),
)
UNIT_WORDS = {
    "percent": "Percentage",
    "rate": "Rate per 10,000 children",
    "count": "Number",
    "days": "Days",
    "score": "Score",
    "average": "Average",
}


def financial_year(day: date) -> str:
    """The six-digit financial year (April to March) holding ``day``: 31 March 2025 is ``202425``."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}{(start + 1) % 100:02d}"


def _cell(name: str, value: float | None, unit: str, withheld: list[str], decimals: int) -> str:
    symbol = formatting.symbol_for(name, value, unit, withheld)
    if symbol is not None:
        return symbol
    assert value is not None  # symbol_for gives every missing value a symbol
    if name in ("numerator", "denominator"):
        # Counts of children are whole; staff counts are full-time equivalents (41.5), shown as they are.
        return str(int(value)) if float(value).is_integer() else f"{round(value, 2):g}"
    return f"{round(value, decimals):.{decimals}f}"


def ees_rows(public_rows: pl.DataFrame) -> list[dict[str, str]]:
    """The public report rows as data-file rows (every cell text, as the CSV holds it)."""
    entries = catalogue()
    rows = []
    for row in public_rows.sort("period_end", "indicator", "breakdown", "group").iter_rows(named=True):
        entry = entries[row["indicator"]]
        withheld = list(row["suppressed"] or [])
        # An interval next to a withheld value would hint at it: it goes with the value.
        value_shown = formatting.symbol_for("value", row["value"], entry.unit, withheld) is None
        hidden = withheld + ([] if value_shown else ["ci_low", "ci_high"])
        headline = row["breakdown"] == "all"
        cells = {
            "numerator": _cell("numerator", row["numerator"], entry.unit, hidden, 0),
            "denominator": _cell("denominator", row["denominator"], entry.unit, hidden, 0),
            "value": _cell("value", row["value"], entry.unit, hidden, entry.decimals),
            "ci_low": _cell("ci_low", row["ci_low"], entry.unit, hidden, entry.decimals),
            "ci_high": _cell("ci_high", row["ci_high"], entry.unit, hidden, entry.decimals),
            # No target for the year is "not applicable", not a missing figure.
            "target": formatting.NOT_APPLICABLE
            if row["target"] is None
            else f"{round(row['target'], entry.decimals):.{entry.decimals}f}",
        }
        rows.append(
            {
                "time_period": financial_year(row["period_end"]),
                "time_identifier": TIME_IDENTIFIER,
                "geographic_level": GEOGRAPHIC_LEVEL,
                "country_code": COUNTRY_CODE,
                "country_name": COUNTRY_NAME,
                "period_end": row["period_end"].isoformat(),
                "theme": str(entry.theme),
                "indicator": entry.title,
                "unit": UNIT_WORDS[entry.unit],
                "breakdown_topic": TOTAL
                if headline
                else BREAKDOWN_LABELS.get(row["breakdown"], row["breakdown"]),
                "breakdown": TOTAL if headline else row["group"],
                **cells,
            }
        )
    return rows


TIME_AND_GEOGRAPHY_WORDS = {
    "time_period": "The financial year (April to March) holding the last day of the period, as 202425",
    "time_identifier": "Financial year, for every row",
    "geographic_level": "National: the figures are for the whole island",
    "country_code": "z: Jersey has no GSS (ONS) country code",
    "country_name": "Jersey",
}
# What every column of the data file holds, in order (metadata.json publishes it).
COLUMN_DESCRIPTIONS: dict[str, str] = {
    **TIME_AND_GEOGRAPHY_WORDS,
    **{name: f"{label}{'. ' + hint if hint else ''}" for name, label, hint, _ in FILTERS},
    **{name: f"{label}; c withheld, x not available, z not applicable" for name, label, *_ in INDICATORS},
}


def data_columns() -> list[str]:
    return [*TIME_AND_GEOGRAPHY, *(name for name, *_ in FILTERS), *(name for name, *_ in INDICATORS)]


def ees_data_csv(public_rows: pl.DataFrame) -> str:
    """The data file's text: a header of `data_columns` and one row per public report row."""
    return _csv(data_columns(), ees_rows(public_rows))


def ees_metadata_rows() -> list[dict[str, str]]:
    """The metadata file's rows: each filter (but the grouping columns) and each indicator of the data."""
    rows = [
        {"col_name": name, "col_type": "Filter", "label": label, "filter_hint": hint,
         "filter_grouping_column": grouped_by}
        for name, label, hint, grouped_by in FILTERS
        if name not in GROUPING_COLUMNS
    ]  # fmt: skip
    rows += [
        {"col_name": name, "col_type": "Indicator", "label": label, "indicator_unit": unit,
         "indicator_dp": str(decimals)}
        for name, label, unit, decimals in INDICATORS
    ]  # fmt: skip
    return [{column: row.get(column, "") for column in METADATA_COLUMNS} for row in rows]


def ees_metadata_csv() -> str:
    return _csv(list(METADATA_COLUMNS), ees_metadata_rows())


def _csv(columns: list[str], rows: list[dict[str, str]]) -> str:
    # A group name from the data that begins like a formula is written as text (`metrics.csv_safety`), and
    # polars quotes a carriage return inside a cell (Python's csv module does not, so it would start a row).
    frame = pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String)) if rows else None
    return safe_csv(frame if frame is not None else pl.DataFrame(schema=dict.fromkeys(columns, pl.String)))
