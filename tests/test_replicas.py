"""One app, many replicas: two processes of the pages' data layer against one PostgreSQL.

Each replica is a separate Python process that imports `pages.data` (what every page reads through) with
its own engine, as two `cpo serve` processes behind a proxy would, and answers on its standard input:
``read`` (what the leadership pages would show: the load, the reporting dates, the rows) or ``load DIR``
(a load through this process: validation, data and stored results in one transaction). A load through one
replica is seen by the other without a restart, after at most ``CPO_LOAD_CHECK_SECONDS``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine

from sample_data.generator import SAMPLE_RETURN_DIR, write_return
from tests.test_report_end_to_end import postgres_url

ROOT = Path(__file__).resolve().parent.parent
LOAD_CHECK_SECONDS = 1.0
REPLICA = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from metrics.catalogue import catalogue
    from metrics.report import CatalogueResults
    from metrics.roles import Role
    from pages import data
    from queries.ingest import ingest_return

    for line in sys.stdin:
        command, _, folder = line.strip().partition(" ")
        if command == "load":
            report = ingest_return(
                Path(folder), data.engine(), known_indicators=list(catalogue()), results=CatalogueResults()
            )
            answer = {"loaded": report.loaded}
        else:
            leadership = Role("leadership")
            answer = {
                "load_id": data.load_id(),
                "dates": [day.isoformat() for day in data.reporting_dates(leadership)],
                "rows": data.trends(leadership).height,
            }
        print(json.dumps(answer), flush=True)
    """
)


class Replica:
    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process

    def ask(self, line: str) -> dict:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, f"the replica stopped: {self.process.stderr.read() if self.process.stderr else ''}"
        return json.loads(answer)


@contextmanager
def replica(url: str) -> Iterator[Replica]:
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "CPO_LOAD_CHECK_SECONDS": str(LOAD_CHECK_SECONDS),
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", REPLICA],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        yield Replica(process)
    finally:
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def seen_after_the_load_check(reader: Replica, load_id: int) -> dict:
    """What ``reader`` shows once its load check has had time to run again (no restart in between)."""
    deadline = time.monotonic() + 10 * LOAD_CHECK_SECONDS
    while True:
        time.sleep(LOAD_CHECK_SECONDS * 1.1)
        shown = reader.ask("read")
        if shown["load_id"] == load_id or time.monotonic() > deadline:
            return shown


@pytest.mark.postgres
def test_a_load_through_one_replica_is_seen_by_the_other_without_a_restart(
    postgres_engine: Engine, tmp_path: Path
) -> None:
    url = postgres_url(postgres_engine)
    larger = tmp_path / "larger"
    write_return(larger, children=140, seed=11)
    with ExitStack() as stack:
        first, second = (stack.enter_context(replica(url)) for _ in range(2))
        assert first.ask("read") == {"load_id": None, "dates": [], "rows": 0}
        assert second.ask("read") == {"load_id": None, "dates": [], "rows": 0}

        assert first.ask(f"load {SAMPLE_RETURN_DIR}") == {"loaded": True}
        by_first = first.ask("read")
        assert by_first["load_id"] is not None
        assert by_first["rows"] > 0
        assert seen_after_the_load_check(second, by_first["load_id"]) == by_first

        assert second.ask(f"load {larger}") == {"loaded": True}
        by_second = second.ask("read")
        assert by_second["load_id"] > by_first["load_id"]
        assert by_second["rows"] != by_first["rows"]  # another return: other figures
        assert seen_after_the_load_check(first, by_second["load_id"]) == by_second
