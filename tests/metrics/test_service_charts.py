"""The Services page's chart specifications and their text alternatives."""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.service_charts import kind_cost_chart, kind_cost_summary, service_points, service_trend_chart
from metrics.services import MEASURES

KINDS = pl.DataFrame(
    {
        "kind_label": ["Children's home", "Fostering service", "Residential school"],
        "cost_per_child_year": [358_171.4, 38_611.0, None],
    }
)


def test_cost_bars_have_a_step_per_kind_room_for_labels_and_pounds():
    spec = kind_cost_chart(KINDS).to_dict()
    bars, labels = spec["layer"]

    assert spec["height"] == {"step": 44}
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 1.2 * 358_171.4]
    data = next(iter(spec["datasets"].values()))
    # The kind without a cost is left out, not drawn at zero.
    assert [(row["kind_label"], row["shown"]) for row in data] == [
        ("Children's home", "£358,171"),
        ("Fostering service", "£38,611"),
    ]
    assert labels["encoding"]["text"]["field"] == "shown"


def test_the_cost_summary_names_each_kind_dearest_first():
    assert kind_cost_summary(KINDS) == (
        "Cost per child-year by kind: Children's home £358,171; Fostering service £38,611."
    )


def test_a_trend_leaves_missing_values_out_and_starts_at_zero():
    series = pl.DataFrame(
        {
            "period_end": [date(2025, 3, 31), date(2024, 12, 31), date(2025, 6, 30)],
            "unplanned_endings_pct": [50.0, None, 100.0],
        }
    )
    points = service_points(series, MEASURES["unplanned_endings_pct"])
    assert points.get_column("shown").to_list() == ["x", "50%", "100%"]  # oldest first

    spec = service_trend_chart(points, MEASURES["unplanned_endings_pct"]).to_dict()
    assert len(next(iter(spec["datasets"].values()))) == 2
    assert spec["encoding"]["y"]["scale"] == {"zero": True}
