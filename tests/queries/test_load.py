"""Loading on SQLite and on PostgreSQL: all or nothing, a reload replaces, load then extract round-trips."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import func, select

import queries.load
from metrics.data import SCHEMAS
from queries.bootstrap import ensure_loaded
from queries.engine import create_schema
from queries.extract import latest_load, load_findings, read_care_data
from queries.ingest import ingest_return, read_validated_return
from queries.schema import RETURN_TABLES, loads
from queries.schema import load_findings as load_findings_table
from tests.queries.mini_return import MINI_RETURN, replace_line, write_mini_return

AS_OF = date(2025, 6, 1)


def table_counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        counts = {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in [*RETURN_TABLES.values(), loads, load_findings_table]
        }
    return counts


def snapshot(engine) -> tuple[dict[str, int], dict[str, pl.DataFrame]]:
    return table_counts(engine), read_care_data(engine)


def assert_same_snapshot(before, after) -> None:
    assert before[0] == after[0]
    for name, frame in before[1].items():
        assert_frame_equal(frame, after[1][name])


def test_a_valid_return_loads_every_row(engine, tmp_path):
    report = ingest_return(write_mini_return(tmp_path), engine, as_of=AS_OF)

    assert report.ok, report.to_text()
    assert report.loaded
    counts = table_counts(engine)
    assert {f"{table}.csv": counts[table] for table in ("header", "episodes", "visits")} == {
        "header.csv": 3,
        "episodes.csv": 4,
        "visits.csv": 3,
    }
    assert counts["loads"] == 1


def test_load_then_extract_preserves_every_value(engine, tmp_path):
    folder = write_mini_return(tmp_path)
    _, expected = read_validated_return(folder, as_of=AS_OF)
    ingest_return(folder, engine, as_of=AS_OF)

    extracted = read_care_data(engine)

    assert set(extracted) == set(SCHEMAS)
    for name, frame in extracted.items():
        assert frame.schema == pl.Schema(SCHEMAS[name]), name
        if name not in expected:  # a file the return does not have: its table stays empty
            assert frame.is_empty(), name
            continue
        key = [column.name for column in RETURN_TABLES[f"{name}.csv"].primary_key.columns]
        assert_frame_equal(frame.sort(key), expected[name].drop("source_row").sort(key), check_dtypes=True)


def test_extract_of_an_empty_database_has_every_column(engine):
    extracted = read_care_data(engine)

    assert {name: dict(frame.schema) for name, frame in extracted.items()} == SCHEMAS
    assert all(frame.height == 0 for frame in extracted.values())


def test_reloading_the_same_return_does_not_duplicate(engine, tmp_path):
    folder = write_mini_return(tmp_path)
    ingest_return(folder, engine, as_of=AS_OF)
    first = table_counts(engine)

    second_report = ingest_return(folder, engine, as_of=AS_OF)

    again = table_counts(engine)
    assert {name: again[name] for name in first if name not in {"loads", "load_findings"}} == {
        name: first[name] for name in first if name not in {"loads", "load_findings"}
    }
    assert again["loads"] == 2
    assert latest_load(engine)["load_id"] == second_report.load_id


def test_a_reload_replaces_the_data_set(engine, tmp_path):
    ingest_return(write_mini_return(tmp_path / "first"), engine, as_of=AS_OF)
    visits = "CHILD,VISIT_DATE\nC3,03/02/2025\n"

    ingest_return(write_mini_return(tmp_path / "second", visits_csv=visits), engine, as_of=AS_OF)

    assert read_care_data(engine)["visits"].rows() == [("C3", date(2025, 2, 3))]


def test_a_rejected_return_leaves_the_database_unchanged(engine, tmp_path):
    ingest_return(write_mini_return(tmp_path / "good"), engine, as_of=AS_OF)
    before = snapshot(engine)
    broken = replace_line("visits.csv", 3, "C9,2023-05-20")

    report = ingest_return(write_mini_return(tmp_path / "bad", visits_csv=broken), engine, as_of=AS_OF)

    assert not report.ok
    assert not report.loaded
    assert_same_snapshot(before, snapshot(engine))


def test_a_database_failure_mid_load_rolls_everything_back(engine, tmp_path, monkeypatch):
    ingest_return(write_mini_return(tmp_path / "good"), engine, as_of=AS_OF)
    before = snapshot(engine)
    visits = "CHILD,VISIT_DATE\nC3,03/02/2025\n"

    def fail_after_the_rows(*_args, **_kwargs):
        raise RuntimeError("the disk is full")

    # The tables are emptied and refilled before the load is recorded: failing there proves the whole
    # replacement is one transaction.
    monkeypatch.setattr(queries.load, "_record", fail_after_the_rows)
    with pytest.raises(RuntimeError, match="disk is full"):
        ingest_return(write_mini_return(tmp_path / "second", visits_csv=visits), engine, as_of=AS_OF)

    assert_same_snapshot(before, snapshot(engine))


def test_warnings_are_stored_for_the_analyst_only(engine, tmp_path):
    reviews = replace_line("reviews.csv", 2, "C1,02/05/2010,01/06/2023,PN1")
    report = ingest_return(write_mini_return(tmp_path, reviews_csv=reviews), engine, as_of=AS_OF)
    assert report.loaded

    # The DfE's own findings on this tiny return are stored too; the warning this test plants is ours.
    findings = load_findings(engine, "analyst").filter(pl.col("rule").str.starts_with("DOB_DIFFERS: "))

    assert findings.select("file", "row", "column", "value", "child").rows() == [
        ("reviews.csv", 2, "DOB", "02/05/2010", "C1")
    ]
    assert latest_load(engine)["warning_count"] == 1
    for role in ("leadership", "public", "manager", ""):
        with pytest.raises(PermissionError):
            load_findings(engine, role)


def test_latest_load_records_checksums_and_counts(engine, tmp_path):
    assert latest_load(engine) is None
    report = ingest_return(write_mini_return(tmp_path), engine, as_of=AS_OF)

    record = latest_load(engine)

    assert record["load_id"] == report.load_id
    assert record["source"] == str(tmp_path.resolve())
    assert set(record["checksums"]) == set(MINI_RETURN)
    assert all(len(checksum) == 64 for checksum in record["checksums"].values())
    assert record["row_counts"]["episodes.csv"] == 4
    assert record["code_lists"]["PLACE list from 2024/25"][-1] == "K3"


def test_schema_creation_is_idempotent(engine):
    create_schema(engine)
    create_schema(engine)

    assert table_counts(engine)["loads"] == 0


def test_ensure_loaded_loads_once(engine, tmp_path):
    folder = write_mini_return(tmp_path)

    ensure_loaded(engine, folder)
    ensure_loaded(engine, folder)

    assert table_counts(engine)["loads"] == 1


def test_ensure_loaded_refuses_a_broken_sample(engine, tmp_path):
    folder = write_mini_return(tmp_path, header_csv="CHILD,SEX,DOB,ETHNIC\nC1,9,01/05/2010,WBRI\n")

    with pytest.raises(ValueError, match="rejected"):
        ensure_loaded(engine, folder)

    assert table_counts(engine)["loads"] == 0
