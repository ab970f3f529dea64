"""A DfE validation rule, declared once, and what its check sees.

A rule is its DfE code and message, the fields and tables it reads, whether it compares with the previous
year's return, the collection year its version came in (``edition``) and a check: a polars function from a
`Context` to the rows of the first table it names that break the rule. The years a rule applies to are not
written on the rule: they follow from `queries.dfe_rules.years`, the previous year's rule set plus what each
year added, changed and removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

Check = Callable[["Context"], pl.LazyFrame]


@dataclass(frozen=True)
class DfeRule:
    code: str
    message: str
    tables: tuple[str, ...]  # the first is the table whose rows the findings name
    fields: tuple[str, ...]  # upper case, as the DfE names them; the first is the finding's column
    check: Check = field(compare=False, repr=False)
    previous: bool = False  # reads the previous year's return: runs only when it is given
    edition: int = 2023  # the collection year this version of the rule came in
    partly: str = ""  # what our check leaves out of the DfE's rule, when it is not all of it
    blocking: bool = False  # DfE findings never block (shared data spec): the return loads

    @property
    def file(self) -> str:
        return f"{self.tables[0]}.csv"

    @property
    def column(self) -> str | None:
        return self.fields[0] if self.fields else None

    @property
    def key(self) -> str:
        return self.code if self.edition == 2023 else f"{self.code}@{self.edition}"


@dataclass(frozen=True)
class Context:
    """The typed tables of one return (and perhaps the previous year's) for one collection year."""

    tables: dict[str, pl.LazyFrame]
    previous_tables: dict[str, pl.LazyFrame]
    year: int

    @property
    def start(self) -> pl.Expr:
        """1 April at the start of the collection year."""
        return pl.lit(date(self.year - 1, 4, 1))

    @property
    def end(self) -> pl.Expr:
        """31 March at the end of the collection year."""
        return pl.lit(date(self.year, 3, 31))

    @property
    def start_date(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end_date(self) -> date:
        return date(self.year, 3, 31)

    def __getitem__(self, table: str) -> pl.LazyFrame:
        return self.tables[table]

    def last(self, table: str) -> pl.LazyFrame:
        """Last year's ``table``; empty when the previous return did not have it, so nothing matches."""
        if table in self.previous_tables:
            return self.previous_tables[table]
        from queries.dfe_rules.prepare import COLUMNS, prepare_table

        return prepare_table(table, pl.DataFrame(schema=dict.fromkeys(COLUMNS[table], pl.String)))

    def has(self, table: str) -> bool:
        return table in self.tables

    def has_last(self, table: str) -> bool:
        return table in self.previous_tables


_DECLARED: list[DfeRule] = []


def rule(
    code: str,
    message: str,
    tables: str | tuple[str, ...],
    fields: str | tuple[str, ...],
    *,
    previous: bool = False,
    edition: int = 2023,
    partly: str = "",
) -> Callable[[Check], Check]:
    """Declare the decorated check as the DfE rule ``code``."""

    def declare(check: Check) -> Check:
        _DECLARED.append(
            DfeRule(
                code=code,
                message=message,
                tables=(tables,) if isinstance(tables, str) else tables,
                fields=(fields,) if isinstance(fields, str) else fields,
                check=check,
                previous=previous,
                edition=edition,
                partly=partly,
            )
        )
        return check

    return declare


def declared() -> list[DfeRule]:
    return list(_DECLARED)
