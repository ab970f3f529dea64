"""``cpo``: one console command over the same pipeline as the dashboard.

This is a public interface that other tools script against: names, options, exit codes and JSON fields
follow shared/design.md and must not change. Each sub-command lives in its own module with
``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS = {
    "sample": "write a deterministic synthetic return folder",
    "ingest": "validate a return folder and load it, all or nothing",
    "report": "print every indicator the role may see at a reporting date",
    "publish": "write the public transparency page as a static site",
    "recompute": "recompute the stored results of the latest load with this version of the catalogue",
    "serve": "start the dashboard",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cpo", description="Corporate Parenting Outcomes")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, summary in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        module = importlib.import_module(f"cpo.{name}_command")
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
