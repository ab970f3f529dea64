"""The DfE's missing.csv rules, each with a failing and a passing example (collection year 2022/23:
1 April 2022 to 31 March 2023)."""

from __future__ import annotations

import pytest

from tests.queries.dfe_rules.examples import Example, check_example


def mis(start: str | None = "01/06/2022", end: str | None = None, **values: str) -> dict[str, str | None]:
    return {"missing": "M", "mis_start": start, "mis_end": end, **values}


def x(row: dict) -> dict:
    return {**row, "x": 1}


IN_CARE = {"decom": "01/04/2022"}
LEFT_CARE = {"decom": "01/04/2022", "dec": "01/08/2022", "rec": "E13"}

EXAMPLES = {
    "1004": Example({"missing": [mis("40/06/2022"), mis(None)]}, {"missing": [mis()]}),
    "1005": Example({"missing": [mis(end="40/06/2022")]}, {"missing": [mis(end="04/06/2022"), mis()]}),
    "1006": Example({"missing": [mis(missing="X")]}, {"missing": [mis(missing="A"), mis(missing=None)]}),
    "564": Example({"missing": [mis(None)]}, {"missing": [mis()]}),
    "565": Example({"missing": [mis(missing=None)]}, {"missing": [mis(), mis(None, missing=None)]}),
    "566": Example(
        {"missing": [mis(None, "02/06/2022", missing=None)]}, {"missing": [mis(None, "02/06/2022")]}
    ),
    "567": Example(
        {"missing": [mis("02/06/2022", "01/06/2022")]}, {"missing": [mis("02/06/2022", "02/06/2022")]}
    ),
    "570": Example({"missing": [mis("01/04/2023")]}, {"missing": [mis("31/03/2023")]}),
    "571": Example(
        {"missing": [mis("01/03/2022", "31/03/2022"), mis(end="01/04/2023")]},
        {"missing": [mis("01/03/2022", "01/04/2022"), mis(end="31/03/2023")]},
    ),
    "574": Example(
        {"missing": [mis("01/06/2022"), x(mis("05/06/2022", "06/06/2022"))]},
        {"missing": [mis("01/06/2022", "04/06/2022"), mis("05/06/2022", "06/06/2022")]},
    ),
    "575": Example(
        {"missing": [mis("01/06/2022")], "episodes": [LEFT_CARE]},
        {"missing": [mis("01/06/2022", "02/06/2022")], "episodes": [LEFT_CARE]},
    ),
    "577": Example(
        {"missing": [mis("01/06/2022")], "episodes": [LEFT_CARE]},
        {"missing": [mis("01/06/2022")], "episodes": [IN_CARE]},
    ),
    "578": Example(
        {"missing": [mis("02/08/2022")], "episodes": [LEFT_CARE]},
        {"missing": [mis("01/08/2022", "01/08/2022")], "episodes": [LEFT_CARE]},
    ),
    "580": Example(
        {
            "episodes": [{"decom": "01/04/2022", "dec": "01/06/2022", "rec": "E4A"}],
            "missing": [mis("30/05/2022", "01/06/2022", dob="01/06/2004")],
        },
        {
            "episodes": [{"decom": "01/04/2022", "dec": "01/06/2022", "rec": "E8"}],
            "missing": [mis("30/05/2022", "01/06/2022", dob="01/06/2004")],
        },
    ),
    "581": Example(
        {"missing": [mis("31/03/2022")], "episodes": [IN_CARE]},
        {"missing": [mis("01/04/2022")], "episodes": [IN_CARE]},
    ),
    "586": Example(
        {"missing": [mis("01/06/2022", dob="01/06/2022")]}, {"missing": [mis("01/06/2022", dob="31/05/2022")]}
    ),
    "576": Example(
        {"missing": [mis("01/04/2022", "02/04/2022")]},
        {"missing": [mis("01/03/2022", "02/04/2022")]},
        last={"missing": [mis("01/03/2022")]},
    ),
}


@pytest.mark.parametrize("key", EXAMPLES)
def test_missing_rule(key: str) -> None:
    check_example(key, EXAMPLES[key])
