"""The public sentences: what a number means, and better / worse / about the same, never from one child."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.catalogue import CHILD_BREAKDOWNS, Indicator, Owner, Theme, catalogue
from metrics.plain_english import Direction, cards, direction_of_change, explain, meaning, with_changes

D = date(2025, 9, 30)
A_YEAR_BEFORE = date(2024, 9, 30)


def entry(
    indicator_id: str = "placements_3plus_pct", *, unit="percent", polarity="lower", staff=False
) -> Indicator:
    # The public words are the real declaration's (they live in it), the rest is this test's.
    declared = catalogue()[indicator_id]
    return Indicator(
        id=indicator_id,
        title="Three or more placements",
        theme=Theme.STABILITY,
        owner=Owner.CHILDRENS_SOCIAL_CARE,
        definition="…",
        unit=unit,
        polarity=polarity,
        frequency="quarterly",
        public=True,
        source="…",
        breakdowns=CHILD_BREAKDOWNS,
        kind="share",
        units=lambda data, day: pl.LazyFrame(),
        sentence=declared.sentence,
        counts_of=declared.counts_of,
        score_range=declared.score_range,
        counts_children=not staff,
    )


def row(value, numerator=None, denominator=None, *, day=D, ci=(None, None), suppressed=()) -> dict:
    return {
        "indicator": "placements_3plus_pct",
        "period_end": day,
        "breakdown": "all",
        "group": "all",
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "ci_low": ci[0],
        "ci_high": ci[1],
        "target": None,
        "status": "no_target",
        "suppressed": list(suppressed),
    }


def test_meaning_puts_the_number_and_its_counts_in_one_plain_sentence():
    text = meaning(row(12.5, 10, 80), entry(), rounded=True)
    assert text == (
        "12.5% of children in care on 30 September 2025 lived in 3 or more different homes in the 12 months "
        "to 30 September 2025 (about 10 out of 80 children)."
    )


def test_none_of_a_rounded_group_is_exactly_none():
    text = meaning(row(0.0, 0.0, 30.0), entry(), rounded=True)
    assert text.endswith("(0 out of about 30 children).")


def test_a_rounded_count_reads_about():
    text = meaning(row(60.0, 60.0), entry("cla_count", unit="count", polarity="context"), rounded=True)
    assert text == "About 60 children were in care on 30 September 2025."


def test_a_withheld_value_is_explained_not_shown():
    text = meaning(row(None, suppressed=["numerator", "value"]), entry())
    assert "hidden (c)" in text
    assert "so few children" in text


def test_a_clear_fall_in_a_lower_is_better_measure_is_better():
    # 10 of 80 (12.5%) against 30 of 80 (37.5%): 25 points, far more than two children (2.5 points) and
    # outside both intervals.
    now = row(12.5, 10, 80, ci=(6.9, 21.5))
    before = row(37.5, 30, 80, day=A_YEAR_BEFORE, ci=(27.7, 48.5))
    result = explain(now, before, entry(), rounded_to=5)
    assert result.direction is Direction.BETTER
    assert result.trend == "This is better than a year before (37.5%). Lower is better."


def test_a_clear_rise_in_a_lower_is_better_measure_is_worse():
    now = row(37.5, 30, 80, ci=(27.7, 48.5))
    before = row(12.5, 10, 80, day=A_YEAR_BEFORE, ci=(6.9, 21.5))
    assert direction_of_change(now, before, entry()) is Direction.WORSE


def test_a_change_one_or_two_children_explain_is_about_the_same():
    # 11 of 70 against 9 of 70: two children, 2.9 points.
    now, before = row(15.7, 11, 70), row(12.9, 9, 70, day=A_YEAR_BEFORE)
    result = explain(now, before, entry())
    assert result.direction is Direction.ABOUT_THE_SAME
    assert "one or two children" in result.trend


def test_a_change_inside_the_interval_is_about_the_same_even_beyond_two_children():
    # 20 of 80 against 14 of 80: six children (7.5 points), but 17.5% lies inside this year's interval.
    now = row(25.0, 20, 80, ci=(16.8, 35.5))
    before = row(17.5, 14, 80, day=A_YEAR_BEFORE, ci=(10.7, 27.3))
    assert direction_of_change(now, before, entry()) is Direction.ABOUT_THE_SAME


def test_rounded_counts_need_more_than_the_rounding_can_make():
    cla = entry("cla_count", unit="count", polarity="context")
    # 60 and 65 may be 62 and 63: one child. 60 and 70 are at least 66 - 62 = 4... still rounding: 6 apart
    # at most 2 children each side of the rounding; only 75 against 60 is a change no rounding explains.
    assert direction_of_change(row(65.0, 65.0), row(60.0, 60.0, day=A_YEAR_BEFORE), cla, rounded_to=5) is (
        Direction.ABOUT_THE_SAME
    )
    assert direction_of_change(row(75.0, 75.0), row(60.0, 60.0, day=A_YEAR_BEFORE), cla, rounded_to=5) is (
        Direction.UP
    )


def test_context_measures_go_up_or_down_never_better_or_worse():
    cla = entry("cla_count", unit="count", polarity="context")
    result = explain(row(50.0, 50.0), row(80.0, 80.0, day=A_YEAR_BEFORE), cla, rounded_to=5)
    assert result.direction is Direction.DOWN
    assert "not better or worse" in result.trend


@pytest.mark.parametrize(
    ("now", "before"),
    [
        (row(None, suppressed=["numerator", "value"]), row(12.5, 10, 80, day=A_YEAR_BEFORE)),
        (row(12.5, 10, 80), row(None, suppressed=["numerator", "value"], day=A_YEAR_BEFORE)),
        # The value a year before was shown but one of its counts was withheld: still no comparison.
        (row(12.5, 10, 80), row(40.0, None, 80, day=A_YEAR_BEFORE, suppressed=["numerator"])),
    ],
)
def test_no_change_is_ever_claimed_from_a_withheld_cell(now, before):
    result = explain(now, before, entry(), rounded_to=5)
    assert result.direction is Direction.NOT_KNOWN
    assert "better" not in result.trend.replace("getting better", "")
    assert "cannot say" in result.trend


def test_a_hidden_number_says_it_is_this_number_that_is_hidden():
    result = explain(row(None, suppressed=["numerator", "value"]), None, entry())
    assert (
        result.trend == "We cannot say if this is getting better, because this number is hidden or missing."
    )


def test_no_year_before_says_so():
    result = explain(row(12.5, 10, 80), None, entry())
    assert result.direction is Direction.NOT_KNOWN
    assert result.trend == "There is no number from a year before to compare with."


def test_staff_figures_talk_about_staff():
    turnover = entry("sw_turnover_pct", polarity="lower", staff=True)
    result = explain(row(15.0, 6.0, 40.0), row(12.5, 5.0, 40.0, day=A_YEAR_BEFORE), turnover)
    assert result.direction is Direction.ABOUT_THE_SAME
    assert "one or two staff" in result.trend


def test_every_public_indicator_has_its_own_plain_words():
    public = [item for item in catalogue().values() if item.public]
    assert public, "the catalogue has public indicators"
    default = Indicator.__dataclass_fields__["sentence"].default
    assert [item.id for item in public if item.sentence == default] == []


def test_every_wording_names_the_value_once_and_only_known_fields():
    for item in catalogue().values():
        assert item.sentence.count("{value}") == 1
        item.sentence.format(value="1", date="d", period="p", title="t")


def test_cards_pair_each_headline_with_the_same_date_a_year_before():
    item = entry()
    frame = pl.DataFrame(
        [row(12.5, 10, 80), row(37.5, 30, 80, day=A_YEAR_BEFORE), row(20.0, 16, 80, day=date(2025, 6, 30))]
    )
    grouped = pl.DataFrame([row(20.0, 10, 50) | {"breakdown": "sex", "group": "Female"}])
    built = cards(pl.concat([frame.head(1), grouped], how="diagonal_relaxed"), frame, {item.id: item})
    assert len(built) == 1
    card = built[0]
    assert card.previous["period_end"] == A_YEAR_BEFORE
    assert [r["period_end"] for r in card.history] == [A_YEAR_BEFORE, date(2025, 6, 30), D]
    assert [g["group"] for g in card.groups] == ["Female"]


@given(
    numerator=st.integers(0, 80),
    change=st.integers(-2, 2),
    denominator=st.integers(10, 80),
)
def test_two_children_never_make_a_change(numerator, change, denominator):
    numerator = min(numerator, denominator)
    before_numerator = min(max(numerator + change, 0), denominator)
    # Values as published: rounded to the one decimal the page shows.
    now = row(round(100 * numerator / denominator, 1), numerator, denominator)
    before = row(
        round(100 * before_numerator / denominator, 1), before_numerator, denominator, day=A_YEAR_BEFORE
    )
    assert direction_of_change(now, before, entry()) is Direction.ABOUT_THE_SAME


def test_words_are_decided_on_the_true_figures_and_a_count_agrees_with_its_rate():
    # Residential placements: 15.4% (10 of 65) a year before, 10.1% (7 of 69) now. Rounded to 5 the public
    # would read 15.4% then 7.1%; the words come from the true figures, before disclosure control.
    from metrics.catalogue import catalogue
    from metrics.disclosure import DisclosureConfig, apply_disclosure
    from metrics.tidy import with_values

    entries = catalogue()
    frame = pl.concat(
        [
            with_values(
                pl.DataFrame({"indicator": [i], "period_end": [day], "breakdown": ["all"], "group": ["all"],
                              "numerator": [float(n)], "denominator": [d]},
                             schema_overrides={"denominator": pl.Float64}),
                entries[i].unit,
            )
            for i, day, n, d in [
                ("residential_placement_pct", A_YEAR_BEFORE, 10, 65), ("residential_placement_pct", D, 7, 69),
                ("cla_count", A_YEAR_BEFORE, 65, None), ("cla_count", D, 70, None),
                ("cla_rate_per_10k", A_YEAR_BEFORE, 65, 20_000), ("cla_rate_per_10k", D, 70, 20_000),
            ]
        ]
    )  # fmt: skip
    decided = with_changes(frame, entries)
    words = dict(zip(decided.get_column("indicator"), decided.get_column("change"), strict=False))
    public = apply_disclosure(decided, entries, DisclosureConfig(profile="rounded"))
    now = {row["indicator"]: row for row in public.filter(pl.col("period_end") == D).iter_rows(named=True)}
    assert now["residential_placement_pct"]["change"] == words["residential_placement_pct"]
    assert now["cla_count"]["change"] == now["cla_rate_per_10k"]["change"] == "up"
