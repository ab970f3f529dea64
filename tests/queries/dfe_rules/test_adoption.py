"""The DfE's ad1.csv and placed_for_adoption.csv rules, each with a failing and a passing example (collection
year 2022/23: 1 April 2022 to 31 March 2023)."""

from __future__ import annotations

import polars as pl
import pytest

from tests.queries.dfe_rules.examples import Example, check_example, flagged, rule_by_key

AD1 = {
    "date_int": "01/05/2022",
    "date_match": "01/06/2022",
    "foster_care": "0",
    "nb_adoptr": "2",
    "sex_adoptr": "MF",
    "ls_adoptr": "L11",
}
ADOPTED = {"decom": "01/07/2022", "place": "A5", "dec": "01/12/2022", "rec": "E11"}
DECIDED = {"date_placed": "01/05/2022"}
REVERSED = {"date_placed": "01/05/2022", "date_placed_ceased": "01/08/2022", "reason_placed_ceased": "RD1"}


def x(row: dict) -> dict:
    return {**row, "x": 1}


def ad1(bad: dict, good: dict) -> Example:
    return Example({"ad1": [{**AD1, **bad}]}, {"ad1": [{**AD1, **good}]})


def decided(bad: dict, good: dict) -> Example:
    return Example({"placed_for_adoption": [bad]}, {"placed_for_adoption": [good]})


def sexes(legal: str, bad: str, good: str) -> Example:
    return ad1({"ls_adoptr": legal, "sex_adoptr": bad}, {"ls_adoptr": legal, "sex_adoptr": good})


EXAMPLES = {
    "112": ad1({"date_int": "32/05/2022"}, {"date_int": "31/05/2022"}),
    "113": ad1({"date_match": "2022-13-01"}, {"date_match": "2022-12-01"}),
    "114": ad1({"foster_care": "2"}, {"foster_care": "1"}),
    "115": decided({"date_placed": "tomorrow"}, DECIDED),
    "116": decided({**REVERSED, "date_placed_ceased": "31/02/2022"}, REVERSED),
    "119": Example(
        {
            "placed_for_adoption": [
                {**REVERSED, "reason_placed_ceased": None},
                {**DECIDED, "reason_placed_ceased": "RD2"},
            ]
        },
        {"placed_for_adoption": [REVERSED, DECIDED]},
    ),
    "120": decided({**REVERSED, "reason_placed_ceased": "RD5"}, REVERSED),
    "151": ad1({"nb_adoptr": None}, {}),
    "175": ad1({"nb_adoptr": "3"}, {"nb_adoptr": "1", "sex_adoptr": "F1", "ls_adoptr": "L0"}),
    "176": ad1({"sex_adoptr": "M2"}, {"sex_adoptr": "MM", "ls_adoptr": "L4"}),
    "177": ad1({"ls_adoptr": "L5"}, {"ls_adoptr": "L2"}),
    "333": Example(
        {"ad1": [{**AD1, "date_int": "02/06/2022"}, {**AD1, "date_int": None}]},
        {"ad1": [{**AD1, "date_int": "01/06/2022"}, {**AD1, "date_int": None, "date_match": None}]},
    ),
    "511": ad1({"sex_adoptr": "F1"}, {"sex_adoptr": "FF"}),
    "514": sexes("L0", "MF", "M1"),
    "517": sexes("L3", "MM", "MF"),
    "518": sexes("L4", "MF", "FF"),
    "519": sexes("L2", "F1", "MM"),
    "520": sexes("L11", "FF", "MF"),
    "524": sexes("L12", "MF", "MM"),
    "522": decided(
        {**REVERSED, "date_placed_ceased": "30/04/2022"}, {**REVERSED, "date_placed_ceased": "01/05/2022"}
    ),
    "563": decided({**REVERSED, "date_placed": None}, REVERSED),
    "117": Example(
        {
            "placed_for_adoption": [x({"date_placed": "02/12/2022"}), {"date_placed": "01/05/2022"}],
            "episodes": [ADOPTED],
        },
        {"placed_for_adoption": [{"date_placed": "01/12/2022"}], "episodes": [ADOPTED]},
    ),
    "118": Example(
        {"placed_for_adoption": [{**REVERSED, "date_placed_ceased": "30/06/2022"}], "episodes": [ADOPTED]},
        {"placed_for_adoption": [{**REVERSED, "date_placed_ceased": "01/07/2022"}], "episodes": [ADOPTED]},
    ),
    "184": Example(
        {"placed_for_adoption": [DECIDED], "header": [{"dob": "02/05/2022"}]},
        {"placed_for_adoption": [DECIDED], "header": [{"dob": "01/05/2022"}]},
    ),
    "331": Example(
        {"ad1": [{**AD1, "date_match": "02/07/2022"}], "episodes": [ADOPTED]},
        {"ad1": [{**AD1, "date_match": "01/07/2022"}], "episodes": [ADOPTED]},
    ),
    "334": Example(
        {"ad1": [AD1], "episodes": [{"decom": "02/05/2022", "rne": "S"}]},
        {
            "ad1": [AD1],
            "episodes": [{"decom": "01/05/2022", "rne": "S"}, {"decom": "02/05/2022", "rne": "P"}],
        },
    ),
    "335": Example(
        {"ad1": [{**AD1, "foster_care": "0"}], "episodes": [ADOPTED]},
        {"ad1": [{**AD1, "foster_care": "1"}], "episodes": [ADOPTED]},
    ),
    "521": Example(
        {"ad1": [{**AD1, "date_int": "02/07/2022"}], "episodes": [ADOPTED]},
        {"ad1": [{**AD1, "date_int": "01/07/2022"}], "episodes": [ADOPTED]},
    ),
    "523": Example(
        {"placed_for_adoption": [{"date_placed": "02/05/2022"}], "ad1": [AD1]},
        {"placed_for_adoption": [DECIDED], "ad1": [AD1]},
    ),
    "525": Example(
        {"placed_for_adoption": [REVERSED], "ad1": [AD1]},
        {"placed_for_adoption": [DECIDED], "ad1": [AD1]},
    ),
    "551": Example(
        {"episodes": [ADOPTED], "placed_for_adoption": [{"date_placed": None}]},
        {"episodes": [ADOPTED], "placed_for_adoption": [DECIDED]},
    ),
    "552": Example(
        {"placed_for_adoption": [{"date_placed": "02/07/2022"}], "episodes": [ADOPTED]},
        {"placed_for_adoption": [{"date_placed": "01/07/2022"}], "episodes": [ADOPTED]},
    ),
    "553": Example(
        {
            "episodes": [{"decom": "01/05/2022", "ls": "E1"}],
            "placed_for_adoption": [{"child": "C2", **DECIDED}],
        },
        {"episodes": [{"decom": "01/05/2022", "ls": "E1"}], "placed_for_adoption": [DECIDED]},
    ),
    "555": Example(
        {
            "episodes": [{"decom": "01/05/2022", "ls": "D1"}],
            "placed_for_adoption": [{"child": "C2", **DECIDED}],
        },
        {"episodes": [{"decom": "01/05/2022", "ls": "D1"}], "placed_for_adoption": [DECIDED]},
    ),
    "554": Example(
        {
            "placed_for_adoption": [{"date_placed": "02/06/2022"}],
            "episodes": [{"decom": "01/06/2022", "ls": "E1"}],
        },
        {
            "placed_for_adoption": [{"date_placed": "01/06/2022"}],
            "episodes": [{"decom": "01/06/2022", "ls": "E1"}],
        },
    ),
    "556": Example(
        {
            "placed_for_adoption": [{"date_placed": "02/06/2022"}],
            "episodes": [{"decom": "01/06/2022", "ls": "D1"}],
        },
        {
            "placed_for_adoption": [{"date_placed": "01/06/2022"}],
            "episodes": [{"decom": "01/06/2022", "ls": "D1"}],
        },
    ),
    "557": Example(
        {
            "episodes": [{"decom": "01/05/2022", "ls": "E1", "dec": "01/09/2022", "rec": "E13"}],
            "placed_for_adoption": [{"child": "C2", **DECIDED}],
        },
        {
            "episodes": [{"decom": "01/05/2022", "ls": "E1", "dec": "01/09/2022", "rec": "E13"}],
            "placed_for_adoption": [REVERSED],
        },
    ),
    "558": Example(
        {"episodes": [ADOPTED], "placed_for_adoption": [REVERSED]},
        {"episodes": [ADOPTED], "placed_for_adoption": [REVERSED, {"date_placed": "01/09/2022"}]},
    ),
    "579": Example(
        {"placed_for_adoption": [REVERSED, x({"date_placed": "31/07/2022"})]},
        {"placed_for_adoption": [REVERSED, {"date_placed": "01/08/2022"}]},
    ),
    "582": Example(
        {"episodes": [ADOPTED], "ad1": [{**AD1, "date_match": "01/12/2022"}]},
        {"episodes": [ADOPTED], "ad1": [AD1]},
    ),
    "583": Example(
        {"placed_for_adoption": [x({"date_placed": "01/04/2022"}), DECIDED]},
        {"placed_for_adoption": [REVERSED, {"date_placed": "01/09/2022"}]},
    ),
    "601": Example(
        {"ad1": [{**AD1, "foster_care": None}], "episodes": [ADOPTED]},
        {"ad1": [AD1], "episodes": [ADOPTED]},
    ),
    "602": Example(
        {"ad1": [AD1], "episodes": [{**ADOPTED, "dec": "31/03/2022", "decom": "01/01/2022"}]},
        {"ad1": [AD1], "episodes": [ADOPTED]},
    ),
    "1003": Example(
        {
            "placed_for_adoption": [{"date_placed": "30/06/2022"}],
            "episodes": [{"decom": "01/07/2022", "rne": "S"}],
        },
        {
            "placed_for_adoption": [{"date_placed": "01/07/2022"}],
            "episodes": [{"decom": "01/07/2022", "rne": "S"}],
        },
    ),
}


@pytest.mark.parametrize("key", EXAMPLES)
def test_adoption_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])


@pytest.mark.parametrize("key", ["553", "555"])
def test_a_decision_reversed_while_the_order_is_open_is_flagged_in_placed_for_adoption(key: str) -> None:
    legal_status = {"553": "E1", "555": "D1"}[key]
    rows = {"episodes": [{"decom": "01/05/2022", "ls": legal_status}], "placed_for_adoption": [REVERSED]}
    found = flagged(rule_by_key(key), rows, {}, 2023)
    assert found.select("file", "row").rows() == [("placed_for_adoption.csv", 2)]


def test_557_flags_the_incomplete_decision_as_well_as_the_episode() -> None:
    leaver = {"decom": "01/05/2022", "place": "A3", "dec": "01/09/2022", "rec": "E13"}
    rows = {"episodes": [leaver], "placed_for_adoption": [DECIDED]}
    found = flagged(rule_by_key("557"), rows, {}, 2023)
    assert sorted(found.select("file", "row").rows()) == [("episodes.csv", 2), ("placed_for_adoption.csv", 2)]
    assert found.filter(pl.col("file") == "episodes.csv")["value"].to_list() == ["E13"]
