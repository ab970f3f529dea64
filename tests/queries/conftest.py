"""Fixtures of the data-layer tests."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from metrics.catalogue import catalogue
from metrics.report import CatalogueResults
from queries.ingest import ingest_return
from sample_data.generator import SAMPLE_RETURN_DIR


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    """``engine`` (SQLite, then PostgreSQL) holding the sample return and its stored results."""
    report = ingest_return(
        SAMPLE_RETURN_DIR, engine, known_indicators=list(catalogue()), results=CatalogueResults()
    )
    assert report.loaded, report.to_text()
    return engine
