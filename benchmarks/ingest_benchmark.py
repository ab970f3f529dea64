"""Ingest benchmark: validate and load generated returns at 1x, 10x, 100x and 1000x Jersey size.

    .venv/bin/python benchmarks/ingest_benchmark.py [--sizes 1 10 100 1000] [--database-url URL]

Prints one row per size: rows in the return, validation seconds, load seconds into SQLite and into PostgreSQL
(after validation), rows per second end to end into PostgreSQL, and the peak memory of the worst run. Each run
is a fresh process so that its peak resident memory is its own. PostgreSQL runs in a throw-away schema of
``--database-url`` (default ``TEST_DATABASE_URL`` or the local test database). 1000x is England's size
(about 70,000 children looked after at once); the target is under 60 s end to end and under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JERSEY_CHILDREN = 70
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CACHE = Path(tempfile.gettempdir()) / "cpo_ingest_benchmark"


def _generate(size: int) -> tuple[Path, float]:
    from sample_data.generator import write_return

    folder = CACHE / f"x{size}"
    if not (folder / "header.csv").is_file():
        started = time.perf_counter()
        write_return(folder, children=JERSEY_CHILDREN * size, seed=2026)
        return folder, time.perf_counter() - started
    return folder, 0.0


def _one_run(folder: Path, database: str, url: str) -> dict:
    """Validate and load ``folder`` into one database; runs in its own process (see `main`)."""
    from sqlalchemy import create_engine, text

    from queries.engine import create_schema, make_engine
    from queries.ingest import ingest_return

    schema = None
    if database == "sqlite":
        engine = make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}")
    else:
        schema = f"cpo_bench_{os.getpid()}_{secrets.token_hex(3)}"
        admin = create_engine(url)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    create_schema(engine)
    marks: dict[str, float] = {}

    def progress(message: str) -> None:
        if message.startswith("loading") and "validated" not in marks:
            marks["validated"] = time.perf_counter()

    try:
        started = time.perf_counter()
        report = ingest_return(folder, engine, progress=progress)
        finished = time.perf_counter()
    finally:
        engine.dispose()
        if schema is not None:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    if not report.loaded:
        raise SystemExit(f"the generated return was rejected:\n{report.to_text()[:3000]}")
    validated = marks.get("validated", finished)
    return {
        "rows": sum(report.row_counts.values()),
        "validate_s": validated - started,
        "load_s": finished - validated,
        "total_s": finished - started,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _run_in_child(folder: Path, database: str, url: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), database, url],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{database} run failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1, 10, 100, 1000], help="multiples of Jersey"
    )
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES)
    parser.add_argument("--skip-sqlite-above", type=int, default=1000, help="largest size also run on SQLite")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        folder, database, url = args.child
        print(json.dumps(_one_run(Path(folder), database, url)))
        return 0

    header = f"{'size':>6} {'rows':>10} {'validate s':>10} {'load s sqlite':>13} {'load s pg':>9} "
    header += f"{'pg total s':>10} {'rows/s pg':>10} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        folder, generated_s = _generate(size)
        if generated_s:
            print(f"(generated {size}x in {generated_s:.1f} s)", file=sys.stderr)
        postgres = _run_in_child(folder, "postgres", args.database_url)
        sqlite = (
            _run_in_child(folder, "sqlite", args.database_url) if size <= args.skip_sqlite_above else None
        )
        peak = max(postgres["peak_mb"], sqlite["peak_mb"] if sqlite else 0)
        sqlite_load = f"{sqlite['load_s']:13.2f}" if sqlite else f"{'-':>13}"
        print(
            f"{str(size) + 'x':>6} {postgres['rows']:>10,} {postgres['validate_s']:>10.2f} {sqlite_load} "
            f"{postgres['load_s']:>9.2f} {postgres['total_s']:>10.2f} "
            f"{postgres['rows'] / postgres['total_s']:>10,.0f} {peak:>8.0f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
