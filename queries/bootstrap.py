"""First start: make sure the database has a schema and a return; load the committed sample if it has none."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from queries.audit import operator_actor
from queries.engine import create_schema
from queries.extract import latest_load
from queries.ingest import ingest_return
from queries.results import ResultsBuilder


def ensure_loaded(engine: Engine, folder: Path, results: ResultsBuilder | None = None) -> None:
    """Create the schema; if no load has been recorded yet, ingest ``folder`` (normally the committed sample).

    Raises ``ValueError`` with the full report when the folder is rejected: a sample that fails its own
    contract is a defect to see at once, not a dashboard to open empty. ``results``: stored with the load
    (`queries.ingest.ingest_return`).
    """
    create_schema(engine)
    if latest_load(engine) is not None:
        return
    report = ingest_return(Path(folder), engine, results=results, actor=operator_actor("first start"))
    if not report.ok:
        raise ValueError(f"the return in {folder} was rejected:\n{report.to_text()}")
