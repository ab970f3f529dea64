"""An indicator whose input file was never loaded shows the reason in place of its figures."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _section_script() -> None:
    import polars as pl

    from metrics.catalogue import catalogue
    from metrics.report import REPORT_SCHEMA
    from pages import components

    empty = pl.DataFrame(schema=REPORT_SCHEMA)
    entry = catalogue()["absence_rate"]
    reason = "not available: education.csv not loaded"
    components.indicator_section(entry, empty, empty, breakdown=None, key="a", not_available=reason)
    components.indicator_section(entry, empty, empty, breakdown=None, key="b")


def test_the_reason_replaces_the_figures() -> None:
    app = AppTest.from_function(_section_script, default_timeout=60).run()
    assert not app.exception
    notices = [notice.value for notice in app.info]
    assert notices[0] == "School absence rate: not available: education.csv not loaded (x)."
    # without a reason, an indicator with no rows says only that there are no figures
    assert notices[1].startswith("No figures for")
    assert not app.get("vega_lite_chart")
