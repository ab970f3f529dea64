"""`cpo report`: not built yet."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="database URL (else DATABASE_URL, else the embedded SQLite file)")


def run(args: argparse.Namespace) -> int:
    print("cpo report: not built yet", file=sys.stderr)
    return 2
