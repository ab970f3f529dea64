"""The pages' one way to the data: stored results, read per (load, catalogue version, role), then cached.

- The engine is a process-wide resource. On the embedded SQLite default, `cpo serve` loads the committed
  sample return, its results stored with it, before the server starts (the pages never import `sample_data`).
- Every figure a page shows is read from the results stored with the latest load (`queries.results`): a few
  thousand rows, cut down to the role in the data layer (the public role reads only the disclosure-controlled
  frame). The server holds no child-level data for them, so it starts in seconds at any size and can run as
  several replicas against one PostgreSQL.
- Results of another catalogue version are never read. When the latest load has none of this version (the
  first start after the code changed), this process computes and stores them once, then reads them.
- Frames are cached with the role string in the key, so a frame read for one role can never be served to
  another (Streamlit 1.67: ``st.cache_data`` is shared by all sessions).
- A new load (``cpo ingest``, or another replica) gets a new ``load_id``, which is in every key below, so
  pages show it within ``LOAD_CHECK_SECONDS`` (``CPO_LOAD_CHECK_SECONDS`` in the environment, default 30).
- The Services page reads its frames stored whole with the results (`queries.results.read_whole_frames`).
- Only the analyst's child-level notes (`quality_notes`) read the child-level rows.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import polars as pl
import streamlit as st
from sqlalchemy import Engine

from metrics.catalogue import Indicator, catalogue
from metrics.data import CareData, care_data
from metrics.data_quality import data_quality_notes
from metrics.disclosure import DisclosureConfig
from metrics.inputs import not_available
from metrics.periods import is_quarter_end
from metrics.report import REPORT_SCHEMA, CatalogueResults, at_reporting_date, catalogue_version, from_stored
from metrics.roles import Role, visible_catalogue
from metrics.service_report import STORED_PREFIX, ServicesReport, stored_dates, stored_report
from metrics.services import require_services_role
from queries.engine import create_schema, database_url, make_engine
from queries.extract import latest_load, load_findings, loaded_files, read_care_data
from queries.results import ensure_results, read_results, read_whole_frames

LOAD_CHECK_SECONDS = float(os.environ.get("CPO_LOAD_CHECK_SECONDS", "") or 30)


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The process's engine (``DATABASE_URL``, else the embedded SQLite file, which `cpo serve` fills)."""
    connected = make_engine(database_url())
    create_schema(connected)
    return connected


@st.cache_data(ttl=LOAD_CHECK_SECONDS, show_spinner=False)
def current_load() -> dict[str, Any] | None:
    """The latest load's record (``load_id``, when, source, row counts, …), or None before any load."""
    return latest_load(engine())


def load_id() -> int | None:
    record = current_load()
    return None if record is None else int(record["load_id"])


@st.cache_resource(show_spinner="Reading the return…", max_entries=2)
def _care(load: int | None) -> CareData:
    """The child-level data set: for the analyst's data-quality notes only."""
    return care_data(**read_care_data(engine()))


@st.cache_data(show_spinner="Reading the results…", max_entries=32)
def _trends(role: str, load: int | None, version: str, profile: str) -> pl.DataFrame:
    stored = read_results(engine(), role, version, disclosure=profile)
    if stored is None and load is not None:
        # The first start of this catalogue version (or a load stored without results): compute them once.
        ensure_results(engine(), CatalogueResults())
        stored = read_results(engine(), role, version, disclosure=profile)
    return pl.DataFrame(schema=REPORT_SCHEMA) if stored is None else from_stored(stored)


@st.cache_data(show_spinner=False, max_entries=64)
def _report(as_at: date, role: str, load: int | None, version: str, profile: str) -> pl.DataFrame:
    return at_reporting_date(_trends(role, load, version, profile), as_at)


@st.cache_data(show_spinner=False, max_entries=16)
def _reporting_dates(role: str, load: int | None, version: str, profile: str) -> list[date]:
    days = _trends(role, load, version, profile).get_column("period_end").unique().to_list()
    return sorted((day for day in days if is_quarter_end(day)), reverse=True)


def disclosure() -> DisclosureConfig:
    """The public figures' profile: ``[cpo] disclosure`` in ``.streamlit/secrets.toml``, else exact."""
    try:
        configured = dict(st.secrets["cpo"]).get("disclosure") if "cpo" in st.secrets else None
    except FileNotFoundError:  # no secrets.toml anywhere
        configured = None
    return DisclosureConfig.named(configured)


def report(as_at: date, role: Role) -> pl.DataFrame:
    """Every row ``role`` may see at ``as_at`` (REPORT_COLUMNS), as `metrics.report.report_frame` gives it,
    read from the stored results: ``as_at`` is one of `reporting_dates` (another date has no rows). Public
    rows are those stored for the configured disclosure profile (`disclosure`)."""
    return _report(as_at, str(role), load_id(), catalogue_version(), disclosure().profile)


def trends(role: Role) -> pl.DataFrame:
    """Every row ``role`` may see for every period the data covers (`metrics.report.trend_frame`)."""
    return _trends(str(role), load_id(), catalogue_version(), disclosure().profile)


def reporting_dates(role: Role) -> list[date]:
    """The quarter ends the data covers, latest first (the reporting date menu)."""
    return _reporting_dates(str(role), load_id(), catalogue_version(), disclosure().profile)


def indicators(role: Role) -> dict[str, Indicator]:
    """The catalogue entries ``role`` may see, in catalogue order."""
    return visible_catalogue(role, catalogue())


@st.cache_data(show_spinner=False, max_entries=16)
def _unavailable(role: str, load: int | None) -> dict[str, str]:
    return not_available(loaded_files(engine()), indicators(Role.parse(role)))


def unavailable(role: Role) -> dict[str, str]:
    """The indicators ``role`` may see whose input file was never loaded, each with its reason
    (`metrics.inputs.not_available`): a file name, never a child."""
    return _unavailable(str(role), load_id())


def findings(role: Role) -> pl.DataFrame:
    """The latest load's findings, with child ids: `queries.extract.load_findings` refuses non-analysts."""
    return load_findings(engine(), str(role))


@st.cache_data(show_spinner=False, max_entries=4)
def _quality_notes(role: str, load: int | None) -> pl.DataFrame:
    return data_quality_notes(_care(load), Role.parse(role))


def quality_notes(role: Role) -> pl.DataFrame:
    """Child-level data-quality notes (`metrics.data_quality` refuses every role but the analyst's)."""
    return _quality_notes(str(role), load_id())


@st.cache_data(show_spinner="Reading the services…", max_entries=16)
def _service_frames(role: str, load: int | None, version: str) -> dict[str, pl.DataFrame]:
    """The Services page's frames stored with the results, those ``role`` may read (decided in the data
    layer, `queries.results.read_whole_frames`)."""
    stored = read_whole_frames(engine(), role, version, STORED_PREFIX)
    if stored is None and load is not None:
        ensure_results(engine(), CatalogueResults())  # the first start of this catalogue version
        stored = read_whole_frames(engine(), role, version, STORED_PREFIX)
    return stored or {}


def services(as_at: date, role: Role) -> ServicesReport | None:
    """The Services page's report at ``as_at``; PermissionError for the public and other departments."""
    require_services_role(role)
    return stored_report(_service_frames(str(role), load_id(), catalogue_version()), as_at)


def services_dates(role: Role) -> list[date]:
    """The quarter ends the services data covers, latest first; empty without services.csv;
    PermissionError for the public and other departments."""
    require_services_role(role)
    return stored_dates(_service_frames(str(role), load_id(), catalogue_version()))


def clear() -> None:
    """Forget every cached frame (tests; after a load in the same process)."""
    for cached in (
        current_load,
        _report,
        _trends,
        _reporting_dates,
        _quality_notes,
        _unavailable,
        _service_frames,
    ):
        cached.clear()
    _care.clear()
