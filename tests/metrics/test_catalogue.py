"""The registry against shared/indicators.md: every entry declared, with its metadata exactly as specified.

SPECIFICATION is a transcription of the tables of shared/indicators.md (id, theme, owner, unit, "better",
frequency, public), in its order. When the specification changes, change it here first: this test then says
which declarations must follow.
"""

from datetime import date

import polars as pl
import pytest
from tiny_catalogue import tiny_catalogue

from metrics.catalogue import (
    CATALOGUE_FRAME_SCHEMA,
    CHILD_BREAKDOWNS,
    LEAVER_BREAKDOWNS,
    Owner,
    Theme,
    catalogue,
    catalogue_frame,
)
from metrics.data import care_data
from metrics.tidy import TIDY_COLUMNS, TIDY_SCHEMA

CSC, EDU, HEALTH, JUSTICE = Owner.CHILDRENS_SOCIAL_CARE, Owner.EDUCATION, Owner.HEALTH, Owner.JUSTICE
EMPLOY, HOUSING = Owner.EMPLOYMENT, Owner.HOUSING
Q, A = "quarterly", "annual"

# id: (theme, owner, unit, polarity, frequency, public)
SPECIFICATION = {
    # Stability and permanence (owner: children's social care)
    "cla_count": (Theme.STABILITY, CSC, "count", "context", Q, True),
    "cla_rate_per_10k": (Theme.STABILITY, CSC, "rate", "context", Q, True),
    "started_count": (Theme.STABILITY, CSC, "count", "context", Q, True),
    "ceased_count": (Theme.STABILITY, CSC, "count", "context", Q, True),
    "placements_3plus_pct": (Theme.STABILITY, CSC, "percent", "lower", Q, True),
    "long_term_stability_pct": (Theme.STABILITY, CSC, "percent", "higher", Q, True),
    "foster_placement_pct": (Theme.STABILITY, CSC, "percent", "higher", Q, True),
    "residential_placement_pct": (Theme.STABILITY, CSC, "percent", "lower", Q, True),
    "off_island_pct": (Theme.STABILITY, CSC, "percent", "lower", Q, True),
    "left_to_permanence_pct": (Theme.STABILITY, CSC, "percent", "higher", Q, True),
    "returned_home_pct": (Theme.STABILITY, CSC, "percent", "context", Q, True),
    "adoption_days_avg": (Theme.STABILITY, CSC, "days", "lower", Q, True),
    "social_worker_changes_2plus_pct": (Theme.STABILITY, CSC, "percent", "lower", Q, True),
    # Education (owner: education)
    "absence_rate": (Theme.EDUCATION, EDU, "percent", "lower", A, True),
    "persistent_absence_pct": (Theme.EDUCATION, EDU, "percent", "lower", A, True),
    "suspension_pct": (Theme.EDUCATION, EDU, "percent", "lower", A, True),
    "permanent_exclusion_count": (Theme.EDUCATION, EDU, "count", "lower", A, True),
    "ks2_expected_pct": (Theme.EDUCATION, EDU, "percent", "higher", A, True),
    "attainment8_avg": (Theme.EDUCATION, EDU, "score", "higher", A, True),
    "school_moves_pct": (Theme.EDUCATION, EDU, "percent", "lower", A, True),
    "sen_plan_pct": (Theme.EDUCATION, EDU, "percent", "context", A, True),
    # Health and wellbeing (owner: health)
    "health_assessment_pct": (Theme.HEALTH, HEALTH, "percent", "higher", A, True),
    "dental_check_pct": (Theme.HEALTH, HEALTH, "percent", "higher", A, True),
    "immunisations_pct": (Theme.HEALTH, HEALTH, "percent", "higher", A, True),
    "development_check_pct": (Theme.HEALTH, HEALTH, "percent", "higher", A, True),
    "sdq_avg": (Theme.HEALTH, HEALTH, "score", "lower", A, True),
    "sdq_concern_pct": (Theme.HEALTH, HEALTH, "percent", "lower", A, True),
    "substance_misuse_pct": (Theme.HEALTH, HEALTH, "percent", "lower", A, True),
    # Youth justice and missing (owner: justice)
    "convicted_pct": (Theme.JUSTICE_MISSING, JUSTICE, "percent", "lower", A, True),
    "missing_pct": (Theme.JUSTICE_MISSING, JUSTICE, "percent", "lower", Q, True),
    "missing_incidents_per_child": (Theme.JUSTICE_MISSING, JUSTICE, "average", "lower", Q, True),
    "away_pct": (Theme.JUSTICE_MISSING, JUSTICE, "percent", "lower", Q, True),
    # Care leavers (owners per indicator)
    "leavers_in_touch_pct": (Theme.CARE_LEAVERS, CSC, "percent", "higher", A, True),
    "leavers_eet_pct": (Theme.CARE_LEAVERS, EMPLOY, "percent", "higher", A, True),
    "leavers_higher_education_pct": (Theme.CARE_LEAVERS, EDU, "percent", "higher", A, True),
    "leavers_neet_pct": (Theme.CARE_LEAVERS, EMPLOY, "percent", "lower", A, True),
    "leavers_suitable_accommodation_pct": (Theme.CARE_LEAVERS, HOUSING, "percent", "higher", A, True),
    "leavers_homeless_or_emergency_pct": (Theme.CARE_LEAVERS, HOUSING, "percent", "lower", A, True),
    "leavers_pathway_plan_pct": (Theme.CARE_LEAVERS, CSC, "percent", "higher", A, True),
    "leavers_personal_adviser_pct": (Theme.CARE_LEAVERS, CSC, "percent", "higher", A, True),
    "staying_put_pct": (Theme.CARE_LEAVERS, HOUSING, "percent", "higher", A, True),
    # Voice of the child and practice standards (owner: children's social care)
    "review_participation_pct": (Theme.VOICE, CSC, "percent", "higher", Q, True),
    "reviews_on_time_pct": (Theme.VOICE, CSC, "percent", "higher", Q, True),
    "visits_on_time_pct": (Theme.VOICE, CSC, "percent", "higher", Q, True),
    # Workforce (owner: children's social care)
    "sw_turnover_pct": (Theme.WORKFORCE, CSC, "percent", "lower", Q, True),
    "sw_vacancy_pct": (Theme.WORKFORCE, CSC, "percent", "lower", Q, True),
    "sw_agency_pct": (Theme.WORKFORCE, CSC, "percent", "lower", Q, True),
    "caseload_avg": (Theme.WORKFORCE, CSC, "average", "lower", Q, True),
    "supervision_on_time_pct": (Theme.WORKFORCE, CSC, "percent", "higher", Q, False),
}

# 31 March is both a quarter end and the only date annual indicators report at.
D = date(2025, 3, 31)


def test_catalogue_holds_exactly_the_specification_in_its_order():
    assert list(catalogue()) == list(SPECIFICATION)


@pytest.mark.parametrize("indicator_id", SPECIFICATION)
def test_metadata_matches_the_specification(indicator_id):
    entry = catalogue().get(indicator_id)
    assert entry is not None, f"{indicator_id} is not declared"
    assert entry.id == indicator_id
    assert (entry.theme, entry.owner, entry.unit, entry.polarity, entry.frequency, entry.public) == (
        SPECIFICATION[indicator_id]
    )


@pytest.mark.parametrize("indicator_id", SPECIFICATION)
def test_every_entry_is_described(indicator_id):
    entry = catalogue()[indicator_id]
    for text in (entry.title, entry.definition, entry.source):
        assert isinstance(text, str)
        assert text.strip()
    assert entry.title != entry.id, "the title is plain English, not the id"
    # A definition names numerator and denominator (or says what is counted) in words, not just a formula.
    assert len(entry.definition.split()) >= 8


@pytest.mark.parametrize("indicator_id", SPECIFICATION)
def test_breakdowns_follow_the_specification(indicator_id):
    entry = catalogue()[indicator_id]
    if entry.theme is Theme.WORKFORCE:
        # "These count staff, not children": no child breakdowns and no disclosure control.
        assert entry.breakdowns == ()
        assert entry.counts_children is False
    elif entry.theme is Theme.CARE_LEAVERS:
        # "Every indicator is also broken down by age group 17-18 and 19-21."
        assert entry.breakdowns == LEAVER_BREAKDOWNS
        assert entry.counts_children is True
    else:
        # Children's indicators break down by the child breakdowns (a rate whose denominator is the
        # population may offer fewer: population.csv has no groups).
        assert set(entry.breakdowns) <= set(CHILD_BREAKDOWNS)
        assert entry.counts_children is True


@pytest.mark.parametrize("indicator_id", SPECIFICATION)
def test_empty_return_gives_the_tidy_frame_with_null_values_for_zero_denominators(indicator_id):
    entry = catalogue()[indicator_id]
    result = entry.compute(care_data(), D)
    assert isinstance(result, pl.DataFrame)
    assert result.columns == TIDY_COLUMNS
    assert dict(result.schema) == TIDY_SCHEMA
    assert result["indicator"].to_list() == [indicator_id] * result.height
    assert result["period_end"].to_list() == [D] * result.height
    headline = result.filter((pl.col("breakdown") == "all") & (pl.col("group") == "all"))
    assert headline.height == 1
    zero_denominator = result.filter(pl.col("denominator") == 0)
    assert zero_denominator["value"].null_count() == zero_denominator.height
    if entry.unit != "count":
        # Nothing to count: every value is null, never 0.
        assert result["value"].null_count() == result.height


# The sample's own input data keyed by indicator id (like plan_targets.csv and comparators.csv): the plan's
# step per year and England's published figures. Data about a plan or a publication, not about an indicator.
SAMPLE_INPUT_DATA = {"sample_data/targets.py", "sample_data/local_files.py"}


def test_no_module_but_the_theme_modules_holds_facts_about_one_indicator():
    # Adding an indicator is one declaration and one function: any other module naming an indicator id holds
    # a fact about it that belongs in its declaration.
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    theme_modules = root / "metrics" / "indicators"
    ids = re.compile(r"\b(" + "|".join(map(re.escape, catalogue())) + r")\b")
    holders = {}
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        # Tests and benchmarks restate definitions on purpose: independent readings to check the engine by.
        if relative.startswith((".venv/", "tests/", "benchmarks/")) or path.parent == theme_modules:
            continue
        if relative in SAMPLE_INPUT_DATA:
            continue
        found = sorted(set(ids.findall(path.read_text(encoding="utf-8"))))
        if found:
            holders[relative] = found
    assert holders == {}


@pytest.mark.parametrize("indicator_id", SPECIFICATION)
def test_every_declaration_says_how_its_units_are_counted_and_worded(indicator_id):
    entry = catalogue()[indicator_id]
    assert entry.kind in ("count", "share", "mean", "ratio", "rate")
    assert entry.sentence.count("{value}") == 1
    if entry.children_counted_by is not None:
        assert entry.children_counted_by in catalogue()


def test_catalogue_frame_is_one_row_per_entry_in_catalogue_order():
    frame = catalogue_frame(tiny_catalogue())

    assert frame.schema == pl.Schema(CATALOGUE_FRAME_SCHEMA)
    assert frame.get_column("indicator").to_list() == [
        "children_open", "fostered_pct", "health_pct", "sdq_mean", "vacancy_pct", "private_count",
    ]  # fmt: skip
    private = frame.row(5, named=True)
    assert (private["owner"], private["unit"], private["public"]) == ("education", "count", False)
    assert frame.row(2, named=True)["theme"] == str(Theme.HEALTH)
    assert catalogue_frame({}).schema == pl.Schema(CATALOGUE_FRAME_SCHEMA)
    assert catalogue_frame({}).height == 0
