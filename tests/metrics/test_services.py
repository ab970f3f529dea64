"""Service measures against the hand-worked return of `tests.metrics.service_fixture` (D = 31/03/2025).

Worked on paper, for the 12 months 01/04/2024-31/03/2025:

| measure | H1 | F1 | H2 |
|---|---|---|---|
| children placed at D | C = 1 | A = 1 | 0 |
| occupancy | 1 / 2 = 50% | 1 / 10 = 10% | 0 / 3 = 0% |
| placement starts | B 01/05/2024 = 1 | A 01/06/2024, B 01/10/2024 = 2 | 0 |
| placement endings | A 01/06/2024, B 01/10/2024 = 2 | B 31/01/2025 = 1 | 0 |
| unplanned endings | A (ALLEG) = 1 of 2 = 50% | 0 of 1 = 0% | none: no value |
| missing per child | (A 01/05, C 01/02) 2 / (A, B, C) 3 = 0.67 | (A 01/06) 1 / (A, B) 2 = 0.5 | none |
| average length | (A 152 + B 153) / 2 = 152.5 days | B 122 days | none |
| placement days in S..D | A 61 + B 153 + C 365 = 579 | A 304 + B 122 = 426 | 0 |
| spend | 579 x 3,500 / 7 = £289,500 | (A 183 + B 61) x 100 + (A 121 + B 61) x 120 = £46,240 | £0 |
| cost per child-year | 289,500 / (579 / 365) = £182,500 | 46,240 / (426 / 365) = £39,618.78 | none |
| children off-island | 0 | 1 | 0 |

A's 61 days at H1: April 30 + May 31 (the placement ends on 01/06, so that day is F1's). B's H1 placement runs
through its L episode: 01/05-01/10/2024 is 153 days. F1's price is £100 a day to 30/11/2024 and £120 from
01/12/2024. D's short break and E's placement with an unlisted service count nowhere.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from metrics.data import care_data
from metrics.roles import Role
from metrics.services import (
    GRADE_ORDER,
    KIND_LABELS,
    MEASURES,
    by_kind,
    counts_on,
    has_services,
    may_see_services,
    placements,
    require_services_role,
    service_counts,
    service_series,
    weekly_cost_on,
    window_start,
    with_measures,
)
from queries import codes
from tests.metrics.service_fixture import D, fixture_data


@pytest.fixture
def measured() -> dict[str, dict]:
    frame = with_measures(service_counts(fixture_data(), D))
    return {row["service_id"]: row for row in frame.iter_rows(named=True)}


EXPECTED = {
    "H1": {
        "children_placed": 1, "occupancy_pct": 50.0, "placement_starts": 1, "placement_endings": 2,
        "unplanned_endings_pct": 50.0, "missing_per_child": 2 / 3, "average_placement_days": 152.5,
        "spend": 289_500.0, "cost_per_child_year": 182_500.0, "children_off_island": 0,
    },
    "F1": {
        "children_placed": 1, "occupancy_pct": 10.0, "placement_starts": 2, "placement_endings": 1,
        "unplanned_endings_pct": 0.0, "missing_per_child": 0.5, "average_placement_days": 122.0,
        "spend": 46_240.0, "cost_per_child_year": 39_618.78, "children_off_island": 1,
    },
    "H2": {
        "children_placed": 0, "occupancy_pct": 0.0, "placement_starts": 0, "placement_endings": 0,
        "unplanned_endings_pct": None, "missing_per_child": None, "average_placement_days": None,
        "spend": 0.0, "cost_per_child_year": None, "children_off_island": 0,
    },
}  # fmt: skip


@pytest.mark.parametrize("service", list(EXPECTED))
@pytest.mark.parametrize("measure", list(MEASURES))
def test_measure_is_as_worked_by_hand(measured, service, measure):
    expected = EXPECTED[service][measure]
    value = measured[service][measure]
    if expected is None:
        assert value is None
    else:
        assert value == pytest.approx(expected, abs=0.005)


def test_every_measure_has_a_hand_worked_value():
    assert all(set(expected) == set(MEASURES) for expected in EXPECTED.values())


def test_placements_follow_the_service_of_their_first_episode_and_leave_short_breaks_out():
    rows = placements(fixture_data()).sort("child", "start")
    assert rows.select("child", "service_id", "start", "end").rows() == [
        ("A", "H1", date(2024, 1, 1), date(2024, 6, 1)),
        ("A", "F1", date(2024, 6, 1), None),
        ("B", "H1", date(2024, 5, 1), date(2024, 10, 1)),
        ("B", "F1", date(2024, 10, 1), date(2025, 1, 31)),
        ("C", "H1", date(2023, 1, 1), None),
    ]
    # The reason of a placement's ending is the one on its LAST episode (DfE rule 225).
    assert rows.filter(child="B", service_id="H1").item(0, "reason_place_change") == "CARPL"


def test_a_reason_on_the_episode_that_starts_the_next_placement_is_not_its_ending():
    # Recorded the wrong way round (on the P episode), ALLEG says nothing about how A's H1 placement ended.
    frame = fixture_data().episodes.with_columns(
        reason_place_change=pl.when(pl.col("rne") == "P").then(pl.lit("ALLEG"))
    )
    counts = service_counts(fixture_data(episodes=frame), D).filter(service_id="H1")
    assert counts.select("endings", "unplanned").row(0) == (2, 0)


def test_kinds_are_summed_counts_not_averages_of_services():
    kinds = by_kind(service_counts(fixture_data(), D)).filter(kind="CHILDRENS_HOME").row(0, named=True)
    # H1 and H2: 1 child in 2 + 3 places.
    assert (kinds["services"], kinds["placed"], kinds["capacity"]) == (2, 1, 5)
    assert kinds["occupancy_pct"] == pytest.approx(20.0)
    assert kinds["cost_per_child_year"] == pytest.approx(182_500.0)  # H2 has no price and no children


def test_a_shorter_window_counts_only_its_months():
    # The 3 months to D (01/01/2025-31/03/2025): only B's F1 placement ends (31/01/2025), planned.
    f1 = with_measures(service_counts(fixture_data(), D, months=3)).filter(service_id="F1").row(0, named=True)
    assert window_start(D, 3) == date(2025, 1, 1)
    assert (f1["placement_starts"], f1["placement_endings"], f1["unplanned_endings_pct"]) == (0, 1, 0.0)
    # A 90 days at £120 + B 30 days (01/01-30/01) at £120.
    assert f1["spend"] == pytest.approx((90 + 30) * 120)


def test_the_weekly_cost_in_force_on_a_day():
    data = fixture_data()
    costs = {day: dict(weekly_cost_on(data, day).rows()) for day in (date(2023, 6, 1), date(2024, 12, 1))}
    # Before F1's first recorded price that price stands; H1 has its services.csv price throughout.
    assert costs[date(2023, 6, 1)] == {"F1": 700.0, "H1": 3500.0}
    assert costs[date(2024, 12, 1)] == {"F1": 840.0, "H1": 3500.0}


def test_a_series_has_every_service_at_every_date():
    series = service_series(fixture_data(), dates=[date(2024, 12, 31), D])
    assert series.height == 6
    assert series.filter(service_id="H1").get_column("children_placed").to_list() == [1, 1]


def test_counts_read_from_the_series_are_those_counted_at_the_date():
    data = fixture_data()
    days = [date(2024, 9, 30), date(2024, 12, 31), D]
    series = service_series(data, dates=days)
    for day in days:
        assert counts_on(data, day, series).equals(with_measures(service_counts(data, day)))
    not_in_series = date(2024, 6, 30)
    assert counts_on(data, not_in_series, series).equals(service_counts(data, not_in_series))
    assert counts_on(data, D, pl.DataFrame()).equals(service_counts(data, D))


def test_without_services_there_is_nothing_to_measure():
    data = care_data()
    assert not has_services(data)
    assert service_series(data).is_empty()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("leadership", True),
        ("analyst", True),
        ("department:childrens_social_care", True),
        ("department:health", False),
        ("public", False),
    ],
)
def test_only_leadership_analysts_and_childrens_social_care_see_services(role, allowed):
    assert may_see_services(Role.parse(role)) is allowed
    if not allowed:
        with pytest.raises(PermissionError):
            require_services_role(Role.parse(role))


def test_labels_cover_the_code_lists_of_the_data_contract():
    assert set(KIND_LABELS) == set(codes.SERVICE_KIND)
    assert {*GRADE_ORDER, "NOT_INSPECTED"} == set(codes.INSPECTION_GRADE)


def test_every_measure_is_declared_in_full():
    for measure in MEASURES.values():
        assert all((measure.title, measure.definition, measure.unit, measure.polarity))
