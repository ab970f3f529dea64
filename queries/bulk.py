"""Many rows in and out of the database in bulk, never row by row: one way for every table.

PostgreSQL: ``COPY ... FROM STDIN`` and ``COPY (SELECT ...) TO STDOUT`` in CSV on the psycopg connection
that underlies the SQLAlchemy connection, so a copy is part of the caller's transaction (a load reads back
its own uncommitted rows). A SELECT's parameters are bound by psycopg on the client, as COPY requires.
Measured on this project's machines for a million rows: reading by COPY 1.5 s against 3.5 s through
SQLAlchemy rows; writing 2 s against 28 s for ``DataFrame.write_database``.

SQLite: ``executemany`` of a Core insert, and the rows of a Core select (typed by SQLAlchemy).

Rows are written in slices so that an England-sized table never needs its whole CSV text in memory at once.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import polars as pl
from sqlalchemy import Connection, Select, Table, insert

from queries.engine import psycopg_connection

SLICE_ROWS = 200_000


def write_rows(connection: Connection, table: Table, frame: pl.DataFrame) -> None:
    """Append ``frame`` (columns named as ``table``'s, any order, a subset) to ``table``."""
    if not frame.height:
        return
    if connection.dialect.name == "postgresql":
        _copy_in(connection, table, frame)
    else:
        statement = insert(table)
        for offset in range(0, frame.height, SLICE_ROWS):
            connection.execute(statement, frame.slice(offset, SLICE_ROWS).to_dicts())


def _copy_in(connection: Connection, table: Table, frame: pl.DataFrame) -> None:
    quote = connection.dialect.identifier_preparer.quote
    columns = ", ".join(quote(column) for column in frame.columns)
    driver = psycopg_connection(connection)
    statement = f"COPY {quote(table.name)} ({columns}) FROM STDIN (FORMAT csv)"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for offset in range(0, frame.height, SLICE_ROWS):
            buffer = io.BytesIO()
            # Nulls are written as unquoted empty fields, which COPY's csv format reads as NULL; no stored
            # text is ever empty (validation turns empty cells into nulls), so nothing is lost.
            frame.slice(offset, SLICE_ROWS).write_csv(buffer, include_header=False)
            copy.write(buffer.getbuffer())


def read_rows(
    connection: Connection, statement: Select[Any], schema: Mapping[str, pl.DataType | type[pl.DataType]]
) -> pl.DataFrame:
    """The rows of ``statement`` as a frame of ``schema`` (its columns, in the statement's order; dates,
    booleans, integers, floats and text)."""
    if connection.dialect.name == "postgresql":
        return _copy_out(connection, statement, schema)
    # SQLAlchemy's types turn SQLite's text dates and integer booleans into dates and booleans.
    rows = connection.execute(statement).all()
    return pl.DataFrame([tuple(row) for row in rows], schema=schema, orient="row")


def _copy_out(
    connection: Connection, statement: Select[Any], schema: Mapping[str, pl.DataType | type[pl.DataType]]
) -> pl.DataFrame:
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    buffer = io.BytesIO()
    copy_statement = f"COPY ({compiled}) TO STDOUT (FORMAT csv)"
    driver = psycopg_connection(connection)
    with driver.cursor() as cursor, cursor.copy(copy_statement, compiled.params) as copy:
        for block in copy:
            buffer.write(block)
    if buffer.tell() == 0:
        return pl.DataFrame(schema=schema)
    text = pl.read_csv(
        buffer.getvalue(), has_header=False, new_columns=list(schema), infer_schema=False, quote_char='"'
    )
    return text.select(_cast_text(name, dtype) for name, dtype in schema.items())


def _cast_text(name: str, dtype: pl.DataType | type[pl.DataType]) -> pl.Expr:
    column = pl.col(name)
    if dtype == pl.Date:
        return column.str.to_date("%Y-%m-%d")
    if dtype == pl.Boolean:
        # PostgreSQL's COPY writes booleans as t and f (a null stays null through the comparison).
        return (column == "t").alias(name)
    return column.cast(dtype)
