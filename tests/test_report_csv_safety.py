"""`cpo report --format csv` writes no cell a spreadsheet would run, and its numbers stay numbers."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
from hypothesis import given, settings

from cpo.report_command import write_csv
from metrics.report import REPORT_COLUMNS, REPORT_SCHEMA
from tests.spreadsheet_cells import formula_cells, hostile_text


def hostile_report(area: str, source: str, group: str) -> pl.DataFrame:
    row = dict.fromkeys(REPORT_COLUMNS)
    row |= {
        "indicator": "long_term_stability_pct", "title": "Long-term stability", "unit": "percent",
        "period_end": date(2025, 3, 31), "breakdown": "sex", "group": group, "numerator": 40.0,
        "denominator": 60.0, "value": -66.7, "ci_low": -70.25, "target": -1.5, "status": "near",
        "comparators": [{"area": area, "year": 2024, "value": -3.0, "source": source}], "suppressed": [],
    }  # fmt: skip
    return pl.DataFrame([row], schema=REPORT_SCHEMA)


@settings(max_examples=40, deadline=None)
@given(area=hostile_text(), source=hostile_text(), group=hostile_text())
def test_a_hostile_comparator_or_group_never_runs_and_numbers_stay_numbers(area, source, group):
    # Issue 11: comparators.csv AREA "=HYPERLINK(...)" reached `cpo report --format csv` unescaped.
    out = io.StringIO()
    write_csv(hostile_report(area, source, group), out)

    assert not formula_cells(out.getvalue())
    back = pl.read_csv(out.getvalue().encode(), infer_schema=False).row(0, named=True)
    numbers = [float(back[name]) for name in ("numerator", "value", "ci_low", "target")]
    assert numbers == [40, -66.7, -70.25, -1.5]
    assert back["comparators"].startswith("'")
    assert back["group"].startswith("'")
