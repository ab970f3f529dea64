"""``cpo``: one console command over the same pipeline as the dashboard.

This is a public interface that other tools script against: names, options, exit codes and JSON fields
follow the README ("The command line") and must not change. Each sub-command lives in its own module with
``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from queries.availability import UNAVAILABLE, one_line

# Exit codes shared by every command (each command documents its own 0, 1 and 2 as well).
EXIT_UNAVAILABLE = 2  # the database or a file could not be used: as `cpo report` has always said
EXIT_INTERNAL = 3  # a bug: one line here, the traceback with CPO_DEBUG=1
DEBUG_ENV = "CPO_DEBUG"

COMMANDS = {
    "sample": "write a deterministic synthetic return folder",
    "ingest": "validate a return folder and load it, all or nothing",
    "report": "print every indicator the role may see at a reporting date",
    "board-pack": "write the Corporate Parenting Board's quarterly report as a PDF",
    "publish": "write the public transparency page as a static site",
    "recompute": "recompute the stored results of the latest load with this version of the catalogue",
    "serve": "start the dashboard",
    "rules": "list every validation rule: DfE code, message, fields, files, years, blocking",
}


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; only the ``chosen`` one's module (None: every one) is imported, so that a
    command starts without the libraries of the others (the PDF and chart libraries take a second)."""
    parser = argparse.ArgumentParser(prog="cpo", description="Corporate Parenting Outcomes")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, summary in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        if chosen is None or name == chosen:
            module = importlib.import_module(f"cpo.{name.replace('-', '_')}_command")
            module.add_arguments(sub)
            sub.set_defaults(run=module.run)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (its first word that is not an option), if it names one."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; any failure it does not report itself ends in one line on stderr and an exit code."""
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(chosen_command(words)).parse_args(words)
    if os.environ.get(DEBUG_ENV):
        return int(args.run(args))
    try:
        return int(args.run(args))
    except UNAVAILABLE as error:
        url = getattr(args, "database_url", None) or os.environ.get("DATABASE_URL")
        print(f"cpo {args.command}: {one_line(error, url)}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except Exception as error:  # the last word on a failure is one line, never a traceback
        detail = " ".join(str(error).split())[:200]
        print(
            f"cpo {args.command}: internal error ({type(error).__name__}: {detail}); "
            f"run again with {DEBUG_ENV}=1 to see where",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
