"""`cpo report --as-at YYYY-MM-DD [--role ROLE] [--format json|csv|table] [--database-url URL]`.

Prints every indicator the role may see at the reporting date (README.md, "The command line"): quarterly
indicators for the 12 months ending on that date, annual ones for the year ending 31 March on or before it.
Exit 0 on success; exit 2 with a message for a bad date or role, an unreachable database or an empty one.

Figures come from the results stored with the latest load (`cpo.stored_results`): at a stored reporting date
(every quarter end the data covers) the command reads a few hundred rows and never the child-level data. Any
other date is computed from the child-level data for that one date, with a note on stderr; the printed rows
are the same either way.

An indicator whose input file was never loaded is "not available" with its reason (`metrics.inputs`): the
table ends with one line for each, and the JSON and CSV formats, whose rows are figures, say it on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from typing import Any, TextIO

import polars as pl
from sqlalchemy.exc import SQLAlchemyError

from cpo.disclosure_setting import add_disclosure_argument, disclosure_config
from cpo.stored_results import NothingLoaded, report_for, stored_results
from metrics.catalogue import catalogue
from metrics.csv_safety import safe_csv
from metrics.formatting import csv_cell, format_cell, status_label
from metrics.inputs import not_available
from metrics.report import REPORT_COLUMNS, report_rows
from metrics.roles import Role, visible_catalogue
from queries.engine import make_engine
from queries.extract import loaded_files

FORMATS = ("table", "json", "csv")
CELL_COLUMNS = ("numerator", "denominator", "value", "ci_low", "ci_high", "target", "baseline")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-at", required=True, metavar="YYYY-MM-DD", help="the reporting date")
    parser.add_argument(
        "--role",
        default="leadership",
        help="public, department:<owner>, leadership or analyst (default: leadership)",
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument(
        "--database-url", help="database URL (else DATABASE_URL, else the embedded SQLite file)"
    )
    add_disclosure_argument(parser)


def _fail(message: str) -> int:
    print(f"cpo report: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    try:
        as_at = date.fromisoformat(args.as_at)
    except ValueError:
        return _fail(f"--as-at {args.as_at!r} is not a date: use YYYY-MM-DD, for example 2025-03-31")
    try:
        role = Role.parse(args.role)
    except ValueError as error:
        return _fail(str(error))
    engine = make_engine(args.database_url)
    try:
        stored = stored_results(engine, "report")
        frame = report_for(engine, stored, role, as_at, "report", disclosure_config(args))
        unavailable = not_available(loaded_files(engine), visible_catalogue(role, catalogue()))
    except NothingLoaded:
        return _fail("the database holds no return: load one with `cpo ingest DIR` first")
    except SQLAlchemyError as error:
        first_line = str(error).splitlines()[0]
        return _fail(f"cannot read the database ({first_line}); load a return with `cpo ingest DIR` first")
    finally:
        engine.dispose()
    try:
        {"json": write_json, "csv": write_csv, "table": write_table}[args.format](frame, sys.stdout)
        if args.format == "table":
            write_not_available(unavailable, sys.stdout)
        else:
            for line in not_available_lines(unavailable):
                print(f"cpo report: {line}", file=sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`cpo report ... | head`): not an error of the report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def write_json(frame: pl.DataFrame, out: TextIO) -> None:
    json.dump(report_rows(frame), out, indent=2, ensure_ascii=False)
    out.write("\n")


def write_csv(frame: pl.DataFrame, out: TextIO) -> None:
    """Full-precision numbers for machines, GSS symbols (c, x, z) where there is no figure; a text cell a
    spreadsheet would run as a formula (a hostile comparator area or source) is written as text.

    Written by polars (`metrics.csv_safety.safe_csv`), which quotes a cell holding a carriage return: the
    csv module quotes only the characters of its own line ending, so a CR would start a new row there.
    """
    rows = []
    for row in report_rows(frame):
        cells = []
        for name in REPORT_COLUMNS:
            value = row[name]
            if name in CELL_COLUMNS:
                cells.append(csv_cell(name, value, row["unit"], row["suppressed"]))
            elif name == "comparators":
                cells.append(
                    "; ".join(f"{c['area']} {c['year']}: {c['value']:g} ({c['source']})" for c in value)
                )
            elif name == "suppressed":
                cells.append(";".join(value))
            else:
                cells.append("" if value is None else str(value))
        rows.append([cell or None for cell in cells])  # an empty cell is written empty, not as ""
    out.write(safe_csv(pl.DataFrame(rows, schema=dict.fromkeys(REPORT_COLUMNS, pl.String), orient="row")))


TABLE_HEADINGS = ("Indicator", "Period end", "Breakdown", "Group", "Numerator", "Denominator", "Value",
                  "95% interval", "Target", "Status", "Comparators")  # fmt: skip


def table_lines(frame: pl.DataFrame) -> list[str]:
    """The report as aligned text columns for a terminal."""
    entries = catalogue()
    rows = []
    for row in report_rows(frame):
        unit, hidden = row["unit"], row["suppressed"]
        decimals = entries[row["indicator"]].decimals if row["indicator"] in entries else 1

        def cell(
            name: str,
            row: dict[str, Any] = row,
            unit: str = unit,
            hidden: list[str] = hidden,
            places: int = decimals,
        ) -> str:
            return format_cell(name, row[name], unit, places, hidden)

        interval = "" if unit != "percent" else f"{cell('ci_low')} to {cell('ci_high')}"
        comparators = ", ".join(f"{c['area']} {c['year']}: {c['value']:g}" for c in row["comparators"])
        rows.append(
            (
                row["indicator"], row["period_end"], row["breakdown"], row["group"], cell("numerator"),
                cell("denominator"), cell("value"), interval,
                "" if row["target"] is None else cell("target"), status_label(row["status"]), comparators,
            )
        )  # fmt: skip
    widths = [max(len(str(r[i])) for r in [TABLE_HEADINGS, *rows]) for i in range(len(TABLE_HEADINGS))]
    right = {4, 5, 6, 8}
    lines = []
    for values in [TABLE_HEADINGS, *rows]:
        parts = [
            str(v).rjust(widths[i]) if i in right else str(v).ljust(widths[i]) for i, v in enumerate(values)
        ]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def write_table(frame: pl.DataFrame, out: TextIO) -> None:
    for line in table_lines(frame):
        out.write(line + "\n")
    out.write("\nc withheld to protect privacy; x not available; z not applicable.\n")


def not_available_lines(unavailable: dict[str, str]) -> list[str]:
    """One line per indicator without a figure because its input file was never loaded."""
    entries = catalogue()
    return [f"{entries[key].title} ({key}): {reason}" for key, reason in unavailable.items()]


def write_not_available(unavailable: dict[str, str], out: TextIO) -> None:
    lines = not_available_lines(unavailable)
    if lines:
        out.write("\nNot available (x): the file each needs was never loaded.\n")
        out.writelines(f"- {line}\n" for line in lines)
