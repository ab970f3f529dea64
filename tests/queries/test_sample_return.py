"""The generated sample return passes every rule, loads on both databases, reloads without duplicates and
comes back out of the database value for value."""

from __future__ import annotations

from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from metrics.catalogue import catalogue
from queries.extract import read_care_data
from queries.ingest import ingest_return, read_validated_return, validate_return
from queries.schema import RETURN_TABLES
from tests.queries.test_load import table_counts

generator = pytest.importorskip("sample_data.generator", reason="sample_data/generator.py is not written yet")


@pytest.fixture(scope="module")
def sample_return(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    generator.write_return(folder, children=70, seed=2026)
    return folder


def test_the_generated_sample_passes_validation(sample_return):
    report = validate_return(sample_return, known_indicators=set(catalogue()))

    assert report.ok, report.to_text()[:5000]
    assert report.row_counts["header.csv"] > 0


def test_the_committed_sample_passes_validation():
    committed = Path(generator.SAMPLE_RETURN_DIR)
    if not (committed / "header.csv").is_file():
        pytest.skip(f"no committed sample in {committed} yet")

    report = validate_return(committed, known_indicators=set(catalogue()))

    assert report.ok, report.to_text()[:5000]


def test_the_sample_loads_reloads_and_round_trips(engine, sample_return):
    _, expected = read_validated_return(sample_return)
    assert ingest_return(sample_return, engine).loaded
    first = table_counts(engine)

    assert ingest_return(sample_return, engine).loaded

    again = table_counts(engine)
    assert {name: count for name, count in again.items() if name not in {"loads", "load_findings"}} == {
        name: count for name, count in first.items() if name not in {"loads", "load_findings"}
    }
    extracted = read_care_data(engine)
    for name, frame in extracted.items():
        if name not in expected:
            assert frame.is_empty(), name
            continue
        key = [column.name for column in RETURN_TABLES[f"{name}.csv"].primary_key.columns]
        assert_frame_equal(frame.sort(key), expected[name].drop("source_row").sort(key))
