"""The figures of "computed once per load" in one run, on PostgreSQL, printed as a table.

    .venv/bin/pip install -e '.[benchmarks]'         # duckdb and pandas, for the side-by-side readings
    .venv/bin/python benchmarks/issue_table.py [--children 70000] [--folder DIR] [--database-url URL]

England size is ``--children 70000`` (`cpo sample --children 70000`: about 66,000 looked after, 950,000
episodes). The return is written by `cpo sample` into ``--folder`` unless it is already there. Each command
runs as its own process, timed from start to exit, its peak memory its own (``ru_maxrss`` of a wrapper's
child): `cpo ingest` of the full extract (validation, load and stored results), then `cpo report --as-at D`.
Then the five core indicators from the CSV files, our engine beside DuckDB SQL and pandas
(`benchmarks/core_five.py`, which checks the three agree). The dashboard figures (first page after a server
start, page switch, server memory) come from `benchmarks/page_switch_benchmark.py`, which drives Chromium.
The machine's load average is printed before and after: figures on a busy machine are upper bounds.
PostgreSQL is used in a throw-away schema of ``--database-url``. No figure is asserted: benchmarks print.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.core_five import run as core_five  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Runs the command in argv as a child and prints its wall seconds and peak resident memory (MB) as JSON.
MEASURED = (
    "import json, resource, subprocess, sys, time\n"
    "started = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
    "seconds = time.perf_counter() - started\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "print(json.dumps({'code': done.returncode, 's': seconds, 'mb': peak, 'err': done.stderr[-2000:]}))\n"
)


def measured(*command: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *command], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result = json.loads(done.stdout)
    if result["code"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result['code']}):\n{result['err']}")
    return result


def cpo(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "cpo.cli", *arguments]


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=70_000, help="England size is 70000")
    parser.add_argument("--folder", type=Path, help="where the return is (written there if absent)")
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES)
    parser.add_argument("--as-at", type=date.fromisoformat, default=date(2026, 3, 31))
    parser.add_argument("--repeats", type=int, default=3, help="runs of each core-five reading (median)")
    args = parser.parse_args(argv)
    folder = args.folder or Path(f"/tmp/cpo_issue_table_{args.children}")
    print(f"load average before: {load_average()} ({os.cpu_count()} cores)", flush=True)
    if not (folder / "episodes.csv").exists():
        started = time.perf_counter()
        subprocess.run(cpo("sample", "--out", str(folder), "--children", str(args.children)), check=True)
        print(f"cpo sample --children {args.children}: {time.perf_counter() - started:.0f} s", flush=True)

    schema = f"cpo_bench_{secrets.token_hex(4)}"
    admin = create_engine(args.database_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(args.database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    try:
        ingest = measured(*cpo("ingest", str(folder), "--database-url", url_text, "--no-compare"))
        as_at = args.as_at.isoformat()
        report = measured(*cpo("report", "--as-at", as_at, "--database-url", url_text))
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    seconds = core_five(folder, args.as_at, repeats=args.repeats)
    ours = seconds["our engine"]

    rows = [
        ("`cpo ingest` of the full extract, with results", "< 60 s, < 2 GB",
         f"{ingest['s']:.1f} s, {ingest['mb'] / 1024:.2f} GB"),
        (f"`cpo report --as-at {as_at}` (whole process)", "< 1 s",
         f"{report['s']:.1f} s, {report['mb']:.0f} MB"),
        ("five core indicators from CSV: our engine / DuckDB SQL", "<= 1.0",
         f"{ours / seconds['DuckDB SQL']:.2f} ({ours:.2f} s / {seconds['DuckDB SQL']:.2f} s)"),
        ("the same against pandas", "<= 0.2",
         f"{ours / seconds['pandas']:.2f} ({ours:.2f} s / {seconds['pandas']:.2f} s)"),
    ]  # fmt: skip
    print(f"\n{args.children:,} children, PostgreSQL\n")
    print("| figure | target | measured |\n|---|---|---|")
    for figure, target, value in rows:
        print(f"| {figure} | {target} | {value} |")
    print("\ndashboard figures: benchmarks/page_switch_benchmark.py (Chromium)")
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
