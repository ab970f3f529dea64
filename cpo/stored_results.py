"""What `cpo report` and `cpo publish` read: the results stored with the latest load, for one role.

The first run of a new catalogue version (the stored results were made by other code) computes and stores
them once (`queries.results.recompute`), exactly as ``cpo recompute`` would, then reads them.

A reporting date the results do not cover (they cover every quarter end of `metrics.engine.reporting_periods`)
is computed from the child-level data for that one date, as `metrics.report.report_frame` always has: the
figures are then the true figures for the 12 months ending on that date, never those of a nearby stored
date, and the command says on stderr that it did so (it takes as long as reading the whole data set).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy import Engine

from metrics.data import care_data
from metrics.disclosure import DisclosureConfig
from metrics.periods import latest_year_end
from metrics.report import CatalogueResults, at_reporting_date, from_stored, report_frame
from metrics.roles import Role
from queries.extract import latest_load, read_care_data
from queries.results import current_result_set, read_results, recompute


class NothingLoaded(LookupError):
    """The database holds no load."""


@dataclass(frozen=True)
class StoredResults:
    reporting_dates: list[date]
    version: str
    load_id: int


def stored_results(engine: Engine, command: str) -> StoredResults:
    """The latest load's result set of this code's catalogue version, computed first when missing."""
    if latest_load(engine) is None:
        raise NothingLoaded
    builder = CatalogueResults()
    record = current_result_set(engine, builder.version)
    if record is None:
        print(
            f"cpo {command}: the stored results are not this catalogue version's ({builder.version}): "
            "computing them once (as `cpo recompute` does)",
            file=sys.stderr,
            flush=True,
        )
        recompute(engine, builder, only_if_missing=True)
        record = current_result_set(engine, builder.version)
        if record is None:
            raise NothingLoaded
    return StoredResults(record["reporting_dates"], builder.version, record["load_id"])


def trend_for(
    engine: Engine, stored: StoredResults, role: Role, config: DisclosureConfig | None = None
) -> pl.DataFrame:
    """Every stored row ``role`` may see (`metrics.report.trend_frame` for that role; for the public, the
    frame stored for ``config``'s disclosure profile)."""
    profile = (config or DisclosureConfig()).profile
    return from_stored(_found(read_results(engine, str(role), stored.version, disclosure=profile)))


def report_for(
    engine: Engine,
    stored: StoredResults,
    role: Role,
    as_at: date,
    command: str,
    config: DisclosureConfig | None = None,
) -> pl.DataFrame:
    """The rows ``role`` may see at ``as_at`` (`metrics.report.report_frame`, public rows under ``config``):
    stored rows when ``as_at`` is a stored reporting date, else computed from the child-level data for that
    one date, saying so."""
    config = config or DisclosureConfig()
    if as_at in stored.reporting_dates:
        frame = read_results(
            engine, str(role), stored.version, period_ends=_period_ends(as_at), disclosure=config.profile
        )
        return at_reporting_date(from_stored(_found(frame)), as_at)
    days = stored.reporting_dates
    covered = f"{min(days)} to {max(days)}" if days else "none"
    print(
        f"cpo {command}: {as_at} is not a stored reporting date (quarter ends {covered}): computed from the "
        "child-level data for this one date",
        file=sys.stderr,
        flush=True,
    )
    return report_frame(care_data(loaded_files=None, **read_care_data(engine)), as_at, role, config=config)


def _found(frame: pl.DataFrame | None) -> pl.DataFrame:
    if frame is None:  # a newer load, stored by other code, replaced them after `stored_results`
        raise RuntimeError(
            "the latest load's stored results changed while reading them: run the command again"
        )
    return frame


def _period_ends(as_at: date) -> list[date]:
    return sorted({as_at, latest_year_end(as_at)})
