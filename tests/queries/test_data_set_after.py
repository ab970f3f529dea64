"""A load computes its results from the tables it holds, not read back: they must equal the read-back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import Engine

from queries.engine import create_schema
from queries.extract import read_care_data_on
from queries.ingest import read_validated_return
from queries.load import data_set_after, replace_return
from sample_data.annual import write_annual_returns
from sample_data.generator import SAMPLE_RETURN_DIR


def _load_and_compare(engine: Engine, folder: Path, year: int | None = None) -> None:
    report, tables = read_validated_return(folder, year=year)
    assert report.ok, [finding.to_text() for finding in report.errors[:3]]
    with engine.begin() as connection:
        replace_return(connection, tables, report, lambda _message: None)
        held = data_set_after(connection, tables, report)
        read_back = read_care_data_on(connection)
    assert held.keys() == read_back.keys()
    for name, frame in read_back.items():
        assert_frame_equal(held[name], frame, check_exact=True)


@pytest.mark.parametrize("with_local_files_after", [False, True])
def test_a_full_extract_and_local_files_hold_what_is_read_back(engine, tmp_path, with_local_files_after):
    create_schema(engine)
    _load_and_compare(engine, SAMPLE_RETURN_DIR)
    if with_local_files_after:
        local = tmp_path / "local"
        local.mkdir()
        for name in ("visits.csv", "workforce.csv"):
            shutil.copy(SAMPLE_RETURN_DIR / name, local / name)
        _load_and_compare(engine, local)


def test_annual_returns_accumulate_with_the_years_already_loaded(engine, tmp_path):
    create_schema(engine)
    write_annual_returns(tmp_path, children=12)
    _load_and_compare(engine, tmp_path / "local")
    for year in (2025, 2026, 2027):
        _load_and_compare(engine, tmp_path / str(year), year=year)
