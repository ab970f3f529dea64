"""The DfE's oc3.csv rules, each with a failing and a passing example (collection year 2022/23:
1 April 2022 to 31 March 2023)."""

from __future__ import annotations

import pytest

from tests.queries.dfe_rules.examples import Example, check_example

IN = {"in_touch": "YES", "activ": "F1", "accom": "B1"}


def one(bad: dict, good: dict) -> Example:
    return Example({"oc3": [bad]}, {"oc3": [good]})


def with_episodes(bad: dict, good: dict, episodes: list, **kw) -> Example:
    return Example({"oc3": [bad], "episodes": episodes}, {"oc3": [good], "episodes": episodes}, **kw)


EXAMPLES = {
    "131": one({"in_touch": "MAYBE"}, {"in_touch": "NO"}),
    "132": one({"activ": "F3"}, {"activ": "F2"}),
    "133": one({"accom": "S1"}, {"accom": "S2"}),
    "153": one({"in_touch": "YES"}, IN),
    "344": one(
        {"in_touch": "DIED", "activ": "F1", "accom": "0"}, {"in_touch": "DIED", "activ": "0", "accom": "0"}
    ),
    "345": one({"in_touch": "YES", "activ": "0", "accom": "B1"}, IN),
    "347@2024": Example(
        {"oc3": [{"dob": "02/04/2005", "accom": "T1"}]}, {"oc3": [{"dob": "01/04/2005", "accom": "T1"}]}
    ),
    "391": one({**IN, "dob": "01/04/2006"}, {**IN, "dob": "31/03/2006"}),
    "3001": Example(
        {"oc3": [{"accom": "Z1"}], "header": [{"dob": "01/06/2005"}]},
        {"oc3": [{"accom": "Z1"}], "header": [{"dob": "01/06/2004"}]},
    ),
    "134": Example(
        {"ad1": [{"date_int": "01/01/2022"}], "oc3": [IN]},
        {"ad1": [{"date_int": "01/01/2022"}], "oc3": [{"child": "C2", **IN}]},
    ),
    "187": Example(
        {"oc3": [IN], "episodes": [{"decom": "01/01/2020", "rne": "S", "ls": "C2"}]},
        {
            "oc3": [IN],
            "episodes": [{"decom": "01/01/2020", "rne": "S", "ls": "C2", "dec": "01/06/2022", "rec": "E5"}],
        },
    ),
    "1000": Example(
        {"oc3": [IN], "episodes": [{"decom": "01/01/2020", "dec": "01/06/2022", "rec": "E2"}]},
        {"oc3": [IN], "episodes": [{"decom": "01/01/2020", "dec": "01/06/2022", "rec": "E5"}]},
    ),
    "1011": Example(
        {"oc3": [IN], "episodes": [{"decom": "01/01/2020", "dec": "01/06/2022", "rec": "E3"}]},
        {"oc3": [IN], "episodes": [{"decom": "01/01/2020", "dec": "01/06/2022", "rec": "E5"}]},
    ),
    "1014": Example(
        {"oc3": [IN], "uasc": [{}], "episodes": [{"child": "C2", "decom": "01/01/2020"}]},
        {"oc3": [IN], "uasc": [{}], "episodes": [{"decom": "01/01/2020"}]},
    ),
    "1007": with_episodes(
        {**IN, "dob": "01/06/2005"}, {**IN, "dob": "01/06/2003"}, [{"decom": "01/01/2020"}]
    ),
    "1016@2024": with_episodes(
        {**IN, "dob": "01/06/2006"},
        {**IN, "dob": "01/06/2006", "child": "C2"},
        [{"decom": "01/01/2020", "dec": "02/06/2023", "rec": "E5"}],
    ),
    "628": Example(
        {"header": [{"mother": "0"}], "episodes": [{"child": "C2"}], "oc3": [IN]},
        {"header": [{}], "episodes": [{"child": "C2"}], "oc3": [IN]},
    ),
    "1012": Example(
        {"episodes": [{"child": "C2", "decom": "01/01/2020"}], "reviews": [{"review": "01/06/2022"}]},
        {"episodes": [{"decom": "01/01/2020"}], "reviews": [{"review": "01/06/2022"}]},
    ),
    "1002": Example(
        {"oc3": [IN], "episodes": [{"child": "C2"}]},
        {"oc3": [IN], "episodes": [{}]},
        last={"episodes": [{"child": "C3"}]},
    ),
    "1010": Example(
        {"oc3": [IN], "episodes": [{"child": "C2"}]},
        {"oc3": [IN], "episodes": [{"decom": "01/01/2020"}]},
        last={"episodes": [{"decom": "01/01/2020"}]},
    ),
    "1001": Example(
        {
            "oc3": [IN],
            "header": [{"dob": "01/06/2005"}],
            "episodes": [{"decom": "01/01/2022", "dec": "01/02/2022", "rec": "E5"}],
        },
        {
            "oc3": [IN],
            "header": [{"dob": "01/06/2005"}],
            "episodes": [{"decom": "01/01/2020", "dec": "01/02/2022", "rec": "E5"}],
        },
        last={"episodes": [{"child": "C9"}]},
    ),
    "348@2026": one({"in_touch": "YES"}, {"in_touch": "DIED"}),
}
EXAMPLES["348@2026"] = Example(
    {"oc3": [{"in_touch": "YES"}]}, {"oc3": [{"in_touch": "DIED"}]}, last={"oc3": [{"in_touch": "DIED"}]}
)


@pytest.mark.parametrize("key", EXAMPLES)
def test_oc3_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])
