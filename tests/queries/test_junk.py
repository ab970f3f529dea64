"""Hypothesis: whatever junk a file holds, validation reports findings (never a traceback) and a load is all
or nothing."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.engine import create_schema, make_engine
from queries.extract import read_care_data
from queries.ingest import ingest_return, validate_return
from tests.queries.mini_return import MINI_RETURN, write_mini_return

AS_OF = date(2025, 6, 1)
FILES = sorted(MINI_RETURN)

# Text made of the pieces CSV files break on: separators, quotes, line ends, codes, dates, numbers, accents.
csv_pieces = st.sampled_from(
    [",", '"', "\n", "\r\n", " ", "C1", "C9", "01/05/2010", "31/02/2010", "2024-03", "1", "0", "-1", "1e400",
     "nan", "WBRI", "P1", "Z1", "é", "\t", "CHILD", "DOB", ";", "\x00", "9" * 30]
)  # fmt: skip
junk_text = st.lists(csv_pieces, max_size=60).map("".join)


def _mutated_line(file: str, data) -> str:
    lines = MINI_RETURN[file].splitlines()
    number = data.draw(st.integers(min_value=0, max_value=len(lines) - 1), label="line")
    fields = lines[number].split(",")
    position = data.draw(st.integers(min_value=0, max_value=len(fields) - 1), label="field")
    fields[position] = data.draw(junk_text, label="value")
    lines[number] = ",".join(fields)
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), data=st.data(), whole_file=st.booleans(), binary=st.binary(max_size=200))
def test_junk_never_raises(file, data, whole_file, binary):
    folder = Path(tempfile.mkdtemp())
    try:
        write_mini_return(folder)
        if whole_file and binary:
            (folder / file).write_bytes(binary)
        else:
            text = data.draw(junk_text) if whole_file else _mutated_line(file, data)
            (folder / file).write_text(text, encoding="utf-8")

        report = validate_return(folder, as_of=AS_OF)

        assert report.ok or report.errors
        assert "Traceback" not in report.to_text()
        report.to_dict()
    finally:
        shutil.rmtree(folder)


@pytest.fixture(scope="module")
def loaded_sqlite(tmp_path_factory):
    """One SQLite database holding the mini return, shared by the examples of the property below."""
    root = tmp_path_factory.mktemp("junk")
    engine = make_engine(f"sqlite:///{root / 'cpo.sqlite'}")
    create_schema(engine)
    good = write_mini_return(root / "good")
    assert ingest_return(good, engine, as_of=AS_OF).loaded
    yield engine, read_care_data(engine)
    engine.dispose()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(FILES), data=st.data())
def test_junk_is_loaded_whole_or_not_at_all(loaded_sqlite, file, data):
    engine, good_data = loaded_sqlite
    folder = Path(tempfile.mkdtemp())
    try:
        write_mini_return(folder, **{file.replace(".csv", "_csv"): _mutated_line(file, data)})

        report = ingest_return(folder, engine, as_of=AS_OF)

        after = read_care_data(engine)
        if report.loaded:
            # A junk cell that is still valid (an empty optional value, say) is loaded like any return;
            # put the good return back for the next example.
            assert report.ok
            ingest_return(write_mini_return(folder / "good"), engine, as_of=AS_OF)
        else:
            assert report.errors
            assert all(after[name].equals(frame) for name, frame in good_data.items())
    finally:
        shutil.rmtree(folder)
