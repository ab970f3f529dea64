"""Disclosure control: hand-worked cases of each rule in both profiles, and properties for any frame."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from disclosure_audit import audit
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_catalogue import tiny_catalogue

from metrics.catalogue import catalogue
from metrics.disclosure import PROFILES, DisclosureConfig, apply_disclosure
from metrics.tidy import TIDY_COLUMNS, with_values

D = date(2025, 3, 31)
YEAR_BEFORE = date(2024, 3, 31)
ENTRIES = tiny_catalogue()
REAL = catalogue()
ROUNDED = DisclosureConfig(profile="rounded")


def tidy(
    indicator: str, unit: str, rows: list[tuple[str, str, float | None, float | None]], day: date = D
) -> pl.DataFrame:
    """A tidy frame from (breakdown, group, numerator, denominator) rows."""
    counts = pl.DataFrame(
        {
            "indicator": [indicator] * len(rows),
            "period_end": [day] * len(rows),
            "breakdown": [row[0] for row in rows],
            "group": [row[1] for row in rows],
            "numerator": [row[2] for row in rows],
            "denominator": [row[3] for row in rows],
        },
        schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64},
    )
    return with_values(counts, unit)


def cells(frame: pl.DataFrame, breakdown: str, group: str, indicator: str | None = None) -> dict:
    chosen = frame.filter((pl.col("breakdown") == breakdown) & (pl.col("group") == group))
    if indicator is not None:
        chosen = chosen.filter(pl.col("indicator") == indicator)
    return chosen.row(0, named=True)


def test_exact_by_default_small_counts_withheld():
    frame = tidy(
        "children_open", "count", [("all", "all", 62, None), ("sex", "1", 3, None), ("sex", "2", 59, None)]
    )
    public = apply_disclosure(frame, ENTRIES)
    assert cells(public, "all", "all")["numerator"] == 62
    assert cells(public, "all", "all")["value"] == 62
    girls = cells(public, "sex", "1")
    assert girls["numerator"] is None
    assert girls["value"] is None
    assert girls["suppressed"] == ["numerator", "value"]
    # 62 - 59 would give the 3 back: the only other group goes too.
    assert cells(public, "sex", "2")["numerator"] is None


def test_rounded_profile_rounds_every_count_to_five():
    frame = tidy(
        "children_open", "count", [("all", "all", 62, None), ("sex", "1", 3, None), ("sex", "2", 59, None)]
    )
    public = apply_disclosure(frame, ENTRIES, ROUNDED)
    assert cells(public, "all", "all")["numerator"] == 60
    assert cells(public, "sex", "1")["numerator"] is None
    assert cells(public, "sex", "2")["numerator"] is None


def test_profile_by_name():
    assert DisclosureConfig.named(None).profile == "exact"
    assert DisclosureConfig.named(" Rounded ").rounds
    with pytest.raises(ValueError, match="unknown disclosure profile"):
        DisclosureConfig.named("fuzzy")


def test_zero_is_shown_not_withheld():
    frame = tidy(
        "children_open", "count", [("all", "all", 40, None), ("sex", "1", 0, None), ("sex", "2", 40, None)]
    )
    for config in (None, ROUNDED):
        public = apply_disclosure(frame, ENTRIES, config)
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


def test_a_withheld_headline_with_every_group_shown_takes_a_group_with_it():
    # 4 children, all in one group: the headline (4) is withheld, and so is the group (4); the 0 stays.
    frame = tidy(
        "children_open", "count", [("all", "all", 4, None), ("sex", "1", 4, None), ("sex", "2", 0, None)]
    )
    public = apply_disclosure(frame, ENTRIES)
    assert cells(public, "all", "all")["numerator"] is None
    assert cells(public, "sex", "1")["numerator"] is None
    assert cells(public, "sex", "2")["numerator"] == 0


def test_percentage_needs_both_counts_shown_and_ten_children_and_takes_its_counts_with_it():
    frame = tidy(
        "fostered_pct",
        "percent",
        [("all", "all", 30, 40), ("sex", "1", 6, 9), ("sex", "2", 24, 31)],
    )
    public = apply_disclosure(frame, ENTRIES)
    nine = cells(public, "sex", "1")
    # 6 of 9: the value is withheld (fewer than 10 children) and its counts with it.
    assert (nine["numerator"], nine["denominator"], nine["value"], nine["ci_low"]) == (None, None, None, None)
    assert nine["suppressed"] == ["numerator", "denominator", "value", "ci_low", "ci_high"]
    # 30 - 6 and 40 - 9 would give them back: the other group goes too (counts and so its value).
    other = cells(public, "sex", "2")
    assert (other["numerator"], other["denominator"], other["value"]) == (None, None, None)
    headline = cells(public, "all", "all")
    assert (headline["numerator"], headline["denominator"], headline["value"]) == (30, 40, 75.0)


def test_rounded_percentage_is_worked_out_from_the_rounded_counts():
    frame = tidy("fostered_pct", "percent", [("all", "all", 7, 69)])
    exact = cells(apply_disclosure(frame, ENTRIES), "all", "all")
    assert (exact["numerator"], exact["denominator"], exact["value"]) == (7, 69, 10.1)
    rounded = cells(apply_disclosure(frame, ENTRIES, ROUNDED), "all", "all")
    # 7 of 69 is published as 5 of 70, and 7.1% from those counts, so that it cannot give 7 back.
    assert (rounded["numerator"], rounded["denominator"], rounded["value"]) == (5, 70, 7.1)


def test_a_withheld_value_never_stands_beside_both_its_counts():
    # Care leavers in touch aged 17-18: 9 of 9 (rounded, "10 of 10") would read as 100%.
    frame = tidy(
        "fostered_pct", "percent", [("all", "all", 40, 45), ("sex", "1", 9, 9), ("sex", "2", 31, 36)]
    )
    for config in (None, ROUNDED):
        row = cells(apply_disclosure(frame, ENTRIES, config), "sex", "1")
        assert row["value"] is None
        assert row["numerator"] is None
        assert row["denominator"] is None


def test_mean_needs_ten_children_and_never_publishes_its_sum():
    frame = tidy("sdq_mean", "score", [("all", "all", 108, 9)])
    row = cells(apply_disclosure(frame, ENTRIES), "all", "all")
    assert row["value"] is None
    assert row["numerator"] is None
    assert row["denominator"] is None
    assert row["suppressed"] == ["numerator", "denominator", "value"]
    enough = cells(
        apply_disclosure(tidy("sdq_mean", "score", [("all", "all", 130, 12)]), ENTRIES), "all", "all"
    )
    assert enough["value"] == pytest.approx(10.8)
    assert enough["denominator"] == 12
    assert enough["numerator"] is None


def test_workforce_is_untouched():
    frame = tidy("vacancy_pct", "percent", [("all", "all", 2, 7)])
    for config in (None, ROUNDED):
        public = apply_disclosure(frame, ENTRIES, config)
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


def test_no_breakdown_that_is_true_by_definition():
    # Children in foster placements by placement type: "Foster 100%, every other type 0%".
    frame = tidy(
        "foster_placement_pct",
        "percent",
        [("all", "all", 50, 69), ("placement_type", "Foster", 50, 50), ("placement_type", "Other", 0, 19),
         ("sex", "Male", 25, 35), ("sex", "Female", 25, 34)],
    )  # fmt: skip
    public = apply_disclosure(frame, REAL)
    assert set(public.get_column("breakdown")) == {"all", "sex"}


def test_thresholds_are_configuration():
    frame = tidy("children_open", "count", [("all", "all", 7, None)])
    strict = DisclosureConfig(min_count=10)
    assert cells(apply_disclosure(frame, ENTRIES, strict), "all", "all")["numerator"] is None
    assert cells(apply_disclosure(frame, ENTRIES), "all", "all")["numerator"] == 7


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


def _stock_and_flows(stock_before: int, started: int, ceased: int) -> pl.DataFrame:
    stock_now = stock_before + started - ceased
    return pl.concat(
        [
            tidy("cla_count", "count", [("all", "all", stock_before, None)], YEAR_BEFORE),
            tidy("cla_count", "count", [("all", "all", stock_now, None)]),
            tidy("started_count", "count", [("all", "all", started, None)]),
            tidy("ceased_count", "count", [("all", "all", ceased, None)]),
        ]
    )


def test_a_withheld_flow_takes_the_other_flow_with_it():
    # 60 in care a year before, 3 started, 8 ceased, 55 now: 55 - 60 + 8 would give the 3 back.
    public = apply_disclosure(_stock_and_flows(60, 3, 8), REAL)
    assert cells(public, "all", "all", "started_count")["numerator"] is None
    assert cells(public, "all", "all", "ceased_count")["numerator"] is None
    assert cells(public, "all", "all", "cla_count")["numerator"] == 60


def test_flows_without_the_stock_a_year_before_are_withheld():
    frame = _stock_and_flows(60, 12, 8).filter(pl.col("period_end") == D)
    public = apply_disclosure(frame, REAL)
    assert cells(public, "all", "all", "started_count")["numerator"] is None
    shown = apply_disclosure(_stock_and_flows(60, 12, 8), REAL)
    assert cells(shown, "all", "all", "started_count")["numerator"] == 12


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


# Properties over random frames shaped as the real ones are: stocks a year apart and the flows between
# them, a percentage over the same children, and a mean; each breakdown adds up to its headline.
SEXES = ("Male", "Female", "Not recorded")
AGES = ("Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over")


def _split(draw, total: int, groups: tuple[str, ...]) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=len(groups) - 1, max_size=len(groups) - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@st.composite
def random_returns(draw) -> pl.DataFrame:
    """The figures a random return gives: children in care by sex a year apart, the periods of care that
    started and ended between, fostered children among them, and an SDQ mean."""
    frames = []
    before = [draw(st.integers(0, 30)) for _ in SEXES]
    started = [draw(st.integers(0, 12)) for _ in SEXES]
    ceased = [draw(st.integers(0, b + s)) for b, s in zip(before, started, strict=True)]
    now = [b + s - c for b, s, c in zip(before, started, ceased, strict=True)]
    for indicator, day, counts in (
        ("cla_count", YEAR_BEFORE, before), ("cla_count", D, now),
        ("started_count", D, started), ("ceased_count", D, ceased),
    ):  # fmt: skip
        ages = _split(draw, sum(counts), AGES)
        rows = [("all", "all", sum(counts), None)]
        rows += [("sex", sex, n, None) for sex, n in zip(SEXES, counts, strict=True)]
        rows += [("age_band", age, n, None) for age, n in zip(AGES, ages, strict=True)]
        frames.append(tidy(indicator, "count", rows, day))
    for day, counts in ((YEAR_BEFORE, before), (D, now)):
        fostered = [draw(st.integers(0, n)) for n in counts]
        rows = [("all", "all", sum(fostered), sum(counts))]
        rows += [("sex", sex, f, n) for sex, f, n in zip(SEXES, fostered, counts, strict=True)]
        frames.append(tidy("foster_placement_pct", "percent", rows, day))
    scored = [draw(st.integers(0, 15)) for _ in SEXES]
    sums = [n * draw(st.integers(0, 40)) for n in scored]
    rows = [("all", "all", sum(sums), sum(scored))]
    rows += [("sex", sex, s, n) for sex, s, n in zip(SEXES, sums, scored, strict=True)]
    frames.append(tidy("sdq_avg", "score", rows, D))
    return pl.concat(frames)


UNITS = {key: entry.unit for key, entry in REAL.items()}


@pytest.mark.parametrize("profile", PROFILES)
@settings(max_examples=150, deadline=None)
@given(frame=random_returns())
def test_nothing_public_is_small_recoverable_or_given_away_by_its_row(profile, frame):
    public = apply_disclosure(frame, REAL, DisclosureConfig(profile=profile))
    found = audit(public, UNITS)
    assert not found.small_counts, "a count of 1 to 4 is public"
    assert not found.recoverable, "a withheld count can be worked out by subtraction"
    assert not found.values_beside_counts, "a withheld value stands beside both of its counts"


@pytest.mark.parametrize("profile", PROFILES)
@settings(max_examples=100, deadline=None)
@given(frame=random_returns())
def test_every_percentage_rests_on_ten_children_and_shown_counts(profile, frame):
    public = apply_disclosure(frame, REAL, DisclosureConfig(profile=profile)).with_columns(
        true_denominator=frame.get_column("denominator")
    )
    shown = public.filter(pl.col("value").is_not_null() & (pl.col("indicator") == "foster_placement_pct"))
    assert shown.filter(pl.col("true_denominator") < 10).is_empty()
    assert shown.filter(pl.col("numerator").is_null() | pl.col("denominator").is_null()).is_empty()
    means = public.filter(pl.col("value").is_not_null() & (pl.col("indicator") == "sdq_avg"))
    assert means.filter(pl.col("true_denominator") < 10).is_empty()


@settings(max_examples=100, deadline=None)
@given(frame=random_returns())
def test_rounded_counts_are_multiples_of_five_and_values_come_from_them(frame):
    public = apply_disclosure(frame, REAL, ROUNDED)
    for column in ("numerator", "denominator"):
        counted = public.filter(pl.col("indicator") != "sdq_avg").get_column(column).drop_nulls()
        assert all(n % 5 == 0 for n in counted)
    for row in public.filter(
        (pl.col("indicator") == "foster_placement_pct") & pl.col("value").is_not_null()
    ).iter_rows(named=True):
        assert row["value"] == pytest.approx(round(100 * row["numerator"] / row["denominator"], 1))


@settings(max_examples=100, deadline=None)
@given(frame=random_returns())
def test_exact_counts_are_the_true_ones(frame):
    public = apply_disclosure(frame, REAL)
    for original, published in zip(frame.iter_rows(named=True), public.iter_rows(named=True), strict=True):
        for cell in ("numerator", "denominator"):
            if published[cell] is not None:
                assert published[cell] == original[cell]


@pytest.mark.parametrize("profile", PROFILES)
@settings(max_examples=60, deadline=None)
@given(frame=random_returns())
def test_every_null_cell_it_made_is_named_as_suppressed(profile, frame):
    public = apply_disclosure(frame, REAL, DisclosureConfig(profile=profile))
    for original, published in zip(frame.iter_rows(named=True), public.iter_rows(named=True), strict=True):
        for cell in ("numerator", "denominator", "value", "ci_low", "ci_high"):
            made_null = original[cell] is not None and published[cell] is None
            assert made_null == (cell in published["suppressed"])
    assert public.columns == [*TIDY_COLUMNS, "suppressed"]
