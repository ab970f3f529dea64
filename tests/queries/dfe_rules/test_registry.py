"""Registry-wide: every declared DfE rule has its examples; the year registry agrees with the DfE's list;
docs/rules.md is the generated table; `cpo rules` lists and exits as its contract says."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cpo.cli import main
from queries.dfe_rules import FIRST_YEAR, LAST_YEAR, all_rules, rule_set, run_dfe_rules
from queries.dfe_rules.coverage import coverage_rows, rules_markdown
from queries.dfe_rules.reference import dfe_codes
from queries.report import FINDING_SCHEMA
from tests.queries.dfe_rules import (
    test_adoption,
    test_episodes,
    test_header,
    test_integrity,
    test_missing,
    test_oc2,
    test_oc3,
    test_permanence,
    test_previous_year,
    test_reviews,
    test_social_workers,
)

MODULES = (
    test_header,
    test_episodes,
    test_reviews,
    test_missing,
    test_oc2,
    test_oc3,
    test_adoption,
    test_integrity,
    test_permanence,
    test_previous_year,
    test_social_workers,
)
ROOT = Path(__file__).resolve().parents[3]


def test_every_declared_rule_has_examples() -> None:
    examples = {key for module in MODULES for key in module.EXAMPLES}
    assert {rule.key for rule in all_rules()} <= examples


@pytest.mark.parametrize("year", range(FIRST_YEAR, LAST_YEAR + 1))
def test_rule_set_is_within_the_dfe_list_of_its_year(year: int) -> None:
    assert set(rule_set(year)) <= dfe_codes(year)


def test_coverage_counts_each_applicable_rule_once() -> None:
    for row in coverage_rows():
        assert len(row.implemented) + len(row.partly) + len(row.missing) == row.applicable


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown()


def test_typed_tables_give_findings_in_the_report_shape() -> None:
    header = pl.DataFrame(
        {"source_row": [2, 3], "child": ["A", "B"], "sex": [1, 3], "dob": [date(2010, 1, 1), None]},
    )
    found = run_dfe_rules({"header": header}, 2024)
    assert found.schema == pl.Schema(FINDING_SCHEMA)
    assert set(found.filter(pl.col("child") == "B")["rule"]) >= {"101", "102"}
    assert (
        run_dfe_rules({"header": header.filter(pl.col("child") == "A")}, 2024)
        .filter(pl.col("rule") == "101")
        .is_empty()
    )


def test_cpo_rules_json_lists_dfe_and_blocking_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--year", "2025", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    codes = {row["code"] for row in rows}
    assert {"101", "388", "225"} <= codes
    assert any(row["blocking"] for row in rows)
    assert all(2025 in row["years"] for row in rows if not row["blocking"])


def test_cpo_rules_refuses_a_year_without_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--year", "2019"]) == 2
    assert "2019" in capsys.readouterr().err


def test_a_year_before_the_first_rule_set_keeps_its_own_dates() -> None:
    # 2020/21 is checked by the 2022/23 rules, but its year is 1 April 2020 to 31 March 2021
    missing = pl.DataFrame(
        {"child": ["A"], "missing": ["M"], "mis_start": ["01/06/2020"], "mis_end": ["02/06/2020"]}
    )
    assert run_dfe_rules({"missing": missing}, 2021).filter(pl.col("rule") == "571").is_empty()
    assert run_dfe_rules({"missing": missing}, 2023).filter(pl.col("rule") == "571").height == 1
