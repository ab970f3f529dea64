"""What needs attention first: order, gaps in children and the summary paragraph, worked by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from tiny_catalogue import tiny_catalogue, tiny_data

from metrics.attention import Concern, attention, certainty_text, gap, gap_text, signal_texts, summary
from metrics.catalogue import catalogue
from metrics.data import care_data
from metrics.periods import period_heading, period_phrase
from metrics.report import trend_frame
from metrics.roles import Role

ENTRIES = catalogue()
DAY = date(2026, 9, 30)


def row(indicator, value, target, denominator, status, *, variation="common_cause", worsening=False):
    return {
        "indicator": indicator, "value": value, "target": target, "denominator": denominator,
        "status": status, "variation": variation, "worse_and_worsening": worsening, "certainty": "clear",
    }  # fmt: skip


def test_gap_is_the_shortfall_in_what_the_indicator_counts():
    # 31 of 50 children visited (62%) against 75%: 13 points of 50 children = 6.5 children short.
    assert gap(row("visits_on_time_pct", 62.0, 75.0, 50, "off_track"), ENTRIES["visits_on_time_pct"]) == (
        pytest.approx(6.5)
    )
    # Lower is better: 13.0% with 3 or more placements of 69 against 9.7%: 3.3 × 69 / 100 = 2.277.
    assert gap(row("placements_3plus_pct", 13.0, 9.7, 69, "off_track"), ENTRIES["placements_3plus_pct"]) == (
        pytest.approx(2.277)
    )
    # Absence counts sessions: 7.1% of 8,625 sessions against 5.0% is 181 sessions.
    absence = row("absence_rate", 7.1, 5.0, 8625, "off_track")
    assert gap(absence, ENTRIES["absence_rate"]) == pytest.approx(181.125)
    assert gap_text(absence, ENTRIES["absence_rate"]) == "about 181 sessions short of the target"
    # A met target has no gap; a mean has none in children.
    assert gap(row("visits_on_time_pct", 80.0, 75.0, 50, "met"), ENTRIES["visits_on_time_pct"]) == 0.0
    assert gap(row("adoption_days_avg", 500.0, 400.0, 6, "off_track"), ENTRIES["adoption_days_avg"]) is None


def test_worse_and_worsening_leads_then_off_track_by_gap_then_concerning_signals():
    headlines = pl.DataFrame(
        [
            row("health_assessment_pct", 80.0, 90.0, 40, "off_track"),  # 4 children short
            row("visits_on_time_pct", 62.0, 75.0, 50, "off_track"),  # 6.5 short
            row("dental_check_pct", 70.0, 75.0, 40, "near", variation="special_cause_concerning"),
            row("immunisations_pct", 85.0, 90.0, 20, "off_track", worsening=True),  # 1 short, but worsening
            row("adoption_days_avg", 500.0, 400.0, 6, "off_track"),  # no gap in children: last of its kind
            row("sen_plan_pct", 30.0, 25.0, 40, "met"),  # met, common cause: not listed
        ]
    )
    listed = [(reason, r["indicator"]) for reason, r in attention(headlines, ENTRIES)]
    assert listed == [
        (Concern.WORSE_AND_WORSENING, "immunisations_pct"),
        (Concern.OFF_TRACK, "visits_on_time_pct"),
        (Concern.OFF_TRACK, "health_assessment_pct"),
        (Concern.OFF_TRACK, "adoption_days_avg"),
        (Concern.CONCERNING_SIGNAL, "dental_check_pct"),
    ]
    text = summary(headlines, ENTRIES, DAY)
    assert text.startswith(
        "At 30 September 2026, of the 6 indicators with a target, 1 is met, 1 near and 4 off track. "
        "1 is off track and getting worse: Immunisations up to date."
    )
    assert "1 more shows a concerning change before missing its target: Dental check." in text
    assert text.endswith(
        "The largest gap is children in care visited by their social worker in the last 6 weeks: 62.0% "
        "against a target of 75.0%, about 6.5 children short of the target."
    )


def test_certainty_in_words_says_what_the_children_count():
    too_few = {"certainty": "too_few_to_say"}
    assert certainty_text(too_few, ENTRIES["ks2_expected_pct"]) == "too few pupils to say"
    assert certainty_text({"certainty": None}, ENTRIES["ks2_expected_pct"]) is None


@pytest.mark.parametrize(
    ("indicator", "heading", "phrase"),
    [
        ("cla_count", "At 30 September 2026", "at 30 September 2026"),
        ("missing_pct", "12 months to 30 September 2026", "in the 12 months to 30 September 2026"),
        ("sw_vacancy_pct", "September 2026", "in September 2026"),
        ("health_assessment_pct", "Year to 30 September 2026", "in the year to 30 September 2026"),
    ],
)
def test_each_indicator_says_its_period(indicator, heading, phrase):
    kind = ENTRIES[indicator].period
    assert period_heading(kind, DAY) == heading
    assert period_phrase(kind, DAY) == phrase


def test_stored_trend_carries_signals_for_staff_and_none_for_the_public():
    entries = tiny_catalogue()
    data = tiny_data()
    staff = trend_frame(data, Role("leadership"), entries=entries)
    # Every staff row with a value has its signals (too few points, on a short series), the public none.
    assert staff.filter(pl.col("value").is_not_null()).get_column("variation").is_not_null().all()
    assert trend_frame(data, Role("public"), entries=entries).get_column("variation").is_null().all()


def test_age_bands_come_youngest_first_not_as_text():
    base = tiny_data()
    # Children born 2012 (10-15 in 2025), 2017 (5-9) and 2021 (1-4): text order would put 10-15 first.
    born = (
        pl.int_range(pl.len())
        .mod(3)
        .replace_strict({0: date(2012, 1, 1), 1: date(2017, 1, 1), 2: date(2021, 6, 1)})
    )
    data = care_data(
        header=base.header.with_columns(dob=born),
        episodes=base.episodes,
        oc2=base.oc2,
        workforce=base.workforce,
    )
    trend = trend_frame(data, Role("leadership"), entries={"cla_count": ENTRIES["cla_count"]})
    ages = trend.filter(pl.col("breakdown") == "age_band")
    latest = ages.filter(pl.col("period_end") == ages["period_end"].max()).get_column("group").to_list()
    natural = ["Under 1", "1-4", "5-9", "10-15", "16+", "Not recorded"]
    assert len(latest) >= 2
    assert latest == [group for group in natural if group in latest]


def test_signals_say_the_rule_behind_them_in_words():
    variation, assurance = signal_texts(
        {"variation": "special_cause_concerning", "assurance": "hit_and_miss", "signal_rules": "shift,trend"}
    )
    assert variation == (
        "▼ Special cause: concerning (a run of 7 points on one side of the mean; 6 points in a row rising or "
        "falling)"
    )
    assert assurance == "? Hit and miss: the target is inside the limits"
