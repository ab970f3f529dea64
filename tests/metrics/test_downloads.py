"""The staff download: every column the issue lists, numbers as numbers, withheld cells empty with a note."""

from __future__ import annotations

import io
from datetime import date

import polars as pl

from metrics.catalogue import catalogue
from metrics.downloads import DOWNLOAD_SCHEMA, download_frame
from metrics.report import REPORT_SCHEMA

ENTRIES = catalogue()


def report_rows(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(
        [{name: row.get(name) for name in REPORT_SCHEMA} for row in rows], schema=REPORT_SCHEMA
    )


def test_a_row_stands_alone_with_numbers_as_numbers():
    rows = report_rows(
        {
            "indicator": "absence_rate", "period_end": date(2026, 3, 31), "breakdown": "all", "group": "all",
            "numerator": 615.0, "denominator": 8625.0, "value": 7.130434782608696, "ci_low": 6.6,
            "ci_high": 7.7, "target": 5.0, "trajectory": 5.5, "status": "off_track", "certainty": "clear",
            "variation": "common_cause", "assurance": "hit_and_miss", "suppressed": [],
        },
        {
            "indicator": "absence_rate", "period_end": date(2026, 3, 31), "breakdown": "sex",
            "group": "Female",
            "numerator": 3.0, "denominator": 40.0, "value": 7.5, "status": "off_track",
            "suppressed": ["numerator"],
        },
    )  # fmt: skip
    frame = download_frame(rows, ENTRIES)
    assert frame.schema == pl.Schema(DOWNLOAD_SCHEMA)
    first, second = frame.rows(named=True)
    assert (first["indicator"], first["title"], first["period"]) == (
        "absence_rate",
        "School absence rate",
        "Year to 31 March 2026",
    )
    assert (first["numerator"], first["denominator"], first["value"]) == (615.0, 8625.0, 7.130434782608696)
    assert (first["unit"], first["counted"], first["status"], first["target"]) == (
        "percent",
        "sessions",
        "Off track",
        5.0,
    )
    assert first["variation"] == "~ Common cause: no unusual change"
    assert first["source"] == ENTRIES["absence_rate"].source
    # A withheld count is an empty number with its GSS symbol beside it, never text in a number column.
    assert (second["numerator"], second["numerator_note"], second["group"]) == (None, "c", "Female")
    written = pl.read_csv(io.BytesIO(frame.write_csv().encode()))
    assert written.schema["value"] == pl.Float64
    assert written.get_column("numerator").to_list() == [615.0, None]
