"""Every download of the pages holds no cell a spreadsheet would run, and the analyst's findings report keeps
a hostile file name or extra column name as inert text (issue 11: ``=1+2.csv``, a column ``=HYPERLINK(...)``).
"""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pages import components
from pages.data_quality import findings_table
from queries.ingest import validate_return
from queries.report import excel_bytes, findings_frame
from tests.queries.mini_return import MINI_RETURN, write_mini_return
from tests.spreadsheet_cells import formula_cells, hostile_text, workbook_parts

AS_OF = date(2025, 6, 1)
# A name a folder and a header row can hold: printable, no slash; a tab or CR around a name is stripped.
NAME_TEXT = st.text(st.characters(categories=("L", "N", "P", "S"), exclude_characters="/"), max_size=12)
HOSTILE_NAME = st.builds(lambda start, rest: start + rest, st.sampled_from("=+-@"), NAME_TEXT)


@settings(max_examples=50, deadline=None)
@given(st.lists(hostile_text(), min_size=1, max_size=8), hostile_text())
def test_a_table_download_never_runs_a_formula_and_keeps_its_numbers(texts, heading):
    table = pl.DataFrame({"Group": texts, heading: ["-12.5"] * len(texts), "Value": [-1.5] * len(texts)})

    csv_text = components.table_csv(table).decode("utf-8")
    assert not formula_cells(csv_text)
    back = pl.read_csv(csv_text.encode(), infer_schema=False)
    assert back.get_column("Value").cast(pl.Float64).to_list() == [-1.5] * len(texts)
    assert back.get_column(back.columns[1]).to_list() == ["-12.5"] * len(texts)  # a number stays a number

    formulas, links, strings = workbook_parts(components.table_xlsx(table))
    assert (formulas, links) == (0, 0)
    assert {text for text in [*texts, heading] if text.isprintable()} <= set(strings)


def _hostile_return(folder: Path, file_name: str, column: str) -> Path:
    visits = io.StringIO()
    rows = list(csv.reader(io.StringIO(MINI_RETURN["visits.csv"])))
    csv.writer(visits, lineterminator="\n").writerows(
        [[*rows[0], column], *([*row, "=1+1"] for row in rows[1:])]
    )
    write_mini_return(folder, visits_csv=visits.getvalue())
    (folder / file_name).write_text("A,B\n=1+1,@SUM(1+1)\n", encoding="utf-8")
    return folder


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file_stem=HOSTILE_NAME, column=HOSTILE_NAME)
def test_the_findings_report_keeps_hostile_file_and_column_names_as_text(file_stem, column):
    with tempfile.TemporaryDirectory() as folder:
        report = validate_return(_hostile_return(Path(folder), file_stem + ".csv", column), as_of=AS_OF)
    named = {(finding.rule, finding.file, finding.column) for finding in report.warnings}
    assert ("FILE_UNKNOWN", file_stem + ".csv", None) in named
    assert ("COLUMN_EXTRA", "visits.csv", column) in named

    every = findings_frame([*report.errors, *report.findings, *report.warnings])
    assert not formula_cells(components.table_csv(findings_table(every)).decode("utf-8"))
    formulas, links, strings = workbook_parts(excel_bytes(report))
    assert (formulas, links) == (0, 0)
    assert {text for text in (file_stem + ".csv", column) if text.isprintable()} <= set(strings)
