"""Altair chart specifications shared by the dashboard's pages and `cpo publish` (no Streamlit here).

Colours are the Okabe-Ito palette, which stays distinct for the common kinds of colour blindness; every series
also differs by point shape or line dash, so no meaning rests on colour alone. Each chart has a one-sentence
text alternative from `describe_trend`, shown beside it as a caption (and the same rows as a table).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import polars as pl
from altair.theme import LineConfigKwds

from metrics import formatting
from metrics.periods import period_phrase

# Okabe & Ito (2008), "Color universal design": safe for deuteranopia, protanopia and tritanopia.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge", "stroke")
TARGET_COLOUR = "#000000"
COMPARATOR_COLOUR = "#D55E00"
HEADLINE_SERIES = "Jersey"
TARGET_SERIES = "Plan target"
TRAJECTORY_SERIES = "Plan trajectory"
TRAJECTORY_COLOUR = "#555555"
# Axis and legend text at 12.6:1 on white (WCAG AA asks 4.5:1); Vega's and Streamlit's greys are lighter.
TEXT_COLOUR = "#31333F"

UNIT_AXIS_TITLES = {
    "percent": "Percent",
    "rate": "Per 10,000 children",
    "count": "Number",
    "days": "Days",
    "score": "Average score",
    "average": "Average",
}


def _short_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _with_text(rows: pl.DataFrame, unit: str, decimals: int) -> pl.DataFrame:
    """Add the formatted strings the tooltip shows (the one formatter, never Vega's own)."""

    def text(row: dict[str, Any]) -> dict[str, Any]:
        suppressed = row.get("suppressed") or []
        interval = (
            f"{formatting.format_cell('ci_low', row.get('ci_low'), unit, decimals, suppressed)} to "
            f"{formatting.format_cell('ci_high', row.get('ci_high'), unit, decimals, suppressed)}"
            if formatting.applicable("ci_low", unit)
            else formatting.NOT_APPLICABLE
        )
        counts = formatting.format_cell("numerator", row.get("numerator"), unit, decimals, suppressed)
        if formatting.applicable("denominator", unit):
            counts += " of " + formatting.format_cell(
                "denominator", row.get("denominator"), unit, decimals, suppressed
            )
        return {
            "value_text": formatting.format_cell("value", row.get("value"), unit, decimals, suppressed),
            "interval_text": interval,
            "counts_text": counts,
            "date_text": _short_date(row["period_end"]),
        }

    texts = pl.DataFrame(
        [text(row) for row in rows.iter_rows(named=True)],
        schema={
            "value_text": pl.String,
            "interval_text": pl.String,
            "counts_text": pl.String,
            "date_text": pl.String,
        },
    )
    return pl.concat([rows, texts], how="horizontal")


def _scales(
    series: list[str], *, target: bool, comparators: list[str], trajectory: bool = False
) -> tuple[alt.Scale, alt.Scale]:
    """One colour and one shape per series, target, trajectory and comparator, so one legend names them."""
    lines = [*([TARGET_SERIES] if target else []), *([TRAJECTORY_SERIES] if trajectory else [])]
    domain = [*series, *lines, *comparators]
    colours = [OKABE_ITO[i % 5] for i in range(len(series))]
    shapes = [SHAPES[i % len(SHAPES)] for i in range(len(series))]
    if target:
        colours.append(TARGET_COLOUR)
        shapes.append("stroke")
    if trajectory:
        colours.append(TRAJECTORY_COLOUR)
        shapes.append("stroke")
    colours += [COMPARATOR_COLOUR] * len(comparators)
    shapes += ["diamond"] * len(comparators)
    return alt.Scale(domain=domain, range=colours), alt.Scale(domain=domain, range=shapes)


def drawn_comparators(comparator_rows: list[dict[str, Any]] | None, unit: str) -> list[dict[str, Any]]:
    """The comparators a chart draws: those with a value, and never for counts (England's number of children
    in care is not on Jersey's scale; the text alternative still names it)."""
    if unit == "count":
        return []
    return [c for c in (comparator_rows or []) if c.get("value") is not None]


def comparator_label(comparator: dict[str, Any]) -> str:
    """``England 2024``: a comparator always carries its area and year (never a league table)."""
    return f"{comparator['area']} {comparator['year']}"


def trend_chart(
    rows: pl.DataFrame,
    *,
    show_interval: bool,
    target_rows: pl.DataFrame | None = None,
    comparator_rows: list[dict[str, Any]] | None = None,
    unit: str = "percent",
    decimals: int = 1,
    series: str = "group",
    height: int = 260,
    period_title: str = "12 months to",
    title: str | None = None,
) -> alt.LayerChart:
    """A trend of ``value`` over ``period_end``, one line per ``series`` value (the breakdown's groups).

    ``rows``: report rows (period_end, group, numerator, denominator, value, ci_low, ci_high, suppressed).
    ``show_interval`` draws the 95% Wilson interval as a band (leadership and department charts).
    ``target_rows``: period_end and target, drawn as a dashed step line (targets change by plan year), and
    optionally ``trajectory``, the plan's glide path, drawn as a dotted line.
    ``period_title``: the time axis's title, saying what each point covers (`metrics.periods`).
    ``title``: the chart's name (its indicator), which also names it for screen readers.
    ``comparator_rows``: ``{area, year, value, source}`` dicts, drawn as dotted rules named by area and year.
    """
    rows = rows.sort("period_end")
    if (
        series not in rows.columns
        or rows.get_column(series).n_unique() <= 1
        or rows.get_column(series).eq("all").all()
    ):
        rows = rows.with_columns(pl.lit(HEADLINE_SERIES).alias("series"))
    else:
        rows = rows.with_columns(pl.col(series).alias("series"))
    rows = _with_text(rows, unit, decimals)
    series_names = list(dict.fromkeys(rows.get_column("series").to_list()))
    comparators = drawn_comparators(comparator_rows, unit)
    comparator_names = list(dict.fromkeys(comparator_label(c) for c in comparators))
    has_target = (
        target_rows is not None
        and target_rows.height > 0
        and target_rows.get_column("target").is_not_null().any()
    )
    has_trajectory = (
        target_rows is not None
        and "trajectory" in target_rows.columns
        and target_rows.get_column("trajectory").is_not_null().any()
    )
    colour_scale, shape_scale = _scales(
        series_names, target=has_target, comparators=comparator_names, trajectory=has_trajectory
    )
    # Opaque symbols: the legend shows each series' colour and point shape, not the pale interval band.
    legend = alt.Legend(title=None, orient="bottom", direction="horizontal", labelLimit=260, symbolOpacity=1)

    x = alt.X(
        "period_end:T",
        title=period_title,
        axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=6),
        scale=alt.Scale(padding=12),
    )
    y_title = UNIT_AXIS_TITLES.get(unit, "Value")
    colour = alt.Color("series:N", scale=colour_scale, legend=legend)
    tooltip = [
        alt.Tooltip("series:N", title="Group"),
        alt.Tooltip("date_text:N", title=period_title),
        alt.Tooltip("value_text:N", title="Value"),
        alt.Tooltip("counts_text:N", title="Counts"),
    ]
    if formatting.applicable("ci_low", unit):
        tooltip.append(alt.Tooltip("interval_text:N", title="95% interval"))

    base = alt.Chart(rows)
    layers: list[alt.Chart] = []
    if show_interval and formatting.applicable("ci_low", unit):
        layers.append(
            base.mark_area(opacity=0.18 if len(series_names) == 1 else 0.1)
            .encode(x=x, y=alt.Y("ci_low:Q", title=y_title), y2="ci_high:Q", color=colour)
            .transform_filter("isValid(datum.ci_low) && isValid(datum.ci_high)")
        )
    layers.append(
        base.mark_line(point=False, strokeWidth=2)
        .encode(x=x, y=alt.Y("value:Q", title=y_title), color=colour, detail="series:N")
        .transform_filter("isValid(datum.value)")
    )
    layers.append(
        base.mark_point(filled=True, size=55)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=y_title),
            color=colour,
            shape=alt.Shape("series:N", scale=shape_scale, legend=legend),
            tooltip=tooltip,
        )
        .transform_filter("isValid(datum.value)")
    )
    plan_lines: dict[str, tuple[bool, str, LineConfigKwds]] = {
        "target": (
            has_target,
            TARGET_SERIES,
            {"interpolate": "step-after", "strokeDash": [6, 4], "strokeWidth": 1.5},
        ),
        "trajectory": (has_trajectory, TRAJECTORY_SERIES, {"strokeDash": [1, 3], "strokeWidth": 2}),
    }
    for column, (drawn, name, mark) in plan_lines.items():
        if not drawn:
            continue
        assert target_rows is not None  # a plan line is drawn only from target rows
        line = (
            target_rows.filter(pl.col(column).is_not_null())
            .sort("period_end")
            .with_columns(
                series=pl.lit(name),
                line_text=pl.col(column).map_elements(
                    lambda v: formatting.format_value(v, unit, decimals), return_dtype=pl.String
                ),
            )
        )
        layers.append(
            alt.Chart(line)
            .mark_line(**mark)
            .encode(
                x=x,
                y=alt.Y(f"{column}:Q", title=y_title),
                color=colour,
                tooltip=[alt.Tooltip("line_text:N", title=name)],
            )
        )
    if comparators:
        comparator_frame = pl.DataFrame(
            [
                {
                    "series": comparator_label(c),
                    "value": float(c["value"]),
                    "value_text": formatting.format_value(float(c["value"]), unit, decimals),
                    "source": str(c.get("source") or ""),
                }
                for c in comparators
            ]
        )
        layers.append(
            alt.Chart(comparator_frame)
            .mark_rule(strokeDash=[2, 3], strokeWidth=1.5)
            .encode(
                y=alt.Y("value:Q", title=y_title),
                color=colour,
                tooltip=[
                    alt.Tooltip("series:N", title="Comparator"),
                    alt.Tooltip("value_text:N", title="Value"),
                    alt.Tooltip("source:N", title="Source"),
                ],
            )
        )
    chart = alt.layer(*layers).properties(height=height)
    if title:
        chart = chart.properties(title=alt.Title(title, color=TEXT_COLOUR, anchor="start", fontSize=13))
    # Altair's signature decorator hides the configure methods' own return type (the same chart).
    configured: alt.LayerChart = (
        chart.configure_axis(
            labelFontSize=12, titleFontSize=12, labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR
        )
        .configure_legend(labelColor=TEXT_COLOUR, titleColor=TEXT_COLOUR, labelFontSize=12)
        .configure_view(stroke=None)
    )
    return configured


def describe_trend(
    rows: pl.DataFrame,
    *,
    title: str,
    unit: str,
    decimals: int = 1,
    target: float | None = None,
    comparators: list[dict[str, Any]] | None = None,
    period: str = "twelve_months",
    trajectory: float | None = None,
) -> str:
    """A one-sentence text alternative for `trend_chart`: first and latest values (each with the period it
    covers, `metrics.periods.period_phrase`), target, trajectory and comparators."""
    if rows.is_empty():
        return f"{title}: no figures for this selection."
    rows = rows.sort("period_end")
    groups = rows.get_column("group").unique(maintain_order=True).to_list() if "group" in rows.columns else []
    if len(groups) > 1:
        latest_day = rows.get_column("period_end").item(-1)  # sorted: the latest
        latest = rows.filter(pl.col("period_end") == latest_day)
        parts = [
            f"{row['group']} "
            + formatting.format_cell("value", row["value"], unit, decimals, row.get("suppressed") or [])
            for row in latest.iter_rows(named=True)
        ]
        sentence = f"{title} by group, {period_phrase(period, latest_day)}: " + "; ".join(parts) + "."
    else:
        first, last = rows.row(0, named=True), rows.row(-1, named=True)

        def shown(row: dict[str, Any]) -> str:
            return formatting.format_cell("value", row["value"], unit, decimals, row.get("suppressed") or [])

        sentence = (
            f"{title}: {shown(last)} {period_phrase(period, last['period_end'])}"
            + (
                f", from {shown(first)} {period_phrase(period, first['period_end'])}"
                if rows.height > 1
                else ""
            )
            + "."
        )
    if target is not None:
        sentence += f" Plan target {formatting.format_value(target, unit, decimals)}."
    if trajectory is not None:
        sentence += f" Plan trajectory at this date {formatting.format_value(trajectory, unit, decimals)}."
    for comparator in comparators or []:
        if comparator.get("value") is not None:
            value = formatting.format_value(float(comparator["value"]), unit, decimals)
            sentence += f" {comparator_label(comparator)}: {value}."
    return sentence


def sparkline(rows: pl.DataFrame, *, description: str, height: int = 48) -> alt.Chart:
    """A small trend of ``value`` over ``period_end`` without axes, for a headline card.

    Its marks are hidden from screen readers (``aria=False``) and the chart is named by ``description``,
    the text alternative the card also prints: a reader hears one sentence, not thirty unlabelled points.
    """
    points = rows.filter(pl.col("value").is_not_null()).sort("period_end").select("period_end", "value")
    # Altair's signature decorator hides the configure methods' own return type (the same chart).
    configured: alt.Chart = (
        alt.Chart(points, description=description)
        .mark_line(color=OKABE_ITO[0], strokeWidth=2, aria=False)
        .encode(
            x=alt.X("period_end:T", axis=None),
            y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)),
        )
        .properties(height=height)
        .configure_view(stroke=None)
    )
    return configured
