"""`cpo board-pack --as-at YYYY-MM-DD --out FILE.pdf [--database-url URL]`: the Corporate Parenting Board's
quarterly report as a PDF (`metrics.board_pack`), from the results stored with the latest load.

The reporting date must be one the stored results cover (a quarter end): the pack's early-warning signals
are judged over the stored series, which a date computed on its own would not have. Exit 0 when written;
2 when nothing is loaded, the date is not covered or the database cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cpo.stored_results import NothingLoaded, stored_results, trend_for
from metrics.board_pack import board_pack_pdf
from metrics.catalogue import catalogue
from metrics.roles import Role, visible_catalogue
from queries.engine import make_engine

DONE, USAGE = 0, 2
BOARD = Role("leadership")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-at", required=True, help="reporting date, a quarter end (YYYY-MM-DD)")
    parser.add_argument("--out", required=True, type=Path, help="the PDF file to write")
    parser.add_argument(
        "--database-url", help="database URL (else DATABASE_URL, else the embedded SQLite file)"
    )


def _fail(message: str) -> int:
    print(f"cpo board-pack: {message}", file=sys.stderr)
    return USAGE


def run(args: argparse.Namespace) -> int:
    try:
        as_at = date.fromisoformat(args.as_at)
    except ValueError:
        return _fail(f"--as-at {args.as_at!r} is not a date: use YYYY-MM-DD, for example 2026-09-30")
    engine = make_engine(args.database_url)
    try:
        stored = stored_results(engine, "board-pack")
        if as_at not in stored.reporting_dates:
            days = stored.reporting_dates
            covered = f"{min(days)} to {max(days)}" if days else "none"
            return _fail(f"{as_at} is not a stored reporting date (quarter ends {covered})")
        trend = trend_for(engine, stored, BOARD)
    except NothingLoaded:
        return _fail("no return is loaded; run `cpo ingest DIR` first")
    finally:
        engine.dispose()
    pdf = board_pack_pdf(trend, as_at, visible_catalogue(BOARD, catalogue()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)
    print(f"cpo board-pack: wrote {args.out} ({len(pdf):,} bytes) for {as_at}")
    return DONE
