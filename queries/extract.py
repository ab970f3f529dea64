"""Reading the loaded return back: polars frames, its children, the load records, the last load's findings.

`read_care_data` returns one frame per return table with the columns and types that ``metrics/data.py``
expects (the table's columns without ``source_row``; dates as Date, integers as Int64, NUMERIC as Float64,
booleans as Boolean). Many rows are read in bulk (`queries.bulk.read_rows`: ``COPY ... TO STDOUT`` on
PostgreSQL, a plain cursor on SQLite).
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, Table, inspect, select
from sqlalchemy import types as sqltypes

from queries.bulk import read_rows
from queries.schema import BY_YEAR, RETURN_TABLES, header, load_files, loads
from queries.schema import load_findings as findings_table

ANALYST = "analyst"


def polars_type(column_type: sqltypes.TypeEngine[Any]) -> pl.DataType:
    """The polars type a column is read as (the types of metrics/data.py SCHEMAS)."""
    if isinstance(column_type, sqltypes.Date):
        return pl.Date()
    if isinstance(column_type, sqltypes.Boolean):
        return pl.Boolean()
    if isinstance(column_type, sqltypes.Integer):
        return pl.Int64()
    if isinstance(column_type, sqltypes.Numeric):
        return pl.Float64()
    return pl.String()


def table_schema(table: Table) -> dict[str, pl.DataType]:
    return {column.name: polars_type(column.type) for column in table.columns if column.name != "source_row"}


def read_care_data(engine: Engine) -> dict[str, pl.DataFrame]:
    """Every return table as a polars frame, keyed by table name (header, episodes, …, comparators)."""
    with engine.connect() as connection:
        return read_care_data_on(connection)


def read_care_data_on(connection: Connection) -> dict[str, pl.DataFrame]:
    """`read_care_data` through ``connection``, inside its transaction: a load reads back what it has just
    written (not yet committed, so invisible to any other connection) to compute its results."""
    return {table.name: read_table_on(connection, table) for table in RETURN_TABLES.values()}


def read_table_on(connection: Connection, table: Table) -> pl.DataFrame:
    """One table of the data set, in key order, its columns in their stored types."""
    schema = table_schema(table)
    statement = select(*(table.c[name] for name in schema)).order_by(*table.primary_key.columns)
    return read_rows(connection, statement, schema)


def latest_load(engine: Engine) -> dict[str, Any] | None:
    """The most recent load (id, when, source, checksums, row counts, code lists, warnings), or None."""
    if not inspect(engine).has_table(loads.name):
        return None
    with engine.connect() as connection:
        row = connection.execute(select(loads).order_by(loads.c.load_id.desc()).limit(1)).mappings().first()
    if row is None:
        return None
    record = dict(row)
    for name in ("checksums", "row_counts", "code_lists"):
        record[name] = json.loads(record[name])
    return record


def child_ids(engine: Engine) -> set[str]:
    """Every child in header.csv as loaded (empty when nothing was): for counting children added and gone
    between two loads, which must read the ids before the new load replaces them."""
    if not inspect(engine).has_table(header.name):
        return set()
    with engine.connect() as connection:
        return set(connection.execute(select(header.c.child)).scalars())


LOADS_BY_YEAR_SCHEMA = {
    "load_id": pl.Int64,
    "loaded_at": pl.String,
    "kind": pl.String,
    "collection_year": pl.Int64,
    "file": pl.String,
    "taken_from": pl.String,
    "rows": pl.Int64,
    "checksum": pl.String,
}


def loads_by_year(engine: Engine) -> pl.DataFrame:
    """Every load, file by file: what was loaded (kind, collection year, file, rows, checksum) and when."""
    if not inspect(engine).has_table(load_files.name):
        return pl.DataFrame(schema=LOADS_BY_YEAR_SCHEMA)
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                load_files.c.load_id,
                loads.c.loaded_at,
                load_files.c.kind,
                load_files.c.collection_year,
                load_files.c.file,
                load_files.c.taken_from,
                load_files.c.rows,
                load_files.c.checksum,
            )
            .join(loads, loads.c.load_id == load_files.c.load_id)
            .order_by(load_files.c.collection_year, load_files.c.load_id, load_files.c.file)
        ).all()
    return pl.DataFrame(
        [(*row[:1], f"{row[1]:%Y-%m-%d %H:%M}", *row[2:]) for row in rows],
        schema=LOADS_BY_YEAR_SCHEMA,
        orient="row",
    )


def year_tables(engine: Engine, year: int) -> dict[str, pl.DataFrame] | None:
    """The DfE tables as loaded for collection ``year`` (the previous year's return, for the DfE rules that
    compare with it), or None when that year was never loaded."""
    if not inspect(engine).has_table(BY_YEAR["header"].name):
        return None
    frames: dict[str, pl.DataFrame] = {}
    with engine.connect() as connection:
        for name, history in BY_YEAR.items():
            schema = table_schema(RETURN_TABLES[f"{name}.csv"])
            statement = select(*(history.c[column] for column in schema)).where(
                history.c.collection_year == year
            )
            frames[name] = read_rows(connection, statement, schema)
    return frames if frames["header"].height else None


def loaded_files(engine: Engine) -> frozenset[str]:
    """Every file ever loaded (header.csv, sw_episodes.csv, education.csv, ...): an indicator whose input is
    not among them is "not available"."""
    if not inspect(engine).has_table(load_files.name):
        return frozenset()
    with engine.connect() as connection:
        return frozenset(connection.execute(select(load_files.c.file).distinct()).scalars())


FINDINGS_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "load_id": pl.Int64,
    "finding": pl.Int64,
    "severity": pl.String,
    "file": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "rule": pl.String,
    "child": pl.String,
    "code": pl.String,
}


def load_findings(engine: Engine, role: str, load_id: int | None = None) -> pl.DataFrame:
    """The DfE findings and warnings of a load (default: the latest), with child ids: for the analyst's
    data-quality page only."""
    # Child ids must never reach a role other than the analyst (README, "Privacy"): the check lives here, in
    # the data layer, so that no page can forget it.
    if role != ANALYST:
        raise PermissionError(
            f"load findings name children: only the {ANALYST} role may read them, not {role!r}"
        )
    if load_id is None:
        latest = latest_load(engine)
        if latest is None:
            return pl.DataFrame(schema=FINDINGS_SCHEMA)
        load_id = latest["load_id"]
    statement = (
        select(*(findings_table.c[name] for name in FINDINGS_SCHEMA))
        .where(findings_table.c.load_id == load_id)
        .order_by(findings_table.c.finding)
    )
    with engine.connect() as connection:
        return read_rows(connection, statement, FINDINGS_SCHEMA)
