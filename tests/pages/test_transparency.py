"""The transparency page in AppTest: what reaches a session is public, disclosure-controlled, and explained.

"A public session never receives a suppressed value or a child id": every text, table and chart dataset the
page sends is searched, whichever role the session has, because the page asks the data layer for the public
role's rows only.
"""

from __future__ import annotations

import json
import re

import polars as pl
import pyarrow as pa
import pytest
from page_harness import chart_frames, charts, dashboard, tables, texts, with_every_fold_open
from streamlit.testing.v1 import AppTest

from metrics.catalogue import Theme, catalogue
from metrics.disclosure import DENOMINATOR_IS_COUNT, NUMERATOR_IS_COUNT
from pages.transparency import THEME_KEY

TITLE = "How are Jersey's children in care doing?"
SYMBOLS = {"c", "x", "z"}
ENTRIES_BY_TITLE = {entry.title: entry for entry in catalogue().values()}


PUBLIC_THEMES = list(dict.fromkeys(entry.theme for entry in catalogue().values() if entry.public))
CHILD_THEMES = [theme for theme in PUBLIC_THEMES if theme != Theme.WORKFORCE]


def on_theme(app: AppTest, theme: Theme) -> AppTest:
    """The page with ``theme``'s tab chosen (only the chosen tab is drawn) and every card's folds open."""
    app.session_state[THEME_KEY] = str(theme)
    with_every_fold_open(app)
    assert not app.exception, [error.message for error in app.exception]
    return app


def open_public_page(role: str, theme: Theme, profile: str | None = None) -> AppTest:
    """The transparency page on ``theme``'s tab, as ``role`` sees it (the public lands there), with the
    ``[cpo] disclosure`` setting ``profile`` (none: the default, exact)."""
    settings = {"role": role} | ({"disclosure": profile} if profile else {})
    app = dashboard(secrets={"cpo": settings}).run()
    if role != "public":
        app.switch_page("pages/transparency.py").run()
    assert not app.exception, [error.message for error in app.exception]
    return on_theme(app, theme)


@pytest.fixture
def stability_page(sample_database) -> AppTest:
    """The public page on its first tab, stability and permanence, where small counts are the normal case."""
    return open_public_page("public", Theme.STABILITY)


def shown_theme(app: AppTest) -> Theme:
    return Theme(app.session_state[THEME_KEY])


def everything_sent(app: AppTest) -> str:
    """Every text, table, chart spec and chart dataset of the run, as one string to search."""
    parts = texts(app)
    parts.extend(frame.write_csv() for frame in tables(app))
    parts.extend(chart.proto.spec for chart in charts(app))
    for frame in chart_frames(app):
        nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
        parts.append(
            frame.with_columns(
                pl.col(name).cast(pl.List(pl.String)).list.join(";") for name in nested
            ).write_csv()
        )
    return "\n".join(parts)


def cards(app: AppTest) -> dict[str, list]:
    """Each indicator card's elements (dataframes and charts inside it), keyed by the card's subheader."""
    found: dict[str, list] = {}

    def walk(node, title: str | None) -> None:
        children = getattr(node, "children", None)
        if not children:
            return
        heading = next(
            (child.value for child in children.values() if getattr(child, "type", "") == "subheader"), None
        )
        title = heading or title
        for child in children.values():
            if getattr(child, "type", "") in ("dataframe", "vega_lite_chart", "metric") and title:
                found.setdefault(title, []).append(child)
            walk(child, title)

    walk(app.main, None)
    return found


def _counts_in(entry, frame: pl.DataFrame, *, column_names: dict[str, str]) -> list[str]:
    """The cells of ``frame`` that are counts of children for ``entry``, as text."""
    values: list[str] = []
    for cell, column in column_names.items():
        units = NUMERATOR_IS_COUNT if cell == "numerator" else DENOMINATOR_IS_COUNT
        if entry.counts_children and entry.unit in units and column in frame.columns:
            values.extend(str(value) for value in frame.get_column(column).to_list())
    return values


def public_counts(texts: list[str]) -> list[float]:
    """The counts of children among ``texts`` (symbols and empty cells left out), none of them 1 to 4."""
    numbers = [float(text.replace(",", "")) for text in texts if text not in SYMBOLS and text != "None"]
    assert not [number for number in numbers if 1 <= number <= 4]
    return numbers


@pytest.mark.parametrize("theme", PUBLIC_THEMES, ids=lambda theme: theme.name.lower())
@pytest.mark.parametrize(("role", "profile"), [("public", None), ("leadership", None), ("public", "rounded")])
def test_no_child_id_and_no_small_count_reaches_the_session(role, profile, theme, child_ids, sample_database):
    app = open_public_page(role, theme, profile)
    shown = everything_sent(app)
    words = set(re.findall(r"[A-Za-z0-9]+", shown))
    assert not child_ids & words

    by_card = cards(app)
    theme = shown_theme(app)
    expected = {entry.title for entry in catalogue().values() if entry.public and entry.theme == theme}
    assert set(by_card) == expected
    counts: list[float] = []
    for title, elements in by_card.items():
        entry = ENTRIES_BY_TITLE[title]
        assert entry.public, f"{entry.id} is not a public indicator"
        for element in elements:
            if element.type == "dataframe":
                frame = pl.from_pandas(element.value)
                cells = _counts_in(entry, frame, column_names={"numerator": "Count", "denominator": "Out of"})
            elif element.type == "metric":
                cells = [element.value] if entry.unit == "count" and entry.counts_children else []
            else:
                cells = []
                for dataset in element.proto.datasets:
                    frame = pl.from_arrow(pa.ipc.open_stream(dataset.data.data).read_all())
                    cells += _counts_in(
                        entry, frame, column_names={"numerator": "numerator", "denominator": "denominator"}
                    )
            counts += public_counts(cells)
    if theme in CHILD_THEMES:
        assert len(counts) > 50
        # Exact counts by default (most are not multiples of 5); every one a multiple of 5 when rounded.
        rounded = [count for count in counts if count % 5 == 0]
        assert len(rounded) == len(counts) if profile == "rounded" else len(rounded) < len(counts)


def test_the_page_explains_each_number_in_words(stability_page):
    public_page = stability_page
    shown = texts(public_page)
    assert TITLE in shown
    sentences = [text for text in shown if "a year before" in text]
    assert len(sentences) >= len(cards(public_page))
    assert any("about the same as a year before" in text for text in sentences)
    # Exact counts: "(7 out of 69 children)", never "about".
    assert any(re.search(r"\([\d,]+ out of [\d,]+ children\)", text) for text in shown)
    assert not any(re.search(r"\(about [\d,]+ out of", text) for text in shown)
    assert any(metric.label.startswith(("Figures to", "Year to")) for metric in public_page.metric)


def test_withheld_figures_show_the_symbol_and_the_legend_explains_it(stability_page):
    public_page = stability_page
    tables = [pl.from_pandas(frame.value) for frame in public_page.dataframe]
    assert any((table.get_column("Count") == "c").any() for table in tables if "Count" in table.columns)
    legends = [pl.from_pandas(table.value) for table in public_page.table]
    symbols = next(legend for legend in legends if "Symbol" in legend.columns)
    assert {"c", "x", "z"} <= set(symbols.get_column("Symbol"))
    headers = [header.value for header in public_page.header]
    assert "What the symbols mean" in headers
    assert "Download the data" in headers


@pytest.mark.parametrize("theme", PUBLIC_THEMES, ids=lambda theme: theme.name.lower())
def test_every_chart_has_a_text_alternative_and_a_table(theme, sample_database):
    for elements in cards(open_public_page("public", theme)).values():
        charts = [element for element in elements if element.type == "vega_lite_chart"]
        tables = [element for element in elements if element.type == "dataframe"]
        for chart in charts:
            assert len(chart.proto.alt) > 20
            assert tables
            spec = json.loads(chart.proto.spec)
            # The public chart draws no interval band (leadership and department charts do).
            assert not any(layer.get("mark", {}).get("type") == "area" for layer in spec.get("layer", []))


def test_a_cards_chart_and_tables_are_sent_only_once_its_fold_is_opened(sample_database):
    app = dashboard(secrets={"cpo": {"role": "public"}}).run()
    assert not app.exception
    assert cards(app)  # each card's figure and words
    assert not charts(app)
    assert not app.dataframe
    opened = with_every_fold_open(app)
    assert charts(opened)
    assert opened.dataframe


def test_only_the_chosen_theme_is_drawn(stability_page):
    titles = set(cards(stability_page))
    assert titles
    assert all(ENTRIES_BY_TITLE[title].theme == Theme.STABILITY for title in titles)


def test_the_public_page_offers_the_open_data(stability_page):
    public_page = stability_page
    labels = [button.proto.label for button in public_page.get("download_button")]
    assert {"Open data (CSV)", "Its columns (CSV)", "What the data means (JSON)"} <= set(labels)
