"""The three-year plan's targets for the sample: years ending March 2025, 2026 and 2027.

The baseline of every target is the dashboard's own value for the sample at 31 March 2024 (`baselines`); each
plan year asks for a further step in the better direction. Context indicators (counts of children, starts,
returns home, SEN plans) have no target. An indicator with no 2024 value gets no target.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sample_data.baselines import headline_values

PLAN_YEARS = (2025, 2026, 2027)
BASELINE_DATE = date(2024, 3, 31)

# id: (better, step per plan year, unit). Percent steps are percentage points unless marked relative.
PLAN_INDICATORS: dict[str, tuple[str, float, str]] = {
    "placements_3plus_pct": ("lower", 1.0, "percent"),
    "long_term_stability_pct": ("higher", 3.0, "percent"),
    "foster_placement_pct": ("higher", 1.5, "percent"),
    "residential_placement_pct": ("lower", 1.0, "percent"),
    "off_island_pct": ("lower", 1.5, "percent"),
    "left_to_permanence_pct": ("higher", 2.0, "percent"),
    "adoption_days_avg": ("lower", 0.05, "relative"),
    "absence_rate": ("lower", 0.5, "percent"),
    "persistent_absence_pct": ("lower", 2.0, "percent"),
    "suspension_pct": ("lower", 1.0, "percent"),
    "permanent_exclusion_count": ("lower", 1.0, "count"),
    "ks2_expected_pct": ("higher", 3.0, "percent"),
    "attainment8_avg": ("higher", 1.0, "score"),
    "school_moves_pct": ("lower", 1.0, "percent"),
    "health_assessment_pct": ("higher", 2.0, "percent"),
    "dental_check_pct": ("higher", 2.0, "percent"),
    "immunisations_pct": ("higher", 2.0, "percent"),
    "development_check_pct": ("higher", 2.0, "percent"),
    "sdq_avg": ("lower", 0.3, "score"),
    "sdq_concern_pct": ("lower", 1.5, "percent"),
    "substance_misuse_pct": ("lower", 0.5, "percent"),
    "convicted_pct": ("lower", 0.5, "percent"),
    "missing_pct": ("lower", 1.0, "percent"),
    "missing_incidents_per_child": ("lower", 0.05, "relative"),
    "away_pct": ("lower", 0.5, "percent"),
    "leavers_in_touch_pct": ("higher", 1.0, "percent"),
    "leavers_eet_pct": ("higher", 3.0, "percent"),
    "leavers_higher_education_pct": ("higher", 1.0, "percent"),
    "leavers_neet_pct": ("lower", 3.0, "percent"),
    "leavers_suitable_accommodation_pct": ("higher", 1.5, "percent"),
    "leavers_homeless_or_emergency_pct": ("lower", 1.0, "percent"),
    "leavers_pathway_plan_pct": ("higher", 3.0, "percent"),
    "leavers_personal_adviser_pct": ("higher", 1.0, "percent"),
    "staying_put_pct": ("higher", 3.0, "percent"),
    "review_participation_pct": ("higher", 1.5, "percent"),
    "reviews_on_time_pct": ("higher", 2.0, "percent"),
    "visits_on_time_pct": ("higher", 2.0, "percent"),
    "sw_turnover_pct": ("lower", 2.0, "percent"),
    "sw_vacancy_pct": ("lower", 2.0, "percent"),
    "sw_agency_pct": ("lower", 4.0, "percent"),
    "caseload_avg": ("lower", 0.5, "score"),
    "supervision_on_time_pct": ("higher", 4.0, "percent"),
}


def _target(baseline: float, better: str, step: float, unit: str, years_on: int) -> float:
    sign = 1 if better == "higher" else -1
    if unit == "relative":
        value = baseline * (1 + sign * step * years_on)
    else:
        value = baseline + sign * step * years_on
    if unit == "percent":
        value = min(100.0, value)
    return round(max(0.0, value), 1)


def plan_targets(folder: Path) -> dict[str, list]:
    """INDICATOR, YEAR, BASELINE, TARGET for each plan year, from the return files written in ``folder``."""
    baselines = headline_values(folder, BASELINE_DATE)
    out: dict[str, list] = {"INDICATOR": [], "YEAR": [], "BASELINE": [], "TARGET": []}
    for indicator, (better, step, unit) in PLAN_INDICATORS.items():
        baseline = baselines.get(indicator)
        if baseline is None:
            continue
        baseline = round(baseline, 1)
        for years_on, year in enumerate(PLAN_YEARS, start=1):
            out["INDICATOR"].append(indicator)
            out["YEAR"].append(year)
            out["BASELINE"].append(baseline)
            out["TARGET"].append(_target(baseline, better, step, unit, years_on))
    return out
