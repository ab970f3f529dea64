"""A public session never receives a withheld value or a child id, on any page it can reach."""

from __future__ import annotations

import re

import polars as pl
import pyarrow as pa
import pytest
from page_harness import charts, everything_shown, with_every_fold_open

from metrics.catalogue import catalogue

CHILD_COUNTED = {key for key, entry in catalogue().items() if entry.counts_children}


def assert_no_child_id(shown: str, child_ids: set[str]) -> None:
    tokens = set(re.findall(r"[A-Za-z0-9]{1,10}", shown))
    assert not tokens & child_ids, sorted(tokens & child_ids)[:5]


@pytest.mark.parametrize("page", ["pages/transparency.py", "pages/methodology.py"])
def test_public_pages_hold_no_child_id(open_dashboard, child_ids, page):
    app = with_every_fold_open(open_dashboard("public", page))

    assert_no_child_id(everything_shown(app), child_ids)


def chart_frames_by_indicator(app) -> list[tuple[str, pl.DataFrame]]:
    """(indicator id, chart data) for every chart: its text alternative starts with the indicator's title."""
    by_title = {entry.title: key for key, entry in catalogue().items()}
    found = []
    for chart in charts(app):
        title = next(title for title in by_title if chart.proto.alt.startswith(title + ":"))
        for dataset in chart.proto.datasets:
            found.append((by_title[title], pl.from_arrow(pa.ipc.open_stream(dataset.data.data).read_all())))
    return found


def test_public_charts_carry_no_withheld_or_small_count(open_dashboard):
    app = with_every_fold_open(open_dashboard("public", "pages/transparency.py"))
    frames = [(key, frame) for key, frame in chart_frames_by_indicator(app) if "suppressed" in frame.columns]
    assert any(
        key in CHILD_COUNTED and frame.get_column("numerator").is_not_null().any() for key, frame in frames
    )

    for key, frame in frames:
        for cell in ("numerator", "denominator", "value"):
            withheld = frame.filter(pl.col("suppressed").list.contains(cell))
            assert withheld.get_column(cell).is_null().all(), (key, cell)
        if key in CHILD_COUNTED:
            # The default (exact) profile shows counts of children of 5 or more, and 0: never 1 to 4.
            for cell in ("numerator", "denominator"):
                counts = frame.get_column(cell).cast(pl.Float64).drop_nulls()
                assert not counts.is_between(1, 4).any(), (key, cell)


def test_signed_out_visitor_with_sign_in_configured_is_public(open_dashboard, child_ids):
    app = with_every_fold_open(
        open_dashboard(secrets={"auth": {"redirect_uri": "http://localhost/oauth2callback"}}, user={})
    )

    assert "How are Jersey's children in care doing?" in [title.value for title in app.title]
    assert_no_child_id(everything_shown(app), child_ids)


@pytest.mark.parametrize("role", ["department:health", "leadership"])
def test_no_child_id_outside_the_analysts_data_quality_page(open_dashboard, child_ids, role):
    app = open_dashboard(role, "pages/partners.py")

    assert_no_child_id(everything_shown(app), child_ids)


def test_analyst_sees_child_ids_on_data_quality_only(open_dashboard):
    app = open_dashboard("analyst", "pages/data_quality.py")

    assert [title.value for title in app.title] == ["Data quality"]
    assert any(header.value.startswith("Findings") for header in app.header)
