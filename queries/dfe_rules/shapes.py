"""Rule factories: one declaration for each shape that several DfE rules share.

Many DfE rules are the same check on another field: a code not in its list, text that is not a date, a row
of one table meeting a condition, a child of one file missing from another. Each factory declares a rule
(`queries.dfe_rules.model.rule`) from its code, message, table and fields, so the shape is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from queries.dfe_rules.common import invalid_code, invalid_date
from queries.dfe_rules.model import Context, rule

Condition = pl.Expr | Callable[[Context], pl.Expr]


def resolve(condition: Condition, ctx: Context) -> pl.Expr:
    """The condition as an expression: a function of the context is called with it (it needs the year)."""
    return condition if isinstance(condition, pl.Expr) else condition(ctx)


def row_rule(
    code: str,
    message: str,
    table: str,
    fields: str | tuple[str, ...],
    condition: Condition,
    *,
    edition: int = 2023,
    partly: str = "",
) -> None:
    """Declare the rule that flags the rows of ``table`` meeting ``condition`` (an expression, or a
    function of the return's context when it needs the collection year's dates)."""

    def check(ctx: Context) -> pl.LazyFrame:
        return ctx[table].filter(resolve(condition, ctx))

    rule(code, message, table, fields, edition=edition, partly=partly)(check)


def code_rule(
    code: str,
    message: str,
    table: str,
    field: str,
    codes: Iterable[str],
    *,
    required: bool = False,
    edition: int = 2023,
) -> None:
    """Declare the rule: ``field`` is given and not one of ``codes`` (or blank, when ``required``)."""
    valid = tuple(codes)
    row_rule(
        code, message, table, field, invalid_code(field.lower(), valid, required=required), edition=edition
    )


def date_rule(
    code: str, message: str, table: str, field: str, *, required: bool = False, edition: int = 2023
) -> None:
    """Declare the rule: ``field`` holds text that is not a date (or is blank, when ``required``)."""
    row_rule(code, message, table, field, invalid_date(field.lower(), required=required), edition=edition)
