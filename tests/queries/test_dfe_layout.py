"""Real-layout returns of our own: DfE file names, files known by their columns, the DfE XML format, codes
by year, and malformed files (rows of the wrong width, a file cut short, a million blank lines)."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from queries.extract import loaded_files, read_care_data
from queries.ingest import ingest_return, read_validated_return, validate_return
from queries.report import write_excel
from sample_data.annual import write_annual_returns
from tests.queries.mini_return import write_mini_return

AS_OF = date(2026, 10, 1)
DFE_NAMES = {
    "header.csv": "Header", "episodes.csv": "Episodes", "reviews.csv": "Reviews", "missing.csv": "Missing",
    "oc2.csv": "OC2", "oc3.csv": "OC3", "sw_episodes.csv": "SWEpisodes",
}  # fmt: skip


@pytest.fixture(scope="module")
def annual(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("annual")
    write_annual_returns(out)
    return out


def tables_of(folder: Path, **options) -> dict[str, pl.DataFrame]:
    report, tables = read_validated_return(folder, as_of=AS_OF, **options)
    assert report.ok, report.to_text()[:3000]
    return {name: frame.drop("source_row") for name, frame in tables.items()}


def assert_same_tables(left: dict[str, pl.DataFrame], right: dict[str, pl.DataFrame]) -> None:
    assert set(left) == set(right)
    for name, frame in left.items():
        assert_frame_equal(frame, right[name], check_row_order=False)


def test_files_named_as_the_dfe_tools_name_them_are_known(annual, tmp_path):
    for file, name in DFE_NAMES.items():
        shutil.copy(annual / "2025" / file, tmp_path / f"SSDA903_2024_25_{name}.csv")

    report = validate_return(tmp_path, as_of=AS_OF)

    assert report.ok, report.to_text()[:3000]
    assert report.taken_from["header.csv"] == "SSDA903_2024_25_Header.csv"
    assert report.taken_from["sw_episodes.csv"] == "SSDA903_2024_25_SWEpisodes.csv"
    assert "SSDA903_2024_25_Header.csv as header.csv" in report.to_text()
    assert_same_tables(tables_of(tmp_path), tables_of(annual / "2025"))


def test_a_file_is_known_by_its_columns(annual, tmp_path):
    shutil.copytree(annual / "2025", tmp_path / "return")
    (tmp_path / "return" / "episodes.csv").rename(tmp_path / "return" / "export_7.csv")

    report = validate_return(tmp_path / "return", as_of=AS_OF)

    assert report.ok, report.to_text()[:3000]
    assert report.taken_from["episodes.csv"] == "export_7.csv"


def _xml_items(row: dict, names: list[str]) -> str:
    return "".join(f"<{name}>{escape(row[name])}</{name}>" for name in names if row.get(name))


def write_xml(folder: Path, path: Path) -> None:
    """Our annual folder in the DfE's XML layout: a CHILD element a child, groups inside HEADER."""
    read = {
        file: pl.read_csv(folder / file, infer_schema=False) for file in DFE_NAMES if (folder / file).exists()
    }
    by_child = {
        file: {key[0]: rows for key, rows in frame.group_by("CHILD", maintain_order=True)}
        for file, frame in read.items()
    }
    groups = {
        "reviews.csv": "AREVIEW",
        "missing.csv": "AMISSING",
        "oc2.csv": "OC2",
        "sw_episodes.csv": "SW_EPISODE",
    }
    parts = ["<?xml version='1.0' encoding='utf-8'?><EXPSSDA903>"]
    for header in read["header.csv"].iter_rows(named=True):
        child = header["CHILD"]
        items = {**header, "CHILDID": child}
        parts.append(
            "<CHILD><HEADER>"
            + _xml_items(items, ["CHILDID", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])
        )
        oc3 = by_child["oc3.csv"].get(child)
        if oc3 is not None:
            parts.append(_xml_items(oc3.row(0, named=True), ["IN_TOUCH", "ACTIV", "ACCOM"]))
        for file, tag in groups.items():
            rows = by_child.get(file, {}).get(child)
            for row in rows.iter_rows(named=True) if rows is not None else ():
                names = [name for name in row if name not in ("CHILD", "DOB")]
                parts.append(f"<{tag}>{_xml_items(row, names)}</{tag}>")
        parts.append("</HEADER>")
        episodes = by_child["episodes.csv"].get(child)
        for row in episodes.iter_rows(named=True) if episodes is not None else ():
            names = [name for name in row if name != "CHILD"]
            parts.append(
                "<EPISODE>"
                + _xml_items({**row, "PL": row["PLACE"]}, [n if n != "PLACE" else "PL" for n in names])
                + "</EPISODE>"
            )
        parts.append("</CHILD>")
    parts.append("</EXPSSDA903>")
    path.write_text("".join(parts), encoding="utf-8")


def test_the_dfe_xml_format_reads_as_the_csv_files_do(annual, tmp_path):
    write_xml(annual / "2025", tmp_path / "return.xml")

    report = validate_return(tmp_path, as_of=AS_OF)

    assert report.ok, report.to_text()[:3000]
    assert (report.kind, report.collection_year) == ("annual return", 2025)
    assert report.taken_from["episodes.csv"] == "return.xml (XML)"
    xml, csv = tables_of(tmp_path), tables_of(annual / "2025")
    for name in ("header", "episodes", "reviews", "missing", "oc2", "oc3", "sw_episodes"):
        assert_frame_equal(xml[name], csv[name], check_row_order=False)


def test_sex_follows_the_list_of_the_collection_year(annual, tmp_path):
    shutil.copytree(annual / "2025", tmp_path / "2025")
    header = pl.read_csv(tmp_path / "2025" / "header.csv", infer_schema=False)
    header.with_columns(pl.col("SEX").replace({"M": "1"})).write_csv(tmp_path / "2025" / "header.csv")

    report = validate_return(tmp_path / "2025", as_of=AS_OF)

    males = header.filter(pl.col("SEX") == "M").height
    assert [(f.code, f.value) for f in report.errors] == [("101", "1")] * males
    assert "SEX list from 2024/25" in report.errors[0].message
    assert validate_return(annual / "2024", as_of=AS_OF).ok  # 1/2 up to 2023/24
    given = validate_return(tmp_path / "2025", as_of=AS_OF, year=2024)  # the year given: 1/2 list, F refused
    assert {f.value for f in given.errors} == {"F"}


def test_accom_0_with_activ_0_is_accepted(tmp_path):
    oc3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM,YEAR\nC2,15/08/2007,DIED,0,0,2025\n"
    assert validate_return(write_mini_return(tmp_path, oc3_csv=oc3), as_of=AS_OF).ok


def test_a_row_short_or_long_of_fields_blocks_with_file_and_row(tmp_path):
    visits = "CHILD,VISIT_DATE\nC1,15/04/2023\nC1\nC3,03/02/2025,extra\n"
    report = validate_return(write_mini_return(tmp_path, visits_csv=visits), as_of=AS_OF)

    assert [(f.file, f.row, f.rule) for f in report.errors] == [
        ("visits.csv", 3, "ROW_WIDTH"),
        ("visits.csv", 4, "ROW_WIDTH"),
    ]
    assert "1 fields but the header has 2" in report.errors[0].message


def test_a_file_cut_mid_row_blocks(tmp_path):
    folder = write_mini_return(tmp_path)
    text = (folder / "plan_targets.csv").read_bytes()
    (folder / "plan_targets.csv").write_bytes(text[: text.index(b"2026") + 2])  # cut inside its last row

    report = validate_return(folder, as_of=AS_OF)

    assert [(f.file, f.row, f.rule) for f in report.errors] == [("plan_targets.csv", 3, "ROW_WIDTH")]


def test_a_million_blank_lines_give_one_warning(tmp_path):
    folder = write_mini_return(tmp_path)
    with (folder / "visits.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n" * 1_000_000)
        handle.write("C3,04/02/2025\n")

    report = validate_return(folder, as_of=AS_OF)

    assert report.ok, report.to_text()[:2000]
    assert [(f.file, f.rule) for f in report.warnings] == [("visits.csv", "ROW_EMPTY")]
    assert "1,000,000 blank lines skipped" in report.warnings[0].message
    assert report.row_counts["visits.csv"] == 4
    assert len(report.to_json()) < 20_000


def test_strict_rejects_on_findings_and_the_report_downloads_as_excel(tmp_path):
    episodes_line = "C1,01/04/2023,S,C2,N1,U4,PR1,10/01/2024,X1,,JE2,JE3,SC123456"
    from tests.queries.mini_return import replace_line

    folder = write_mini_return(
        tmp_path / "return", episodes_csv=replace_line("episodes.csv", 2, episodes_line)
    )
    relaxed = validate_return(folder, as_of=AS_OF)
    strict = validate_return(folder, as_of=AS_OF, strict=True)

    assert relaxed.ok
    # REASON_PLACE_CHANGE missing on an episode that ends in a placement change: DfE 225 (the DfE's
    # other rules find more in this tiny return; 225 is the one this row is about).
    assert "225" in [f.code for f in relaxed.findings]
    assert not strict.ok
    assert "REJECTED on DfE findings" in strict.to_text()
    assert "225" in [finding["code"] for finding in strict.to_dict()["findings"]]
    write_excel(strict, tmp_path / "report.xlsx")
    with zipfile.ZipFile(tmp_path / "report.xlsx") as workbook:
        sheets = workbook.read("xl/workbook.xml").decode()
        strings = workbook.read("xl/sharedStrings.xml").decode()
    assert all(name in sheets for name in ("Error summary", "Child summary", "All findings"))
    assert "225" in strings
    assert "C1" in strings


def test_local_files_alone_load_and_leave_the_returns_as_they_were(engine, annual):
    assert ingest_return(annual / "2025", engine, as_of=AS_OF).loaded
    before = read_care_data(engine)
    report = ingest_return(annual / "local", engine, as_of=AS_OF)

    assert report.loaded
    assert report.kind == "local files"
    after = read_care_data(engine)
    for name in ("header", "episodes", "reviews", "sw_episodes"):
        assert_frame_equal(before[name], after[name])
    assert after["visits"].height > 0
    assert {"header.csv", "sw_episodes.csv", "visits.csv"} <= loaded_files(engine)
    assert "education.csv" in loaded_files(engine)


def test_a_later_year_replaces_the_earlier_record_by_its_key(engine, annual):
    for year in ("2025", "2024"):  # the later year first: the earlier one must not win
        assert ingest_return(annual / year, engine, as_of=AS_OF).loaded
    header = read_care_data(engine)["header"]
    in_2025 = pl.read_csv(annual / "2025" / "header.csv", infer_schema=False)["CHILD"].to_list()
    assert set(header.filter(pl.col("child").is_in(in_2025))["sex"]) <= {"M", "F", "U"}


def test_the_dfe_rules_package_is_called_through_one_hook(tmp_path, monkeypatch):
    # queries.dfe_rules is written on another branch; a stand-in of its interface shows the hook's contract:
    # the typed tables, the collection year, and its findings loaded as DfE findings (not blocking).
    import sys
    import types

    from queries.report import finding_frame

    seen = {}

    def run_dfe_rules(tables, collection_year, previous=None):
        seen.update(tables=set(tables), year=collection_year, previous=previous)
        return pl.concat(
            [
                finding_frame("header.csv", "388", row=2, child="C1", detail="a DfE rule of that package"),
                finding_frame("episodes.csv", "225", row=2, child="C1", detail="theirs"),
            ]
        )

    monkeypatch.setitem(sys.modules, "queries.dfe_rules", types.SimpleNamespace(run_dfe_rules=run_dfe_rules))
    from tests.queries.mini_return import replace_line

    episodes = replace_line("episodes.csv", 2, "C1,01/04/2023,S,C2,N1,U4,PR1,10/01/2024,X1,,JE2,JE3,SC123456")
    report = validate_return(write_mini_return(tmp_path, episodes_csv=episodes), as_of=AS_OF)

    assert report.ok
    assert {"header", "episodes"} <= seen["tables"]
    assert [(f.code, f.severity, f.file) for f in report.findings] == [
        ("225", "finding", "episodes.csv"),  # theirs only: ours (the same rule) is left out
        ("388", "finding", "header.csv"),
    ]


def test_a_blocking_error_is_not_reported_again_as_the_dfe_finding_of_the_same_code(annual, tmp_path):
    shutil.copytree(annual / "2025", tmp_path / "2025")
    path = tmp_path / "2025" / "episodes.csv"
    episodes = pl.read_csv(path, infer_schema=False)
    open_row = episodes.with_row_index("index").filter(pl.col("DEC").is_null())["index"][0]
    broken = episodes.with_columns(
        pl.when(pl.int_range(pl.len()) == open_row).then(pl.lit("X1")).otherwise(pl.col("REC")).alias("REC")
    )
    broken.write_csv(path)

    report = validate_return(tmp_path / "2025", as_of=AS_OF)

    assert [(f.code, f.row) for f in report.errors] == [("148", open_row + 2)]
    assert not [f for f in report.findings if f.code == "148" and f.row == open_row + 2]


def test_a_child_missing_from_header_blocks_under_the_dfe_internal_check_code_once(tmp_path):
    reviews = "CHILD,DOB,REVIEW,REVIEW_CODE\nC1,01/05/2010,01/06/2023,PN1\nC9,01/05/2010,01/12/2023,PN2\n"
    report = validate_return(write_mini_return(tmp_path, reviews_csv=reviews), as_of=AS_OF)

    assert [(f.code, f.file, f.row) for f in report.errors] == [("INT08", "reviews.csv", 3)]
    assert not [f for f in report.findings if f.code == "INT08"]
