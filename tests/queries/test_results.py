"""Results stored per load (`queries.results`), on SQLite and on the real PostgreSQL.

- what is stored and read back for every role equals `metrics.report.trend_frame` computed on the fly;
- the results are written in the load's own transaction: a load whose results fail leaves the previous data
  and results as they were;
- results of another catalogue version are never read, and `ensure_results` recomputes them;
- the role is enforced in the data layer: the public reads only the disclosure-controlled frame.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import Engine, func, select

from metrics.catalogue import catalogue
from metrics.data import care_data
from metrics.disclosure import PROFILES, DisclosureConfig
from metrics.report import (
    SIGNAL_COLUMNS,
    CatalogueResults,
    at_reporting_date,
    from_stored,
    report_frame,
    trend_frame,
)
from metrics.roles import Role, all_roles
from queries.extract import latest_load, read_care_data
from queries.ingest import ingest_return
from queries.results import current_result_set, ensure_results, read_results, recompute, store_results
from queries.schema import result_sets
from sample_data.generator import SAMPLE_RETURN_DIR

BUILDER = CatalogueResults()


class StaleBuilder:
    """Results as an older catalogue would have stored them: another version, every title marked."""

    version = "older-catalogue"

    def __call__(self, tables: Mapping[str, pl.DataFrame]):
        dates, frames = BUILDER(tables)
        return dates, {
            name: frame.with_columns(title=pl.lit("STALE")) if isinstance(frame, pl.DataFrame) else frame
            for name, frame in frames.items()
        }


class FailingBuilder:
    version = BUILDER.version

    def __call__(self, tables: Mapping[str, pl.DataFrame]) -> tuple[list[date], dict[str, pl.DataFrame]]:
        raise RuntimeError("the catalogue failed half way")


def on_the_fly(engine: Engine):
    return care_data(**read_care_data(engine))


def test_stored_results_equal_the_computation_for_every_role(loaded):
    data = on_the_fly(loaded)
    for role in all_roles():
        stored = read_results(loaded, str(role), BUILDER.version)
        assert stored is not None
        assert_frame_equal(from_stored(stored), trend_frame(data, role))


def test_each_disclosure_profile_has_its_own_stored_public_frame(loaded):
    data = on_the_fly(loaded)
    for profile in PROFILES:
        stored = read_results(loaded, "public", BUILDER.version, disclosure=profile)
        expected = trend_frame(data, Role("public"), config=DisclosureConfig.named(profile))
        assert_frame_equal(from_stored(stored), expected)
    exact, rounded = (read_results(loaded, "public", BUILDER.version, disclosure=p) for p in PROFILES)
    assert not exact.equals(rounded)


def test_a_stored_reporting_date_reads_what_report_frame_computes(loaded):
    data = on_the_fly(loaded)
    record = current_result_set(loaded, BUILDER.version)
    assert record["reporting_dates"]
    for as_at in (record["reporting_dates"][0], record["reporting_dates"][-1]):
        for role in (Role.parse("department:health"), Role("leadership")):
            stored = from_stored(read_results(loaded, str(role), BUILDER.version))
            # One date alone has no series to judge: report_frame leaves the early-warning signals null,
            # and the stored ones are those of the whole trend (staff roles) at that date.
            at_date = at_reporting_date(stored, as_at)
            assert_frame_equal(
                at_date.drop(SIGNAL_COLUMNS), report_frame(data, as_at, role).drop(SIGNAL_COLUMNS)
            )
            signalled = at_date.get_column("variation").is_not_null().any()
            assert signalled == (not role.is_public)


def test_the_stored_public_rows_withhold_at_least_what_one_date_alone_would(loaded):
    # The public frame is disclosure-controlled over every period at once (a cell of one date may be withheld
    # because of another date), so a reporting date read from it may withhold more than a computation of that
    # date alone; it never shows more, and what both show is the same figure.
    data = on_the_fly(loaded)
    record = current_result_set(loaded, BUILDER.version)
    stored = from_stored(read_results(loaded, "public", BUILDER.version))
    keys = ["indicator", "period_end", "breakdown", "group"]
    for as_at in (record["reporting_dates"][0], record["reporting_dates"][-1]):
        alone = report_frame(data, as_at, Role("public"))
        read = at_reporting_date(stored, as_at)
        assert_frame_equal(read.select(keys), alone.select(keys))
        for cell in ("numerator", "denominator", "value", "ci_low", "ci_high"):
            shown_only_here = read.filter(pl.col(cell).is_not_null() & alone[cell].is_null())
            assert shown_only_here.is_empty(), (as_at, cell)
            both = read[cell].is_not_null() & alone[cell].is_not_null()
            assert (read.filter(both)[cell] == alone.filter(both)[cell]).all(), (as_at, cell)


def test_a_failed_results_step_leaves_the_previous_load_and_results(loaded, tmp_path):
    before_load = latest_load(loaded)
    before = read_results(loaded, "leadership", BUILDER.version)
    before_data = read_care_data(loaded)
    with pytest.raises(RuntimeError, match="half way"):
        ingest_return(SAMPLE_RETURN_DIR, loaded, results=FailingBuilder())
    assert latest_load(loaded)["load_id"] == before_load["load_id"]
    assert_frame_equal(read_results(loaded, "leadership", BUILDER.version), before)
    after_data = read_care_data(loaded)
    for name, frame in before_data.items():
        assert_frame_equal(after_data[name], frame)


def test_a_new_load_replaces_the_results_of_the_previous_one(loaded):
    first = current_result_set(loaded, BUILDER.version)
    ingest_return(SAMPLE_RETURN_DIR, loaded, results=BUILDER)
    second = current_result_set(loaded, BUILDER.version)
    assert second["load_id"] == first["load_id"] + 1
    with loaded.connect() as connection:
        assert connection.execute(select(func.count()).select_from(result_sets)).scalar_one() == 1


def test_results_of_another_version_are_never_read_and_are_recomputed(engine):
    assert ingest_return(SAMPLE_RETURN_DIR, engine).loaded  # a load that stored no results
    assert read_results(engine, "leadership", BUILDER.version) is None
    with engine.begin() as connection:
        store_results(connection, latest_load(engine)["load_id"], StaleBuilder())
    assert read_results(engine, "leadership", BUILDER.version) is None
    assert current_result_set(engine, BUILDER.version) is None
    assert ensure_results(engine, BUILDER) is True
    assert ensure_results(engine, BUILDER) is False  # once per version
    stored = from_stored(read_results(engine, "leadership", BUILDER.version))
    assert "STALE" not in stored.get_column("title").to_list()
    assert_frame_equal(stored, trend_frame(on_the_fly(engine), Role("leadership")))
    # The older version's rows stay for a replica still running that code, read only under its name.
    stale = read_results(engine, "leadership", StaleBuilder.version)
    assert set(stale.get_column("title")) == {"STALE"}


def test_recompute_with_nothing_loaded_stores_nothing(engine):
    assert recompute(engine, BUILDER) is None
    assert ensure_results(engine, BUILDER) is False


def test_public_reads_only_the_disclosed_frame(loaded):
    entries = catalogue()
    public = from_stored(read_results(loaded, "public", BUILDER.version))
    staff = from_stored(read_results(loaded, "leadership", BUILDER.version))
    assert set(public.get_column("indicator")) == {key for key, entry in entries.items() if entry.public}
    assert public.height < staff.height
    assert not set(public.get_column("breakdown")) & {"ethnic_group", "location"}
    child_counts = public.filter(
        pl.col("indicator").is_in([key for key, entry in entries.items() if entry.counts_children])
        & (pl.col("unit") != "rate")
    )
    for name in ("numerator", "denominator"):
        assert child_counts.filter(pl.col(name).is_between(1, 4)).is_empty(), name
    # The staff frame of the same load does hold small counts: the public rows are not a view of it.
    assert not staff.filter(pl.col("numerator").is_between(1, 4)).is_empty()


def test_a_department_reads_its_own_indicators_and_the_headline_context(loaded):
    entries = catalogue()
    rows = from_stored(read_results(loaded, "department:health", BUILDER.version))
    for indicator, breakdown in rows.select("indicator", "breakdown").unique().iter_rows():
        entry = entries[indicator]
        assert entry.owner == "health" or (entry.polarity == "context" and breakdown == "all")


@pytest.mark.parametrize("role", ["mayor", "department:", "", "Public"])
def test_an_unknown_role_reads_nothing(loaded, role):
    with pytest.raises(PermissionError):
        read_results(loaded, role, BUILDER.version)
