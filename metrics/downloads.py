"""The staff download of one indicator's rows (theme and partner pages): a file that stands alone.

Each row carries what it is (indicator id and title, the period in words and its last day, breakdown and
group), its figures as numbers (numerator, denominator, value, 95% interval, target, trajectory: empty when
missing or withheld, the GSS symbol that explains an empty cell in a ``*_note`` column), what they count
(unit and counted), how it stands against the plan (status and how sure it is), the early-warning signals,
and the source. Numbers are full precision: this file is for staff, who see the unrounded figures.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from metrics import formatting
from metrics.attention import certainty_text
from metrics.catalogue import BREAKDOWN_LABELS, Indicator
from metrics.early_warning import assurance_label, variation_label
from metrics.periods import period_heading

NUMBER_CELLS = ("numerator", "denominator", "value", "ci_low", "ci_high", "target", "trajectory")
NOTED_CELLS = ("numerator", "denominator", "value")
DOWNLOAD_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "indicator": pl.String, "title": pl.String, "period": pl.String, "period_end": pl.Date,
    "breakdown": pl.String, "group": pl.String, "numerator": pl.Float64, "numerator_note": pl.String,
    "denominator": pl.Float64, "denominator_note": pl.String, "value": pl.Float64, "value_note": pl.String,
    "ci_low": pl.Float64, "ci_high": pl.Float64, "unit": pl.String, "counted": pl.String,
    "target": pl.Float64, "trajectory": pl.Float64, "status": pl.String, "certainty": pl.String,
    "variation": pl.String, "assurance": pl.String, "source": pl.String,
}  # fmt: skip


def download_frame(rows: pl.DataFrame, entries: Mapping[str, Indicator]) -> pl.DataFrame:
    """Report rows (with signals) as the download's columns, `DOWNLOAD_SCHEMA`, numbers as numbers."""
    records = []
    for row in rows.iter_rows(named=True):
        entry = entries[row["indicator"]]
        withheld = list(row.get("suppressed") or [])
        notes = {
            f"{cell}_note": formatting.symbol_for(cell, row.get(cell), entry.unit, withheld) or ""
            for cell in NOTED_CELLS
        }
        numbers = {
            cell: None if cell in withheld or row.get(cell) is None else float(row[cell])
            for cell in NUMBER_CELLS
        }
        records.append(
            {
                "indicator": entry.id,
                "title": entry.title,
                "period": period_heading(entry.period, row["period_end"]),
                "period_end": row["period_end"],
                "breakdown": BREAKDOWN_LABELS.get(row["breakdown"], row["breakdown"]),
                "group": "All" if row["group"] == "all" else row["group"],
                **numbers,
                **notes,
                "unit": entry.unit,
                "counted": entry.counted,
                "status": formatting.STATUS_WORDS.get(row.get("status") or "no_data", "No data"),
                "certainty": certainty_text(row, entry) or "",
                "variation": variation_label(row["variation"]) if row.get("variation") else "",
                "assurance": assurance_label(row["assurance"]) if row.get("assurance") else "",
                "source": entry.source,
            }
        )
    return pl.DataFrame(records, schema=DOWNLOAD_SCHEMA)
