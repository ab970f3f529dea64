"""Run a collection year's DfE rules over the typed tables of a return: one findings frame."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from queries.dfe_rules.model import Context, DfeRule
from queries.dfe_rules.prepare import prepare_tables
from queries.dfe_rules.years import FIRST_YEAR, LAST_YEAR, rule_set
from queries.report import FINDING_SCHEMA

SEVERITY = "warning"  # a DfE finding never blocks a load (shared data spec, "Validation")


def run_dfe_rules(
    tables: Mapping[str, pl.DataFrame],
    collection_year: int,
    previous: Mapping[str, pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """The findings of every DfE rule of ``collection_year`` whose tables are all present.

    ``collection_year``: the return's year (2025 = 2024/25), any year; the rules are those of the nearest
    year we hold (2022/23 to 2026/27). ``tables``: the typed frames of validation, by table name, with
    ``source_row``. ``previous``: the previous
    collection year's tables; the rules that compare with it run only when it is given. The frame has the
    columns of `queries.report.finding_frame`: rule is the DfE code, row the spreadsheet row, column the
    DfE field (upper case), value the cell as text, child the child.
    """
    ctx = Context(prepare_tables(tables), prepare_tables(previous), collection_year)
    # History older than the first rule set we hold (2022/23) is checked by that set, whose code lists are
    # those of the years before it, and a year after the last set by the last one; the dates the rules read
    # (1 April to 31 March) stay those of the return's own year.
    rules_year = min(max(collection_year, FIRST_YEAR), LAST_YEAR)
    runnable = [rule for rule in rule_set(rules_year).values() if applies(rule, ctx)]
    found = pl.collect_all([findings_of(rule, ctx) for rule in runnable]) if runnable else []
    if not found:
        return pl.DataFrame(schema=_schema())
    return pl.concat(found).sort("file", "row", "rule", nulls_last=False)


def applies(rule: DfeRule, ctx: Context) -> bool:
    if not all(ctx.has(table) for table in rule.tables):
        return False
    return not rule.previous or bool(ctx.previous_tables)


def findings_of(rule: DfeRule, ctx: Context) -> pl.LazyFrame:
    """The rule's flagged rows as findings, one per row."""
    flagged = rule.check(ctx)
    names = flagged.collect_schema().names()
    column = rule.column.lower() if rule.column else None
    value = pl.col(column).cast(pl.String) if column in names else pl.lit(None, pl.String)
    known = {
        "file": pl.col("file") if "file" in names else pl.lit(rule.file),
        "row": pl.col("source_row").cast(pl.Int64),
        "column": pl.lit(rule.column, pl.String),
        "value": value,
        "rule": pl.lit(rule.code),
        "child": pl.col("child").cast(pl.String) if "child" in names else pl.lit(None, pl.String),
        "detail": pl.lit(None, pl.String),
        "message": pl.lit(rule.message),
        "severity": pl.lit(SEVERITY),
    }
    return flagged.select(*(known[name].cast(dtype).alias(name) for name, dtype in _schema().items())).unique(
        maintain_order=True
    )


def _schema() -> dict[str, pl.DataType]:
    # shaped as queries.report's findings, whatever columns that module gives them
    return {name: dtype() if isinstance(dtype, type) else dtype for name, dtype in FINDING_SCHEMA.items()}
