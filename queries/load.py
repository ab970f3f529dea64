"""Writing a validated return inside the caller's transaction: bulk, never row by row through the ORM.

PostgreSQL gets ``COPY ... FROM STDIN`` on the psycopg connection that underlies the SQLAlchemy connection
(so the copy is part of the same transaction); SQLite gets ``executemany`` of a Core insert. Rows go in
slices so that an England-sized return never needs its whole CSV text in memory at once. The tables come
sorted by primary key from validation: each insert then extends the key's index at its end rather than at
random places, several times faster for a million rows on both databases.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, datetime

import polars as pl
from sqlalchemy import Connection, Table, delete, insert

from queries.report import IngestReport
from queries.schema import RETURN_TABLES, load_findings, loads

SLICE_ROWS = 200_000


def replace_return(
    connection: Connection,
    tables: dict[str, pl.DataFrame],
    report: IngestReport,
    progress: Callable[[str], None],
) -> int:
    """Replace the whole data set with ``tables`` and record the load; returns the new load id."""
    postgres = connection.dialect.name == "postgresql"
    targets = list(RETURN_TABLES.values())
    if postgres:
        # TRUNCATE is transactional in PostgreSQL: readers keep the old data until this transaction commits.
        names = ", ".join(connection.dialect.identifier_preparer.quote(table.name) for table in targets)
        connection.exec_driver_sql(f"TRUNCATE {names}")
    else:
        for table in reversed(targets):
            connection.execute(delete(table))
    for table in targets:
        frame = tables.get(table.name)
        if frame is None or frame.height == 0:
            continue
        progress(f"loading {table.name} ({frame.height} rows)")
        frame = frame.select(column.name for column in table.columns)
        if postgres:
            _copy(connection, table, frame)
        else:
            _executemany(connection, table, frame)
    return _record(connection, report)


def _copy(connection: Connection, table: Table, frame: pl.DataFrame) -> None:
    quote = connection.dialect.identifier_preparer.quote
    columns = ", ".join(quote(column) for column in frame.columns)
    driver = connection.connection.driver_connection
    statement = f"COPY {quote(table.name)} ({columns}) FROM STDIN (FORMAT csv)"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for offset in range(0, frame.height, SLICE_ROWS):
            buffer = io.BytesIO()
            # Nulls are written as unquoted empty fields, which COPY's csv format reads as NULL; no stored
            # text is ever empty (validation turns empty cells into nulls), so nothing is lost.
            frame.slice(offset, SLICE_ROWS).write_csv(buffer, include_header=False)
            copy.write(buffer.getbuffer())


def _executemany(connection: Connection, table: Table, frame: pl.DataFrame) -> None:
    statement = insert(table)
    for offset in range(0, frame.height, SLICE_ROWS):
        connection.execute(statement, frame.slice(offset, SLICE_ROWS).to_dicts())


def _record(connection: Connection, report: IngestReport) -> int:
    result = connection.execute(
        insert(loads).values(
            loaded_at=datetime.now(UTC),
            source=report.source,
            checksums=json.dumps(report.checksums, sort_keys=True),
            row_counts=json.dumps(report.row_counts),
            code_lists=json.dumps(report.code_lists),
            warning_count=len(report.warnings),
        )
    )
    load_id = int(result.inserted_primary_key[0])
    rows = [
        {
            "load_id": load_id,
            "finding": number,
            "severity": finding.severity,
            "file": finding.file[:64],
            "row": finding.row,
            "column": finding.column[:64] if finding.column else None,
            "value": finding.value,
            "rule": f"{finding.rule}: {finding.message}",
            "child": finding.child if finding.child and len(finding.child) <= 10 else None,
        }
        for number, finding in enumerate(report.warnings, start=1)
    ]
    if rows:
        connection.execute(insert(load_findings), rows)
    return load_id
