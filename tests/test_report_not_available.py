"""`cpo report` says which indicators are not available, and why, when a return came without a local file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cpo.cli import main
from queries.ingest import ingest_return

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "jersey"


def test_report_names_the_file_that_was_never_loaded(sqlite_engine, tmp_path, capsys):
    folder = tmp_path / "without_education"
    shutil.copytree(SAMPLE, folder)
    (folder / "education.csv").unlink()
    assert ingest_return(folder, sqlite_engine).loaded
    url = sqlite_engine.url.render_as_string(hide_password=False)
    capsys.readouterr()

    assert main(["report", "--as-at", "2025-03-31", "--format", "table", "--database-url", url]) == 0
    table = capsys.readouterr().out
    assert "Not available (x)" in table
    assert "(absence_rate): not available: education.csv not loaded" in table
    assert "(cla_count)" not in table.split("Not available (x)")[1]

    assert main(["report", "--as-at", "2025-03-31", "--format", "json", "--database-url", url]) == 0
    printed = capsys.readouterr()
    assert json.loads(printed.out)
    assert "cpo report: " in printed.err
    assert "(sen_plan_pct): not available: education.csv not loaded" in printed.err
