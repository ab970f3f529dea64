"""Education indicators against a hand-worked cohort (shared/indicators.md, "Education")."""

from datetime import date

import polars as pl
import pytest

from metrics.data import care_data
from metrics.indicators.education import (
    absence_rate,
    attainment8_avg,
    education_rows_missing,
    ks2_expected_pct,
    permanent_exclusion_count,
    persistent_absence_pct,
    school_moves_pct,
    sen_plan_pct,
    suspension_pct,
)
from metrics.tidy import TIDY_COLUMNS

D = date(2025, 3, 31)


@pytest.fixture
def school_year_2025():
    """On paper, at 31/03/2025 (cohort: looked after then, period of care started on or before 01/04/2024):
    A  started 01/04/2024 (the last day that qualifies), male, on island.   Pupil.
    B  started 02/04/2024: one day too late.                                Not in the cohort.
    C  started 10/01/2020, female, off island (SW1), 16 on 31/03/2025.      Pupil.
    D  started 01/06/2018, female, on island.                               Pupil.
    E  started 15/09/2019, no education row for 2025.                       Missing, not a pupil.
    F  left care 01/03/2025 (E13).                                          Not in the cohort.
    G  only short breaks (V3).                                              Not in the cohort.
    H  started 03/03/2023, male, on island.                                 Pupil.
    Pupils: A, C, D, H. Education 2025:
          possible missed suspensions perm_excl SEN KS2  Att8  moves
    A       300     30       1          0      E    -     -     0
    C       300     29       0          1      K    -    40.5   2
    D       200     10       -          -      N    1     -     0
    H         0      0       2          0      E    0     -     1
    A's 2024 row (other year) would change every answer; B, F and G have 2025 rows that must be ignored.
    """
    header = pl.DataFrame(
        {
            "child": ["A", "B", "C", "D", "E", "F", "G", "H"],
            "sex": [1, 1, 2, 2, 1, 2, 1, 1],
            "dob": [
                date(2012, 5, 5),
                date(2012, 1, 1),
                date(2009, 3, 31),
                date(2013, 9, 1),
                date(2010, 1, 1),
                date(2011, 1, 1),
                date(2012, 1, 1),
                date(2014, 2, 2),
            ],
            "ethnic": ["WBRI", "WBRI", "BAFR", "APKN", "WBRI", "WBRI", "WBRI", "WIRI"],
        }
    )
    episodes = pl.DataFrame(
        {
            "child": ["A", "B", "C", "D", "E", "F", "G", "H"],
            "decom": [
                date(2024, 4, 1),
                date(2024, 4, 2),
                date(2020, 1, 10),
                date(2018, 6, 1),
                date(2019, 9, 15),
                date(2019, 1, 1),
                date(2021, 5, 1),
                date(2023, 3, 3),
            ],
            "rne": ["S"] * 8,
            "ls": ["C2", "C2", "C2", "C2", "C2", "C2", "V3", "C2"],
            "place": ["U4", "U4", "K2", "U5", "U4", "U4", "U6", "U4"],
            "pl_post": ["JE2", "JE2", "SW1", "JE1", "JE2", "JE2", "JE2", "JE3"],
            "dec": [None, None, None, None, None, date(2025, 3, 1), None, None],
            "rec": [None, None, None, None, None, "E13", None, None],
        }
    )
    education = pl.DataFrame(
        {
            "child": ["A", "C", "D", "H", "A", "B", "F", "G"],
            "year": [2025, 2025, 2025, 2025, 2024, 2025, 2025, 2025],
            "sessions_possible": [300, 300, 200, 0, 100, 100, 100, 100],
            "sessions_missed": [30, 29, 10, 0, 90, 90, 90, 90],
            "suspensions": [1, 0, None, 2, 9, 9, 9, 9],
            "permanent_exclusion": [0, 1, None, 0, 1, 1, 1, 1],
            "sen": ["E", "K", "N", "E", "N", "E", "E", "E"],
            "ks2_expected": [None, None, 1, 0, 0, 0, 0, 0],
            "ks4_attainment8": [None, 40.5, None, None, 1.0, 1.0, 1.0, 1.0],
            "school_moves": [0, 2, 0, 1, 5, 5, 5, 5],
        }
    )
    return care_data(header=header, episodes=episodes, education=education)


def counts(frame: pl.DataFrame) -> dict[tuple[str, str], tuple[float, float, float | None]]:
    assert frame.columns == TIDY_COLUMNS
    assert frame["period_end"].unique().to_list() == [D]
    return {
        (row["breakdown"], row["group"]): (row["numerator"], row["denominator"], row["value"])
        for row in frame.iter_rows(named=True)
    }


def test_missing_education_rows_are_listed(school_year_2025):
    assert education_rows_missing(school_year_2025, 2025)["child"].to_list() == ["E"]


def test_absence_rate_sums_sessions_of_pupils_with_sessions(school_year_2025):
    # H has no possible sessions. All: (30 + 29 + 10) / (300 + 300 + 200) = 69 / 800.
    # Male: A 30 / 300 = 10%. Female: C and D (29 + 10) / 500 = 7.8%.
    result = counts(absence_rate(school_year_2025, D))
    assert result[("all", "all")] == (69, 800, pytest.approx(8.625))
    assert result[("sex", "Male")] == (30, 300, pytest.approx(10.0))
    assert result[("sex", "Female")] == (39, 500, pytest.approx(7.8))


def test_persistent_absence_counts_exactly_ten_percent(school_year_2025):
    # A missed 30 of 300, exactly 10%: persistent. C 29 of 300 is not; nor D 10 of 200. H has none possible.
    result = counts(persistent_absence_pct(school_year_2025, D))
    assert result[("all", "all")] == (1, 3, pytest.approx(100 / 3))
    assert result[("sex", "Male")] == (1, 1, pytest.approx(100.0))
    assert result[("sex", "Female")] == (0, 2, pytest.approx(0.0))


def test_suspension_pct(school_year_2025):
    # A (1) and H (2); D's empty cell is not a suspension but D stays a pupil.
    result = counts(suspension_pct(school_year_2025, D))
    assert result[("all", "all")] == (2, 4, pytest.approx(50.0))
    assert result[("sex", "Male")] == (2, 2, pytest.approx(100.0))
    assert result[("sex", "Female")] == (0, 2, pytest.approx(0.0))


def test_permanent_exclusion_count(school_year_2025):
    result = counts(permanent_exclusion_count(school_year_2025, D))
    assert result[("all", "all")] == (1, 4, 1)
    assert result[("location", "Off island")] == (1, 1, 1)
    assert result[("location", "On island")] == (0, 3, 0)


def test_ks2_counts_only_pupils_with_a_result(school_year_2025):
    result = counts(ks2_expected_pct(school_year_2025, D))
    assert result[("all", "all")] == (1, 2, pytest.approx(50.0))
    assert result[("sex", "Female")] == (1, 1, pytest.approx(100.0))
    assert result[("sex", "Male")] == (0, 1, pytest.approx(0.0))


def test_attainment8_is_a_mean_of_recorded_scores(school_year_2025):
    result = counts(attainment8_avg(school_year_2025, D))
    assert result[("all", "all")] == (40.5, 1, pytest.approx(40.5))
    assert result[("age_band", "16+")] == (40.5, 1, pytest.approx(40.5))
    # No boy has a score: a zero denominator gives no value.
    assert result[("sex", "Male")] == (0, 0, None)


def test_school_moves_pct(school_year_2025):
    result = counts(school_moves_pct(school_year_2025, D))
    assert result[("all", "all")] == (2, 4, pytest.approx(50.0))
    assert result[("ethnic_group", "Black")] == (1, 1, pytest.approx(100.0))


def test_sen_plan_pct(school_year_2025):
    # C is 16 on 31/03/2025 exactly: 16+, and the other three are 10-15.
    result = counts(sen_plan_pct(school_year_2025, D))
    assert result[("all", "all")] == (2, 4, pytest.approx(50.0))
    assert result[("age_band", "10-15")] == (2, 3, pytest.approx(200 / 3))
    assert result[("age_band", "16+")] == (0, 1, pytest.approx(0.0))
    assert result[("placement_type", "Residential")] == (0, 1, pytest.approx(0.0))


@pytest.mark.parametrize(
    "compute",
    [
        absence_rate,
        persistent_absence_pct,
        suspension_pct,
        permanent_exclusion_count,
        ks2_expected_pct,
        attainment8_avg,
        school_moves_pct,
        sen_plan_pct,
    ],
)
def test_a_year_with_no_pupils_has_no_value(school_year_2025, compute):
    result = compute(school_year_2025, date(2019, 3, 31))
    assert result.height == 1
    row = result.row(0, named=True)
    assert (row["breakdown"], row["denominator"], row["value"]) == ("all", 0, None)
