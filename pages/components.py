"""The pieces pages are made of: headline tiles, status counts, indicator tables, downloads, the chart block.

Every number goes through `metrics.formatting` (the one formatter); every status is a word with a symbol; a
percentage always sits beside its numerator and denominator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode

import polars as pl
import streamlit as st

from metrics import charts, formatting, plain_english
from metrics.attention import certainty_text, gap_text, signal_texts
from metrics.catalogue import BREAKDOWN_LABELS, Indicator
from metrics.csv_safety import safe_csv, safe_excel
from metrics.disclosure import MEAN_UNITS
from metrics.downloads import download_frame
from metrics.periods import PERIOD_AXIS_TITLES, minus_years, period_heading
from metrics.plain_english import long_date
from pages import auditing, session

Row = Mapping[str, Any]

# Better and worse in the colour-blind-safe pair of Streamlit's palette; the delta's words say it too.
DIRECTION_COLOURS = {
    plain_english.Direction.BETTER: "blue",
    plain_english.Direction.WORSE: "orange",
}
UNIT_CHANGE_WORDS = {"percent": " points"}
# The change on a year before, by the one test of `metrics.plain_english.direction_of_change`: a change
# inside what one or two children or the 95% intervals explain is "not a clear change", never "the same".
CHANGE_WORDS = {plain_english.Direction.ABOUT_THE_SAME: "not a clear change"}
TREND_YEARS = 5
# What each point of a sparkline covers.
SPARKLINE_PERIODS = {
    "point_in_time": "at each quarter end",
    "twelve_months": "12 months to each quarter end",
    "year": "each year to 31 March",
    "month": "the month of each quarter end",
}
POLARITY_WORDS = {"higher": "higher", "lower": "lower", "context": "neither higher nor lower"}


def headline(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.filter((pl.col("breakdown") == "all") & (pl.col("group") == "all"))


def cell(row: Row, name: str, entry: Indicator) -> str:
    """One cell of a row as people read it, or its GSS symbol."""
    return formatting.format_cell(
        name, row.get(name), entry.unit, entry.decimals, row.get("suppressed") or []
    )


def counts_text(row: Row, entry: Indicator) -> str:
    """``8 of 64 children``: the counts behind a value with what they count (`Indicator.counted`), so a
    percentage is never shown without them; ``615 of 8,625 sessions``, ``12.1 of 69.2 FTE``.

    A mean (days, score, average) rests on its denominator, the number of children or incidents averaged:
    ``based on 12``; its numerator (a sum of days or scores) means nothing on its own.
    """
    numerator = cell(row, "numerator", entry)
    if not formatting.applicable("denominator", entry.unit):
        return f"{numerator} {entry.counted}"
    if entry.unit in MEAN_UNITS:
        return f"based on {cell(row, 'denominator', entry)} {entry.counted}"
    if entry.unit == "rate":
        return f"{numerator} {entry.counted} of {cell(row, 'denominator', entry)} children under 18"
    return f"{numerator} of {cell(row, 'denominator', entry)} {entry.counted}"


def interval_text(row: Row, entry: Indicator) -> str:
    """``5.0% to 19.5%``, or the GSS symbol when the interval is withheld, missing or not applicable."""
    ends = []
    for name in ("ci_low", "ci_high"):
        symbol = formatting.symbol_for(name, row.get(name), entry.unit, row.get("suppressed") or [])
        ends.append(symbol or formatting.format_value(row[name], entry.unit, entry.decimals))
    return ends[0] if ends[0] == ends[1] and len(ends[0]) == 1 else f"{ends[0]} to {ends[1]}"


def target_text(row: Row, entry: Indicator) -> str:
    target = row.get("target")
    if target is None:
        return formatting.NOT_APPLICABLE
    return formatting.format_value(target, entry.unit, entry.decimals)


def status_line(row: Row, entry: Indicator) -> str:
    """``✖ Off track · target 10.0%``: the status word and symbol, with the target when there is one."""
    text = f"**{formatting.status_label(row.get('status'))}**"
    return text + (f" · target {target_text(row, entry)}" if row.get("target") is not None else "")


def plan_details(row: Row, entry: Indicator) -> str | None:
    """``Trajectory 11.2%, behind it · How sure: too close to call ... · ▼ Special cause ... · ? Hit and
    miss ...``: the glide path, the status's certainty and the early-warning signals, in words."""
    parts = []
    trajectory = trajectory_text(row, entry).removeprefix(" · ")
    if trajectory:
        parts.append(trajectory[0].upper() + trajectory[1:])
    sure = certainty_text(row, entry)
    if sure:
        parts.append(f"How sure: {sure}")
    if row.get("variation") is not None:
        parts.extend(signal_texts(row))
    return " · ".join(parts) or None


def trajectory_text(row: Row, entry: Indicator) -> str:
    """`` · trajectory 88.1%, behind it``: the glide path at the row's date, or nothing without one."""
    if row.get("trajectory") is None:
        return ""
    where = {True: ", on or ahead of it", False: ", behind it"}.get(row.get("on_trajectory"), "")
    return f" · trajectory {formatting.format_value(row['trajectory'], entry.unit, entry.decimals)}{where}"


def trend_window(trend: pl.DataFrame, period_end: date) -> pl.DataFrame:
    """The trend up to ``period_end`` over the last `TREND_YEARS` years: enough to see a direction."""
    return trend.filter(
        (pl.col("period_end") <= period_end) & (pl.col("period_end") > minus_years(period_end, TREND_YEARS))
    )


def same_point_last_year(trend: pl.DataFrame, row: Row) -> Row | None:
    """The same indicator, breakdown and group a year before ``row`` (the comparison the plan uses)."""
    previous = trend.filter(
        (pl.col("indicator") == row["indicator"])
        & (pl.col("breakdown") == row["breakdown"])
        & (pl.col("group") == row["group"])
        & (pl.col("period_end") == minus_years(row["period_end"], 1))
    )
    return previous.row(0, named=True) if previous.height else None


def change_delta(row: Row, previous: Row | None, entry: Indicator) -> tuple[str | None, str, str, str | None]:
    """The delta text, its colour and arrow for a tile, against the same point last year, and the words for
    the change (``worse``; ``not a clear change``) that the card says in full below it: the chip stays short
    enough never to be cut off on a narrow card.

    A change that one or two children could explain is "not a clear change", drawn grey without an arrow
    (the README: the page "never implies a change that one child explains").
    """
    if previous is None or row.get("value") is None or previous.get("value") is None:
        return None, "off", "off", None
    if "value" in (row.get("suppressed") or []) or "value" in (previous.get("suppressed") or []):
        return None, "off", "off", None
    direction = plain_english.direction_of_change(row, previous, entry)
    difference = float(row["value"]) - float(previous["value"])
    amount = formatting.format_value(abs(difference), entry.unit, entry.decimals, suffix=False)
    sign = "+" if difference > 0 else ("−" if difference < 0 else "±")
    words = CHANGE_WORDS.get(direction, direction.value)
    text = f"{sign}{amount}{UNIT_CHANGE_WORDS.get(entry.unit, '')} on a year before"
    # The arrow follows the sign of the change (Streamlit would read the typographic minus as positive).
    arrow = "up" if difference > 0 else ("down" if difference < 0 else "off")
    if direction is plain_english.Direction.ABOUT_THE_SAME:
        return text, "gray", "off", words
    return text, DIRECTION_COLOURS.get(direction, "gray"), arrow, words


def sparkline_text(history: pl.DataFrame, entry: Indicator) -> str:
    """The sparkline's period and a text alternative: ``Trend, 12 months to each quarter end, Dec 2021 to
    Sep 2026: from 58.0% to 62.0%.``"""
    shown = history.filter(pl.col("value").is_not_null()).sort("period_end")
    if shown.height < 2:
        return "Too few points for a trend."
    first, last = shown.row(0, named=True), shown.row(-1, named=True)
    span = f"{first['period_end']:%b %Y} to {last['period_end']:%b %Y}"
    return (
        f"Trend, {SPARKLINE_PERIODS[entry.period]}, {span}: "
        f"from {cell(first, 'value', entry)} to {cell(last, 'value', entry)}."
    )


def indicator_tile(entry: Indicator, row: Row, trend: pl.DataFrame, *, concern: str | None = None) -> None:
    """A headline card: why it needs attention (if it does), value with counts, unit and period, status with
    how sure it is, target and trajectory, the early-warning signals, the change on a year before and a
    sparkline with its period and a text alternative."""
    previous = same_point_last_year(trend, row)
    history = (
        trend_window(trend, row["period_end"])
        .filter((pl.col("indicator") == entry.id) & (pl.col("breakdown") == "all"))
        .sort("period_end")
    )
    values = history.get_column("value").drop_nulls().to_list()
    delta, colour, arrow, change_words = change_delta(row, previous, entry)
    with st.container(border=True):
        if concern:
            st.markdown(f":material/warning: **{concern}**")
        # The title as its own line so a long one wraps instead of being cut short; the metric keeps it as
        # its (hidden) label for screen readers.
        st.markdown(f"**{entry.title}**")
        st.metric(
            entry.title,
            cell(row, "value", entry),
            label_visibility="collapsed",
            delta=delta,
            delta_color=colour,
            delta_arrow=arrow,
        )
        trend_text = sparkline_text(history, entry)
        if len(values) > 1:
            # Named by its description (the same text alternative): Streamlit reads it as the accessible name.
            st.vega_lite_chart(_sparkline_spec(history, trend_text), width="stretch")
        details = [
            f"{counts_text(row, entry)} · {period_heading(entry.period, row['period_end'], capital=False)}",
            status_line(row, entry) + trajectory_text(row, entry),
        ]
        if change_words:
            details.append(f"Change on a year before: {change_words}")
        sure = certainty_text(row, entry)
        if sure:
            interval = (
                f" ({interval_text(row, entry)})" if formatting.applicable("ci_low", entry.unit) else ""
            )
            details.append(f"How sure: {sure}{interval}")
        found_gap = gap_text(row, entry)
        if found_gap and row.get("status") == "off_track":
            details.append(found_gap.capitalize())
        if row.get("variation") is not None:
            details.extend(signal_texts(row))
        st.markdown("  \n".join(details))
        st.caption(trend_text)


def status_counts(rows: pl.DataFrame) -> None:
    """How many indicators are met, near and off track (headline rows), as words with symbols."""
    statuses = headline(rows).get_column("status").fill_null("no_data").to_list()
    with st.grid(columns="auto", min_column_width=110, gap="small"):
        for status in formatting.STATUSES:
            st.metric(formatting.status_label(status), f"{statuses.count(status):,}", border=True)


def indicator_table(rows: pl.DataFrame, entry: Indicator) -> pl.DataFrame:
    """The table shown under a chart (and downloaded): one row per group, counts beside every value.

    Narrow enough for a tablet: the indicator, date, target and status are in the lines above it and in the
    download's file name, so the table holds only what differs from row to row.
    """
    show_interval = formatting.applicable("ci_low", entry.unit)
    records = []
    for row in rows.iter_rows(named=True):
        record = {
            "Group": "All" if row["group"] == "all" else row["group"],
            "Numerator": cell(row, "numerator", entry),
            "Denominator": cell(row, "denominator", entry),
            "Value": cell(row, "value", entry),
        }
        if show_interval:
            record["95% interval"] = interval_text(row, entry)
        records.append(record)
    return pl.DataFrame(records, schema=dict.fromkeys(records[0], pl.String) if records else None)


def table_csv(table: pl.DataFrame) -> bytes:
    """The table as CSV, no cell a spreadsheet would run as a formula (`metrics.csv_safety`)."""
    return safe_csv(table).encode("utf-8")


def table_xlsx(table: pl.DataFrame, sheet: str = "Indicator") -> bytes:
    """The table as Excel: every text cell a text cell, never a formula or a link (`metrics.csv_safety`)."""
    return safe_excel({sheet: table})


def downloads(table: pl.DataFrame, file_stem: str, *, key: str, children: Iterable[str] = ()) -> None:
    """CSV and Excel of exactly the table shown; the files are only built when a button is clicked, and each
    download is put on the audit trail then (``children``: the pseudonymised ids the table holds)."""
    viewer, children = session.current_viewer(), tuple(children)
    left, right = st.columns(2, width=360)
    left.download_button(
        "Download CSV",
        data=auditing.noted_download(viewer, f"{file_stem}.csv", lambda: table_csv(table), children),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}-csv",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "Download Excel",
        data=auditing.noted_download(viewer, f"{file_stem}.xlsx", lambda: table_xlsx(table), children),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx",
        on_click="ignore",
        icon=":material/download:",
    )


@st.cache_data(show_spinner=False, max_entries=4096)
def _sparkline_spec(rows: pl.DataFrame, description: str) -> dict:
    """Cached like `_trend_spec`, keyed by the rows themselves."""
    return charts.sparkline(rows, description=description).to_dict()


@st.cache_data(show_spinner=False, max_entries=4096)
def _trend_spec(
    rows: pl.DataFrame,
    target_rows: pl.DataFrame | None,
    comparator_rows: list[dict] | None,
    *,
    show_interval: bool,
    unit: str,
    decimals: int,
    period_title: str,
    title: str | None,
) -> dict:
    return charts.trend_chart(
        rows,
        show_interval=show_interval,
        target_rows=target_rows,
        comparator_rows=comparator_rows,
        unit=unit,
        decimals=decimals,
        period_title=period_title,
        title=title,
    ).to_dict()


def trend_chart(
    rows: pl.DataFrame,
    *,
    alt: str,
    show_interval: bool,
    target_rows: pl.DataFrame | None = None,
    comparator_rows: list[dict] | None = None,
    unit: str = "percent",
    decimals: int = 1,
    period_title: str = PERIOD_AXIS_TITLES["twelve_months"],
    title: str | None = None,
) -> None:
    """Draw `charts.trend_chart` with its text alternative ``alt``.

    Building and validating an Altair chart takes about 0.15 s, which a page of a dozen charts cannot afford
    on every run, so the finished Vega-Lite spec is cached. The cache is keyed by the rows themselves (and
    the spec holds nothing but them), so a spec can only ever be served for exactly the rows it was drawn
    from: no role can receive another role's figures through it.
    """
    spec = _trend_spec(
        rows,
        target_rows,
        comparator_rows,
        show_interval=show_interval,
        unit=unit,
        decimals=decimals,
        period_title=period_title,
        title=title,
    )
    st.vega_lite_chart(spec, width="stretch", alt=alt)


def definition_popover(entry: Indicator) -> None:
    """The definition behind a button named after its indicator (a screen reader lists 48 buttons by name)."""
    with st.popover(f"Definition of {entry.title.lower()}", icon=":material/info:"):
        st.markdown(f"**{entry.title}**\n\n{entry.definition}\n\nSource: {entry.source}")
        st.caption(
            f"Unit: {entry.unit} · {POLARITY_WORDS[entry.polarity]}"
            f" is better · {entry.frequency} · owner: {entry.owner.label}"
        )


def url_choice(
    label: str,
    options: list[str],
    *,
    param: str,
    format_func: Callable[[str], str] = str,
    default: str | None = None,
    help: str | None = None,
    width: int | str = "stretch",
) -> str:
    """A select box whose choice lives in the URL (``?param=value``), so a view can be shared as a link.

    Only ``options`` can ever be chosen: a value in the URL that is not one of them is ignored. The caller
    builds ``options`` from the role, so a URL can narrow a view but never widen it.
    """
    wanted = st.query_params.get(param)
    fallback = default if default in options else options[0]
    index = options.index(wanted if wanted in options else fallback)
    choice = st.selectbox(
        label, options, index=index, format_func=format_func, key=f"url-{param}", help=help, width=width
    )
    if st.query_params.get(param) != choice:
        st.query_params[param] = choice
    return choice


def reporting_date_choice(dates: list[date], *, param: str = "period", width: int = 320) -> date:
    """The reporting date menu (latest quarter end first, and by default), kept in the URL."""
    chosen = url_choice(
        "Reporting date",
        [day.isoformat() for day in dates],
        param=param,
        format_func=lambda text: long_date(date.fromisoformat(text)),
        help="Children in care are counted at this date; most measures cover the 12 months to it; annual "
        "ones the year to the 31 March on or before it; workforce ones the month it ends.",
        width=width,
    )
    return date.fromisoformat(chosen)


def board_pack_download(trend: pl.DataFrame, as_at: date, entries: Mapping[str, Indicator]) -> None:
    """The board pack at ``as_at`` (`metrics.board_pack`, as ``cpo board-pack`` writes it), built only when
    the button is clicked."""

    def pdf() -> bytes:
        # Imported on the first click: the PDF, font and image libraries would add 36 MB to every server.
        from metrics.board_pack import board_pack_pdf

        return board_pack_pdf(trend, as_at, entries)

    st.download_button(
        "Download the board pack (PDF)",
        data=pdf,
        file_name=f"board_pack_{as_at:%Y-%m-%d}.pdf",
        mime="application/pdf",
        key="board-pack",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )


def share_link() -> None:
    """The address of this exact view (page, reporting date, breakdown, department), in a box with a copy
    button, so a view can be sent as it is seen."""
    page = (st.context.url or "").split("?", 1)[0]
    query = urlencode(st.query_params.to_dict())
    with st.expander("Copy a link to this view", icon=":material/link:"):
        st.code(f"{page}?{query}" if query else page, language=None, wrap_lines=True)


def breakdown_choices(entry: Indicator, rows: pl.DataFrame) -> list[str]:
    """``all`` and the breakdowns this role has rows for (the data layer decides which it may see)."""
    present = set(rows.filter(pl.col("indicator") == entry.id).get_column("breakdown").unique().to_list())
    return ["all", *(name for name in entry.breakdowns if name in present)]


def breakdown_label(name: str) -> str:
    return "All (no breakdown)" if name == "all" else BREAKDOWN_LABELS.get(name, name)


def indicator_section(
    entry: Indicator,
    at_date: pl.DataFrame,
    trend: pl.DataFrame,
    *,
    breakdown: str | None,
    key: str,
    show_interval: bool = True,
    not_available: str | None = None,
) -> None:
    """One indicator: status line, trend chart (target and comparators drawn in), text alternative, table.

    ``breakdown`` None puts a breakdown selector on the indicator itself (theme pages); a page with one
    breakdown for every indicator (partners) passes its choice, and an indicator without it shows ``all``.
    ``not_available``: the reason the indicator has no figure (its input file was never loaded), shown in
    place of the figures.
    """
    rows_now = at_date.filter(pl.col("indicator") == entry.id)
    headline_now = headline(rows_now)
    st.subheader(entry.title, anchor=entry.id)
    if not_available:
        st.info(f"{entry.title}: {not_available} (x).")
        definition_popover(entry)
        return
    if headline_now.is_empty():
        st.info(f"No figures for {entry.title} at this reporting date.")
        return
    top = headline_now.row(0, named=True)
    counts = f" ({counts_text(top, entry)})" if entry.unit != "count" else ""
    st.markdown(
        f"**{cell(top, 'value', entry)}**{counts} · {status_line(top, entry)} · "
        f"{period_heading(entry.period, top['period_end'])}"
    )
    plan_line = plan_details(top, entry)
    if plan_line:
        st.markdown(plan_line)
    choices = breakdown_choices(entry, rows_now)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        if breakdown is None:
            # A breakdown in the link (``?breakdown=sex``, carried from another page) is where each starts.
            wanted = st.query_params.get("breakdown")
            breakdown = st.selectbox(
                f"Breakdown of {entry.title.lower()}",
                choices,
                index=choices.index(wanted) if wanted in choices else 0,
                format_func=breakdown_label,
                key=f"{key}-breakdown",
                width=320,
            )
        definition_popover(entry)
    if breakdown not in choices:
        st.caption(f"{entry.title} has no breakdown by {breakdown_label(breakdown).lower()}: showing all.")
        breakdown = "all"

    window = trend_window(trend.filter(pl.col("indicator") == entry.id), top["period_end"])
    history = window.filter(pl.col("breakdown") == breakdown)
    targets = headline(window).select("period_end", "target", "trajectory")
    comparators = list(top.get("comparators") or [])
    if history.is_empty():
        st.info("No trend for this breakdown.")
    else:
        summary = charts.describe_trend(
            history,
            title=entry.title,
            unit=entry.unit,
            decimals=entry.decimals,
            target=top.get("target"),
            comparators=comparators,
            period=entry.period,
            trajectory=top.get("trajectory"),
        )
        trend_chart(
            history,
            alt=summary,
            show_interval=show_interval,
            target_rows=targets,
            comparator_rows=comparators,
            unit=entry.unit,
            decimals=entry.decimals,
            period_title=PERIOD_AXIS_TITLES[entry.period],
            title=entry.title,
        )
        interval_note = (
            " The shaded band is the 95% interval: with so few children, the true rate could lie anywhere "
            "in it."
            if show_interval and formatting.applicable("ci_low", entry.unit)
            else ""
        )
        st.caption(summary + interval_note)
    shown = rows_now.filter(pl.col("breakdown").is_in(["all", breakdown]))
    table = indicator_table(shown, entry)
    by = "" if breakdown == "all" else f" by {breakdown_label(breakdown).lower()}"
    st.markdown(f"**{entry.title}{by}, {period_heading(entry.period, top['period_end'], capital=False)}**")
    # A static table: a handful of rows, read by screen readers as a real table.
    st.table(table, hide_index=True, border="horizontal")
    # The download stands alone: ids, period, units, target, status, signals and source, numbers as numbers.
    downloads(
        download_frame(shown, {entry.id: entry}),
        f"{entry.id}_{breakdown}_{top['period_end']:%Y-%m-%d}",
        key=key,
    )


def symbols_note() -> None:
    """The key to the GSS symbols a table can show."""
    st.caption(" · ".join(f"**{symbol}** {meaning}" for symbol, meaning in formatting.GSS_SYMBOLS.items()))
