"""`cpo recompute` on SQLite and PostgreSQL: results stored by another catalogue version are recomputed by
this version's code, and never shown (not by `cpo report`, not by the pages' reading of results)."""

from __future__ import annotations

import json

import polars as pl
from polars.testing import assert_frame_equal
from sqlalchemy import Engine, func, select

from cpo.cli import main
from metrics.catalogue import catalogue
from metrics.report import CatalogueResults, from_stored, trend_frame
from metrics.roles import Role
from queries.extract import latest_load
from queries.ingest import ingest_return
from queries.results import current_result_set, read_results, store_results
from queries.schema import result_sets
from sample_data.generator import SAMPLE_RETURN_DIR
from tests.queries.test_results import StaleBuilder, on_the_fly
from tests.test_report_end_to_end import postgres_url

BUILDER = CatalogueResults()


def url_of(engine: Engine) -> str:
    if engine.dialect.name == "postgresql":
        return postgres_url(engine)
    return engine.url.render_as_string(hide_password=False)


def loaded_with_stale_results(engine: Engine) -> None:
    """The sample loaded, its only results stored by an older catalogue (every title "STALE")."""
    assert ingest_return(SAMPLE_RETURN_DIR, engine, known_indicators=list(catalogue())).loaded
    with engine.begin() as connection:
        store_results(connection, latest_load(engine)["load_id"], StaleBuilder())


def test_recompute_replaces_another_versions_results_with_this_versions(engine, capsys):
    loaded_with_stale_results(engine)
    assert current_result_set(engine, BUILDER.version) is None

    assert main(["recompute", "--database-url", url_of(engine)]) == 0

    out = capsys.readouterr().out
    assert f"catalogue version {BUILDER.version}" in out
    record = current_result_set(engine, BUILDER.version)
    assert record is not None
    assert record["load_id"] == latest_load(engine)["load_id"]
    stored = from_stored(read_results(engine, "leadership", BUILDER.version))
    assert "STALE" not in stored.get_column("title").to_list()
    assert_frame_equal(stored, trend_frame(on_the_fly(engine), Role("leadership")))
    # Run again: one result set of this version for the load, recomputed in place.
    assert main(["recompute", "--database-url", url_of(engine)]) == 0
    with engine.connect() as connection:
        versions = connection.execute(
            select(result_sets.c.catalogue_version, func.count()).group_by(result_sets.c.catalogue_version)
        ).all()
    assert dict(versions) == {BUILDER.version: 1, StaleBuilder.version: 1}


def test_results_of_another_version_are_never_shown_by_cpo_report(engine, capsys):
    loaded_with_stale_results(engine)
    as_at = max(current_result_set(engine, StaleBuilder.version)["reporting_dates"]).isoformat()
    capsys.readouterr()

    code = main(
        [
            "report",
            "--as-at",
            as_at,
            "--role",
            "leadership",
            "--format",
            "json",
            "--database-url",
            url_of(engine),
        ]
    )

    captured = capsys.readouterr()
    assert code == 0
    rows = pl.DataFrame(json.loads(captured.out))
    assert rows.height > 0
    assert "STALE" not in rows.get_column("title").to_list()
    assert "not this catalogue version's" in captured.err  # it said it computed them once
    assert current_result_set(engine, BUILDER.version) is not None


def test_recompute_with_nothing_loaded_exits_2(engine, capsys):
    assert main(["recompute", "--database-url", url_of(engine)]) == 2
    assert "no return is loaded" in capsys.readouterr().err
