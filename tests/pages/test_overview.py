"""Overview: status counts, a tile per indicator (value, status word and symbol), the reporting date."""

from __future__ import annotations

from datetime import date

import polars as pl
from page_harness import texts

from metrics import formatting
from metrics.attention import attention
from metrics.catalogue import Theme, catalogue
from metrics.report import at_reporting_date, trend_frame
from metrics.roles import Role
from pages.components import headline


def leadership_trend() -> pl.DataFrame:
    from pages import data

    return trend_frame(data._care(data.load_id()), Role.parse("leadership"))


FOLDS = [f"overview-theme-{theme.name}" for theme in Theme] + ["overview-more"]


def opened(app):
    """``app`` with every fold of the Overview open: a closed fold's tiles are drawn only once it opens."""
    for key in FOLDS:
        app.session_state[key] = True
    return app.run()


def test_overview_counts_statuses_and_shows_a_tile_per_indicator(open_dashboard):
    app = opened(open_dashboard("leadership"))
    trend = leadership_trend()
    latest = max(
        day for day in trend.get_column("period_end").unique().to_list() if day.month in (3, 6, 9, 12)
    )

    labels = [metric.label for metric in app.metric]
    status_tiles = {
        metric.label: metric.value
        for metric in app.metric
        if metric.label in formatting.STATUS_LABELS.values()
    }
    assert list(status_tiles) == [formatting.status_label(status) for status in formatting.STATUSES]
    tiles = [label for label in labels if label not in status_tiles]
    # What needs attention first (most urgent first), then the rest by theme in the plan's order of themes
    # and in catalogue order within a theme; every indicator once.
    at_date = at_reporting_date(trend, latest)
    listed = [catalogue()[row["indicator"]].title for _, row in attention(headline(at_date), catalogue())]
    assert listed
    assert tiles[: len(listed)] == listed
    rest = [title for title in tiles[len(listed) :]]
    assert rest == [
        entry.title
        for theme in Theme
        for entry in catalogue().values()
        if entry.theme == theme and entry.title not in listed
    ]
    assert sum(int(value) for value in status_tiles.values()) == len(tiles)
    assert any(text.startswith(f"At {latest.day} {latest:%B %Y}, of the ") for text in texts(app))
    assert app.selectbox(key="url-period").value == latest.isoformat()
    assert (
        app.query_params["period"] == [latest.isoformat()] or app.query_params["period"] == latest.isoformat()
    )


def test_a_closed_fold_draws_nothing_until_it_is_opened(open_dashboard):
    app = open_dashboard("leadership")
    closed = {metric.label for metric in app.metric}
    app.session_state["overview-theme-WORKFORCE"] = True
    opened_one = {metric.label for metric in app.run().metric}
    workforce = {entry.title for entry in catalogue().values() if entry.theme == Theme.WORKFORCE}
    drawn = opened_one - closed
    assert drawn
    assert drawn <= workforce  # the workforce tiles that do not need attention, and nothing else
    assert not (closed - opened_one)


def test_tile_shows_value_counts_status_and_change_on_a_year_before(open_dashboard):
    app = opened(open_dashboard("leadership"))
    placements = next(
        metric for metric in app.metric if metric.label == catalogue()["placements_3plus_pct"].title
    )
    shown = "\n".join(texts(app))

    assert placements.value.endswith("%")
    assert "on a year before" in str(placements.proto.delta)
    assert " of " in shown  # every percentage beside its numerator and denominator
    assert "95% interval" in shown
    assert any(label in shown for label in formatting.STATUS_LABELS.values())


def test_reporting_date_comes_from_the_link_and_an_unknown_one_is_ignored(open_dashboard):
    app = open_dashboard("leadership", query={"period": "2024-03-31"})
    assert app.selectbox(key="url-period").value == "2024-03-31"
    assert any("31 March 2024" in text for text in texts(app))

    ignored = open_dashboard("leadership", query={"period": "1999-01-01"})
    assert ignored.selectbox(key="url-period").value != "1999-01-01"
    assert ignored.selectbox(key="url-period").index == 0  # the latest quarter end


def test_choosing_another_date_changes_the_figures_and_the_link(open_dashboard):
    app = open_dashboard("leadership")
    before = [metric.value for metric in app.metric]
    app.selectbox(key="url-period").select("2023-06-30").run()

    assert app.query_params["period"] in ("2023-06-30", ["2023-06-30"])
    assert [metric.value for metric in app.metric] != before
    assert date(2023, 6, 30).isoformat() == app.selectbox(key="url-period").value
