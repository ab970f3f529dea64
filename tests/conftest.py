"""Shared fixtures: engines on SQLite and on the real PostgreSQL, each test starting from empty tables.

PostgreSQL: ``TEST_DATABASE_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``). Each
pytest session works in its own schema (``cpo_test_<pid>_<random>``, set as the connections' ``search_path``)
so that sessions running side by side never see each other's rows; the schema is dropped at the end. When
PostgreSQL is unreachable the tests that need it fail in CI (``CI=true``: a missing database must not pass
silently) and skip elsewhere, saying why.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, delete, text
from sqlalchemy.engine import make_url

from queries.engine import create_schema, make_engine
from queries.schema import metadata

DEFAULT_TEST_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def database_url_for_tests() -> str:
    return os.environ.get("TEST_DATABASE_URL", "").strip() or DEFAULT_TEST_DATABASE_URL


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def empty_tables(engine: Engine) -> None:
    """Delete every row of every table (children before the tables they point to)."""
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture(scope="session")
def postgres_session_engine() -> Iterator[Engine]:
    url = database_url_for_tests()
    shown = make_url(url).render_as_string(hide_password=True)
    schema = f"cpo_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:
        admin.dispose()
        reason = f"PostgreSQL not reachable at {shown}: {str(error).splitlines()[0]}"
        if _in_ci():
            pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)")
        pytest.skip(reason)
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}", "connect_timeout": 3})
    try:
        create_schema(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_engine(postgres_session_engine: Engine) -> Engine:
    """The session's PostgreSQL engine, its tables emptied for this test."""
    empty_tables(postgres_session_engine)
    return postgres_session_engine


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Engine]:
    """A fresh SQLite file with the schema created."""
    engine = make_engine(f"sqlite:///{tmp_path / 'cpo.sqlite'}")
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request) -> Engine:
    """Each database in turn (ids ``sqlite`` and ``postgres``), with the schema created and empty tables."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_engine")
    return request.getfixturevalue("postgres_engine")
