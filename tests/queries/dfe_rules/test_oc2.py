"""The DfE's oc2.csv rules, each with a failing and a passing example (collection year 2022/23:
1 April 2022 to 31 March 2023). A child looked after since 2020 has been looked after continuously all year;
one who came into care in June 2022 has not."""

from __future__ import annotations

import pytest

from tests.queries.dfe_rules.examples import Example, check_example

ALL_YEAR = [{"decom": "01/01/2020", "rne": "S", "ls": "C2"}]
SINCE_JUNE = [{"decom": "01/06/2022", "rne": "S", "ls": "C2"}]
HEALTH = {"immunisations": "1", "teeth_check": "1", "health_assessment": "1", "substance_misuse": "0"}


def one(bad: dict, good: dict) -> Example:
    return Example({"oc2": [bad]}, {"oc2": [good]})


def cla(bad: dict, good: dict, episodes: list = ALL_YEAR) -> Example:
    return Example({"oc2": [bad], "episodes": episodes}, {"oc2": [good], "episodes": episodes})


EXAMPLES = {
    "180": one({"sdq_score": "41"}, {"sdq_score": "40"}),
    "181": one({"convicted": "2"}, {"convicted": "1"}),
    "182": one({"convicted": "0", "immunisations": "1"}, {**HEALTH, "convicted": "0"}),
    "196": one({"sdq_reason": "SDQ6"}, {"sdq_reason": "SDQ5"}),
    "197a": one({"sdq_score": "10", "sdq_reason": "SDQ2"}, {"sdq_score": "10"}),
    "158": one({"intervention_received": "1", "intervention_offered": "1"}, {"intervention_received": "1"}),
    "159": one(
        {"substance_misuse": "1", "intervention_received": "0"},
        {"substance_misuse": "1", "intervention_received": "0", "intervention_offered": "1"},
    ),
    "192": one({"substance_misuse": "1"}, {"substance_misuse": "1", "intervention_received": "1"}),
    "193": one({"substance_misuse": "0", "intervention_received": "0"}, {"substance_misuse": "0"}),
    "188": one({"dob": "01/04/2019", "sdq_reason": "SDQ1"}, {"dob": "31/03/2019", "sdq_reason": "SDQ1"}),
    "189": one({"dob": "31/03/2005", "sdq_score": "10"}, {"dob": "01/04/2005", "sdq_score": "10"}),
    "542": one({"dob": "01/04/2013", "convicted": "0"}, {"dob": "31/03/2013", "convicted": "0"}),
    "544": one({"convicted": "1"}, {**HEALTH, "convicted": "1"}),
    "547": one({"health_check": "1", "teeth_check": "1"}, {**HEALTH, "health_check": "1"}),
    "157": cla({"dob": "01/01/2010", "sdq_reason": "SDQ1"}, {"dob": "01/01/2010", "sdq_reason": "SDQ2"}),
    "185": Example(
        {"oc2": [{"sdq_score": "12"}], "episodes": SINCE_JUNE},
        {"oc2": [{"sdq_score": "12"}], "episodes": ALL_YEAR},
    ),
    "186": cla({"dob": "01/01/2010"}, {"dob": "01/01/2010", "sdq_score": "12"}),
    "190": cla({"teeth_check": "1"}, {}, SINCE_JUNE),
    "191": cla({"teeth_check": "1"}, HEALTH),
    "197B": cla({"dob": "01/06/2018"}, {"dob": "01/06/2018", "sdq_reason": "SDQ1"}),
    "198": cla({"sdq_reason": "SDQ4"}, {}, SINCE_JUNE),
    "543": cla({"dob": "01/01/2010"}, {"dob": "01/01/2010", "convicted": "0"}),
    "545": cla({"dob": "01/01/2019"}, {"dob": "01/01/2019", "health_check": "1"}),
    "546": cla({"dob": "01/01/2010", "health_check": "1"}, {"dob": "01/01/2010"}),
    "215": Example(
        {"oc2": [{"convicted": "0"}], "oc3": [{"in_touch": "YES"}]},
        {"oc2": [{"convicted": "0"}], "oc3": [{"child": "C2", "in_touch": "YES"}]},
    ),
}


@pytest.mark.parametrize("key", EXAMPLES)
def test_oc2_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])
