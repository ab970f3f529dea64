"""`cpo ingest DIR`: validate a return folder and load it, all or nothing; `cpo ingest --list`: the loads.

``--year YYYY`` gives an annual return's collection year (else it is inferred and the report says so);
``--strict`` rejects on DfE validation findings too (to check a return before it is submitted);
``--report-xlsx FILE`` writes the full report as Excel (error summary by rule, child summary);
``--list`` prints the table of loads by collection year (what, when, rows, checksums) and loads nothing.

Exit codes: 0 loaded; 1 rejected (the full report is printed and nothing is loaded) or the database refused
the load (rolled back); 2 usage errors and a folder that cannot be read. Progress goes to stderr, the report
to stdout (text by default, JSON with every finding with ``--format json``).

After a successful load the report ends "Compared with the previous load" (every load says what changed): rows
per file, children added and gone (counts only), and the indicators whose headline moved by more than its
interval (`metrics.release_diff`). In JSON it is the ``comparison`` object, added beside the fields that
were there before, which stay as they are: other tools script against them. ``--no-compare`` leaves it out.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from queries.engine import database_url, make_engine
from queries.extract import child_ids, latest_load, loaded_files, read_care_data
from queries.ingest import IngestReport, ingest_return
from queries.report import write_excel

if TYPE_CHECKING:
    from metrics.release_diff import LoadComparison

LOADED, REJECTED, USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder",
        metavar="DIR",
        type=Path,
        nargs="?",
        help="the return folder: one year's DfE files (CSV or XML), local files, or a full extract",
    )
    parser.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help="the collection year of an annual return, the year ending 31 March (2025 = 2024/25); "
        "inferred from the return's latest date when not given",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="reject the return on DfE validation findings too, not only errors",
    )
    parser.add_argument(
        "--report-xlsx", type=Path, metavar="FILE", help="also write the full report as an Excel workbook"
    )
    parser.add_argument(
        "--list", action="store_true", help="print the loads by collection year and load nothing"
    )
    parser.add_argument(
        "--database-url", help="database URL (else DATABASE_URL, else the embedded SQLite file)"
    )
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="how to print the report (default: text)"
    )
    parser.add_argument(
        "--no-compare",
        action="store_true",
        help=(
            "skip the comparison with the previous load (rows per file, children added and gone, indicators "
            "that moved by more than their interval): it reads the previous data set before the load and the "
            "new one after it, and computes the indicator catalogue twice, which at England size costs about "
            "a minute on SQLite and roughly 1 GB more memory"
        ),
    )


@dataclass(frozen=True)
class PreviousLoad:
    """What the database held before a load: the comparison needs it after the load has replaced it."""

    load: dict[str, Any]
    child_ids: set[str]
    frames: dict[str, pl.DataFrame]


def read_previous_load(engine: Engine) -> PreviousLoad | None:
    """The latest load's record, children and data, or None when nothing was ever loaded."""
    load = latest_load(engine)
    if load is None:
        return None
    return PreviousLoad(load=load, child_ids=child_ids(engine), frames=read_care_data(engine))


def compare_with_previous(
    engine: Engine, previous: PreviousLoad | None, report: IngestReport
) -> LoadComparison:
    """The load ``report`` describes (now in ``engine``) compared with ``previous``, read before it."""
    from metrics.data import care_data
    from metrics.release_diff import compare_loads, first_load_comparison

    if previous is None:
        return first_load_comparison()
    return compare_loads(
        care_data(loaded_files=None, **previous.frames),  # the files of the previous load are not kept
        care_data(**read_care_data(engine), loaded_files=loaded_files(engine)),
        previous_load_id=previous.load["load_id"],
        previous_row_counts=previous.load["row_counts"],
        current_row_counts=report.row_counts,
        previous_child_ids=previous.child_ids,
        current_child_ids=child_ids(engine),
    )


def list_loads(engine: Engine, output_format: str) -> int:
    from queries.extract import loads_by_year

    table = loads_by_year(engine)
    if output_format == "json":
        print(json.dumps(table.to_dicts(), indent=2))
        return LOADED
    if table.is_empty():
        print("No load yet.")
        return LOADED
    shown = table.with_columns(
        pl.col("collection_year")
        .map_elements(lambda year: f"{year - 1}/{year % 100:02d}" if year else "all", return_dtype=pl.String)
        .alias("collection_year"),
        pl.col("checksum").str.slice(0, 12),
    )
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=200, tbl_hide_dataframe_shape=True):
        print(shown)
    return LOADED


def run(args: argparse.Namespace) -> int:
    folder: Path | None = args.folder
    if args.list:
        try:
            return list_loads(make_engine(database_url(args.database_url)), args.format)
        except (OSError, SQLAlchemyError) as error:
            print(f"cpo ingest: cannot read the loads: {_first_line(error)}", file=sys.stderr)
            return USAGE
    if folder is None:
        print("cpo ingest: give the return folder DIR (or --list)", file=sys.stderr)
        return USAGE
    if not folder.is_dir():
        print(f"cpo ingest: {folder} is not a readable folder", file=sys.stderr)
        return USAGE
    # The command line may join rooms; queries/ may not import metrics.
    from metrics.catalogue import catalogue
    from metrics.report import CatalogueResults

    def progress(message: str) -> None:
        print(f"cpo ingest: {message}", file=sys.stderr, flush=True)

    try:
        engine = make_engine(database_url(args.database_url))
    except (OSError, SQLAlchemyError) as error:
        print(f"cpo ingest: cannot use the database: {_first_line(error)}", file=sys.stderr)
        return USAGE
    try:
        previous = None if args.no_compare else read_previous_load(engine)
        report = ingest_return(
            folder,
            engine,
            known_indicators=set(catalogue()),
            progress=progress,
            year=args.year,
            strict=args.strict,
            results=CatalogueResults(),
        )
    except SQLAlchemyError as error:
        print(
            f"cpo ingest: not loaded, the database refused it (nothing changed): {_first_line(error)}",
            file=sys.stderr,
        )
        return REJECTED
    except OSError as error:
        print(
            f"cpo ingest: cannot read {folder} or write the database: {_first_line(error)}", file=sys.stderr
        )
        return USAGE
    if args.report_xlsx is not None:
        write_excel(report, args.report_xlsx)
        progress(f"wrote the report to {args.report_xlsx}")
    comparison = None
    if report.loaded and not args.no_compare:
        progress("comparing with the previous load")
        try:
            comparison = compare_with_previous(engine, previous, report)
        except SQLAlchemyError as error:
            # The load itself is committed: only its comparison is missing, so the exit code stays 0.
            progress(f"loaded, but the data could not be read back to compare: {_first_line(error)}")
    if args.format == "json":
        printed = report.to_dict()
        if comparison is not None:
            printed["comparison"] = comparison.to_dict()
        print(json.dumps(printed, indent=2))
    else:
        print(report.to_text())
        if comparison is not None:
            print()
            print(comparison.to_text())
    return LOADED if report.loaded else REJECTED


def _first_line(error: Exception) -> str:
    cause = getattr(error, "orig", None) or error
    text = str(cause).strip()
    return text.splitlines()[0] if text else type(cause).__name__
