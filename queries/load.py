"""Writing a validated return inside the caller's transaction: bulk, never row by row through the ORM.

Loads ACCUMULATE (docs/returns.md, "Loads accumulate"). The DfE files are kept by collection year in
``<table>_by_year``: an annual return replaces its own year's rows there (so loading it again changes
nothing), and each DfE table is then rebuilt as, for each key (header by CHILD, episode by CHILD+DECOM, ...),
the row of the latest collection year loaded. The result depends only on which years are loaded, never on
the order they were loaded in. A full extract is the whole history: it replaces every year's rows. Local
files replace their own table; a table whose file is absent from the folder is left as it was. Everything
happens in the caller's transaction, so a load is still all or nothing.

Rows are written in bulk (`queries.bulk.write_rows`: ``COPY ... FROM STDIN`` on PostgreSQL, inside the
caller's transaction; ``executemany`` on SQLite), the findings of the load too. The tables come
sorted by primary key from validation: each insert then extends the key's index at its end rather than at
random places, several times faster for a million rows on both databases.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import polars as pl
from sqlalchemy import Connection, Table, delete, insert

from queries.bulk import write_rows
from queries.extract import polars_type, read_table_on, table_schema
from queries.report import IngestReport
from queries.schema import BY_YEAR, RETURN_TABLES, load_files, load_findings, loads

EXTRACT_YEAR = 0  # a full extract's rows sit below every collection year: any annual return replaces them
FULL_EXTRACT, ANNUAL, LOCAL = "full extract", "annual return", "local files"


def replace_return(
    connection: Connection,
    tables: dict[str, pl.DataFrame],
    report: IngestReport,
    progress: Callable[[str], None],
) -> int:
    """Store ``tables`` as the report's kind of load says (module docstring); returns the new load id."""
    statutory = {name: frame for name, frame in tables.items() if name in BY_YEAR}
    local = {name: frame for name, frame in tables.items() if name not in BY_YEAR}
    if statutory:
        year = EXTRACT_YEAR if report.kind == FULL_EXTRACT else report.collection_year
        for name, history in BY_YEAR.items():
            if report.kind == FULL_EXTRACT:
                _empty(connection, history)
            else:
                connection.execute(delete(history).where(history.c.collection_year == year))
            frame = statutory.get(name)
            if frame is not None and frame.height:
                label = "the full extract" if year == EXTRACT_YEAR else f"collection year {year}"
                progress(f"loading {name} ({frame.height} rows) for {label}")
                _insert(
                    connection, history, frame.with_columns(pl.lit(year, pl.Int64).alias("collection_year"))
                )
        for name, history in BY_YEAR.items():
            _rebuild_latest(connection, RETURN_TABLES[f"{name}.csv"], history, one_year=year == EXTRACT_YEAR)
    for name, frame in local.items():
        table = RETURN_TABLES[f"{name}.csv"]
        _empty(connection, table)
        if frame.height:
            progress(f"loading {table.name} ({frame.height} rows)")
            _insert(connection, table, frame)
    return _record(connection, report)


def data_set_after(
    connection: Connection, tables: dict[str, pl.DataFrame], report: IngestReport
) -> dict[str, pl.DataFrame]:
    """The data set as `queries.extract.read_care_data_on` reads it back once `replace_return` has stored
    ``tables``, without reading back what the load has just written: a full extract is every DfE table and a
    local file its own table, so those come from ``tables`` (in their stored types; validation sorted them by
    key, the read-back's order); only the tables the load left as they were, and every DfE table after an
    annual return (which accumulates with the years before it), are read through ``connection``."""
    replaced = {name for name in tables if name not in BY_YEAR}
    if report.kind == FULL_EXTRACT and any(name in BY_YEAR for name in tables):
        replaced |= set(BY_YEAR)
    data: dict[str, pl.DataFrame] = {}
    for table in RETURN_TABLES.values():
        if table.name not in replaced:
            data[table.name] = read_table_on(connection, table)
            continue
        schema = table_schema(table)
        frame = tables.get(table.name)
        data[table.name] = (
            pl.DataFrame(schema=schema)
            if frame is None
            else frame.select(pl.col(name).cast(dtype) for name, dtype in schema.items())
        )
    return data


def _empty(connection: Connection, table: Table) -> None:
    if connection.dialect.name == "postgresql":
        # TRUNCATE is transactional in PostgreSQL: readers keep the old data until this transaction commits.
        connection.exec_driver_sql(f"TRUNCATE {connection.dialect.identifier_preparer.quote(table.name)}")
    else:
        connection.execute(delete(table))


def _insert(connection: Connection, table: Table, frame: pl.DataFrame) -> None:
    write_rows(connection, table, frame.select(column.name for column in table.columns))


def _rebuild_latest(connection: Connection, table: Table, history: Table, *, one_year: bool = False) -> None:
    """``table`` := for each key, the row of the latest collection year in ``history``.

    ``one_year``: ``history`` holds one collection year only (a full extract replaced it all), whose keys
    validation has made unique (a repeated key blocks the load): every row is its key's latest, so the rows
    are copied without ranking them (an England-sized extract: 25 s of window functions saved)."""
    quote = connection.dialect.identifier_preparer.quote
    columns = ", ".join(quote(column.name) for column in table.columns)
    key = ", ".join(quote(column.name) for column in table.primary_key.columns)
    _empty(connection, table)
    if one_year:
        connection.exec_driver_sql(
            f"INSERT INTO {quote(table.name)} ({columns}) SELECT {columns} FROM {quote(history.name)}"
        )
        return
    connection.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({columns}) SELECT {columns} FROM ("
        f"SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY collection_year DESC) AS latest "
        f"FROM {quote(history.name)}) AS ranked WHERE latest = 1"
    )


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
    inserted = result.inserted_primary_key
    assert inserted is not None  # a single-row insert always has its key
    load_id = int(inserted[0])
    file_rows = [
        {
            "load_id": load_id,
            "file": file,
            "kind": report.kind or FULL_EXTRACT,
            "collection_year": report.collection_year,
            "rows": rows,
            "checksum": report.checksums.get(file),
            "taken_from": report.taken_from.get(file, file),
        }
        for file, rows in report.row_counts.items()
    ]
    if file_rows:
        connection.execute(insert(load_files), file_rows)
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
            "code": (finding.code or finding.rule)[:24],
        }
        for number, finding in enumerate([*report.findings, *report.warnings], start=1)
    ]
    if rows:
        schema = {name: polars_type(load_findings.c[name].type) for name in rows[0]}
        write_rows(connection, load_findings, pl.DataFrame(rows, schema=schema, orient="row"))
    return load_id
