"""Each DfE rule's own examples: a small return that breaks it and one that keeps it.

An example's tables are literal rows (lower-case DfE columns, dates as dd/mm/yyyy text as the files write
them); a row marked ``"x": 1`` is one the rule must flag. With no row marked, every row of the rule's first
table must be flagged. The passing tables must give no finding. The collection year is the first year the
rule's version applies unless the example says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from queries.dfe_rules import all_rules, rule_years
from queries.dfe_rules.model import Context, DfeRule
from queries.dfe_rules.prepare import COLUMNS, prepare_tables
from queries.dfe_rules.runner import findings_of

Rows = dict[str, list[dict[str, str | int | None]]]


@dataclass(frozen=True)
class Example:
    fail: Rows
    passing: Rows
    year: int | None = None
    last: Rows = field(default_factory=dict)  # the previous year's return, for both
    last_passing: Rows | None = None  # when the passing example needs another previous return


def frame(table: str, rows: list[dict[str, str | int | None]]) -> pl.DataFrame:
    """The rows as text columns (as a file would give them), ``child`` C1 unless given, rows from 2."""
    columns = ["child", *(name for name in COLUMNS[table] if name != "child")]
    data = {name: [None if row.get(name) is None else str(row[name]) for row in rows] for name in columns}
    data["child"] = [str(row.get("child", "C1")) for row in rows]
    return pl.DataFrame(data, schema=dict.fromkeys(columns, pl.String)).with_row_index("source_row", offset=2)


def frames(rows: Rows) -> dict[str, pl.DataFrame]:
    return {table: frame(table, table_rows) for table, table_rows in rows.items()}


def marked_rows(rows: list[dict[str, str | int | None]]) -> set[int]:
    marked = {index + 2 for index, row in enumerate(rows) if row.get("x")}
    return marked or {index + 2 for index in range(len(rows))}


def rule_by_key(key: str) -> DfeRule:
    return next(rule for rule in all_rules() if rule.key == key)


def flagged(rule: DfeRule, rows: Rows, last: Rows, year: int) -> pl.DataFrame:
    ctx = Context(prepare_tables(frames(rows)), prepare_tables(frames(last)), year)
    return findings_of(rule, ctx).collect()


def check_example(key: str, example: Example) -> None:
    rule = rule_by_key(key)
    year = example.year or rule_years(rule)[0]
    assert year in rule_years(rule), f"{key} does not apply in {year}"
    found = flagged(rule, example.fail, example.last, year)
    assert set(found["row"]) == marked_rows(example.fail[rule.tables[0]]), found
    assert set(found["rule"]) == {rule.code}
    assert set(found["file"]) <= {f"{table}.csv" for table in COLUMNS}
    last_passing = example.last if example.last_passing is None else example.last_passing
    assert flagged(rule, example.passing, last_passing, year).height == 0
