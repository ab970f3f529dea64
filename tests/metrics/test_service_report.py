"""What the Services page is given (`metrics.service_report`), on the hand-worked return of
`tests.metrics.service_fixture` at D = 31/03/2025, and refused to every role but the three allowed."""

from __future__ import annotations

import pytest

from metrics.data import care_data
from metrics.roles import Role
from metrics.service_report import service_dates, services_report
from tests.metrics.service_fixture import D, fixture_data

LEADERSHIP = Role.parse("leadership")


def test_flagged_services_come_first_with_every_reason_joined():
    report = services_report(fixture_data(), D, LEADERSHIP)

    # F1 and H2 are at risk (see test_service_warnings), by name; H1 (1 child in 2 places) is not.
    assert report.services.select("service_id", "at_risk").rows() == [
        ("F1", True),
        ("H2", True),
        ("H1", False),
    ]
    f1 = report.services.row(0, named=True)
    assert f1["reasons"] == (
        "1 of 10 places filled, and 2 a quarter before: below half for two quarters; "
        "weekly cost £840, up 20% from £700 a year before"
    )
    assert (f1["weekly_cost"], f1["kind_label"]) == (840.0, "Fostering service")
    assert report.reasons.filter(service_id="F1").select("name", "title").rows() == [
        ("Far Fostering", "Occupancy below half for two quarters"),
        ("Far Fostering", "Cost per week up by more than a tenth in a year"),
    ]


def test_kinds_sum_their_services():
    kinds = services_report(fixture_data(), D, LEADERSHIP).kinds
    homes = kinds.filter(kind="CHILDRENS_HOME").row(0, named=True)
    # H1 and H2: 1 child placed at D; H1's £289,500 over 579 placement days is £182,500 a child-year.
    assert (homes["kind_label"], homes["services"], homes["children_placed"]) == ("Children's home", 2, 1)
    assert homes["cost_per_child_year"] == pytest.approx(182_500.0)


@pytest.mark.parametrize("role", ["analyst", "department:childrens_social_care"])
def test_analysts_and_childrens_social_care_see_the_same(role):
    assert services_report(fixture_data(), D, Role.parse(role)).services.equals(
        services_report(fixture_data(), D, LEADERSHIP).services
    )


@pytest.mark.parametrize("role", ["public", "department:health", "department:education"])
def test_every_other_role_is_refused_in_the_data_layer(role):
    with pytest.raises(PermissionError):
        services_report(fixture_data(), D, Role.parse(role))
    with pytest.raises(PermissionError):
        service_dates(fixture_data(), Role.parse(role))


def test_without_services_there_is_no_report_and_no_date():
    assert services_report(care_data(), D, LEADERSHIP) is None
    assert service_dates(care_data(), LEADERSHIP) == []


def test_the_series_is_computed_once_per_data_set_for_every_date_and_role():
    data = fixture_data()
    series = services_report(data, D, LEADERSHIP).series
    earlier = service_dates(data, LEADERSHIP)[-1]
    assert services_report(data, earlier, Role.parse("analyst")).series is series
    assert services_report(fixture_data(), D, LEADERSHIP).series is not series  # another data set
