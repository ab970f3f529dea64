"""The files each indicator reads, and which indicators are "not available" because a file was never loaded.

The data spec: an indicator whose input file was never loaded has no value (``x``, "not available", with the
reason), never a rejection of the return. A local authority may load its statutory return without the local
files (education.csv, visits.csv, ...), or the local files alone; then the indicators that read a missing
file say which file is missing instead of showing a figure computed from an empty table (a leaver without a
leaver_support.csv row would otherwise count as having no pathway plan).
"""

from __future__ import annotations

from collections.abc import Iterable

from metrics.data import not_available_reason

CARE = ("header.csv", "episodes.csv")  # who is looked after, when, where: every child-level indicator

_BY_FILES: dict[tuple[str, ...], tuple[str, ...]] = {
    CARE: (
        "cla_count", "started_count", "ceased_count", "placements_3plus_pct", "long_term_stability_pct",
        "foster_placement_pct", "residential_placement_pct", "off_island_pct", "left_to_permanence_pct",
        "returned_home_pct", "adoption_days_avg",
    ),
    (*CARE, "population.csv"): ("cla_rate_per_10k",),
    (*CARE, "sw_episodes.csv"): ("social_worker_changes_2plus_pct",),
    (*CARE, "education.csv"): (
        "absence_rate", "persistent_absence_pct", "suspension_pct", "permanent_exclusion_count",
        "ks2_expected_pct", "attainment8_avg", "school_moves_pct", "sen_plan_pct",
    ),
    (*CARE, "oc2.csv"): (
        "health_assessment_pct", "dental_check_pct", "immunisations_pct", "development_check_pct", "sdq_avg",
        "sdq_concern_pct", "substance_misuse_pct", "convicted_pct",
    ),
    (*CARE, "missing.csv"): ("missing_pct", "missing_incidents_per_child", "away_pct"),
    ("oc3.csv",): (
        "leavers_in_touch_pct", "leavers_eet_pct", "leavers_higher_education_pct", "leavers_neet_pct",
        "leavers_suitable_accommodation_pct", "leavers_homeless_or_emergency_pct",
    ),
    ("oc3.csv", "leaver_support.csv"): (
        "leavers_pathway_plan_pct", "leavers_personal_adviser_pct", "staying_put_pct",
    ),
    (*CARE, "reviews.csv"): ("review_participation_pct", "reviews_on_time_pct"),
    (*CARE, "visits.csv"): ("visits_on_time_pct",),
    ("workforce.csv",): (
        "sw_turnover_pct", "sw_vacancy_pct", "sw_agency_pct", "caseload_avg", "supervision_on_time_pct",
    ),
}  # fmt: skip

INPUT_FILES: dict[str, tuple[str, ...]] = {
    indicator_id: files for files, indicator_ids in _BY_FILES.items() for indicator_id in indicator_ids
}


def not_available(loaded_files: Iterable[str] | None, indicator_ids: Iterable[str]) -> dict[str, str]:
    """The indicators of ``indicator_ids`` that read a file never loaded, each with its reason
    ("not available: education.csv not loaded"). ``loaded_files`` None (not known) makes every one available;
    an indicator whose files are not declared here is taken as available."""
    if loaded_files is None:
        return {}
    loaded = set(loaded_files)
    reasons = {}
    for indicator_id in indicator_ids:
        missing = [file for file in INPUT_FILES.get(indicator_id, ()) if file not in loaded]
        if missing:
            reasons[indicator_id] = not_available_reason(missing)
    return reasons
