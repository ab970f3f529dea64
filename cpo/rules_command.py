"""`cpo rules [--year YYYY] [--format table|json|markdown|coverage]`: every rule a return is checked against.

Lists the DfE findings rules of `queries.dfe_rules` (code, message, fields, files, years, blocking: never) and
the blocking rules of `queries.rules`. Exit 0 on success, 2 for a year without rules.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from queries import rules as blocking_rules
from queries.dfe_rules import FIRST_YEAR, LAST_YEAR, all_rules, rule_set, rule_years
from queries.dfe_rules.coverage import coverage_text, rules_markdown

FORMATS = ("table", "json", "markdown", "coverage")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--year", type=int, metavar="YYYY", help="collection year ending 31 March (2025 = 2024/25)"
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")


def _rows(year: int | None) -> list[dict[str, Any]]:
    dfe = list(rule_set(year).values()) if year else list(all_rules())
    rows: list[dict[str, Any]] = [
        {
            "code": rule.code,
            "message": rule.message,
            "fields": list(rule.fields),
            "files": [f"{table}.csv" for table in rule.tables],
            "years": list(rule_years(rule)),
            "blocking": rule.blocking,
            "previous_year": rule.previous,
            "partly": rule.partly,
        }
        for rule in dfe
    ]
    for rule in blocking_rules.RULES.values():
        years = getattr(rule, "years", None)
        rows.append(
            {
                "code": getattr(rule, "dfe_code", None) or rule.code,
                "message": rule.message,
                "fields": list(rule.columns),
                "files": list(rule.files),
                "years": list(years) if years else list(range(FIRST_YEAR, LAST_YEAR + 1)),
                "blocking": rule.severity == "error",
                "previous_year": False,
                "partly": "",
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    if args.year is not None and not FIRST_YEAR <= args.year <= LAST_YEAR:
        print(
            f"cpo rules: no rules for {args.year}: use a year from {FIRST_YEAR} to {LAST_YEAR}",
            file=sys.stderr,
        )
        return 2
    if args.format == "markdown":
        print(rules_markdown(), end="")
        return 0
    if args.format == "coverage":
        print(coverage_text())
        return 0
    rows = _rows(args.year)
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        years = row["years"]
        span = f"{years[0]}-{years[-1]}" if years else "-"
        kind = "BLOCKS" if row["blocking"] else "finding"
        print(f"{row['code']:<28} {kind:<8} {span:<10} {','.join(row['files']):<32} {row['message']}")
    return 0
