"""The pages' one way to the data: read once per process, computed once per (load, date, role), then cached.

- The engine is a process-wide resource; on the embedded SQLite default the committed sample return is loaded
  on first start (`queries.bootstrap.ensure_loaded`).
- The loaded return (`CareData`) is read once per load and shared by every session: it is the raw input, not
  a view of any role, and it never leaves the server.
- Every frame a page shows comes from `metrics.report`, which cuts it down to the role (and applies disclosure
  control for the public). Those frames are cached with the role string in the key, so a frame computed for
  one role can never be served to another (Streamlit 1.67: ``st.cache_data`` is shared by all sessions).
- A new load (``cpo ingest`` while the server runs) gets a new ``load_id``, which is in every key below, so
  pages show it within ``LOAD_CHECK_SECONDS``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import streamlit as st
from sqlalchemy import Engine

from metrics.catalogue import Indicator, catalogue
from metrics.data import CareData, care_data
from metrics.data_quality import data_quality_notes
from metrics.disclosure import DisclosureConfig
from metrics.periods import is_quarter_end
from metrics.report import report_frame, trend_frame
from metrics.roles import Role, visible_catalogue
from queries.bootstrap import ensure_loaded
from queries.engine import DEFAULT_SQLITE_PATH, database_url, make_engine
from queries.extract import latest_load, load_findings, read_care_data

LOAD_CHECK_SECONDS = 30


def _embedded_default(url: str) -> bool:
    return url == f"sqlite:///{DEFAULT_SQLITE_PATH}"


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    """The process's engine (``DATABASE_URL``, else the embedded SQLite file with the sample loaded)."""
    url = database_url()
    connected = make_engine(url)
    if _embedded_default(url):
        from sample_data.generator import SAMPLE_RETURN_DIR

        ensure_loaded(connected, SAMPLE_RETURN_DIR)
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
    return care_data(**read_care_data(engine()))


@st.cache_data(show_spinner="Computing indicators…", max_entries=64)
def _report(as_at: date, role: str, load: int | None, profile: str = "exact") -> pl.DataFrame:
    return report_frame(_care(load), as_at, Role.parse(role), config=DisclosureConfig.named(profile))


@st.cache_data(show_spinner="Computing trends…", max_entries=16)
def _trends(role: str, load: int | None, profile: str = "exact") -> pl.DataFrame:
    return trend_frame(_care(load), Role.parse(role), config=DisclosureConfig.named(profile))


@st.cache_data(show_spinner=False, max_entries=16)
def _reporting_dates(role: str, load: int | None) -> list[date]:
    days = _trends(role, load).get_column("period_end").unique().to_list()
    return sorted((day for day in days if is_quarter_end(day)), reverse=True)


def disclosure() -> DisclosureConfig:
    """The public figures' profile: ``[cpo] disclosure`` in ``.streamlit/secrets.toml``, else exact."""
    try:
        configured = dict(st.secrets["cpo"]).get("disclosure") if "cpo" in st.secrets else None
    except FileNotFoundError:  # no secrets.toml anywhere
        configured = None
    return DisclosureConfig.named(configured)


def report(as_at: date, role: Role) -> pl.DataFrame:
    """Every row ``role`` may see at ``as_at`` (REPORT_COLUMNS), as `metrics.report.report_frame` gives it."""
    return _report(as_at, str(role), load_id(), disclosure().profile)


def trends(role: Role) -> pl.DataFrame:
    """Every row ``role`` may see for every period the data covers (`metrics.report.trend_frame`)."""
    return _trends(str(role), load_id(), disclosure().profile)


def reporting_dates(role: Role) -> list[date]:
    """The quarter ends the data covers, latest first (the reporting date menu)."""
    return _reporting_dates(str(role), load_id())


def indicators(role: Role) -> dict[str, Indicator]:
    """The catalogue entries ``role`` may see, in catalogue order."""
    return visible_catalogue(role, catalogue())


def findings(role: Role) -> pl.DataFrame:
    """The latest load's findings, with child ids: `queries.extract.load_findings` refuses non-analysts."""
    return load_findings(engine(), str(role))


@st.cache_data(show_spinner=False, max_entries=4)
def _quality_notes(role: str, load: int | None) -> pl.DataFrame:
    return data_quality_notes(_care(load), Role.parse(role))


def quality_notes(role: Role) -> pl.DataFrame:
    """Child-level data-quality notes (`metrics.data_quality` refuses every role but the analyst's)."""
    return _quality_notes(str(role), load_id())


def clear() -> None:
    """Forget every cached frame (tests; after a load in the same process)."""
    for cached in (current_load, _report, _trends, _reporting_dates, _quality_notes):
        cached.clear()
    _care.clear()
