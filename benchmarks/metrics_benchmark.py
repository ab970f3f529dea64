"""How long the whole catalogue takes, and how much memory, from Jersey size to 1000 times it.

    .venv/bin/python benchmarks/metrics_benchmark.py [--scales 1 10 100 1000] [--seed 2026] [--workers 1]
    .venv/bin/python benchmarks/metrics_benchmark.py --folder /tmp/england   # a return already written

For each scale it writes a synthetic return (`sample_data.generator.write_return`, 70 children looked after
at Jersey size, so 1000x is about 70,000: England's size), then, in a fresh process, reads the CSV files
straight into a `CareData` with polars (the database is not what is measured here) and times:
- one reporting date: every indicator with every breakdown at the latest quarter end (`report_frame`,
  leadership role: targets, status and comparators included);
- every quarter end the return covers (`trend_frame`, leadership), from a cold cache;
- the public trend (`trend_frame`, public role) on top of that: disclosure control on every row.
Peak memory is the process's maximum resident set size (``resource.getrusage``), which includes polars'
native allocations that tracemalloc cannot see; it only grows, so each scale runs in a fresh process.
Then "where the time goes": the slowest indicators at the largest scale, one date and over all dates (as the
engine runs them: each indicator at all its dates in one pass).
No figure here is asserted anywhere: benchmarks print, tests check behaviour.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from metrics.catalogue import catalogue  # noqa: E402
from metrics.data import SCHEMAS, CareData, care_data  # noqa: E402
from metrics.engine import reporting_periods  # noqa: E402
from metrics.periods import latest_quarter_end  # noqa: E402
from metrics.report import report_frame, trend_frame  # noqa: E402
from metrics.roles import Role  # noqa: E402
from metrics.terms import looked_after_at  # noqa: E402

JERSEY_CHILDREN = 70


def read_return(folder: Path, names: Iterable[str] | None = None) -> CareData:
    """The CSV files of a return (or only the tables ``names``) as a CareData: upper-case names lowered,
    dd/mm/yyyy or ISO dates parsed."""
    frames = {}
    for name, schema in SCHEMAS.items():
        path = folder / f"{name}.csv"
        if names is not None and name not in names:
            continue
        if not path.exists():
            continue
        raw = pl.read_csv(path, infer_schema=False)
        raw = raw.rename({column: column.lower() for column in raw.columns})
        columns = []
        for column, dtype in schema.items():
            if column not in raw.columns:
                continue
            text = pl.col(column).replace("", None)
            if dtype == pl.Date:
                parsed = (
                    text.str.to_date("%Y-%m", strict=False)
                    if column == "month"
                    else pl.coalesce(
                        text.str.to_date("%d/%m/%Y", strict=False), text.str.to_date("%Y-%m-%d", strict=False)
                    )
                )
                if column == "month":
                    parsed = pl.coalesce((text + "-01").str.to_date("%Y-%m-%d", strict=False), parsed)
                columns.append(parsed.alias(column))
            elif dtype == pl.Boolean:
                columns.append((text.cast(pl.Int64) == 1).alias(column))
            else:
                columns.append(text.cast(dtype).alias(column))
        frames[name] = raw.select(columns)
    return care_data(**frames)


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def per_indicator_seconds(data: CareData, dates: list[date]) -> dict[str, float]:
    """Each indicator's own time over ``dates`` as the engine runs it (all its dates in one pass,
    `metrics.engine.tidy_on`), bypassing the engine's kept results. The derived episodes (metrics.terms) are
    derived afresh first, so their time falls on the first indicator."""
    from metrics.engine import dates_for, tidy_on
    from metrics.terms import clear_caches

    clear_caches()
    seconds = {}
    for entry in catalogue().values():
        fresh = CareData(**{name: getattr(data, name) for name in SCHEMAS})  # no kept results
        started = time.perf_counter()
        tidy_on(entry, fresh, dates_for(entry, dates))
        seconds[entry.id] = time.perf_counter() - started
    return seconds


def measure(folder: Path, workers: int, *, breakdown: bool) -> dict:
    """Read the return in ``folder`` and time the catalogue on it, in this (fresh) process."""
    read_seconds, data = timed(lambda: read_return(folder))
    periods = reporting_periods(data)
    as_at = latest_quarter_end(max(periods)) if periods else date.today()
    leadership, public = Role.parse("leadership"), Role.parse("public")
    one_seconds, one = timed(lambda: report_frame(data, as_at, leadership))
    trend_seconds, trend = timed(lambda: trend_frame(data, leadership, workers=workers))
    public_seconds, _ = timed(lambda: trend_frame(data, public, workers=workers))
    figures = {
        "episodes": data.episodes.height,
        "children_looked_after": looked_after_at(data.episodes, as_at).collect().height,
        "read_s": read_seconds,
        "as_at": as_at.isoformat(),
        "quarter_ends": len(periods),
        "one_date_s": one_seconds,
        "one_date_rows": one.height,
        "all_quarters_s": trend_seconds,
        "all_quarters_rows": trend.height,
        "public_after_s": public_seconds,
        "peak_rss_mb": peak_rss_mb(),
    }
    if breakdown:
        figures["one_date_by_indicator"] = per_indicator_seconds(data, [as_at])
        figures["all_quarters_by_indicator"] = per_indicator_seconds(data, periods)
    return figures


def run_scale(scale: int, seed: int, workers: int, *, breakdown: bool) -> dict:
    """Generate the return for ``scale`` here, then measure it in a fresh process (its own peak memory)."""
    from sample_data.generator import write_return

    with tempfile.TemporaryDirectory() as folder:
        generate_seconds, _ = timed(
            lambda: write_return(Path(folder), children=JERSEY_CHILDREN * scale, seed=seed)
        )
        command = [sys.executable, __file__, "--measure", folder, "--workers", str(workers)]
        if breakdown:
            command.append("--breakdown")
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"scale {scale}x failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {"scale": scale, "children": JERSEY_CHILDREN * scale, "generate_s": generate_seconds, **figures}


def measure_folder(folder: Path, workers: int) -> dict:
    """Measure an existing return in a fresh process; its scale is its children looked after over Jersey's."""
    command = [sys.executable, __file__, "--measure", str(folder), "--workers", str(workers), "--breakdown"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{folder} failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    children = figures["children_looked_after"]
    return {"scale": round(children / JERSEY_CHILDREN), "children": children, "generate_s": 0.0, **figures}


def print_header() -> None:
    print(
        f"{'scale':>6} {'children':>9} {'episodes':>9} {'generate':>9} {'read':>6} {'quarters':>8} "
        f"{'one date':>9} {'all quarters':>13} {'+public':>8} {'rows':>7} {'peak RSS':>9}",
        flush=True,
    )


def print_row(r: dict) -> None:
    print(
        f"{r['scale']:>5}x {r['children']:>9,} {r['episodes']:>9,} "
        f"{r['generate_s']:>8.1f}s {r['read_s']:>5.1f}s "
        f"{r['quarter_ends']:>8} {r['one_date_s']:>8.2f}s {r['all_quarters_s']:>12.2f}s "
        f"{r['public_after_s']:>7.2f}s {r['all_quarters_rows']:>7,} {r['peak_rss_mb']:>7,.0f}MB",
        flush=True,
    )


def print_breakdown(result: dict, top: int = 12) -> None:
    one, every = result["one_date_by_indicator"], result["all_quarters_by_indicator"]
    total_one, total_every = sum(one.values()), sum(every.values())
    print(f"\nWhere the time goes at {result['scale']}x (indicator functions alone, no cache):")
    print(f"  one date {total_one:.2f}s in all; every quarter end {total_every:.2f}s in all")
    print(f"  {'indicator':<36} {'one date':>9} {'all quarters':>13} {'share':>6}")
    for key in sorted(every, key=every.get, reverse=True)[:top]:
        share = every[key] / total_every if total_every else 0.0
        print(f"  {key:<36} {one[key]:>8.3f}s {every[key]:>12.2f}s {share:>6.0%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=1, help="threads for indicator-dates (default 1)")
    parser.add_argument(
        "--folder", type=Path, help="measure this return (CSV files) instead of generating one per scale"
    )
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child process's own run
    parser.add_argument("--breakdown", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.workers, breakdown=args.breakdown)))
        return 0
    results = []
    print_header()
    if args.folder is not None:
        results.append(measure_folder(args.folder, args.workers))
        print_row(results[-1])
        print_breakdown(results[-1])
        return 0
    for scale in args.scales:
        try:
            results.append(run_scale(scale, args.seed, args.workers, breakdown=scale == max(args.scales)))
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 1
        print_row(results[-1])
    print_breakdown(results[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
