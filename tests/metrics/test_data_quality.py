from datetime import date

import polars as pl
import pytest

from metrics.data import care_data
from metrics.data_quality import NO_EDUCATION_ROW, data_quality_notes
from metrics.roles import Role


def _data():
    # A, B and C looked after since 2020 (so in the 2025 outcomes cohort); only A has a 2025 education row.
    # C was 3 on 31 August 2024, too young for school, so has no row to miss.
    episodes = pl.DataFrame(
        {
            "child": ["A", "B", "C"],
            "decom": [date(2020, 1, 1)] * 3,
            "rne": ["S"] * 3,
            "ls": ["C2"] * 3,
            "place": ["U4"] * 3,
        }
    )
    education = pl.DataFrame({"child": ["A"], "year": [2025], "sessions_possible": [300]})
    header = pl.DataFrame(
        {"child": ["A", "B", "C"], "dob": [date(2012, 1, 1), date(2013, 1, 1), date(2020, 9, 1)]}
    )
    return care_data(header=header, episodes=episodes, education=education)


def test_pupils_without_an_education_row_are_named_for_the_analyst():
    notes = data_quality_notes(_data(), Role.parse("analyst"))
    assert notes.to_dicts() == [{"year": 2025, "note": NO_EDUCATION_ROW, "child": "B"}]


@pytest.mark.parametrize("role", ["public", "leadership", "department:education"])
def test_no_other_role_gets_child_ids(role):
    with pytest.raises(PermissionError):
        data_quality_notes(_data(), Role.parse(role))
