"""The engine helpers: COPY reaches psycopg only through `psycopg_connection`, which says when it cannot."""

from __future__ import annotations

import pytest

from queries.engine import make_engine, psycopg_connection


def test_copy_on_sqlite_is_refused_with_the_reason(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'cpo.sqlite'}")
    try:
        with (
            engine.connect() as connection,
            pytest.raises(TypeError, match="COPY needs a psycopg connection"),
        ):
            psycopg_connection(connection)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_the_postgres_connection_is_psycopgs_own(postgres_engine):
    import psycopg

    with postgres_engine.connect() as connection:
        assert isinstance(psycopg_connection(connection), psycopg.Connection)
