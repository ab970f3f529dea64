"""Health indicators against hand-worked oc2 rows (shared/indicators.md, "Health and wellbeing")."""

from datetime import date

import polars as pl
import pytest

from metrics.data import care_data
from metrics.indicators.health import (
    dental_check_pct,
    development_check_pct,
    health_assessment_pct,
    immunisations_pct,
    sdq_avg,
    sdq_concern_pct,
    substance_misuse_pct,
)
from metrics.tidy import TIDY_COLUMNS

D = date(2025, 3, 31)


@pytest.fixture
def oc2_2025():
    """On paper, oc2 rows of YEAR 2025, age at 31/03/2025:
         DOB          age  sex   HEALTH_CHECK  SDQ  HEALTH_ASSESSMENT TEETH IMMUNISATIONS SUBSTANCE
    K1  01/04/2020    4   male        1         10        1             1        1            0
    K2  31/03/2020    5   female      1         20        0             1        -            0
    K3  01/06/2023    1   male        0          -        1             0        1            0
    K4  01/04/2008   16   female      -         17        1             1        1            1
    K5  31/03/2008   17   male        -         30        1             -        0            1
    K6  01/01/2021    4   (not in header.csv)   -    -    -             0        1            -
    K8  (no DOB in oc2; header 05/05/2021) 3 male 1  -    1             1        1            0
    K7 is a YEAR 2024 row with every flag 1 and SDQ 40: ignored.
    K2 is 5 on 31 March itself, so not under 5; K1 and K4 (4 and 16) are in the SDQ ages, K5 (17) is not.
    """
    oc2 = pl.DataFrame(
        {
            "child": ["K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8"],
            "year": [2025, 2025, 2025, 2025, 2025, 2025, 2024, 2025],
            "dob": [
                date(2020, 4, 1),
                date(2020, 3, 31),
                date(2023, 6, 1),
                date(2008, 4, 1),
                date(2008, 3, 31),
                date(2021, 1, 1),
                date(2022, 1, 1),
                None,
            ],
            "health_check": [1, 1, 0, None, None, None, 1, 1],
            "sdq_score": [10, 20, None, 17, 30, None, 40, None],
            "health_assessment": [1, 0, 1, 1, 1, None, 1, 1],
            "teeth_check": [1, 1, 0, 1, None, 0, 1, 1],
            "immunisations": [1, None, 1, 1, 0, 1, 1, 1],
            "substance_misuse": [0, 0, 0, 1, 1, None, 1, 0],
        }
    )
    header = pl.DataFrame(
        {
            "child": ["K1", "K2", "K3", "K4", "K5", "K7", "K8"],
            "sex": [1, 2, 1, 2, 1, 1, 1],
            "dob": [
                date(2020, 4, 1),
                date(2020, 3, 31),
                date(2023, 6, 1),
                date(2008, 4, 1),
                date(2008, 3, 31),
                date(2022, 1, 1),
                date(2021, 5, 5),
            ],
            "ethnic": ["WBRI"] * 7,
        }
    )
    return care_data(oc2=oc2, header=header)


def counts(frame: pl.DataFrame) -> dict[tuple[str, str], tuple[float, float, float | None]]:
    assert frame.columns == TIDY_COLUMNS
    assert frame["period_end"].unique().to_list() == [D]
    return {
        (row["breakdown"], row["group"]): (row["numerator"], row["denominator"], row["value"])
        for row in frame.iter_rows(named=True)
    }


# Denominator: the 7 rows of 2025 (male K1 K3 K5 K8, female K2 K4, not recorded K6).
SHARES_OF_ALL = [
    (health_assessment_pct, (5, 7), (4, 4), (1, 2)),  # K1 K3 K4 K5 K8; K6's empty cell is not a 1
    (dental_check_pct, (4, 7), (2, 4), (2, 2)),  # K1 K2 K4 K8
    (immunisations_pct, (5, 7), (3, 4), (1, 2)),  # K1 K3 K4 K6 K8
    (substance_misuse_pct, (2, 7), (1, 4), (1, 2)),  # K4 K5
]


@pytest.mark.parametrize(("compute", "headline", "male", "female"), SHARES_OF_ALL)
def test_shares_of_all_oc2_rows(oc2_2025, compute, headline, male, female):
    result = counts(compute(oc2_2025, D))
    for key, (numerator, denominator) in (
        (("all", "all"), headline),
        (("sex", "Male"), male),
        (("sex", "Female"), female),
    ):
        assert result[key] == (numerator, denominator, pytest.approx(100 * numerator / denominator))


def test_development_check_is_for_children_under_five(oc2_2025):
    # Under 5: K1 (4), K3 (1), K6 (4), K8 (3, age from header.csv); K2, 5 on the day, is not.
    result = counts(development_check_pct(oc2_2025, D))
    assert result[("all", "all")] == (2, 4, pytest.approx(50.0))  # K1 K8
    assert result[("sex", "Male")] == (2, 3, pytest.approx(200 / 3))
    assert result[("sex", "Not recorded")] == (0, 1, pytest.approx(0.0))  # K6, not in header.csv
    assert ("sex", "Female") not in result


def test_sdq_average_of_ages_4_to_16_with_a_score(oc2_2025):
    # K1 (4) 10, K2 (5) 20, K4 (16) 17; K5 (17) is too old, K3, K6 and K8 have no score.
    result = counts(sdq_avg(oc2_2025, D))
    assert result[("all", "all")] == (47, 3, pytest.approx(47 / 3))
    assert result[("sex", "Male")] == (10, 1, pytest.approx(10.0))
    assert result[("sex", "Female")] == (37, 2, pytest.approx(18.5))
    row = sdq_avg(oc2_2025, D).row(0, named=True)
    assert (row["ci_low"], row["ci_high"]) == (None, None)  # an interval is for percentages only


def test_sdq_concern_scores_17_or_more(oc2_2025):
    # K2 (20) and K4 (17, exactly the threshold); K1 (10) is not; K5's 30 is outside the ages.
    result = counts(sdq_concern_pct(oc2_2025, D))
    assert result[("all", "all")] == (2, 3, pytest.approx(200 / 3))
    assert result[("sex", "Male")] == (0, 1, pytest.approx(0.0))
    assert result[("sex", "Female")] == (2, 2, pytest.approx(100.0))


@pytest.mark.parametrize(
    "compute",
    [
        health_assessment_pct,
        dental_check_pct,
        immunisations_pct,
        development_check_pct,
        sdq_avg,
        sdq_concern_pct,
        substance_misuse_pct,
    ],
)
def test_a_year_without_rows_has_no_value(oc2_2025, compute):
    result = compute(oc2_2025, date(2023, 3, 31))
    assert result.height == 1
    row = result.row(0, named=True)
    assert (row["breakdown"], row["denominator"], row["value"]) == ("all", 0, None)


def test_no_child_in_the_sdq_ages_gives_no_value():
    # Only a 17-year-old with a score and a 3-year-old without: nobody is aged 4 to 16 with a score.
    data = care_data(
        oc2=pl.DataFrame(
            {
                "child": ["P", "Q"],
                "year": [2025, 2025],
                "dob": [date(2008, 3, 31), date(2021, 6, 1)],
                "sdq_score": [25, None],
            }
        )
    )
    for compute in (sdq_avg, sdq_concern_pct):
        row = compute(data, D).row(0, named=True)
        assert (row["numerator"], row["denominator"], row["value"]) == (0, 0, None)
