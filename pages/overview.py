"""Overview (leadership and analysts): the plan at a glance at one reporting date.

Status counts, then a tile per indicator grouped by theme: value with its counts, target, status as a word and
a symbol, the change on the same point a year before, and a small trend.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.catalogue import Theme
from pages import components, data
from pages.session import Audience, require, run_page

TILE_MIN_WIDTH = 220


def render() -> None:
    viewer = require(Audience.PLAN)
    role = viewer.role
    st.title("The plan at a glance")
    dates = data.reporting_dates(role)
    if not dates:
        st.info("No return has been loaded yet: load one with `cpo ingest`.")
        return
    as_at = components.reporting_date_choice(dates)
    rows = data.report(as_at, role)
    trend = data.trends(role)
    headlines = components.headline(rows)
    st.caption(
        f"Quarterly indicators cover the 12 months to {components.long_date(as_at)}; annual ones the year to "
        "the 31 March on or before it. With 60-80 children in care, one child moves a percentage by more "
        "than "
        "a point: a change is called better or worse only when more than one or two children explain it."
    )
    st.header("Progress against the plan's targets")
    components.status_counts(headlines)
    entries = data.indicators(role)
    by_id = {row["indicator"]: row for row in headlines.iter_rows(named=True)}
    for theme in Theme:
        in_theme = [entry for entry in entries.values() if entry.theme == theme and entry.id in by_id]
        if not in_theme:
            continue
        st.header(theme.value)
        with st.grid(columns="auto", min_column_width=TILE_MIN_WIDTH, gap="small"):
            for entry in in_theme:
                components.indicator_tile(
                    entry, by_id[entry.id], trend.filter(pl.col("indicator") == entry.id)
                )


if __name__ == "__main__":
    run_page(render)
