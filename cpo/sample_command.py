"""`cpo sample`: write a deterministic synthetic return folder (every CSV file of the data spec)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sample_data.annual import write_annual_returns
from sample_data.care import JERSEY_CHILDREN
from sample_data.generator import DEFAULT_SEED, write_return


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Write a synthetic return: the 17 CSV files of the data spec (header, episodes, reviews, missing, "
        "oc2, oc3, sw_episodes, education, visits, leaver_support, workforce, population, plan_targets, "
        "comparators, services, inspections, service_costs), "
        "dated up to 30/09/2026. The same --children and --seed always give byte-identical files."
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder to write (created if needed)"
    )
    parser.add_argument(
        "--children",
        type=_positive,
        default=JERSEY_CHILDREN,
        metavar="N",
        help=f"about how many children are looked after at any one time (default {JERSEY_CHILDREN}, Jersey; "
        "80000 is England size, about a million episodes)",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, metavar="S", help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--annual",
        action="store_true",
        help="write the return as an authority submits it: one folder per collection year (DIR/2021 to "
        "DIR/2027) in the DfE layout of that year, and the local files in DIR/local",
    )


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.annual:
        folders = write_annual_returns(args.out, children=args.children, seed=args.seed)
        for folder, counts in folders.items():
            print(f"{folder}: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
        print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        return 0
    rows = write_return(args.out, children=args.children, seed=args.seed)
    width = max(len(name) for name in rows)
    for name, count in rows.items():
        print(f"{name:<{width}}  {count:>10,}")
    print(f"{'total':<{width}}  {sum(rows.values()):>10,}")
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0
