"""Fixtures for the page tests: one loaded sample return per session, and an AppTest per role.

The dashboard reads ``DATABASE_URL`` once per process (`pages.data.engine` is a cached resource), so the
session points it at a SQLite file holding the sample return before any page runs. ``st.cache_data`` is
cleared before every test (it outlives an AppTest); the loaded return stays cached as a resource, so each
indicator is computed once per session.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
import streamlit as st
from page_harness import dashboard

from queries.bootstrap import ensure_loaded
from queries.engine import make_engine


def sample_return(folder: Path) -> Path:
    """The committed sample return, else a freshly generated one (the same generator and seed)."""
    from sample_data.generator import SAMPLE_RETURN_DIR, write_return

    if (SAMPLE_RETURN_DIR / "header.csv").is_file():
        return SAMPLE_RETURN_DIR
    write_return(folder)
    return folder


@pytest.fixture(scope="session")
def sample_database(tmp_path_factory) -> Iterator[Path]:
    """A SQLite file holding the sample return, set as ``DATABASE_URL`` for the whole session."""
    folder = tmp_path_factory.mktemp("dashboard")
    returned = sample_return(folder / "return")
    path = folder / "cpo.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    ensure_loaded(engine, returned)
    engine.dispose()
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    from pages import data

    data.engine.clear()
    yield returned
    data.engine.clear()
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous


@pytest.fixture(scope="session")
def child_ids(sample_database: Path) -> set[str]:
    return set(pl.read_csv(sample_database / "header.csv", columns=["CHILD"]).get_column("CHILD").to_list())


@pytest.fixture(autouse=True)
def _fresh_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    st.cache_data.clear()
    # A role or roles file in the developer's own shell must not leak into the tests.
    monkeypatch.delenv("CPO_ROLE", raising=False)
    monkeypatch.delenv("CPO_ROLES_FILE", raising=False)


@pytest.fixture
def open_dashboard(sample_database: Path):
    """Run the dashboard as ``role`` (optionally on ``page``, a page file) and return the AppTest."""

    def run(role: str | None = None, page: str | None = None, **options):
        app = dashboard(role, **options).run()
        if page is not None:
            app.switch_page(page).run()
        assert not app.exception, [error.message for error in app.exception]
        return app

    return run
