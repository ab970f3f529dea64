"""`cpo ingest`: exit 0 loaded, 1 rejected with the report, 2 for a folder that cannot be read."""

from __future__ import annotations

import json

import pytest

from cpo.cli import main
from queries.engine import make_engine
from queries.extract import latest_load
from tests.queries.mini_return import replace_line, write_mini_return


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_a_valid_return_loads_and_exits_0(tmp_path, database_url, capsys):
    folder = write_mini_return(tmp_path / "return")

    code = main(["ingest", str(folder), "--database-url", database_url])

    out, err = capsys.readouterr()
    assert code == 0, out
    assert "LOADED (load 1)" in out
    assert "loading episodes (4 rows)" in err
    assert latest_load(make_engine(database_url))["load_id"] == 1


def test_a_rejected_return_exits_1_with_every_error(tmp_path, database_url, capsys):
    visits = replace_line("visits.csv", 2, "C9,15/04/2023")
    folder = write_mini_return(tmp_path / "return", visits_csv=visits)

    code = main(["ingest", str(folder), "--database-url", database_url, "--format", "json"])

    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["ok"] is False
    assert report["loaded"] is False
    assert [
        (e["file"], e["row"], e["column"], e["value"], e["rule"], e["child"]) for e in report["errors"]
    ] == [("visits.csv", 2, "CHILD", "C9", "CHILD_NOT_IN_HEADER", "C9")]
    assert latest_load(make_engine(database_url)) is None


def test_plan_targets_must_name_catalogue_indicators(tmp_path, database_url, capsys):
    targets = "INDICATOR,YEAR,BASELINE,TARGET\nno_such_indicator,2025,1,2\n"
    folder = write_mini_return(tmp_path / "return", plan_targets_csv=targets)

    code = main(["ingest", str(folder), "--database-url", database_url])

    assert code == 1
    assert "INDICATOR_UNKNOWN" in capsys.readouterr().out


def test_a_missing_folder_exits_2(tmp_path, database_url, capsys):
    code = main(["ingest", str(tmp_path / "nowhere"), "--database-url", database_url])

    assert code == 2
    assert "not a readable folder" in capsys.readouterr().err


def test_an_unreachable_database_is_a_clear_message_not_a_traceback(tmp_path, capsys):
    folder = write_mini_return(tmp_path / "return")
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'x.sqlite'}"
    (tmp_path / "no").write_text("a file where a folder should be")

    code = main(["ingest", str(folder), "--database-url", url])

    assert code != 0
    assert "Traceback" not in capsys.readouterr().err


def test_year_strict_report_xlsx_and_list(tmp_path, database_url, capsys):
    from sample_data.annual import write_annual_returns

    write_annual_returns(tmp_path / "annual")
    assert (
        main(["ingest", str(tmp_path / "annual" / "2024"), "--database-url", database_url, "--no-compare"])
        == 0
    )
    out = capsys.readouterr().out
    assert "Read as annual return for 2023/24 (inferred from its latest date" in out
    given = ["ingest", str(tmp_path / "annual" / "2025"), "--year", "2025", "--database-url", database_url]
    assert main([*given, "--no-compare", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["collection_year"], printed["year_source"]) == (2025, "given with --year")

    # A DfE finding (225: no reason on the episode that ends with a move) loads, but not with --strict.
    episodes = replace_line("episodes.csv", 2, "C1,01/04/2023,S,C2,N1,U4,PR1,10/01/2024,X1,,JE2,JE3,SC123456")
    folder = write_mini_return(tmp_path / "return", episodes_csv=episodes)
    workbook = tmp_path / "report.xlsx"
    strict = [
        "ingest",
        str(folder),
        "--strict",
        "--report-xlsx",
        str(workbook),
        "--database-url",
        database_url,
    ]
    assert main(strict) == 1
    out = capsys.readouterr().out
    assert "REJECTED on DfE findings (--strict)" in out
    assert "FINDING 225 episodes.csv row 2" in out
    assert workbook.stat().st_size > 0

    assert main(["ingest", "--list", "--database-url", database_url, "--format", "json"]) == 0
    loads = json.loads(capsys.readouterr().out)
    assert {row["collection_year"] for row in loads} == {2024, 2025}
    assert {row["file"] for row in loads} >= {"header.csv", "sw_episodes.csv"}
    assert main(["ingest", "--list", "--database-url", database_url]) == 0
    assert "sw_episodes.csv" in capsys.readouterr().out
    assert main(["ingest", "--database-url", database_url]) == 2
