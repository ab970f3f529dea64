"""The shared chart builders and page pieces, without a running app."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from page_harness import read_xlsx

from metrics import charts
from metrics.catalogue import catalogue
from pages import components


def rows(values, *, group="all", suppressed=None):
    days = [date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30)]
    return pl.DataFrame(
        {
            "period_end": days[: len(values)],
            "group": [group] * len(values),
            "numerator": [None if v is None else v * 0.4 for v in values],
            "denominator": [40.0] * len(values),
            "value": values,
            "ci_low": [None if v is None else v - 5 for v in values],
            "ci_high": [None if v is None else v + 5 for v in values],
            "suppressed": [suppressed or [] for _ in values],
        },
        schema_overrides={
            "value": pl.Float64,
            "numerator": pl.Float64,
            "ci_low": pl.Float64,
            "ci_high": pl.Float64,
        },
    )


def marks(chart) -> list[str]:
    return [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]


def test_trend_chart_draws_interval_only_when_asked():
    with_band = charts.trend_chart(rows([10.0, 20.0, 30.0]), show_interval=True)
    without = charts.trend_chart(rows([10.0, 20.0, 30.0]), show_interval=False)

    assert "area" in marks(with_band)
    assert "area" not in marks(without)


def test_target_and_comparator_are_drawn_and_named_in_the_legend():
    targets = pl.DataFrame({"period_end": [date(2024, 3, 31)], "target": [15.0]})
    comparator = [{"area": "England", "year": 2024, "value": 68.0, "source": "DfE"}]
    spec = charts.trend_chart(
        rows([10.0, 20.0]), show_interval=True, target_rows=targets, comparator_rows=comparator
    ).to_dict()

    assert {"line", "rule"} <= set(
        marks(
            charts.trend_chart(
                rows([1.0]), show_interval=False, target_rows=targets, comparator_rows=comparator
            )
        )
    )
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["Jersey", charts.TARGET_SERIES, "England 2024"]


def test_a_count_never_draws_another_areas_count():
    comparator = [{"area": "England", "year": 2024, "value": 83630.0, "source": "DfE"}]
    chart = charts.trend_chart(
        rows([60.0, 61.0]), show_interval=False, comparator_rows=comparator, unit="count"
    )

    assert "rule" not in marks(chart)


def test_every_series_differs_by_shape_as_well_as_colour():
    frame = pl.concat([rows([10.0, 20.0], group="Female"), rows([30.0, 40.0], group="Male")])
    spec = charts.trend_chart(frame, show_interval=False).to_dict()
    points = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    shapes = points["encoding"]["shape"]["scale"]["range"]
    colours = points["encoding"]["color"]["scale"]["range"]

    assert len(set(shapes[:2])) == 2
    assert len(set(colours[:2])) == 2
    assert set(colours) <= {*charts.OKABE_ITO, charts.TARGET_COLOUR, charts.COMPARATOR_COLOUR}


def test_describe_trend_is_a_sentence_with_first_and_latest_values_and_the_target():
    text = charts.describe_trend(rows([10.0, 12.5]), title="Placements", unit="percent", target=9.0)

    assert text == (
        "Placements: 12.5% in the 12 months to 30 June 2024, from 10.0% in the 12 months to 31 March 2024. "
        "Plan target 9.0%."
    )


def test_describe_trend_shows_the_symbol_of_a_withheld_value():
    text = charts.describe_trend(rows([None], suppressed=["value"]), title="Placements", unit="percent")

    assert text == "Placements: c in the 12 months to 31 March 2024."


def test_indicator_table_puts_counts_beside_every_value_and_keeps_symbols():
    entry = catalogue()["placements_3plus_pct"]
    frame = rows([12.5]).with_columns(
        breakdown=pl.lit("all"), target=pl.lit(10.0), status=pl.lit("off_track")
    )
    withheld = rows([None], group="Female", suppressed=["numerator", "value"]).with_columns(
        breakdown=pl.lit("sex"), target=pl.lit(None, pl.Float64), status=pl.lit(None, pl.String)
    )
    table = components.indicator_table(pl.concat([frame, withheld], how="diagonal_relaxed"), entry)

    assert table.row(0, named=True) == {
        "Group": "All",
        "Numerator": "5",
        "Denominator": "40",
        "Value": "12.5%",
        "95% interval": "7.5% to 17.5%",
    }
    assert table.row(1, named=True)["Numerator"] == "c"
    assert table.row(1, named=True)["Value"] == "c"


@pytest.mark.parametrize("writer", [components.table_csv, components.table_xlsx])
def test_downloads_round_trip_the_table(writer):
    table = pl.DataFrame({"Group": ["All", "Female"], "Value": ["12.5%", "c"]})
    data = writer(table)
    read = pl.read_csv(io.BytesIO(data)) if writer is components.table_csv else read_xlsx(data)

    assert read.equals(table)


def test_change_on_a_year_before_has_words_an_arrow_that_follows_its_sign_and_no_arrow_when_small():
    entry = catalogue()["cla_count"]
    now = {"value": 60.0, "numerator": 60.0, "denominator": None, "ci_low": None, "ci_high": None}
    text, colour, arrow, words = components.change_delta(
        now, {**now, "value": 80.0, "numerator": 80.0}, entry
    )

    assert (text, words) == ("−20 on a year before", "down")
    assert (colour, arrow) == ("gray", "down")  # a context indicator: neither better nor worse

    text, colour, arrow, words = components.change_delta(
        now, {**now, "value": 61.0, "numerator": 61.0}, entry
    )
    assert (text, words) == ("−1 on a year before", "not a clear change")
    assert arrow == "off"
