"""One way to get an engine: --database-url, else DATABASE_URL, else the embedded SQLite file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy.pool import ConnectionPoolEntry

from queries.schema import append_only, metadata

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "cpo.sqlite"


def database_url(explicit: str | None = None) -> str:
    """The URL to use: the explicit one, else ``DATABASE_URL``, else the embedded SQLite file."""
    if explicit:
        return explicit
    from_env = os.environ.get("DATABASE_URL", "").strip()
    if from_env:
        return from_env
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (resolved by `database_url`), creating the SQLite folder when needed."""
    resolved = database_url(url)
    if resolved.startswith("sqlite"):
        path = resolved.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(resolved, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the dashboard read while a load writes; foreign keys are not used but keep SQLite honest.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_schema(engine: Engine) -> None:
    """Create every table and index that does not exist yet; safe to call on every start."""
    metadata.create_all(engine, checkfirst=True)
    append_only.create_all(engine, checkfirst=True)


def psycopg_connection(connection: Connection) -> psycopg.Connection[Any]:
    """The psycopg connection under ``connection``, for COPY (which SQLAlchemy has no API for)."""
    import psycopg

    driver = connection.connection.driver_connection
    if not isinstance(driver, psycopg.Connection):
        raise TypeError(f"COPY needs a psycopg connection, not {type(driver).__name__}")
    return driver
