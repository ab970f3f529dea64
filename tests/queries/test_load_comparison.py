"""The report that ends a load: the committed Jersey sample, then a copy with children dropped, added, moved.

The state before a load is read with `cpo.ingest_command.read_previous_load` (which uses
`queries.extract.child_ids` and `latest_load`), the comparison made with `compare_with_previous`, on SQLite
and PostgreSQL; the command line's text and JSON are checked on SQLite.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cpo.cli import main
from cpo.ingest_command import compare_with_previous, read_previous_load
from queries.extract import child_ids
from queries.ingest import ingest_return

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "jersey"
DROPPED = 10  # children looked after at the end of the sample who are not in the new return
ADDED = 2  # new children: copies of looked-after children under new ids
MOVED_TO_RESIDENTIAL = 6  # open foster placements (U4) that the new return records as a children's home (K2)


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="") as file:
        heading, *rows = list(csv.reader(file))
    return heading, rows


def _write(path: Path, heading: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows([heading, *rows])


def _looked_after_at_the_end(folder: Path) -> list[str]:
    """Children whose latest episode is still open (no DEC), in file order."""
    heading, rows = _read(folder / "episodes.csv")
    child, dec = heading.index("CHILD"), heading.index("DEC")
    return list(dict.fromkeys(row[child] for row in rows if not row[dec]))


class Changes:
    """Which children the modified copy drops, adds (copy of -> new id) and moves to residential care."""

    def __init__(self, folder: Path) -> None:
        looked_after = _looked_after_at_the_end(folder)
        self.dropped = set(looked_after[:DROPPED])
        self.copied = {looked_after[DROPPED + n]: f"N{n + 1:04d}" for n in range(ADDED)}
        heading, rows = _read(folder / "episodes.csv")
        child, dec, place = heading.index("CHILD"), heading.index("DEC"), heading.index("PLACE")
        fostered = [
            row[child]
            for row in rows
            if not row[dec] and row[place] == "U4" and row[child] not in self.dropped | set(self.copied)
        ]
        self.residential = set(fostered[:MOVED_TO_RESIDENTIAL])


def modified_copy(source: Path, target: Path) -> Changes:
    """``source`` written to ``target`` with `Changes` applied to every child-level file."""
    changes = Changes(source)
    target.mkdir()
    for path in sorted(source.glob("*.csv")):
        heading, rows = _read(path)
        if "CHILD" not in heading:
            _write(target / path.name, heading, rows)
            continue
        child = heading.index("CHILD")
        kept = [row for row in rows if row[child] not in changes.dropped]
        for row in rows:
            if row[child] in changes.copied:
                copy = [*row]
                copy[child] = changes.copied[row[child]]
                if "UPN" in heading:
                    copy[heading.index("UPN")] = ""  # a UPN belongs to one pupil
                kept.append(copy)
        if path.name == "episodes.csv":
            dec, place = heading.index("DEC"), heading.index("PLACE")
            for row in kept:
                if row[child] in changes.residential and not row[dec]:
                    row[place] = "K2"
        _write(target / path.name, heading, kept)
    return changes


def _rows(folder: Path, name: str) -> int:
    return len(_read(folder / name)[1])


@pytest.fixture(scope="module")
def modified_return(tmp_path_factory) -> tuple[Path, Changes]:
    target = tmp_path_factory.mktemp("modified") / "jersey"
    return target, modified_copy(SAMPLE, target)


def test_the_comparison_counts_rows_children_and_moved_indicators(engine: Engine, modified_return):
    folder, changes = modified_return
    assert ingest_return(SAMPLE, engine).loaded
    previous = read_previous_load(engine)
    assert previous is not None
    assert previous.child_ids == child_ids(engine)

    report = ingest_return(folder, engine)
    assert report.loaded, report.to_text()
    comparison = compare_with_previous(engine, previous, report)

    rows = {file: (before, after, change) for file, before, after, change in comparison.row_counts.rows()}
    children = _rows(SAMPLE, "header.csv")
    assert rows["header.csv"] == (children, children - DROPPED + ADDED, ADDED - DROPPED)
    for name in ("episodes.csv", "visits.csv", "workforce.csv"):
        before, after = _rows(SAMPLE, name), _rows(folder, name)
        assert rows[name] == (before, after, after - before)
    assert rows["workforce.csv"][2] == 0
    assert comparison.children.to_dict() == {
        "before": children,
        "after": children - DROPPED + ADDED,
        "added": ADDED,
        "gone": DROPPED,
    }
    moved = comparison.to_dict()["indicators_moved"]
    by_id = {row["indicator"]: row for row in moved}
    # Every looked-after child dropped or added changes the count of children looked after at the end.
    assert by_id["cla_count"]["current"]["value"] - by_id["cla_count"]["previous"]["value"] == ADDED - DROPPED
    assert "sw_vacancy_pct" not in by_id  # workforce.csv did not change
    text = comparison.to_text()
    assert f"(added {ADDED}, gone {DROPPED})" in text
    assert not any(child in text for child in changes.dropped)


def test_loading_the_same_return_again_changes_nothing(sqlite_engine: Engine):
    assert read_previous_load(sqlite_engine) is None
    first = ingest_return(SAMPLE, sqlite_engine)
    assert "nothing to compare" in compare_with_previous(sqlite_engine, None, first).to_text()
    previous = read_previous_load(sqlite_engine)

    again = ingest_return(SAMPLE, sqlite_engine)
    comparison = compare_with_previous(sqlite_engine, previous, again)

    assert comparison.row_counts.get_column("change").to_list() == [0] * len(again.row_counts)
    assert (comparison.children.added, comparison.children.gone) == (0, 0)
    assert comparison.indicators.height > 40
    assert comparison.moved.height == 0


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


# The fields `cpo ingest --format json` printed before the comparison: tools script against them.
EXISTING_FIELDS = [
    "source", "ok", "loaded", "load_id", "error_count", "warning_count", "row_counts", "checksums",
    "code_lists", "code_list_years", "errors", "warnings",
]  # fmt: skip


def test_json_adds_a_comparison_and_keeps_every_field(database_url, modified_return, capsys):
    folder, _ = modified_return
    assert main(["ingest", str(SAMPLE), "--database-url", database_url, "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert list(first)[: len(EXISTING_FIELDS)] == EXISTING_FIELDS  # added fields come after, none renamed
    assert "comparison" in first
    assert first["comparison"]["first_load"] is True

    assert main(["ingest", str(folder), "--database-url", database_url, "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)

    assert list(printed)[: len(EXISTING_FIELDS)] == EXISTING_FIELDS
    assert list(printed)[-1] == "comparison"
    comparison = printed["comparison"]
    assert list(comparison) == [
        "first_load", "previous_load_id", "row_counts", "children", "quarter_end", "year_end", "role",
        "indicators_compared", "indicators_moved",
    ]  # fmt: skip
    assert comparison["previous_load_id"] == 1
    assert comparison["role"] == "leadership"
    assert comparison["children"]["gone"] == DROPPED
    assert comparison["row_counts"][0] == {
        "file": "header.csv",
        "before": _rows(SAMPLE, "header.csv"),
        "after": _rows(folder, "header.csv"),
        "change": ADDED - DROPPED,
    }
    assert comparison["quarter_end"].endswith(("-03-31", "-06-30", "-09-30", "-12-31"))
    assert comparison["year_end"].endswith("-03-31")
    moved = comparison["indicators_moved"][0]
    assert list(moved) == [
        "indicator",
        "title",
        "unit",
        "period_end",
        "test",
        "previous",
        "current",
        "change",
    ]
    assert list(moved["previous"]) == ["numerator", "denominator", "value", "ci_low", "ci_high"]


def test_text_ends_with_the_comparison(database_url, modified_return, capsys):
    folder, _ = modified_return
    main(["ingest", str(SAMPLE), "--database-url", database_url])
    assert "nothing to compare, this is the first load" in capsys.readouterr().out

    assert main(["ingest", str(folder), "--database-url", database_url]) == 0
    out = capsys.readouterr().out

    assert "LOADED (load 2)" in out
    assert "Compared with the previous load (load 1):" in out
    assert f"(added {ADDED}, gone {DROPPED})" in out
    assert "Indicators that moved by more than their interval (leadership view; quarterly at" in out
    assert "Children in care (cla_count)" in out


def test_no_compare_prints_only_the_load_report(database_url, capsys):
    main(["ingest", str(SAMPLE), "--database-url", database_url])
    capsys.readouterr()

    assert main(["ingest", str(SAMPLE), "--database-url", database_url, "--no-compare"]) == 0
    assert "Compared with" not in capsys.readouterr().out
    main(["ingest", str(SAMPLE), "--database-url", database_url, "--no-compare", "--format", "json"])
    printed = list(json.loads(capsys.readouterr().out))
    assert printed[: len(EXISTING_FIELDS)] == EXISTING_FIELDS
    assert "comparison" not in printed

    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    assert "computes the indicator catalogue twice" in " ".join(capsys.readouterr().out.split())
