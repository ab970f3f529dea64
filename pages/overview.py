"""Overview (leadership and analysts): what needs attention first, then the plan by theme, at one date.

A paragraph a minister can read aloud (`metrics.attention.summary`); the met / near / off-track counts; the
indicators that need attention (off track and worsening, then off track, then a concerning signal, largest
gap in children first) as full cards; every other indicator folded by theme. A fold's cards are drawn only
when it is opened (a rerun): at England size the page switched in 0.69 s with every card drawn, 0.29 s so.
Each card: value with its counts and unit and the period it covers, target and trajectory, status with how
sure it is, the variation and assurance signals as symbols with words, and a sparkline with its period and
a text alternative.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.attention import CONCERN_WORDS, Concern, attention, gap_text, signal_texts, summary
from metrics.catalogue import Theme
from pages import components, data
from pages.session import Audience, require, run_page

TILE_MIN_WIDTH = 270
ATTENTION_CARDS = 6


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
    components.share_link()
    trend = data.trends(role)
    headlines = components.headline(rows)
    entries = data.indicators(role)
    st.markdown(summary(headlines, entries, as_at))
    components.status_counts(headlines)
    st.caption(
        "Each figure says the period it covers: children in care are counted at the date; most measures over "
        "the 12 months to it; annual ones for the year to 31 March; workforce ones for the month. With 60-80 "
        "children in care one child moves a percentage by more than a point, so each status says how sure it "
        "is, and the early-warning signals (NHS England's Making Data Count) say whether a change is more "
        "than the usual ups and downs."
    )

    components.board_pack_download(trend, as_at, entries)

    listed = attention(headlines, entries)
    st.header(f"Needs attention ({len(listed)})")
    if not listed:
        st.success("Nothing is off track or showing a concerning change.", icon=":material/check_circle:")
    # Every "worse and worsening" card, and the largest gaps up to `ATTENTION_CARDS`, in full; the others
    # as one line each, then in full inside a fold, so the page a minister reads first stays short.
    first = [
        item for n, item in enumerate(listed) if item[0] is Concern.WORSE_AND_WORSENING or n < ATTENTION_CARDS
    ]
    more = listed[len(first) :]
    attention_cards(first, entries, trend)
    if more:
        st.subheader(f"{len(more)} more that need attention")
        # A list rather than a table: on a phone a six-column table scrolls sideways out of reach.
        st.markdown("\n".join(f"- {line}" for line in attention_lines(more, entries)))
        fold = st.expander(f"The {len(more)} more, card by card", key="overview-more", on_change="rerun")
        if fold.open:
            with fold:
                attention_cards(more, entries, trend)

    needing = {row["indicator"] for _, row in listed}
    by_id = {row["indicator"]: row for row in headlines.iter_rows(named=True)}
    st.header("Everything else, by theme")
    for theme in Theme:
        rest = [e for e in entries.values() if e.theme == theme and e.id in by_id and e.id not in needing]
        if not rest:
            continue
        fold = st.expander(
            f"{theme.value} ({len(rest)})", key=f"overview-theme-{theme.name}", on_change="rerun"
        )
        if not fold.open:
            continue
        with fold, st.grid(columns="auto", min_column_width=TILE_MIN_WIDTH, gap="small"):
            for entry in rest:
                components.indicator_tile(
                    entry, by_id[entry.id], trend.filter(pl.col("indicator") == entry.id)
                )


def attention_cards(items: list, entries: dict, trend: pl.DataFrame) -> None:
    with st.grid(columns="auto", min_column_width=TILE_MIN_WIDTH, gap="small"):
        for reason, row in items:
            entry = entries[row["indicator"]]
            components.indicator_tile(
                entry, row, trend.filter(pl.col("indicator") == entry.id), concern=CONCERN_WORDS[reason]
            )


def attention_lines(items: list, entries: dict) -> list[str]:
    """One line per indicator: title, why, value with counts against the target, the gap and the signal."""
    lines = []
    for reason, row in items:
        entry = entries[row["indicator"]]
        value = f"{components.cell(row, 'value', entry)} ({components.counts_text(row, entry)})"
        parts = [f"**{entry.title}**: {CONCERN_WORDS[reason].lower()}", f"{value} against a target of "
                 f"{components.target_text(row, entry)}"]  # fmt: skip
        found_gap = gap_text(row, entry)
        if found_gap:
            parts.append(found_gap)
        parts.append(signal_texts(row)[0])
        lines.append(" · ".join(parts))
    return lines


if __name__ == "__main__":
    run_page(render)
