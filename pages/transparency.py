"""Transparency: the public page. No sign-in; only public indicators, after disclosure control.

Every figure here comes from `pages.data.report` / `pages.data.trends` with the public role, i.e. from
`metrics.report` after `metrics.disclosure` has run on the server: this page never asks for any other role's
rows, whatever role the session has, so nothing it draws can hold a withheld count or a child id. The
published site (`cpo publish`) shows the same cards, sentences, charts and legend.
"""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import streamlit as st

from metrics import charts, formatting
from metrics.catalogue import BREAKDOWN_LABELS
from metrics.disclosure import DisclosureConfig
from metrics.ees_files import DATA_FILE, METADATA_FILE, ees_data_csv, ees_metadata_csv
from metrics.open_data import PUBLIC, disclosure_rules, metadata_document
from metrics.plain_english import (
    DIRECTION_MEANINGS,
    ROUNDING_NOTE,
    STATUS_MEANINGS,
    Card,
    about_the_figures,
    cards,
    long_date,
)
from pages import auditing, components, data, session

THEME_KEY = "theme"


def render() -> None:
    st.title("How are Jersey's children in care doing?")
    for paragraph in about_the_figures(data.disclosure()):
        st.markdown(_plain(paragraph))
    dates = data.reporting_dates(PUBLIC)
    if not dates:
        st.info("There are no published figures yet.")
        return
    as_at = st.selectbox(
        "Figures for the 12 months to",
        dates,
        format_func=long_date,
        key="transparency_as_at",
        help="Yearly figures (education, health, care leavers) are for the year to the 31 March before.",
    )
    config = data.disclosure()
    report = data.report(as_at, PUBLIC)
    trend = data.trends(PUBLIC).filter(pl.col("period_end") <= as_at)
    public_cards = cards(report, trend, data.indicators(PUBLIC), rounded_to=config.published_rounding)

    themes = list(dict.fromkeys(card.entry.theme for card in public_cards))
    # Only the chosen theme is drawn: every tab's charts on every run cost the reader seconds. The tab is in
    # the address, so a link can open a theme.
    tabs = st.tabs([str(theme) for theme in themes], key=THEME_KEY, on_change="rerun", bind="query-params")
    for theme, tab in zip(themes, tabs, strict=True):
        if tab.open:
            with tab:
                for card in public_cards:
                    if card.entry.theme == theme:
                        indicator_card(card)

    legend(config)
    st.header("How we protect children's privacy")
    st.markdown("\n".join(f"- {_plain(rule)}" for rule in disclosure_rules(config)))
    downloads(trend, as_at, config)


def indicator_card(card: Card) -> None:
    """Value, its meaning and trend in words, then the chart with its caption and the table of its numbers."""
    entry, headline = card.entry, card.headline
    suppressed = headline.get("suppressed") or []
    with st.container(border=True):
        st.subheader(entry.title, anchor=entry.id)
        value = formatting.format_cell("value", headline.get("value"), entry.unit, entry.decimals, suppressed)
        badges = [f"**{card.explanation.direction.label}** on a year before"]
        if headline.get("status") in formatting.STATUSES_AGAINST_A_TARGET:
            target = formatting.format_value(headline.get("target"), entry.unit, entry.decimals)
            badges.insert(0, f"**{formatting.status_label(headline['status'])}** (target {_plain(target)})")
        st.metric(f"{period_heading(card)} {long_date(headline['period_end'])}", value)
        st.markdown(" · ".join(badges))
        st.markdown(_plain(card.explanation.meaning))
        st.markdown(_plain(card.explanation.trend))
        history_fold = st.expander(
            "Chart and table of the figures over time", key=fold_key("history", entry.id), on_change="rerun"
        )
        if history_fold.open:
            with history_fold:
                history_section(card)
        if card.groups:
            groups_fold = st.expander(
                "Table of the figures by group", key=fold_key("groups", entry.id), on_change="rerun"
            )
            if groups_fold.open:
                with groups_fold:
                    st.dataframe(groups_table(card), hide_index=True, width="stretch")


FOLDS = ("history", "groups")


def fold_key(fold: str, indicator: str) -> str:
    """The key of a card's fold (``history`` or ``groups``): its content is drawn only once it is opened,
    so the page sends a chart and its tables only to a reader who asks for them."""
    return f"transparency-{fold}-{indicator}"


def history_section(card: Card) -> None:
    """The chart of the figures over time, its words, and its table."""
    entry, headline = card.entry, card.headline
    history = pl.DataFrame(card.history).select(
        "period_end", "group", "numerator", "denominator", "value", "ci_low", "ci_high", "target",
        "suppressed",
    )  # fmt: skip
    comparators = list(headline.get("comparators") or [])
    summary = charts.describe_trend(
        history,
        title=entry.title,
        unit=entry.unit,
        decimals=entry.decimals,
        target=headline.get("target"),
        comparators=comparators,
    )
    if card.shown_points > 1:  # a line needs two shown values; withheld ones leave gaps
        components.trend_chart(
            history,
            alt=summary,
            show_interval=False,
            target_rows=history.select("period_end", "target"),
            comparator_rows=comparators,
            unit=entry.unit,
            decimals=entry.decimals,
        )
    st.caption(_plain(summary))
    st.dataframe(history_table(card), hide_index=True, width="stretch")


def history_table(card: Card) -> pl.DataFrame:
    """The chart's table alternative: every period, latest first, with the counts behind each value."""
    return _table(
        [
            {period_heading(card): long_date(row["period_end"]), **_cells(row, card)}
            for row in reversed(card.history)
        ]
    )


def period_heading(card: Card) -> str:
    """Annual figures cover the year to 31 March; quarterly ones are at, or over the 12 months to, a date."""
    return "Year to" if card.entry.frequency == "annual" else "Figures to"


def groups_table(card: Card) -> pl.DataFrame:
    """The breakdowns the public may see (no ethnicity, no placement location), at the headline's date."""
    return _table(
        [
            {"Breakdown": BREAKDOWN_LABELS.get(row["breakdown"], row["breakdown"]), "Group": row["group"]}
            | _cells(row, card)
            for row in card.groups
        ]
    )


def _cells(row: dict, card: Card) -> dict[str, str]:
    unit, decimals, suppressed = card.entry.unit, card.entry.decimals, row.get("suppressed") or []
    cells = {
        "Value": formatting.format_cell("value", row.get("value"), unit, decimals, suppressed),
        "Count": formatting.format_cell("numerator", row.get("numerator"), unit, decimals, suppressed),
    }
    if formatting.applicable("denominator", unit):
        cells["Out of"] = formatting.format_cell(
            "denominator", row.get("denominator"), unit, decimals, suppressed
        )
    return cells


def _table(records: list[dict[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(records, schema=dict.fromkeys(records[0], pl.String) if records else None)


def legend(config: DisclosureConfig) -> None:
    """The suppression legend (GSS symbols) and what the status and change words mean."""
    st.header("What the symbols mean")
    symbols = {**formatting.GSS_SYMBOLS, **({"Rounded": ROUNDING_NOTE} if config.rounds else {})}
    st.table(pl.DataFrame({"Symbol": list(symbols), "Meaning": list(symbols.values())}))
    st.subheader("Progress against the plan's targets")
    st.table(
        pl.DataFrame(
            {
                "Status": [formatting.status_label(status) for status in STATUS_MEANINGS],
                "Meaning": list(STATUS_MEANINGS.values()),
            }
        )
    )
    st.subheader("Compared with a year before")
    st.table(
        pl.DataFrame(
            {
                "Change": [direction.label for direction in DIRECTION_MEANINGS],
                "Meaning": list(DIRECTION_MEANINGS.values()),
            }
        )
    )


def downloads(trend: pl.DataFrame, as_at: date, config: DisclosureConfig) -> None:
    """The open data (the DfE's Explore Education Statistics layout: data CSV and its metadata CSV) and the
    JSON that explains it: built from the public rows only when a button is clicked."""
    st.header("Download the data")
    st.markdown(
        "Every figure on this page, for every period, laid out as the Department for Education's open-data "
        "standard asks, with a file naming each column and a file explaining the figures."
    )
    first, second, third = st.columns(3, width=690)
    viewer = session.current_viewer()  # each download is put on the audit trail when it is built
    json_name = f"children-in-care-metadata-{as_at:%Y-%m-%d}.json"
    first.download_button(
        "Open data (CSV)",
        data=auditing.noted_download(viewer, DATA_FILE, lambda: ees_data_csv(trend).encode("utf-8")),
        file_name=DATA_FILE,
        mime="text/csv",
        on_click="ignore",
        key="transparency_csv",
    )
    second.download_button(
        "Its columns (CSV)",
        data=auditing.noted_download(viewer, METADATA_FILE, lambda: ees_metadata_csv().encode("utf-8")),
        file_name=METADATA_FILE,
        mime="text/csv",
        on_click="ignore",
        key="transparency_csv_metadata",
    )
    third.download_button(
        "What the data means (JSON)",
        data=auditing.noted_download(
            viewer,
            json_name,
            lambda: json.dumps(metadata_document(as_at, config), indent=2, ensure_ascii=False).encode(
                "utf-8"
            ),
        ),
        file_name=json_name,
        mime="application/json",
        on_click="ignore",
        key="transparency_metadata",
    )


def _plain(text: str) -> str:
    """Text shown as written: Markdown characters in data ($, *, _) must not be read as formatting."""
    for character in "\\`*_[]<>#|$~":
        text = text.replace(character, "\\" + character)
    return text


if __name__ == "__main__":
    render()
