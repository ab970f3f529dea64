"""`cpo ingest DIR`: validate a return folder and load it, all or nothing.

Exit codes: 0 loaded; 1 rejected (the full report is printed and nothing is loaded) or the database refused
the load (rolled back); 2 usage errors and a folder that cannot be read. Progress goes to stderr, the report
to stdout (text by default, JSON with every finding with ``--format json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from queries.engine import database_url, make_engine
from queries.ingest import ingest_return

LOADED, REJECTED, USAGE = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", metavar="DIR", type=Path, help="the return folder (header.csv, episodes.csv, …)"
    )
    parser.add_argument(
        "--database-url", help="database URL (else DATABASE_URL, else the embedded SQLite file)"
    )
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="how to print the report (default: text)"
    )


def run(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if not folder.is_dir():
        print(f"cpo ingest: {folder} is not a readable folder", file=sys.stderr)
        return USAGE
    from metrics.catalogue import (
        catalogue,
    )  # the command line may join rooms; queries/ may not import metrics

    def progress(message: str) -> None:
        print(f"cpo ingest: {message}", file=sys.stderr, flush=True)

    try:
        engine = make_engine(database_url(args.database_url))
    except (OSError, SQLAlchemyError) as error:
        print(f"cpo ingest: cannot use the database: {_first_line(error)}", file=sys.stderr)
        return USAGE
    try:
        report = ingest_return(folder, engine, known_indicators=set(catalogue()), progress=progress)
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
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(report.to_text())
    return LOADED if report.loaded else REJECTED


def _first_line(error: Exception) -> str:
    cause = getattr(error, "orig", None) or error
    text = str(cause).strip()
    return text.splitlines()[0] if text else type(cause).__name__
