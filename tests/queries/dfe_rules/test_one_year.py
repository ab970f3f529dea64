"""A full extract is checked by the DfE rules as the return of its latest collection year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from queries.dfe_rules.one_year import collection_year_rows
from queries.ingest import validate_return
from tests.queries.mini_return import write_mini_return

YEAR_2025 = 2025  # 1 April 2024 to 31 March 2025


def _dates(*days: str | None) -> list[date | None]:
    return [date.fromisoformat(day) if day else None for day in days]


def test_the_year_holds_what_its_return_would() -> None:
    tables = {
        "header": pl.DataFrame({"child": ["A", "B", "C"], "sex": ["M", "F", "M"]}),
        "episodes": pl.DataFrame(
            {
                "child": ["A", "A", "B"],
                # A's first episode ended before the year; A's second is open; B's ended in it.
                "decom": _dates("2020-01-01", "2022-06-01", "2024-01-01"),
                "dec": _dates("2022-06-01", None, "2024-04-01"),
                "source_row": [2, 3, 4],
            }
        ),
        "reviews": pl.DataFrame(
            {"child": ["A", "A"], "review": _dates("2024-03-31", "2024-04-01"), "source_row": [2, 3]}
        ),
        "missing": pl.DataFrame(
            {
                "child": ["C", "C"],
                "mis_start": _dates("2019-07-05", "2025-04-01"),
                "mis_end": _dates("2019-07-06", None),
                "source_row": [2, 3],
            }
        ),
        "oc2": pl.DataFrame({"child": ["C", "B"], "year": [2024, 2025], "source_row": [2, 3]}),
        "visits": pl.DataFrame({"child": ["C"], "visit_date": _dates("2025-01-10"), "source_row": [2]}),
    }
    kept = collection_year_rows(tables, YEAR_2025)
    assert kept["episodes"]["source_row"].to_list() == [3, 4]
    assert kept["reviews"]["source_row"].to_list() == [3]
    assert kept["missing"].is_empty()  # one ended in 2019/20, the other starts after 31 March 2025
    assert kept["oc2"]["source_row"].to_list() == [3]
    assert kept["visits"].height == 1  # a local file is not the DfE's: kept whole
    assert kept["header"]["child"].to_list() == ["A", "B"]  # C is in no DfE row of the year


def test_a_full_extract_history_is_not_held_to_the_latest_year(tmp_path: Path) -> None:
    # The mini return is a full extract whose latest date is 01/02/2025 (2024/25); its missing incident of
    # July 2023 belongs to 2023/24 and is not outside the year of the return that holds it (571).
    report = validate_return(write_mini_return(tmp_path), as_of=date(2026, 1, 1))
    assert report.kind == "full extract"
    assert not [finding for finding in report.warnings + report.findings if finding.code == "571"]
