"""The DfE's previous_permanence.csv and uasc.csv rules, each with a failing and a passing example
(collection year 2022/23: 1 April 2022 to 31 March 2023)."""

from __future__ import annotations

import pytest

from tests.queries.dfe_rules.examples import Example, check_example

PERM = {"prev_perm": "P1", "la_perm": "800", "date_perm": "01/01/2015"}
STARTED = {"decom": "01/06/2022", "rne": "S"}


def perm(bad: dict, good: dict) -> Example:
    return Example({"previous_permanence": [{**PERM, **bad}]}, {"previous_permanence": [{**PERM, **good}]})


EXAMPLES = {
    "630": Example(
        {
            "episodes": [STARTED, {"child": "C2", **STARTED}],
            "previous_permanence": [{**PERM, "la_perm": None}],
        },
        {
            "episodes": [STARTED, {"child": "C2", **STARTED}],
            "previous_permanence": [PERM, {"child": "C2", "prev_perm": "Z1"}],
        },
    ),
    "631": perm({"prev_perm": "P5"}, {"prev_perm": "P4"}),
    "632": Example(
        {
            "previous_permanence": [
                {**PERM, "date_perm": "ZZ/06/2022"},
                {"child": "C2", **PERM, "date_perm": "40/01/2015"},
            ],
            "episodes": [STARTED, {"child": "C2", **STARTED}],
        },
        {
            "previous_permanence": [
                {**PERM, "date_perm": "ZZ/05/2022"},
                {"child": "C2", **PERM, "date_perm": "ZZ/ZZ/ZZZZ"},
                {"child": "C3", **PERM, "date_perm": "ZZ/ZZ/2021"},
            ],
            "episodes": [STARTED, {"child": "C2", **STARTED}, {"child": "C3", **STARTED}],
        },
    ),
    "633": perm({"la_perm": "123"}, {"la_perm": "WAL"}),
    "634": Example(
        # the latest episode began before previous permanence was collected (1 April 2016)
        {"previous_permanence": [PERM], "episodes": [{"decom": "31/03/2016", "rne": "S"}]},
        {
            "previous_permanence": [PERM],
            "episodes": [{"decom": "01/01/2010", "rne": "S"}, {"decom": "01/04/2016", "rne": "S"}],
        },
    ),
    "635": Example(
        {"previous_permanence": [{**PERM, "prev_perm": "Z1"}, {**PERM, "prev_perm": None}]},
        {"previous_permanence": [PERM, {"prev_perm": "Z1"}]},
    ),
    "104": Example(
        {"uasc": [{"duc": "31/02/2023"}, {"duc": "31/03/2022"}]},
        {"uasc": [{"duc": "01/04/2022"}, {"duc": None}]},
    ),
    "304": Example(
        {"uasc": [{"dob": "01/06/2004", "duc": "02/06/2022"}]},
        {"uasc": [{"dob": "01/06/2004", "duc": "01/06/2022"}]},
    ),
}


@pytest.mark.parametrize("key", EXAMPLES)
def test_permanence_and_uasc_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])
