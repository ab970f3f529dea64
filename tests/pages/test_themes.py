"""Theme pages: every indicator of the theme, each with chart, breakdown, table and downloads."""

from __future__ import annotations

import io

import polars as pl
import pytest
from page_harness import chart_specs, read_xlsx, subheaders, tables

from metrics.catalogue import Theme, catalogue
from pages import components

THEME_FILES = {
    Theme.STABILITY: "pages/theme_stability.py",
    Theme.EDUCATION: "pages/theme_education.py",
    Theme.HEALTH: "pages/theme_health.py",
    Theme.CARE_LEAVERS: "pages/theme_care_leavers.py",
    Theme.JUSTICE_MISSING: "pages/theme_justice_missing.py",
    Theme.VOICE: "pages/theme_voice.py",
    Theme.WORKFORCE: "pages/theme_workforce.py",
}


def layer_marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] for layer in spec.get("layer", [])]


@pytest.mark.parametrize("theme", list(Theme))
def test_theme_page_shows_every_indicator_of_its_theme(open_dashboard, theme):
    app = open_dashboard("leadership", THEME_FILES[theme])
    expected = [entry.title for entry in catalogue().values() if entry.theme == theme]

    assert [title.value for title in app.title] == [theme.value]
    assert subheaders(app) == expected
    assert len(chart_specs(app)) == len(expected)
    shown_tables = tables(app)
    assert len(shown_tables) == len(expected)
    for table in shown_tables:
        assert table.columns[:4] == ["Group", "Numerator", "Denominator", "Value"]
    assert len(app.get("download_button")) == 2 * len(expected)


def test_leadership_chart_draws_the_interval_for_a_percentage(open_dashboard):
    app = open_dashboard("analyst", THEME_FILES[Theme.STABILITY])
    specs = dict(zip(subheaders(app), chart_specs(app), strict=True))
    percentage = specs[catalogue()["placements_3plus_pct"].title]
    count = specs[catalogue()["cla_count"].title]

    assert "area" in layer_marks(percentage)  # the 95% interval band
    assert "area" not in layer_marks(count)  # a count has no interval
    assert all(chart.proto.alt for chart in app.get("vega_lite_chart"))  # a text alternative on every chart


def test_breakdown_selector_changes_chart_and_table(open_dashboard):
    app = open_dashboard("leadership", THEME_FILES[Theme.STABILITY])
    key = "placements_3plus_pct-breakdown"
    assert app.selectbox(key=key).value == "all"
    assert "Sex" in app.selectbox(key=key).options

    app.selectbox(key=key).select("sex").run()

    position = subheaders(app).index(catalogue()["placements_3plus_pct"].title)
    table = tables(app)[position]
    assert table.get_column("Group").to_list()[0] == "All"
    assert table.height >= 3  # the headline and at least two groups
    assert any(
        text.value.startswith("**Children in care with three or more") and "by sex" in text.value
        for text in app.markdown
    )
    series = chart_specs(app)[position]["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert "Jersey" not in series  # one line per group now, not the headline


def test_downloads_hold_exactly_the_table_shown(open_dashboard):
    app = open_dashboard("leadership", THEME_FILES[Theme.HEALTH])
    shown = tables(app)[0]

    csv = pl.read_csv(io.BytesIO(components.table_csv(shown)), infer_schema=False)
    excel = read_xlsx(components.table_xlsx(shown))

    assert csv.equals(shown)
    assert excel.columns == shown.columns
    assert excel.equals(shown)


def test_definition_is_one_click_away(open_dashboard):
    app = open_dashboard("leadership", THEME_FILES[Theme.VOICE])
    entry = catalogue()["reviews_on_time_pct"]

    assert any(entry.definition in text.value for text in app.markdown)
