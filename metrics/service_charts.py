"""Altair chart specifications of the Services page (no Streamlit here), in the colours of `metrics.charts`.

Each chart comes with a one-sentence text alternative that the page shows beside it as a caption.
"""

from __future__ import annotations

from typing import cast

import altair as alt
import polars as pl

from metrics.charts import OKABE_ITO
from metrics.services import MEASURES, ServiceMeasure, format_measure

HEIGHT = 260
BAR_HEIGHT = 44  # pixels per kind of service
LABEL_ROOM = 1.2  # the cost axis runs to this multiple of the dearest kind


def service_points(series: pl.DataFrame, measure: ServiceMeasure) -> pl.DataFrame:
    """period_end, value, shown (as people read it): one service's series of ``measure``, oldest first."""
    return (
        series.select("period_end", pl.col(measure.id).cast(pl.Float64).alias("value"))
        .with_columns(
            # skip_nulls=False: a missing value reads "x" in the chart's table, as everywhere else.
            shown=pl.col("value").map_elements(
                lambda value: format_measure(measure, value), return_dtype=pl.String, skip_nulls=False
            )
        )
        .sort("period_end")
    )


def service_trend_chart(points: pl.DataFrame, measure: ServiceMeasure) -> alt.Chart:
    """A line of ``measure`` over the quarter ends (12 months to each), from zero; missing values left out."""
    # Altair's signature decorators hide the methods' own return types (the same chart).
    chart: alt.Chart = (
        alt.Chart(points.drop_nulls("value"))
        .mark_line(color=OKABE_ITO[0], point=alt.OverlayMarkDef(filled=True, size=60, color=OKABE_ITO[0]))
        .encode(
            x=alt.X("period_end:T", title="12 months to", axis=alt.Axis(format="%b %Y")),
            y=alt.Y("value:Q", title=measure.title, scale=alt.Scale(zero=True)),
            tooltip=[
                alt.Tooltip("period_end:T", title="12 months to", format="%d %B %Y"),
                alt.Tooltip("shown:N", title=measure.title),
            ],
        )
        .properties(height=HEIGHT)
    )
    return chart


def kind_cost_chart(kinds: pl.DataFrame) -> alt.LayerChart:
    """Cost per child-year by kind of service (``kind_label``, ``cost_per_child_year``): bars, dearest first,
    each labelled in pounds."""
    measure = MEASURES["cost_per_child_year"]
    costs = (
        kinds.select("kind_label", "cost_per_child_year")
        .drop_nulls()
        .with_columns(
            shown=pl.col("cost_per_child_year").map_elements(
                lambda value: format_measure(measure, value), return_dtype=pl.String
            )
        )
    )
    bars = (
        alt.Chart(costs)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            y=alt.Y("kind_label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=240)),
            x=alt.X(
                "cost_per_child_year:Q",
                title="Cost per child-year (£)",
                axis=alt.Axis(format=",.0f", tickCount=6),
                # Room to the right of the longest bar for its label.
                scale=alt.Scale(
                    domain=[
                        0,
                        LABEL_ROOM * (cast(float | None, costs.get_column("cost_per_child_year").max()) or 1),
                    ]
                ),
            ),
            tooltip=[alt.Tooltip("kind_label:N", title="Kind"), alt.Tooltip("shown:N", title=measure.title)],
        )
    )
    labels = bars.mark_text(align="left", dx=4, color="#000000").encode(text="shown:N")
    # A step per kind, not a total height: Streamlit keeps a step, and the bars stay readable however many.
    layered: alt.LayerChart = (bars + labels).properties(height=alt.Step(BAR_HEIGHT))
    return layered


def kind_cost_summary(kinds: pl.DataFrame) -> str:
    """The text alternative of `kind_cost_chart`."""
    measure = MEASURES["cost_per_child_year"]
    costs = kinds.drop_nulls("cost_per_child_year").sort("cost_per_child_year", descending=True)
    return (
        "Cost per child-year by kind: "
        + "; ".join(
            f"{row['kind_label']} {format_measure(measure, row['cost_per_child_year'])}"
            for row in costs.iter_rows(named=True)
        )
        + "."
    )
