"""Care leaver indicators against a hand-worked year (shared/indicators.md, "Care leavers", example 4)."""

from datetime import date

import polars as pl
import pytest

from metrics.data import care_data
from metrics.indicators.care_leavers import (
    care_leavers,
    leavers_eet_pct,
    leavers_higher_education_pct,
    leavers_homeless_or_emergency_pct,
    leavers_in_touch_pct,
    leavers_neet_pct,
    leavers_pathway_plan_pct,
    leavers_personal_adviser_pct,
    leavers_suitable_accommodation_pct,
    staying_put_pct,
)
from metrics.tidy import TIDY_COLUMNS

D = date(2025, 3, 31)


@pytest.fixture
def leavers_2025():
    """On paper, care leavers of YEAR 2025 with age at 31/03/2025:
    L1 born 31/03/2007: 18 that very day -> 17-18. YES, F1, Z1; support: plan 1, adviser 1, staying put 1.
    L2 born 01/04/2006: 19 only on 01/04/2025, so 18 -> 17-18. YES, G5, S2; support: plan 0, adviser 1, put 0.
    L3 born 31/03/2006: 19 -> 19-21. NO, no ACTIV, no ACCOM; no support row (counts as 0).
    L4 born 15/06/2004: 20 -> 19-21. YES, P5, V2; support: plan 1, adviser 0.
    L5 born 01/01/2005: DIED -> out of every denominator, though its support row says plan 1, adviser 1.
    L6 born 01/08/2007: 17 -> 17-18. REFU, ACTIV 0 (not known), U1; support only for YEAR 2024 (counts as 0).
    L7 is a YEAR 2024 row: not a care leaver of 2025.
    Denominator: L1 L2 L3 L4 L6 = 5 (17-18: L1 L2 L6 = 3; 19-21: L3 L4 = 2).
    """
    oc3 = pl.DataFrame(
        {
            "child": ["L1", "L2", "L3", "L4", "L5", "L6", "L7"],
            "year": [2025, 2025, 2025, 2025, 2025, 2025, 2024],
            "dob": [
                date(2007, 3, 31),
                date(2006, 4, 1),
                date(2006, 3, 31),
                date(2004, 6, 15),
                date(2005, 1, 1),
                date(2007, 8, 1),
                date(2006, 1, 1),
            ],
            "in_touch": ["YES", "YES", "NO", "YES", "DIED", "REFU", "YES"],
            "activ": ["F1", "G5", None, "P5", None, "0", "F1"],
            "accom": ["Z1", "S2", None, "V2", None, "U1", "Z1"],
        }
    )
    support = pl.DataFrame(
        {
            "child": ["L1", "L2", "L4", "L5", "L6", "L7"],
            "year": [2025, 2025, 2025, 2025, 2024, 2024],
            "pathway_plan": [1, 0, 1, 1, 1, 1],
            "personal_adviser": [1, 1, 0, 1, 1, 1],
            "staying_put": [1, 0, None, 0, 1, 1],
        }
    )
    return care_data(oc3=oc3, leaver_support=support)


def counts(frame: pl.DataFrame) -> dict[tuple[str, str], tuple[float, float, float | None]]:
    assert frame.columns == TIDY_COLUMNS
    assert frame["period_end"].unique().to_list() == [D]
    return {
        (row["breakdown"], row["group"]): (row["numerator"], row["denominator"], row["value"])
        for row in frame.iter_rows(named=True)
    }


# (function, headline (num, den), 17-18 (num, den), 19-21 (num, den)), each worked on paper from the fixture.
HAND_WORKED = [
    (leavers_in_touch_pct, (3, 5), (2, 3), (1, 2)),  # YES: L1 L2 | L4
    (leavers_eet_pct, (2, 5), (1, 3), (1, 2)),  # F1 L1 | P5 L4; L3 (not in touch) and L6 (0) are not EET
    (leavers_higher_education_pct, (1, 5), (1, 3), (0, 2)),  # F1 L1
    (leavers_neet_pct, (1, 5), (1, 3), (0, 2)),  # G5 L2
    (leavers_suitable_accommodation_pct, (2, 5), (2, 3), (0, 2)),  # Z1 L1, U1 L6
    (leavers_homeless_or_emergency_pct, (2, 5), (1, 3), (1, 2)),  # S2 L2 | V2 L4
    (leavers_pathway_plan_pct, (2, 5), (1, 3), (1, 2)),  # L1 | L4; L5 died, L6's row is for 2024
    (leavers_personal_adviser_pct, (2, 5), (2, 3), (0, 2)),  # L1 L2; L3 has no row
]


@pytest.mark.parametrize(("compute", "headline", "younger", "older"), HAND_WORKED)
def test_hand_worked_year(leavers_2025, compute, headline, younger, older):
    result = counts(compute(leavers_2025, D))
    for key, (numerator, denominator) in (
        (("all", "all"), headline),
        (("age_group", "17-18"), younger),
        (("age_group", "19-21"), older),
    ):
        assert result[key] == (numerator, denominator, pytest.approx(100 * numerator / denominator))
    assert set(result) == {("all", "all"), ("age_group", "17-18"), ("age_group", "19-21")}


def test_staying_put_counts_only_leavers_aged_18(leavers_2025):
    # Aged 18 at 31/03/2025: L1 (18 on the day) and L2 (19 the day after). L6 is 17, the rest older.
    result = counts(staying_put_pct(leavers_2025, D))
    assert result[("all", "all")] == (1, 2, pytest.approx(50.0))
    assert result[("age_group", "17-18")] == (1, 2, pytest.approx(50.0))
    assert ("age_group", "19-21") not in result


def test_died_is_out_of_the_cohort_and_not_in_touch_stays_in(leavers_2025):
    cohort = care_leavers(leavers_2025, 2025).collect().sort("child")
    assert cohort["child"].to_list() == ["L1", "L2", "L3", "L4", "L6"]
    assert cohort["age"].to_list() == [18, 18, 19, 20, 17]
    assert cohort["age_group"].to_list() == ["17-18", "17-18", "19-21", "19-21", "17-18"]
    # L3 and L6 have no support row for 2025: counted as 0, never null.
    assert cohort["pathway_plan"].to_list() == [True, False, False, True, False]


def test_headline_interval_is_wilson(leavers_2025):
    row = leavers_in_touch_pct(leavers_2025, D).row(0, named=True)
    # 3 of 5: the 95% Wilson interval is 23.1% to 88.2% (worked by hand: centre 0.5566, half-width 0.3258).
    assert row["ci_low"] == pytest.approx(23.07, abs=0.01)
    assert row["ci_high"] == pytest.approx(88.24, abs=0.01)


@pytest.mark.parametrize("compute", [entry[0] for entry in HAND_WORKED] + [staying_put_pct])
def test_only_died_leavers_give_a_null_value(compute):
    data = care_data(
        oc3=pl.DataFrame(
            {"child": ["X"], "year": [2025], "dob": [date(2007, 1, 1)], "in_touch": ["DIED"], "activ": [None]}
        ),
        leaver_support=pl.DataFrame(
            {"child": ["X"], "year": [2025], "pathway_plan": [1], "personal_adviser": [1], "staying_put": [1]}
        ),
    )
    result = compute(data, D)
    assert result.height == 1
    row = result.row(0, named=True)
    assert (row["numerator"], row["denominator"], row["value"]) == (0, 0, None)
    assert (row["ci_low"], row["ci_high"]) == (None, None)
