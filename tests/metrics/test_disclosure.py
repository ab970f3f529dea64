"""Disclosure control: hand-worked cases of each rule, and properties that must hold for any frame."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_catalogue import tiny_catalogue

from metrics.disclosure import DisclosureConfig, apply_disclosure
from metrics.tidy import TIDY_COLUMNS, with_values

D = date(2025, 3, 31)
ENTRIES = tiny_catalogue()


def tidy(indicator: str, unit: str, rows: list[tuple[str, str, float | None, float | None]]) -> pl.DataFrame:
    """A tidy frame from (breakdown, group, numerator, denominator) rows."""
    counts = pl.DataFrame(
        {
            "indicator": [indicator] * len(rows),
            "period_end": [D] * len(rows),
            "breakdown": [row[0] for row in rows],
            "group": [row[1] for row in rows],
            "numerator": [row[2] for row in rows],
            "denominator": [row[3] for row in rows],
        },
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
    )
    return with_values(counts, unit)


def cells(frame: pl.DataFrame, breakdown: str, group: str) -> dict:
    return frame.filter((pl.col("breakdown") == breakdown) & (pl.col("group") == group)).row(0, named=True)


def test_small_counts_are_withheld_and_the_rest_rounded_to_five():
    frame = tidy(
        "children_open", "count", [("all", "all", 62, None), ("sex", "1", 3, None), ("sex", "2", 59, None)]
    )
    public = apply_disclosure(frame, ENTRIES)
    assert cells(public, "all", "all")["numerator"] == 60
    assert cells(public, "all", "all")["value"] == 60
    girls = cells(public, "sex", "1")
    assert girls["numerator"] is None
    assert girls["value"] is None
    assert girls["suppressed"] == ["numerator", "value"]


def test_zero_is_shown_not_withheld():
    frame = tidy(
        "children_open", "count", [("all", "all", 40, None), ("sex", "1", 0, None), ("sex", "2", 40, None)]
    )
    public = apply_disclosure(frame, ENTRIES)
    assert cells(public, "sex", "1")["numerator"] == 0
    assert cells(public, "sex", "1")["suppressed"] == []


def test_one_withheld_group_takes_the_smallest_other_group_with_it():
    # 3 would be the headline minus the others; the next smallest non-zero group (12) goes too, not the 0.
    frame = tidy(
        "children_open",
        "count",
        [
            ("all", "all", 60, None),
            ("sex", "1", 3, None),
            ("sex", "2", 45, None),
            ("sex", "9", 12, None),
            ("sex", "Not recorded", 0, None),
        ],
    )
    public = apply_disclosure(frame, ENTRIES)
    assert cells(public, "sex", "9")["numerator"] is None
    assert "numerator" in cells(public, "sex", "9")["suppressed"]
    assert cells(public, "sex", "2")["numerator"] == 45
    assert cells(public, "sex", "Not recorded")["numerator"] == 0


def test_a_withheld_headline_needs_no_partner():
    frame = tidy(
        "children_open", "count", [("all", "all", 4, None), ("sex", "1", 4, None), ("sex", "2", 0, None)]
    )
    public = apply_disclosure(frame, ENTRIES)
    assert cells(public, "all", "all")["numerator"] is None
    assert cells(public, "sex", "2")["numerator"] == 0


def test_percentage_needs_both_counts_shown_and_a_denominator_of_ten():
    frame = tidy(
        "fostered_pct",
        "percent",
        [("all", "all", 30, 40), ("sex", "1", 6, 9), ("sex", "2", 24, 31)],
    )
    public = apply_disclosure(frame, ENTRIES)
    nine = cells(public, "sex", "1")
    assert nine["value"] is None
    assert nine["ci_low"] is None
    assert nine["numerator"] == 5
    assert nine["denominator"] == 10
    assert nine["suppressed"] == ["value", "ci_low", "ci_high"]
    # 24 of 31 is published as 25 of 30, and its percentage is worked out from those published counts
    # (83.3%, not the exact 77.4%) so that it cannot give the exact count back.
    assert cells(public, "sex", "2")["value"] == pytest.approx(83.3)
    assert cells(public, "all", "all")["value"] == 75.0


def test_a_small_denominator_withholds_the_percentage_and_its_partner():
    frame = tidy(
        "fostered_pct", "percent", [("all", "all", 20, 40), ("sex", "1", 2, 3), ("sex", "2", 18, 37)]
    )
    public = apply_disclosure(frame, ENTRIES)
    for group in ("1", "2"):
        row = cells(public, "sex", group)
        assert row["numerator"] is None
        assert row["denominator"] is None
        assert row["value"] is None


def test_mean_needs_ten_children_and_never_publishes_its_sum():
    frame = tidy("sdq_mean", "score", [("all", "all", 108, 9)])
    row = cells(apply_disclosure(frame, ENTRIES), "all", "all")
    assert row["value"] is None
    assert row["numerator"] is None
    assert row["denominator"] == 10
    assert row["suppressed"] == ["numerator", "value"]
    enough = cells(
        apply_disclosure(tidy("sdq_mean", "score", [("all", "all", 130, 12)]), ENTRIES), "all", "all"
    )
    assert enough["value"] == pytest.approx(10.8)


def test_workforce_is_untouched():
    frame = tidy("vacancy_pct", "percent", [("all", "all", 2, 7)])
    public = apply_disclosure(frame, ENTRIES)
    assert public.drop("suppressed").equals(frame)
    assert public.get_column("suppressed").to_list() == [[]]


def test_ethnicity_and_location_breakdowns_are_never_public():
    frame = tidy(
        "fostered_pct",
        "percent",
        [("all", "all", 30, 40), ("ethnic_group", "W", 30, 40), ("location", "On island", 30, 40)],
    )
    public = apply_disclosure(frame, ENTRIES)
    assert public.get_column("breakdown").to_list() == ["all"]


def test_thresholds_are_configuration():
    frame = tidy("children_open", "count", [("all", "all", 7, None)])
    strict = DisclosureConfig(min_count=10, rounding_base=10)
    assert cells(apply_disclosure(frame, ENTRIES, strict), "all", "all")["numerator"] is None
    assert cells(apply_disclosure(frame, ENTRIES), "all", "all")["numerator"] == 5


def test_unknown_indicator_is_refused():
    with pytest.raises(ValueError, match="no catalogue entry"):
        apply_disclosure(tidy("mystery", "count", [("all", "all", 7, None)]), ENTRIES)


def test_the_input_is_not_changed():
    frame = tidy(
        "children_open", "count", [("all", "all", 62, None), ("sex", "1", 3, None), ("sex", "2", 59, None)]
    )
    before = frame.clone()
    apply_disclosure(frame, ENTRIES)
    assert frame.equals(before)


# Properties. A breakdown is a partition: the headline is the sum of its groups.
group_counts = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=6)


@st.composite
def partitioned_frames(draw) -> pl.DataFrame:
    """A percentage's headline and two breakdowns of the same children (each adds up to the headline)."""
    sex = [(min(a, b), max(a, b)) for a, b in draw(group_counts)]
    total = (sum(n for n, _ in sex), sum(d for _, d in sex))
    age = _recut(draw(group_counts), total)
    rows = [
        ("all", "all", *total),
        *(("sex", f"g{i}", n, d) for i, (n, d) in enumerate(sex)),
        *(("age_band", f"g{i}", n, d) for i, (n, d) in enumerate(age)),
    ]
    return tidy("fostered_pct", "percent", rows)


def _recut(pairs: list[tuple[int, int]], total: tuple[int, int]) -> list[tuple[int, int]]:
    """Groups re-cut so that they add up to ``total``, each numerator within its denominator."""
    out, left_n, left_d = [], *total
    for index, (n, d) in enumerate(pairs):
        if index == len(pairs) - 1:
            dd, nn = left_d, left_n
        else:
            dd = min(d, left_d)
            # Leave no more numerator than denominator for the groups still to come.
            nn = max(min(n, left_n, dd), left_n - (left_d - dd))
        out.append((nn, dd))
        left_n, left_d = left_n - nn, left_d - dd
    return out


def _public(frame: pl.DataFrame) -> pl.DataFrame:
    return apply_disclosure(frame, ENTRIES)


@settings(max_examples=200, deadline=None)
@given(partitioned_frames())
def test_no_public_count_is_between_one_and_four_and_all_are_multiples_of_five(frame):
    public = _public(frame)
    for column in ("numerator", "denominator"):
        shown = public.get_column(column).drop_nulls().to_list()
        assert not [n for n in shown if 1 <= n <= 4]
        assert all(n % 5 == 0 for n in shown)


@settings(max_examples=200, deadline=None)
@given(partitioned_frames())
def test_no_withheld_group_is_the_headline_minus_the_other_groups(frame):
    public = _public(frame)
    for column in ("numerator", "denominator"):
        headline_hidden = public.filter(pl.col("breakdown") == "all").get_column(column).is_null().item()
        if headline_hidden:
            continue
        hidden_per_breakdown = (
            public.filter(pl.col("breakdown") != "all")
            .group_by("breakdown")
            .agg(pl.col(column).is_null().sum().alias("hidden"))
            .get_column("hidden")
            .to_list()
        )
        assert 1 not in hidden_per_breakdown


@settings(max_examples=200, deadline=None)
@given(partitioned_frames())
def test_no_percentage_rests_on_a_denominator_under_ten_or_a_withheld_count(frame):
    public = _public(frame).with_columns(true_denominator=frame.get_column("denominator"))
    shown = public.filter(pl.col("value").is_not_null())
    assert shown.filter(pl.col("true_denominator") < 10).is_empty()
    assert shown.filter(pl.col("numerator").is_null() | pl.col("denominator").is_null()).is_empty()


@settings(max_examples=200, deadline=None)
@given(partitioned_frames())
def test_a_public_percentage_says_no_more_than_its_published_counts(frame):
    # Otherwise an exact percentage beside a rounded denominator would give the exact count back.
    public = _public(frame).filter(pl.col("value").is_not_null())
    for row in public.iter_rows(named=True):
        assert row["value"] == pytest.approx(round(100 * row["numerator"] / row["denominator"], 1))


@settings(max_examples=100, deadline=None)
@given(partitioned_frames())
def test_every_null_cell_it_made_is_named_as_suppressed(frame):
    public = _public(frame)
    for original, published in zip(frame.iter_rows(named=True), public.iter_rows(named=True), strict=True):
        for cell in ("numerator", "denominator", "value", "ci_low", "ci_high"):
            made_null = original[cell] is not None and published[cell] is None
            assert made_null == (cell in published["suppressed"])
    assert public.columns == [*TIDY_COLUMNS, "suppressed"]


def test_counts_of_sessions_borrow_the_number_of_children_from_their_cohort_indicator():
    # As absence_rate (sessions) takes its pupils from persistent_absence_pct: here health_pct from
    # fostered_pct. Group 1 rests on 3 children, group 2 on 12, group 3 on an unknown number.
    config = DisclosureConfig(children_counted_by=(("health_pct", "fostered_pct"),))
    sessions = tidy(
        "health_pct",
        "percent",
        [("all", "all", 90, 1500), ("sex", "1", 30, 300), ("sex", "2", 60, 1200)],
    )
    pupils = tidy("fostered_pct", "percent", [("all", "all", 6, 15), ("sex", "1", 1, 3), ("sex", "2", 5, 12)])
    public = apply_disclosure(pl.concat([sessions, pupils]), ENTRIES, config)
    rows = public.filter(pl.col("indicator") == "health_pct")
    assert cells(rows, "sex", "1")["value"] is None
    assert cells(rows, "sex", "1")["numerator"] is None
    # Its partner goes too, or 1500 - 1200 would give group 1's sessions back.
    assert cells(rows, "sex", "2")["denominator"] is None
    assert cells(rows, "all", "all")["value"] == 6.0
    unknown = apply_disclosure(sessions, ENTRIES, config)
    assert unknown.get_column("value").to_list() == [None, None, None]
